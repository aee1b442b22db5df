//! The publish client against a scripted server: what it sends, retries, a server that is down,
//! hangs or answers finalize uncertainly, the API key over plain HTTP, staging left clean.

use super::*;

/// What a scripted server does with one request.
#[derive(Clone)]
enum Act {
    Reply(u16, &'static str),
    /// Read the request, then never answer.
    Hang,
}

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server that answers requests in order with `acts`, recording what it saw.
fn scripted(acts: Vec<Act>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    std::thread::spawn(move || {
        let mut hung = Vec::new();
        for (stream, act) in listener.incoming().zip(acts) {
            let mut stream: TcpStream = stream.unwrap();
            let req = read_request(&mut stream);
            seen2.lock().unwrap().push(req);
            match act {
                Act::Reply(status, body) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-{status}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                Act::Hang => hung.push(stream),
            }
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    (format!("http://{addr}"), seen)
}

fn read_request(stream: &mut TcpStream) -> Seen {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        reader.read_line(&mut l).unwrap();
        if l.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Seen {
        path,
        headers,
        body,
    }
}

const STAGED: &str = r#"{"upload":{"key":"sha256/_staging/1/bundle.tar.zst","strategy":"staging"},"filename":"bundle.tar.zst","size":1}"#;
const FINALIZED: &str = r#"{"extension":{"id":"reg-1","name":"com.example.hello"},"version":{"id":"ver-1","version":"0.1.0"},"contentHash":"HASH","canonicalKey":"tenants/t/extensions/reg-1/sha256/HASH/bundle.tar.zst"}"#;

fn packed(h: &Path) -> (String, String) {
    project(h, "p", "0.1.0");
    alga(h)
        .args(["pack", "-q", "--project", "p", "--fast"])
        .assert()
        .success();
    let hex = std::fs::read_to_string(h.join("p/dist/bundle.sha256"))
        .unwrap()
        .trim()
        .to_string();
    (hex.clone(), FINALIZED.replace("HASH", &hex))
}

fn publish_to(h: &Path, base: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    alga(h)
        .args(["extension", "publish", "p/dist/bundle.tar.zst"])
        .args(["--api-key", KEY, "--tenant", "tenant-9", "--base-url", base])
        .args(extra)
        .assert()
}

#[test]
fn the_client_sends_what_the_server_expects_and_retries_a_500() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (hex, finalized) = packed(h);
    let finalized: &'static str = Box::leak(finalized.into_boxed_str());
    let (base, seen) = scripted(vec![
        Act::Reply(
            500,
            r#"{"error":"Failed to store upload","code":"S3_PUT_FAILED"}"#,
        ),
        Act::Reply(200, STAGED),
        Act::Reply(200, finalized),
        Act::Reply(
            202,
            r#"{"data":{"registryId":"reg-1","version":"0.1.0","installId":"inst-1","success":true}}"#,
        ),
    ]);
    let out = publish_to(h, &base, &["--json"]).success();
    let v = json_of(&out);
    assert_eq!(v["registryId"], "reg-1");
    assert_eq!(v["installId"], "inst-1");
    assert_eq!(v["contentHash"], format!("sha256:{hex}"));
    let retries = v["retries"].as_array().unwrap();
    assert_eq!(retries.len(), 1, "{v}");
    assert!(
        retries[0]
            .as_str()
            .unwrap()
            .contains("upload attempt 1 failed (the server answered 500)")
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    let bundle = std::fs::read(h.join("p/dist/bundle.tar.zst")).unwrap();
    for up in &seen[..2] {
        assert!(up.path.starts_with("/api/ext-bundles/upload-proxy?"));
        assert!(up.path.contains("filename=bundle.tar.zst"));
        assert!(up.path.contains(&format!("size={}", bundle.len())));
        assert!(up.path.contains(&format!("declaredHash={hex}")));
        assert_eq!(up.header("x-alga-admin"), Some("true"));
        assert_eq!(up.header("x-api-key"), Some(KEY));
        assert_eq!(up.header("x-tenant-id"), Some("tenant-9"));
        assert_eq!(up.header("content-type"), Some("application/octet-stream"));
        assert_eq!(up.body, bundle);
    }
    let fin: Value = serde_json::from_slice(&seen[2].body).unwrap();
    assert_eq!(seen[2].path, "/api/ext-bundles/finalize");
    assert_eq!(seen[2].header("x-alga-admin"), Some("true"));
    assert_eq!(fin["key"], "sha256/_staging/1/bundle.tar.zst");
    assert_eq!(fin["declaredHash"], hex);
    assert_eq!(fin["size"], bundle.len());
    // The manifest from inside the bundle, as text.
    assert_eq!(
        fin["manifestJson"].as_str().unwrap(),
        std::fs::read_to_string(h.join("p/manifest.json")).unwrap()
    );
    assert!(fin.get("signature").is_none());
    let inst: Value = serde_json::from_slice(&seen[3].body).unwrap();
    assert_eq!(seen[3].path, "/api/v1/extensions/install");
    assert_eq!(seen[3].header("x-alga-admin"), None);
    assert_eq!(inst, json!({"registryId": "reg-1", "version": "0.1.0"}));
}

#[test]
fn server_down_hanging_and_uncertain_finalize_each_say_so() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (_, finalized) = packed(h);

    // Down: a port nobody listens on. Retried, then exit 5 naming the server.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    publish_to(h, &format!("http://127.0.0.1:{port}"), &[])
        .code(5)
        .stderr(predicate::str::contains("cannot reach the Alga server"))
        .stderr(predicate::str::contains("is the server running?"));

    // Hanging: the time limit ends it.
    let (base, _) = scripted(vec![Act::Hang]);
    let t = Instant::now();
    publish_to(h, &base, &["--timeout", "1500"])
        .code(5)
        .stderr(predicate::str::contains("no answer within 1500 ms"));
    assert!(t.elapsed() < Duration::from_secs(15));

    // A finalize answered by a proxy's 502, then 409 on the check: it probably went through.
    let (base, seen) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(502, "<html>bad gateway</html>"),
        Act::Reply(
            409,
            r#"{"success":false,"error":{"message":"Version \"0.1.0\" already exists for this extension. Publish a new version and try again.","code":"EXTENSION_VERSION_ALREADY_EXISTS","details":{"registryId":"reg-7","version":"0.1.0"}}}"#,
        ),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains("finalize may have succeeded"))
        .stderr(predicate::str::contains(
            "alga extension install reg-7 --version 0.1.0",
        ));
    assert_eq!(seen.lock().unwrap().len(), 3);

    // A plain 409 (no earlier attempt): the version exists.
    let (base, _) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(
            409,
            r#"{"success":false,"error":{"message":"Version \"0.1.0\" already exists","code":"EXTENSION_VERSION_ALREADY_EXISTS"}}"#,
        ),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains("finalize failed (409)"));

    // Install refused by the session guard: surfaced verbatim with what it means.
    let (base, _) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(200, Box::leak(finalized.into_boxed_str())),
        Act::Reply(401, r#"{"error":"Unauthorized"}"#),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains(
            "install failed (401): Unauthorized",
        ))
        .stderr(predicate::str::contains("browser session"));

    // The Community Edition's 501.
    let (base, _) = scripted(vec![Act::Reply(
        501,
        r#"{"error":"Extension bundle upload is only available in the Enterprise Edition."}"#,
    )]);
    publish_to(h, &base, &[])
        .code(5)
        .stderr(predicate::str::contains("Enterprise Edition"));

    // Too large for the server: refused before sending (a sparse file, never read).
    let big = std::fs::File::create(h.join("big.tar.zst")).unwrap();
    big.set_len(200 * 1024 * 1024 + 1).unwrap();
    alga(h)
        .args(["extension", "publish", "big.tar.zst", "--api-key", KEY])
        .args(["--base-url", "http://127.0.0.1:9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at most 209715200"));
}

#[test]
fn the_api_key_is_not_sent_over_plain_http_to_another_machine() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["extension", "uninstall", "reg-1"],
        vec!["extension", "install", "reg-1", "--version", "1.0.0"],
        vec!["extension", "publish", "missing.tar.zst"],
    ] {
        alga(home.path())
            .args(&args)
            .args([
                "--api-key",
                "sk-plain-http",
                "--base-url",
                "http://alga.example.com",
            ])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("unencrypted"))
            .stderr(predicate::str::contains("--allow-insecure-http"))
            .stderr(predicate::str::contains("sk-plain-http").not());
    }
}

#[test]
fn unfinished_uploads_do_not_stay_in_staging() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    project(h, "p", "1.0.0");
    let staging = h.join("p/.alga/registry/sha256/_staging");
    // Left by an earlier run: removed at start.
    std::fs::create_dir_all(staging.join("left-over")).unwrap();
    std::fs::write(staging.join("left-over/bundle.tar.zst"), b"x").unwrap();
    let dev = start(h, &["--project", "p", "--registry", "--api-key", KEY]);
    assert!(staging_is_empty(h));

    // An upload never finalized, an hour old: removed by the next upload.
    let old = staging.join("old-upload");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("bundle.tar.zst"), b"x").unwrap();
    let two_hours_ago = filetime::FileTime::from_unix_time(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 7200,
        0,
    );
    filetime::set_file_mtime(old.join("bundle.tar.zst"), two_hours_ago).unwrap();
    filetime::set_file_mtime(&old, two_hours_ago).unwrap();
    let fresh = staging.join("fresh-upload");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join("bundle.tar.zst.part"), b"x").unwrap();
    let r = upload(
        &dev,
        "filename=b.tar.zst&size=3",
        &[("x-api-key", KEY), ("x-alga-admin", "true")],
        b"abc",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(!old.exists(), "an hour-old upload is removed");
    assert!(fresh.exists(), "an upload still going is kept");
}
