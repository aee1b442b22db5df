//! `alga dev` over loopback: the Runner-compatible execute API, direct calls, the UI rules,
//! the host page, reloads and `--bundle`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{alga, handler_manifest, write_files};
use serde_json::{Value, json};

/// A running `alga dev`, stopped when dropped.
pub struct Dev {
    child: Child,
    pub addr: String,
}

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(home: &Path, args: &[&str]) -> Dev {
    let mut cmd: Command = common::alga_std(home);
    let mut child = cmd
        .args(["dev", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("alga dev listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Dev { child, addr }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain HTTP/1.1 request over loopback.
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = std::str::from_utf8(&data[..end]).unwrap().trim();
        let size = usize::from_str_radix(size_text, 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

pub fn wait_for(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A project with a UI and the WAT handler (`GET /api/hi`), built.
fn wat_project(home: &Path) -> PathBuf {
    let dir = home.join("p");
    let wit = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    write_files(
        &dir,
        &[
            ("manifest.json", handler_manifest().as_bytes()),
            ("wit/extension-runner.wit", &wit),
            (
                "ui/index.html",
                b"<!doctype html><title>t</title><script src=\"app.js\"></script>",
            ),
            ("ui/app.js", b"console.log('ui');"),
        ],
    );
    alga(home)
        .args(["build", "-q", "--project", "p", "--wasm"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"))
        .assert()
        .success();
    dir
}

const EXEC: &str = r#"{"context":{"tenant_id":"t1","extension_id":"e1","install_id":"i1","content_hash":"sha256:00"},"http":{"method":"GET","path":"/api/hi"},"providers":["cap:log.emit"],"limits":{"timeout_ms":5000}}"#;

#[test]
fn execute_api_direct_calls_ui_and_page() {
    let home = tempfile::tempdir().unwrap();
    let dir = wat_project(home.path());
    let dev = start(home.path(), &["--project", "p"]);
    let a = dev.addr.as_str();

    let health = http(a, "GET", "/healthz", &[], b"").json();
    assert_eq!(health["extension"], "com.example.hello");
    assert!(health["handler"].as_str().unwrap().starts_with("sha256:"));

    // POST /v1/execute as the Runner answers it.
    let routed = [
        ("content-type", "application/json"),
        ("x-alga-tenant", "t1"),
        ("x-alga-extension", "e1"),
    ];
    let r = http(a, "POST", "/v1/execute", &routed, EXEC.as_bytes());
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["status"], 200);
    assert_eq!(v["error"], Value::Null);
    assert_eq!(
        v["body_b64"], "eyJvayI6dHJ1ZX0=",
        "base64 of {{\"ok\":true}}"
    );
    let r = http(
        a,
        "POST",
        "/v1/execute",
        &[("content-type", "application/json")],
        EXEC.as_bytes(),
    );
    assert_eq!(
        r.json(),
        json!({"status": 400, "headers": {}, "body_b64": null, "error": "missing_routing_headers"})
    );
    let unknown = EXEC.replace("cap:log.emit", "cap:everything");
    let r = http(a, "POST", "/v1/execute", &routed, unknown.as_bytes());
    assert_eq!(r.json()["error"], "unknown_capabilities: cap:everything");
    let r = http(a, "POST", "/v1/execute", &routed[1..], EXEC.as_bytes());
    assert_eq!(r.status, 415, "a JSON content type is required");
    let r = http(a, "POST", "/v1/execute", &routed, br#"{"context":{}}"#);
    assert_eq!(r.status, 422);
    let envelope = EXEC.replace(
        r#""providers""#,
        r#""secret_envelope":{"ciphertext_b64":"%%%"},"providers""#,
    );
    assert_eq!(
        http(a, "POST", "/v1/execute", &routed, envelope.as_bytes()).json()["error"],
        "secret_decrypt_failed"
    );

    // Direct calls follow the gateway: declared endpoints of this extension only.
    let r = http(a, "GET", "/api/ext/com.example.hello/api/hi", &[], b"");
    assert_eq!((r.status, r.text()), (200, "{\"ok\":true}".to_string()));
    assert_eq!(
        http(a, "GET", "/api/ext/com.example.hello/api/other", &[], b"").json(),
        json!({"error": "endpoint_not_found"})
    );
    assert_eq!(
        http(a, "GET", "/api/ext/other/api/hi", &[], b"").status,
        404
    );
    // `__method` override on the proxy path turns this POST into the declared GET.
    let r = http(
        a,
        "POST",
        "/api/ext-proxy/com.example.hello/api/hi?__method=GET",
        &[],
        b"",
    );
    assert_eq!(r.status, 200);

    // The UI, served with the Runner's rules.
    let hash = health["uiHash"].as_str().unwrap();
    let ui = |p: &str| {
        http(
            a,
            "GET",
            &format!("/ext-ui/com.example.hello/{hash}/{p}"),
            &[],
            b"",
        )
    };
    let index = ui("index.html");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html"));
    assert!(
        index
            .header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        index.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let etag = index.header("etag").unwrap().to_string();
    assert!(etag.starts_with("\"sha256-"));
    let again = http(
        a,
        "GET",
        &format!("/ext-ui/com.example.hello/{hash}/index.html"),
        &[("if-none-match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert_eq!(ui("app.js").header("content-type"), Some("text/javascript"));
    assert!(ui("app.js").header("content-security-policy").is_none());
    assert_eq!(ui("deep/link").text(), index.text(), "SPA fallback");
    assert_eq!(ui("favicon.ico").status, 400);
    assert_eq!(ui(".env").status, 400);
    assert_eq!(
        http(a, "GET", "/ext-ui/x/nothex/index.html", &[], b"").status,
        400
    );

    // The host page embeds the sandboxed iframe and its bridge.
    let page = http(a, "GET", "/", &[], b"").text();
    assert!(page.contains(r#"sandbox="allow-scripts allow-forms allow-popups allow-same-origin""#));
    assert!(page.contains("\"extensionId\":\"com.example.hello\""));
    let js = http(a, "GET", "/_alga/host.js", &[], b"").text();
    assert!(js.contains("apiproxy_response") && js.contains("resize") && js.contains("\"theme\""));

    // A UI change is picked up: the page gets a new UI hash.
    std::fs::write(dir.join("ui/app.js"), "console.log('changed');").unwrap();
    wait_for("the new UI hash", Duration::from_secs(60), || {
        http(a, "GET", "/healthz", &[], b"").json()["uiHash"] != health["uiHash"]
    });
}

#[test]
fn serves_a_packed_bundle() {
    let home = tempfile::tempdir().unwrap();
    wat_project(home.path());
    alga(home.path())
        .args(["pack", "-q", "--project", "p", "--fast"])
        .assert()
        .success();
    let bundle = home.path().join("p/dist/bundle.tar.zst");
    let dev = start(home.path(), &["--bundle", bundle.to_str().unwrap()]);
    let r = http(
        &dev.addr,
        "GET",
        "/api/ext/com.example.hello/api/hi",
        &[],
        b"",
    );
    assert_eq!((r.status, r.text()), (200, "{\"ok\":true}".to_string()));
    let health = http(&dev.addr, "GET", "/healthz", &[], b"").json();
    let hash = health["uiHash"].as_str().unwrap();
    assert_eq!(
        http(
            &dev.addr,
            "GET",
            &format!("/ext-ui/com.example.hello/{hash}/app.js"),
            &[],
            b""
        )
        .status,
        200
    );
    drop(dev);

    // A bundle that does not match its sidecar is refused.
    std::fs::write(
        home.path().join("p/dist/bundle.sha256"),
        format!("{}\n", "0".repeat(64)),
    )
    .unwrap();
    alga(home.path())
        .args(["dev", "--listen", "127.0.0.1:0", "--bundle"])
        .arg(&bundle)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "the bundle changed after it was packed",
        ));
}
