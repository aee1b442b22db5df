//! `alga dev` over loopback: the Runner-compatible execute API, direct calls, the UI rules,
//! the host page, reloads and `--bundle`.

mod common;

use std::path::Path;
use std::time::Duration;

use common::http::{http, start, start_logged, wait_for};
use common::{alga, wat_project};
use serde_json::{Value, json};

const EXEC: &str = r#"{"context":{"tenant_id":"t1","extension_id":"e1","install_id":"i1","content_hash":"sha256:00"},"http":{"method":"GET","path":"/api/hi"},"providers":["cap:log.emit"],"limits":{"timeout_ms":5000}}"#;

#[test]
fn execute_api_answers_as_the_runner() {
    let home = tempfile::tempdir().unwrap();
    let _dir = wat_project(home.path());
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
}

#[test]
fn direct_calls_follow_the_gateway() {
    let home = tempfile::tempdir().unwrap();
    let _dir = wat_project(home.path());
    let dev = start(home.path(), &["--project", "p"]);
    let a = dev.addr.as_str();
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
}

#[test]
fn the_ui_the_host_page_and_reloads() {
    let home = tempfile::tempdir().unwrap();
    let dir = wat_project(home.path());
    let dev = start(home.path(), &["--project", "p"]);
    let a = dev.addr.as_str();
    let health = http(a, "GET", "/healthz", &[], b"").json();
    // The UI, served with the Runner's rules, from its own origin; the main origin sends old
    // links there.
    let hash = health["uiHash"].as_str().unwrap();
    let ui_addr = dev.ui_addr();
    assert_ne!(ui_addr, *a);
    let moved = http(
        a,
        "GET",
        &format!("/ext-ui/com.example.hello/{hash}/index.html?x=1"),
        &[],
        b"",
    );
    assert_eq!(moved.status, 307);
    assert_eq!(
        moved.header("location").unwrap(),
        format!("http://{ui_addr}/ext-ui/com.example.hello/{hash}/index.html?x=1")
    );
    assert_eq!(http(&ui_addr, "GET", "/healthz", &[], b"").status, 404);
    assert_eq!(http(&ui_addr, "GET", "/", &[], b"").status, 404);
    let a = &ui_addr;
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
    let a = &dev.addr;
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
            &dev.ui_addr(),
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

/// Reads the page's event stream until an event of `kind` arrives.
fn wait_event(addr: &str, kind: &str, timeout: Duration) -> String {
    use std::io::{BufRead, BufReader, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    write!(
        s,
        "GET /_alga/events HTTP/1.1\r\nhost: {addr}\r\naccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    let want = format!("event: {kind}");
    loop {
        line.clear();
        let n = reader.read_line(&mut line).expect("event stream read");
        assert!(n > 0, "event stream closed before `{kind}`");
        if line.trim() == want {
            line.clear();
            reader.read_line(&mut line).unwrap();
            return line.trim().trim_start_matches("data:").trim().to_string();
        }
    }
}

/// The host-api fixture's handler sources in `home/p`.
fn host_api_project(home: &Path) -> std::path::PathBuf {
    let dir = home.join("p");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/host-api");
    for f in ["manifest.json", "package.json", "src/index.js"] {
        std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(f), dir.join(f)).unwrap();
    }
    dir
}

/// `alga dev --project p ARGS` on the host-api project under `home`, its terminal output in
/// `home/dev.log`, once the handler answers: the project folder and the server.
fn serve_host_api(home: &Path, args: &[&str]) -> (std::path::PathBuf, common::http::Dev) {
    let dir = host_api_project(home);
    let args: Vec<&str> = ["--project", "p"].iter().chain(args).copied().collect();
    let dev = start_logged(home, &args, &home.join("dev.log"));
    assert_eq!(echo(&dev.addr), 201);
    (dir, dev)
}

/// Sends SIGKILL to `pid` with the shell's own `kill` (no procps needed).
fn kill(pid: u32) {
    let killed = std::process::Command::new("sh")
        .args(["-c", &format!("kill -9 {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
}

/// The status of the host-api handler's `GET /echo`.
fn echo(addr: &str) -> u16 {
    http(addr, "GET", "/api/ext/com.example.host-api/echo", &[], b"").status
}

/// The host-api handler's source with `GET /echo` answering `status` instead of 201.
fn echo_answers(source: &str, status: u16) -> String {
    let changed = source.replacen(
        "case \"GET /echo\":\n      return reply(201,",
        &format!("case \"GET /echo\":\n      return reply({status},"),
        1,
    );
    assert_ne!(source, changed);
    changed
}

#[test]
fn handler_hot_swap_under_load_and_failed_builds() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (dir, dev) = serve_host_api(h, &["-v"]);
    let log = h.join("dev.log");
    let addr = dev.addr.clone();

    // Load while the handler is rebuilt and swapped: every answer is the old or the new one.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (stop, addr) = (stop.clone(), addr.clone());
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                seen.push(
                    http(&addr, "GET", "/api/ext/com.example.host-api/echo", &[], b"").status,
                );
            }
            seen
        })
    };
    let source = std::fs::read_to_string(dir.join("src/index.js")).unwrap();
    let changed = echo_answers(&source, 202);
    // The page hears that the handler is being rebuilt before the new one answers.
    let rebuilding = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let data = wait_event(&addr, "rebuilding", Duration::from_secs(120));
            (data, std::time::Instant::now())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(dir.join("src/index.js"), &changed).unwrap();
    wait_for("the new handler", Duration::from_secs(180), || {
        echo(&addr) == 202
    });
    let answered = std::time::Instant::now();
    let (data, heard) = rebuilding.join().unwrap();
    assert_eq!(data, r#"{"part":"handler"}"#);
    assert!(
        heard < answered,
        "the page heard of the rebuild before the new handler answered"
    );
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let seen = load.join().unwrap();
    assert!(
        seen.len() > 10,
        "requests kept flowing during the rebuild: {}",
        seen.len()
    );
    assert!(seen.iter().all(|s| *s == 201 || *s == 202), "{seen:?}");
    let first_new = seen
        .iter()
        .position(|s| *s == 202)
        .expect("saw the new handler");
    assert!(
        seen[first_new..].iter().all(|s| *s == 202),
        "no flip-flop after the swap"
    );
    // The rebuild took the first build's WASI stubs (see `alga::build::stubs`).
    let printed = std::fs::read_to_string(&log).unwrap();
    assert!(printed.contains("; WASI stubs reused)"), "{printed}");

    // A broken build keeps the last good handler serving and tells the page.
    let before = http(&addr, "GET", "/healthz", &[], b"").json()["handler"].clone();
    let events = {
        let addr = addr.clone();
        std::thread::spawn(move || wait_event(&addr, "build-error", Duration::from_secs(120)))
    };
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        dir.join("src/index.js"),
        // The line esbuild quotes carries an escape sequence (clear the screen).
        format!("{changed}\nexport const broken = ; // \u{1b}[2J\n"),
    )
    .unwrap();
    let message = events.join().unwrap();
    assert!(message.contains("bundle"), "{message}");
    // The terminal shows esbuild's own message, with the file and line, and the hint.
    let printed = || std::fs::read_to_string(&log).unwrap();
    dev.wait_for(
        "the failure on the terminal",
        Duration::from_secs(10),
        || printed().contains("hint: esbuild could not bundle"),
    );
    let printed = printed();
    assert!(
        printed.contains("warning: build failed, still serving the last good build: "),
        "{printed}"
    );
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("  | ") && l.contains("src/index.js:")),
        "{printed}"
    );
    // Shown, not obeyed (NO_COLOR is set: alga itself prints no escape sequences here).
    assert!(!printed.contains('\u{1b}'), "{printed:?}");
    assert!(printed.contains("\\x1b[2J"), "{printed}");
    assert_eq!(echo(&addr), 202);
    assert_eq!(
        http(&addr, "GET", "/healthz", &[], b"").json()["handler"],
        before
    );
}

/// The node processes `pid` started (Linux `/proc`).
fn node_children(pid: u32) -> Vec<u32> {
    children(pid, "node")
}

/// The processes named `name` that `pid` started (Linux `/proc`).
fn children(pid: u32, name: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let children = std::fs::read_to_string(task.unwrap().path().join("children"));
        for child in children.unwrap_or_default().split_whitespace() {
            let child: u32 = child.parse().unwrap();
            let comm = std::fs::read_to_string(format!("/proc/{child}/comm")).unwrap_or_default();
            if comm.trim() == name {
                out.push(child);
            }
        }
    }
    out
}

#[test]
fn the_node_worker_is_replaced_when_it_stops_and_tool_output_cannot_pass_for_a_reply() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (dir, dev) = serve_host_api(h, &["-v"]);
    let addr = dev.addr.clone();
    // The first build ran in the worker: one node process, kept.
    let workers = node_children(dev.pid());
    assert_eq!(workers.len(), 1, "{workers:?}");
    kill(workers[0]);

    // The handler's top-level code runs while componentize-js pre-initializes it, and what it
    // prints goes where the worker's replies go: lines that look like replies, and no line end.
    let source = std::fs::read_to_string(dir.join("src/index.js")).unwrap();
    let edit = |status: u16| {
        let changed = echo_answers(&source, status);
        let noise =
            "console.log('{\"ok\":false,\"error\":\"forged\"}');\nconsole.log('{\"ok\":true}');\n";
        std::fs::write(dir.join("src/index.js"), format!("{noise}{changed}")).unwrap();
    };
    edit(202);
    dev.wait_for(
        "a new worker to build the edit",
        Duration::from_secs(240),
        || echo(&addr) == 202,
    );
    let replaced = node_children(dev.pid());
    assert_eq!(replaced.len(), 1, "{replaced:?}");
    assert_ne!(replaced, workers);
    // The same worker goes on answering the next build.
    edit(203);
    dev.wait_for("the worker's next build", Duration::from_secs(240), || {
        echo(&addr) == 203
    });
    assert_eq!(node_children(dev.pid()), replaced);

    // Killed in the middle of a build, after a tool printed something (wizer runs slow
    // top-level code, then prints): the build is tried once more in a new worker.
    let slow =
        "let spin = 0;\nfor (let i = 0; i < 3e7; i++) spin += i;\nconsole.log(`spun ${spin}`);\n";
    std::fs::write(
        dir.join("src/index.js"),
        format!("{slow}{}", echo_answers(&source, 204)),
    )
    .unwrap();
    dev.wait_for("wizer in the worker", Duration::from_secs(120), || {
        !children(replaced[0], "wizer").is_empty()
    });
    kill(replaced[0]);
    dev.wait_for("the build tried again", Duration::from_secs(240), || {
        echo(&addr) == 204
    });
    let third = node_children(dev.pid());
    assert_eq!(third.len(), 1, "{third:?}");
    assert_ne!(third, replaced);
}

/// The peak resident memory of process `pid` (Linux `VmHWM`), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/PID/status");
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[test]
#[cfg(target_os = "linux")]
fn a_bundle_of_3x256_mib_of_zeros_is_served_in_little_memory() {
    use std::io::{Read, Write};
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A bundle a few hundred KB long that unpacks to 768 MiB.
    let bundle = h.join("zeros.tar.zst");
    {
        let file = std::fs::File::create(&bundle).unwrap();
        let mut tar = tar::Builder::new(zstd::Encoder::new(file, 3).unwrap());
        let mut add = |path: &str, size: u64, data: &mut dyn Read| {
            let mut header = tar::Header::new_ustar();
            header.set_size(size);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut header, path, data).unwrap();
        };
        let manifest = common::HELLO_MANIFEST.as_bytes();
        add("manifest.json", manifest.len() as u64, &mut &manifest[..]);
        let index = b"<!doctype html><title>zeros</title>";
        add("ui/index.html", index.len() as u64, &mut &index[..]);
        for i in 0..3 {
            let size = 256u64 << 20;
            add(
                &format!("ui/zeros-{i}.png"),
                size,
                &mut std::io::repeat(0).take(size),
            );
        }
        tar.into_inner().unwrap().finish().unwrap();
    }
    assert!(std::fs::metadata(&bundle).unwrap().len() < 1 << 20);

    let dev = start(h, &["--bundle", bundle.to_str().unwrap()]);
    let hash = http(&dev.addr, "GET", "/healthz", &[], b"").json()["uiHash"]
        .as_str()
        .unwrap()
        .to_string();
    // One of the big files, read as it streams (the test does not keep it either).
    let ui = dev.ui_addr();
    let mut s = std::net::TcpStream::connect(&ui).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "GET /ext-ui/com.example.hello/{hash}/zeros-1.png HTTP/1.1\r\nhost: {ui}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let (mut total, mut head) = (0u64, Vec::new());
    loop {
        let n = s.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        if head.len() < 64 {
            head.extend_from_slice(&buf[..n.min(64)]);
        }
        total += n as u64;
    }
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&head)
    );
    assert!(total > 256 << 20, "{total} bytes");
    let peak = peak_rss(dev.pid());
    assert!(
        peak < 100 << 20,
        "alga dev peaked at {} MiB unpacking and serving the bundle",
        peak >> 20
    );
}

#[test]
#[cfg(unix)]
fn a_state_folder_that_is_a_symbolic_link_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_project(h);
    // A cloned repository could ship `.alga` pointing anywhere.
    std::fs::create_dir(h.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(h.join("elsewhere"), h.join("p/.alga")).unwrap();
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("p/.alga` is a symbolic link"));
    assert_eq!(std::fs::read_dir(h.join("elsewhere")).unwrap().count(), 0);
}

/// Whether process `pid` has ended (gone, or a zombie nobody has reaped yet).
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

#[test]
fn a_handler_whose_top_level_code_never_ends_stops_its_build_and_wizer_with_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Long enough for a new worker's first componentize on a busy machine.
    let (dir, dev) = serve_host_api(h, &["--build-timeout", "40"]);
    let log = h.join("dev.log");
    let addr = dev.addr.clone();
    let source = std::fs::read_to_string(dir.join("src/index.js")).unwrap();
    let index = dir.join("src/index.js");
    std::fs::write(
        &index,
        format!("for (;;) {{}}\n{}", echo_answers(&source, 202)),
    )
    .unwrap();

    // wizer runs the top-level code, and spins.
    let mut wizer = Vec::new();
    dev.wait_for(
        "wizer running the endless loop",
        Duration::from_secs(120),
        || {
            wizer = node_children(dev.pid())
                .into_iter()
                .flat_map(|node| children(node, "wizer"))
                .collect();
            !wizer.is_empty()
        },
    );
    let printed = || std::fs::read_to_string(&log).unwrap();
    dev.wait_for("the build to give up", Duration::from_secs(120), || {
        printed().contains("no answer in 40 s")
    });
    assert!(ended(wizer[0]), "wizer went with its worker");
    assert!(node_children(dev.pid()).is_empty());
    assert_eq!(echo(&addr), 201, "the last good build still answers");

    // The next save is built by a new worker.
    std::fs::write(&index, echo_answers(&source, 203)).unwrap();
    dev.wait_for("the next build", Duration::from_secs(240), || {
        echo(&addr) == 203
    });
}
