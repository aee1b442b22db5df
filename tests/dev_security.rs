//! `alga dev` tried as a hostile web page, client or guest would: DNS rebinding (a forged
//! `Host`), cross-site requests, input that once panicked the server, runaway guests, terminal
//! escapes from guest output. Each attack is answered with its refusal, and the server is
//! still healthy afterwards.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::http::{Dev, http, raw_http, start, start_logged};
use common::{alga, copy_dir, wat_project};
use serde_json::{Value, json};

/// The host-api fixture, built, packed and compiled once for this file. Returns (bundle,
/// project).
fn host_api() -> (PathBuf, PathBuf) {
    let home = common::host_api_built();
    (home.join("p/dist/bundle.tar.zst"), home.join("p"))
}

/// `alga dev` serving the host-api bundle from a project folder of its own (warm cache).
fn serve_host_api(home: &Path, extra: &[&str], log: Option<&Path>) -> Dev {
    let (bundle, built) = &host_api();
    let cache = Path::new(".cache").join("alga");
    copy_dir(&built.parent().unwrap().join(&cache), &home.join(&cache));
    let mut args = vec!["--project", "p", "--bundle", bundle.to_str().unwrap()];
    args.extend_from_slice(extra);
    match log {
        Some(l) => start_logged(home, &args, l),
        None => start(home, &args),
    }
}

/// Tests that keep guests spinning run one at a time, so that their timings hold on two cores.
fn spinning() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Waits until `n` requests run guest code.
fn wait_running(dev: &Dev, n: u64) {
    common::http::wait_for("guests to run", Duration::from_secs(20), || {
        http(&dev.addr, "GET", "/healthz", &[], b"").json()["running"] == n
    });
}

fn healthy(dev: &Dev) {
    let r = http(&dev.addr, "GET", "/healthz", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["ok"], true);
}

const EXEC: &str = r#"{"context":{"tenant_id":"t1","extension_id":"e1","install_id":"i1","content_hash":"sha256:00"},"http":{"method":"GET","path":"/api/hi"},"providers":["cap:log.emit"],"limits":{"timeout_ms":5000}}"#;
const ROUTED: [(&str, &str); 3] = [
    ("content-type", "application/json"),
    ("x-alga-tenant", "t1"),
    ("x-alga-extension", "e1"),
];

#[test]
fn a_rebinding_page_is_refused_on_every_route_and_the_registry_wants_its_key() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_project(h);
    let log = h.join("dev.log");
    let dev = start_logged(
        h,
        &[
            "--project",
            "p",
            "--registry",
            "--allowed-host",
            "devbox.test",
        ],
        &log,
    );
    let a = dev.addr.as_str();
    let port = a.rsplit(':').next().unwrap();
    let evil = format!("rebind.evil.example:{port}");
    let forged = [("host", evil.as_str())];
    for (method, path, body) in [
        ("GET", "/", &b""[..]),
        ("GET", "/healthz", b""),
        ("GET", "/_alga/events", b""),
        ("POST", "/v1/execute", EXEC.as_bytes()),
        ("GET", "/api/ext/com.example.hello/api/hi", b""),
        (
            "POST",
            "/api/ext-proxy/com.example.hello/api/hi?__method=GET",
            b"",
        ),
        (
            "POST",
            "/api/ext-bundles/upload-proxy?filename=b&size=1",
            b"x",
        ),
        ("POST", "/api/v1/extensions/install", b"{}"),
    ] {
        let mut headers = forged.to_vec();
        headers.extend_from_slice(&ROUTED);
        headers.push(("x-api-key", "anything"));
        headers.push(("x-alga-admin", "true"));
        let r = http(a, method, path, &headers, body);
        assert_eq!(r.status, 403, "{method} {path}: {}", r.text());
        let v = r.json();
        assert_eq!(v["error"], "host_not_allowed", "{path}");
        assert!(
            v["hint"]
                .as_str()
                .unwrap()
                .contains("--allowed-host rebind.evil.example"),
            "{v}"
        );
    }
    // The UI's origin checks its Host too.
    let ui = dev.ui_addr();
    let r = http(&ui, "GET", "/ext-ui/x/sha256:00/index.html", &forged, b"");
    assert_eq!(r.status, 403);
    // Loopback names, addresses and the names given with --allowed-host are served.
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("devbox.test:{port}"),
    ] {
        let r = http(a, "GET", "/healthz", &[("host", &host)], b"");
        assert_eq!(r.status, 200, "{host}");
    }

    // Reached by a name other sites' pages can use, a handler route wants proof that the
    // caller is not an <img> (browsers send no Sec-Fetch-Site to such names).
    let lan = format!("devbox.test:{port}");
    let hi = "/api/ext/com.example.hello/api/hi";
    let r = http(a, "GET", hi, &[("host", &lan)], b"");
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["error"], "client_header_missing");
    let r = http(a, "GET", hi, &[("host", &lan), ("x-alga-client", "1")], b"");
    assert_eq!(r.status, 200);
    let page = format!("http://{lan}");
    assert_eq!(
        http(a, "GET", hi, &[("host", &lan), ("origin", &page)], b"").status,
        200
    );

    // Without --api-key the registry made a key, printed it once, and takes no other.
    let text = std::fs::read_to_string(&log).unwrap();
    let key = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("API key "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no key printed: {text}"))
        .to_string();
    assert_eq!(key.len(), 64);
    assert_eq!(text.matches(&key).count(), 1, "printed once");
    let upload = |key: &str| {
        http(
            a,
            "POST",
            "/api/ext-bundles/upload-proxy?filename=b.tar.zst&size=3",
            &[("x-api-key", key), ("x-alga-admin", "true")],
            b"abc",
        )
    };
    let r = upload("any-non-empty-key");
    assert_eq!(r.status, 401, "{}", r.text());
    assert!(r.text().contains("Invalid API key"));
    assert_eq!(upload(&key).status, 200);
    healthy(&dev);
}

#[test]
fn other_sites_cannot_run_handlers_or_change_state() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_project(h);
    let dev = start(h, &["--project", "p", "--registry", "--api-key", "k"]);
    let a = dev.addr.as_str();
    let port = a.rsplit(':').next().unwrap();
    let ui_port = dev.ui_addr().rsplit(':').next().unwrap().to_string();
    let hi = "/api/ext/com.example.hello/api/hi";

    // A cross-site form post (text/plain, no preflight), with and without `__method`.
    for path in [hi, "/api/ext-proxy/com.example.hello/api/hi?__method=GET"] {
        let r = http(
            a,
            "POST",
            path,
            &[
                ("origin", "https://evil.example"),
                ("content-type", "text/plain"),
                ("sec-fetch-site", "cross-site"),
            ],
            b"x=1",
        );
        assert_eq!(r.status, 403, "{path}: {}", r.text());
        let v = r.json();
        assert_eq!(v["error"], "origin_not_allowed");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("https://evil.example")
        );
    }
    // An <img> or a link from another site: no Origin, but the browser says cross-site.
    let r = http(a, "GET", hi, &[("sec-fetch-site", "cross-site")], b"");
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"], "cross_site_request");
    // A sandboxed or file:// page, and another port on this machine.
    for origin in ["null", "http://127.0.0.1:1", "http://localhost"] {
        let r = http(a, "GET", hi, &[("origin", origin)], b"");
        assert_eq!(r.status, 403, "{origin}");
    }
    let mut execute = ROUTED.to_vec();
    execute.push(("origin", "http://evil.example"));
    assert_eq!(
        http(a, "POST", "/v1/execute", &execute, EXEC.as_bytes()).status,
        403
    );
    // The Runner's route and the registry take browser requests from the host page only.
    let ui_origin = format!("http://127.0.0.1:{ui_port}");
    let mut execute = ROUTED.to_vec();
    execute.push(("origin", &ui_origin));
    assert_eq!(
        http(a, "POST", "/v1/execute", &execute, EXEC.as_bytes()).status,
        403
    );
    let r = http(
        a,
        "POST",
        "/api/v1/extensions/uninstall",
        &[("origin", &ui_origin), ("x-api-key", "k")],
        br#"{"registryId":"x"}"#,
    );
    assert_eq!(r.status, 403);

    // What is allowed: curl, the host page, the extension UI (with CORS), a navigation.
    assert_eq!(http(a, "GET", hi, &[], b"").status, 200);
    let page = format!("http://127.0.0.1:{port}");
    assert_eq!(http(a, "GET", hi, &[("origin", &page)], b"").status, 200);
    assert_eq!(
        http(a, "GET", hi, &[("sec-fetch-site", "same-origin")], b"").status,
        200
    );
    let r = http(a, "GET", hi, &[("origin", &ui_origin)], b"");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some(ui_origin.as_str())
    );
    let r = http(
        a,
        "OPTIONS",
        hi,
        &[
            ("origin", &ui_origin),
            ("access-control-request-method", "POST"),
        ],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some(ui_origin.as_str())
    );
    // Pages that only read still open from a link on another site.
    assert_eq!(
        http(a, "GET", "/", &[("sec-fetch-site", "cross-site")], b"").status,
        200
    );
    let page = http(a, "GET", "/", &[], b"");
    assert_eq!(
        page.header("content-security-policy"),
        Some("frame-ancestors 'none'")
    );
    healthy(&dev);
}

#[test]
fn input_that_once_panicked_the_server_is_answered() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_project(h);
    let log = h.join("dev.log");
    let dev = start_logged(h, &["--project", "p"], &log);
    let a = dev.addr.as_str();

    // `%a` then a two-byte character in a query string.
    let r = raw_http(
        a,
        format!(
            "GET /api/ext/com.example.hello/api/hi?q=%a\u{e9} HTTP/1.1\r\nhost: {a}\r\nconnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    healthy(&dev);

    // A request id that starts with multi-byte characters, printed in the handler's log line.
    let body = EXEC.replace(r#""tenant_id""#, r#""request_id":"aéééé-1","tenant_id""#);
    let r = http(a, "POST", "/v1/execute", &ROUTED, body.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], 200);
    // The log line was printed (the printer once died on it, silently).
    common::http::wait_for("the log line", Duration::from_secs(10), || {
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("[e1 aéééé-1] info  handled")
    });
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("internal error"), "{text}");
    healthy(&dev);
}

#[test]
fn a_guest_cannot_crash_or_spoof_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let log = h.join("dev.log");
    let dev = serve_host_api(h, &["--memory-mb", "64"], Some(&log));
    let a = dev.addr.as_str();
    let ext = "/api/ext/com.example.host-api";

    // The same broken query string, sent by the guest through ui-proxy.
    let r = http(a, "GET", &format!("{ext}/proxy-raw"), &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.json()["ok"].as_str().unwrap().starts_with("/echo?"),
        "{}",
        r.text()
    );
    healthy(&dev);

    // Escape sequences in a guest's log are shown escaped on the terminal.
    let r = http(
        a,
        "POST",
        &format!("{ext}/say"),
        &[],
        b"\x1b[2J\x1b]0;owned\x07hello\n[com.example.host-api 00000000] error  forged line",
    );
    assert_eq!(r.status, 200);
    common::http::wait_for("the log line", Duration::from_secs(10), || {
        std::fs::read_to_string(&log).unwrap().contains("hello")
    });
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(
        text.contains("\\x1b[2J\\x1b]0;owned\\x07hello\\n[com.example.host-api"),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("[com.example.host-api 00000000]"))
    );

    // Calls through ui-proxy share the request's memory: one level of 24 MiB fits in 64 MiB,
    // two do not (each once had a full 64 MiB of its own).
    let nest = |n: u32| http(a, "GET", &format!("{ext}/nest?n={n}"), &[], b"").json();
    assert_eq!(nest(0)["ok"], 24 << 20);
    assert_eq!(
        nest(1)["err"],
        "internal",
        "nested calls got memory of their own"
    );

    // The handler's answer keeps to the gateway's header allowlist (no cookie for every local
    // port), is never sniffed, runs sandboxed if opened as a page; a 1xx status is refused.
    let r = http(a, "GET", &format!("{ext}/status?code=200"), &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("set-cookie"), None);
    assert_eq!(r.header("x-fixture"), None);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(r.header("content-security-policy"), Some("sandbox"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let r = http(a, "GET", &format!("{ext}/status?code=101"), &[], b"");
    assert_eq!(r.status, 502, "{}", r.text());

    // Running out of memory says so.
    let r = http(a, "GET", &format!("{ext}/hog"), &[], b"");
    assert_eq!(r.status, 500);
    let error = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.contains("exceeded the memory limit of 64 MiB"),
        "{error}"
    );
    healthy(&dev);
}

#[test]
fn runaway_guests_do_not_stall_the_server() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _one = spinning();
    let dev = serve_host_api(h, &["--timeout-ms", "4000"], None);
    let a = dev.addr.clone();
    let ext = "/api/ext/com.example.host-api";
    assert_eq!(
        http(&a, "GET", &format!("{ext}/context"), &[], b"").status,
        200
    );

    let loops: Vec<_> = (0..4)
        .map(|_| {
            let a = a.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let r = http(&a, "GET", &format!("{ext}/spin"), &[], b"");
                (r.status, r.json(), started.elapsed())
            })
        })
        .collect();
    wait_running(&dev, 4);
    // While four loops run on two cores, health and a plain handler still answer.
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let t = Instant::now();
        healthy(&dev);
        slowest = slowest.max(t.elapsed());
    }
    assert!(
        slowest < Duration::from_millis(1500),
        "healthz took {slowest:?}"
    );
    let t = Instant::now();
    let r = http(&a, "GET", &format!("{ext}/context"), &[], b"");
    assert_eq!(r.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(2500),
        "hello took {:?}",
        t.elapsed()
    );
    for l in loops {
        let (status, body, took) = l.join().unwrap();
        assert_eq!(status, 500, "the Runner's status for a timeout: {body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .starts_with("execute_failed: timed out after 4000 ms"),
            "{body}"
        );
        assert!(took < Duration::from_secs(8), "{took:?}");
    }
    healthy(&dev);
}

#[test]
fn concurrency_is_capped_and_caller_limits_are_clamped() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _one = spinning();
    let dev = serve_host_api(h, &["--timeout-ms", "2000", "--max-concurrency", "2"], None);
    let a = dev.addr.clone();
    let spin = "/api/ext/com.example.host-api/spin";
    let loops: Vec<_> = (0..2)
        .map(|_| {
            let a = a.clone();
            std::thread::spawn(move || http(&a, "GET", spin, &[], b"").status)
        })
        .collect();
    wait_running(&dev, 2);
    let r = http(&a, "GET", "/api/ext/com.example.host-api/context", &[], b"");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(
        r.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("runner_busy")
    );
    // The Runner's route keeps HTTP 200 with the outcome in the body.
    let r = http(&a, "POST", "/v1/execute", &ROUTED, EXEC.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.json()["status"], 503);
    for l in loops {
        assert_eq!(
            l.join().unwrap(),
            500,
            "timed out, as the Runner answers it"
        );
    }

    // A Runner caller asking for an hour and a terabyte gets the server's ceilings.
    let body = json!({
        "context": {"tenant_id": "t1", "extension_id": "com.example.host-api", "content_hash": "sha256:00"},
        "http": {"method": "GET", "path": "/spin"},
        "limits": {"timeout_ms": 3_600_000u64, "memory_mb": 1u64 << 40},
    });
    let t = Instant::now();
    let r = http(
        &a,
        "POST",
        "/v1/execute",
        &ROUTED,
        body.to_string().as_bytes(),
    );
    let v: Value = r.json();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("execute_failed: timed out after 2000 ms"),
        "{v}"
    );
    assert!(t.elapsed() < Duration::from_secs(6));
    healthy(&dev);
}

#[test]
fn limits_and_egress_flags_are_checked() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    alga(h)
        .args(["dev", "--memory-mb", "4096"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cap of 1024 MiB"));
    alga(h)
        .args(["invoke", "/x", "--allow-host", "https://api.example.com/v1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("write `api.example.com`"));
    alga(h)
        .args(["invoke", "/x", "--allow-host", "api.example.com:443"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has a port"));
    wat_project(h);
    alga(h)
        .env("EXT_EGRESS_ALLOWLIST", "ok.example, http://api.example.com")
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("EXT_EGRESS_ALLOWLIST"))
        .stderr(predicates::str::contains("write `api.example.com`"));
}

mod random {
    //! Arbitrary requests over loopback: every one is answered, and the server stays up.

    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    fn escape(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'%' | b'=' | b'&' | b'.' => {
                    (*b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    fn printable() -> impl Strategy<Value = String> {
        proptest::collection::vec(0x20u8..0x7f, 0..40).prop_map(|v| String::from_utf8(v).unwrap())
    }

    fn runner() -> TestRunner {
        TestRunner::new(Config {
            cases: 96,
            failure_persistence: None,
            ..Config::default()
        })
    }

    #[test]
    fn arbitrary_requests_are_answered_and_the_server_stays_up() {
        let home = tempfile::tempdir().unwrap();
        wat_project(home.path());
        let dev = start(
            home.path(),
            &["--project", "p", "--registry", "--api-key", "k"],
        );
        let a = dev.addr.as_str();

        let prefixes = vec![
            "/",
            "/api/ext/com.example.hello/",
            "/api/ext-proxy/com.example.hello/",
            "/ext-ui/x/sha256:00/",
            "/api/ext-bundles/",
            "/_alga/",
        ];
        let methods = vec!["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"];
        let requests = (
            prop::sample::select(prefixes),
            proptest::collection::vec(any::<u8>(), 0..40),
            proptest::collection::vec(any::<u8>(), 0..40),
            "[%a-f0-9\u{e9}\u{1F600}&=+]{0,20}",
            prop::sample::select(methods),
            (printable(), printable(), printable()),
            proptest::collection::vec(any::<u8>(), 0..64),
        );
        runner()
            .run(
                &requests,
                |(prefix, path, query, raw_query, method, (origin, site, host), body)| {
                    let target =
                        format!("{prefix}{}?{}&{raw_query}", escape(&path), escape(&query));
                    for headers in [
                        vec![
                            ("origin", origin.as_str()),
                            ("sec-fetch-site", site.as_str()),
                            ("x-api-key", "k"),
                            ("x-alga-admin", "true"),
                        ],
                        vec![("host", host.as_str())],
                        vec![],
                    ] {
                        let mut req = format!("{method} {target} HTTP/1.1\r\n");
                        if !headers.iter().any(|(k, _)| *k == "host") {
                            req.push_str(&format!("host: {a}\r\n"));
                        }
                        for (k, v) in &headers {
                            req.push_str(&format!("{k}: {v}\r\n"));
                        }
                        req.push_str(&format!(
                            "connection: close\r\ncontent-length: {}\r\n\r\n",
                            body.len()
                        ));
                        let mut bytes = req.into_bytes();
                        bytes.extend_from_slice(&body);
                        let r = raw_http(a, &bytes);
                        prop_assert!(r.status >= 200 && r.status < 600);
                        prop_assert!(r.status != 500, "{} {target}: {}", r.status, r.text());
                    }
                    healthy(&dev);
                    Ok(())
                },
            )
            .unwrap();

        let bodies = (
            any::<String>(),
            (any::<String>(), any::<String>()),
            (any::<String>(), any::<String>(), any::<String>()),
            any::<String>(),
            (any::<u64>(), any::<u64>()),
            proptest::collection::vec(any::<String>(), 0..3),
        );
        runner()
            .run(
                &bodies,
                |(request_id, (method, path), (key, value, header), body_b64, (timeout, memory), providers)| {
                    let body = json!({
                        "context": {"request_id": request_id, "tenant_id": "t", "extension_id": "e", "content_hash": "sha256:00"},
                        "http": {"method": method, "path": path, "query": {key.clone(): value}, "headers": {header: key}, "body_b64": body_b64},
                        "limits": {"timeout_ms": timeout % 3000, "memory_mb": memory},
                        "providers": providers,
                    });
                    let r = http(a, "POST", "/v1/execute", &ROUTED, body.to_string().as_bytes());
                    prop_assert_eq!(r.status, 200, "{}", r.text());
                    healthy(&dev);
                    Ok(())
                },
            )
            .unwrap();
    }
}
