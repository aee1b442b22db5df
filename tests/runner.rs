//! The embedded runner through `alga invoke`: a componentize-js handler built from
//! tests/fixtures/host-api calls every host interface; capability denials, the egress
//! allowlist, storage across restarts, timeouts and memory limits. Plus a WAT component.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::{alga, copy_dir};
use predicates::prelude::*;
use serde_json::{Value, json};

fn invoke(home: &Path, args: &[&str]) -> (i32, Value) {
    let out = alga(home)
        .args(["invoke", "-q", "--project", "p"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "{args:?}: not JSON: {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), value)
}

fn ok(home: &Path, args: &[&str]) -> Value {
    let (code, v) = invoke(home, args);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

/// A one-shot HTTP server on 127.0.0.1 answering `hello from loopback`.
fn http_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 19\r\nconnection: close\r\n\r\nhello from loopback");
        }
    });
    port
}

/// A one-shot HTTP server on 127.0.0.1 answering with the head of the request it got.
fn echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{head}",
                head.len()
            );
            let _ = s.write_all(reply.as_bytes());
        }
    });
    port
}

/// The host-api fixture, built once for this file.
fn built() -> &'static Path {
    common::host_api_built()
}

/// `home/p`: the built host-api handler with its manifest and a state of its own; the compile
/// cache is shared.
fn host_api(home: &Path) -> PathBuf {
    let from = built();
    let dir = home.join("p");
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    for file in ["manifest.json", "dist/main.wasm"] {
        std::fs::copy(from.join("p").join(file), dir.join(file)).unwrap();
    }
    let cache = Path::new(".cache").join("alga");
    copy_dir(&from.join(&cache), &home.join(&cache));
    dir
}

/// The context, and secrets from flags and `.alga/secrets.toml`.
#[test]
fn context_and_secrets() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = host_api(h);

    assert_eq!(ok(h, &["/context"])["ok"]["tenantId"], "dev-tenant");
    assert_eq!(
        ok(h, &["/context", "--tenant", "t9"])["ok"]["tenantId"],
        "t9"
    );
    assert_eq!(
        ok(h, &["/secret?key=api_key", "--secret", "api_key=s3cr3t"])["ok"],
        "s3cr3t"
    );
    assert_eq!(ok(h, &["/secret?key=nope"])["err"], "missing");
    assert_eq!(
        ok(h, &["/secrets", "--secret", "b=1", "--secret", "a=2"])["ok"],
        json!(["a", "b"])
    );
    std::fs::create_dir_all(dir.join(".alga")).unwrap();
    std::fs::write(dir.join(".alga/secrets.toml"), "greeting = \"hi\"\n").unwrap();
    assert_eq!(ok(h, &["/secret?key=greeting"])["ok"], "hi");
}

/// A schedule names a path, as on the server: a method-less path finds its GET or POST
/// endpoint; a method in the spec, a `:param` path, a DELETE endpoint or a cron the server
/// refuses answer `ValidationFailed` without field errors (what the Runner passes on), and the
/// handler log says why.
#[test]
fn schedules_resolve_endpoints_as_the_server_does() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    let create = |endpoint: &str, cron: &str| {
        let cron = cron.replace(' ', "%20");
        let url = format!("/schedules?only=1&endpoint={endpoint}&cron={cron}");
        ok(h, &["POST", &url])["ok"].clone()
    };
    // A path without a method finds the POST endpoint, and the leading slash is optional.
    assert_eq!(create("/heartbeat", "0 * * * *")["success"], true);
    assert_eq!(create("heartbeat", "*/5 * * * *")["success"], true);
    let listed = ok(h, &["/schedules"])["ok"].clone();
    assert_eq!(listed[0]["method"], "POST", "{listed}");
    assert_eq!(listed[0]["path"], "/heartbeat", "{listed}");
    // Each refusal: what the guest sees, and the reason in the handler log.
    for (endpoint, cron, why) in [
        (
            "GET%20/context",
            "0 * * * *",
            "`GET /context` is not the path of a GET or POST endpoint",
        ),
        (
            "/items/:id",
            "0 * * * *",
            "`/items/:id` has path parameters",
        ),
        (
            "/purge",
            "0 * * * *",
            "`/purge` is not the path of a GET or POST endpoint",
        ),
        ("/nowhere", "0 * * * *", "`/nowhere` is not the path"),
        ("/context", "*/2 * * * *", "Cron too frequent"),
        (
            "/context",
            "0 0 1 * 1",
            "Cron cannot set both day-of-month and day-of-week",
        ),
        ("/context", "0 0 * *", "expected 5 fields"),
    ] {
        let url = format!(
            "/schedules?only=1&endpoint={endpoint}&cron={}",
            cron.replace(' ', "%20")
        );
        let out = alga(h)
            .args(["invoke", "--project", "p", "POST", &url])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
        let refused = &refused["ok"];
        assert_eq!(refused["success"], false, "{endpoint} {cron}: {refused}");
        assert_eq!(refused["error"], "ValidationFailed", "{endpoint} {cron}");
        assert!(
            refused["fieldErrors"].is_null(),
            "{endpoint} {cron}: {refused}"
        );
        assert!(
            stderr.contains("scheduler: ") && stderr.contains(why),
            "{endpoint} {cron}: {stderr}"
        );
    }
    // getEndpoints: sorted by path, schedulable worked out from the method and the path.
    let endpoints = ok(h, &["/endpoints"])["ok"].clone();
    let endpoints: Vec<&str> = endpoints
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    for line in [
        "POST /heartbeat true",
        "GET /items/:id false",
        "DELETE /purge false",
    ] {
        assert!(endpoints.contains(&line), "{line}: {endpoints:?}");
    }
    let mut sorted = endpoints.clone();
    sorted.sort_by_key(|e| e.split(' ').nth(1).unwrap().to_string());
    assert_eq!(endpoints, sorted);
}

/// Two installs of one extension keep their own entries and schedules, as the server keeps
/// them per install id; the same install sees its own again.
#[test]
fn storage_and_schedules_are_kept_per_install() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    let first = ["--install-id", "install-1"];
    let second = ["--install-id", "install-2"];
    let with = |args: &[&str], more: &[&str]| ok(h, &[args, more].concat());
    assert_eq!(
        with(&["POST", "/kv?key=a", "--data", "one"], &first)["ok"],
        1
    );
    assert_eq!(with(&["/kv?key=a"], &second)["err"], "missing");
    assert_eq!(
        with(&["POST", "/kv?key=a", "--data", "two"], &second)["ok"],
        1
    );
    assert_eq!(with(&["/kv?key=a"], &first)["ok"]["value"], "one");
    assert_eq!(
        with(&["POST", "/schedules?only=1"], &first)["ok"]["success"],
        true
    );
    assert_eq!(
        with(&["/schedules"], &first)["ok"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(with(&["/schedules"], &second)["ok"], json!([]));
}

/// Storage with revisions, user, ui-proxy, scheduler, invoicing, clients and services.
#[test]
fn storage_and_the_other_interfaces() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    // Storage with revisions, persisting across processes (each invoke is a new process).
    assert_eq!(ok(h, &["POST", "/kv?key=a", "--data", "one"])["ok"], 1);
    assert_eq!(ok(h, &["POST", "/kv?key=a", "--data", "two"])["ok"], 2);
    assert_eq!(
        ok(h, &["/kv?key=a"])["ok"],
        json!({"value": "two", "revision": 2})
    );
    assert_eq!(
        ok(h, &["POST", "/kv?key=a&stale=1", "--data", "x"])["err"],
        "conflict"
    );
    assert_eq!(ok(h, &["/kv-list"])["ok"], json!(["a"]));
    assert_eq!(
        ok(h, &["/kv?key=a", "--tenant", "other"])["err"],
        "missing",
        "tenants are separate"
    );
    assert_eq!(ok(h, &["DELETE", "/kv?key=a"])["ok"], true);
    assert_eq!(ok(h, &["/kv?key=a"])["err"], "missing");
    assert_eq!(
        ok(h, &["/kv?key=a", "--install-id", ""])["err"],
        "denied",
        "storage needs an install"
    );

    let user = ok(h, &["/user2"])["ok"].clone();
    assert_eq!(user["userName"], "Dev User");
    assert_eq!(
        ok(h, &["/proxy"])["ok"]["ok"]["extensionId"],
        "com.example.host-api"
    );
    let sched = ok(h, &["POST", "/schedules"])["ok"].clone();
    assert_eq!(sched["created"]["success"], true);
    assert_eq!(sched["cron"], "0 * * * *");
    assert_eq!(ok(h, &["/schedules"])["ok"].as_array().unwrap().len(), 1);
    let bad = ok(h, &["POST", "/schedules?payload=nope"])["ok"].clone();
    assert_eq!(bad["error"], "Payload must be valid JSON object or array");
    assert!(
        ok(h, &["/endpoints"])["ok"]
            .as_array()
            .unwrap()
            .contains(&json!("GET /context true"))
    );
    let inv = ok(h, &["POST", "/invoice"])["ok"].clone();
    assert_eq!(inv["success"], true);
    assert_eq!(inv["total"], 25000.0);
    assert_eq!(
        ok(h, &["POST", "/invoice?client=nobody"])["ok"]["success"],
        false
    );
    assert_eq!(ok(h, &["/clients"])["ok"], json!(["Acme Corp", "Globex"]));
    assert_eq!(ok(h, &["/services"])["ok"].as_array().unwrap().len(), 3);
    assert_eq!(ok(h, &["/service?id=s-0002"])["ok"], "hourly");
}

/// Handler logs on the terminal, with the extension's name.
#[test]
fn handler_logs_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    // Handler logs reach the terminal with the extension's name.
    alga(h)
        .args(["invoke", "--project", "p", "/log"])
        .assert()
        .success()
        .stderr(predicate::str::contains("[com.example.host-api"))
        .stderr(predicate::str::contains("warn  warn line"))
        .stderr(predicate::str::contains("error error line"));
}

/// http.fetch: the allowlist, and no routing headers from the guest.
#[test]
fn egress_is_allowlisted_and_cannot_pick_a_virtual_host() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    // Egress: denied by default, allowed for listed hosts only.
    let port = http_server();
    let url = format!("/fetch?url=http://127.0.0.1:{port}/x");
    assert_eq!(ok(h, &[&url])["err"], "not-allowed");
    assert_eq!(
        ok(h, &[&url, "--allow-host", "example.com"])["err"],
        "not-allowed"
    );
    let fetched = ok(h, &[&url, "--allow-host", "127.0.0.1"]);
    assert_eq!(
        fetched["ok"],
        json!({"status": 200, "body": "hello from loopback"})
    );
    assert_eq!(
        ok(
            h,
            &["/fetch?url=not%20a%20url", "--allow-host", "127.0.0.1"]
        )["err"],
        "invalid-url"
    );
    // A guest cannot pick another virtual host behind an allowed address, nor frame the
    // request itself: `Host`, `Connection` and the like are dropped, and the log says so.
    let port = echo_server();
    let url = format!("/fetch?url=http://127.0.0.1:{port}/x&host=internal.example");
    let out = alga(h)
        .args([
            "invoke",
            "--project",
            "p",
            &url,
            "--allow-host",
            "127.0.0.1",
        ])
        .output()
        .unwrap();
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    let head = seen["ok"]["body"].as_str().unwrap().to_ascii_lowercase();
    assert!(head.contains(&format!("host: 127.0.0.1:{port}")), "{head}");
    assert!(!head.contains("internal.example"), "{head}");
    assert!(!head.contains("upgrade"), "{head}");
    assert!(head.contains("x-ok: 1"), "{head}");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("dropped the header(s) host, connection"),
        "{log}"
    );
}

/// Undeclared routes, and the same component with no capabilities declared.
#[test]
fn without_capabilities_every_gated_call_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = host_api(h);
    // Undeclared routes answer like the gateway.
    let (code, v) = invoke(h, &["/not-declared"]);
    assert_eq!((code, v), (0, json!({"error": "endpoint_not_found"})));

    // A secret and a stored value that the capabilities reach...
    std::fs::create_dir_all(dir.join(".alga")).unwrap();
    std::fs::write(dir.join(".alga/secrets.toml"), "greeting = \"hi\"\n").unwrap();
    assert_eq!(ok(h, &["/secrets"])["ok"], json!(["greeting"]));
    assert_eq!(ok(h, &["POST", "/kv?key=a", "--data", "one"])["ok"], 1);
    // ...and the same component with no capabilities declared: every gated call is refused.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut bare = manifest.clone();
    bare["capabilities"] = json!([]);
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(&bare).unwrap(),
    )
    .unwrap();
    assert_eq!(ok(h, &["/secret?key=greeting"])["err"], "denied");
    assert_eq!(ok(h, &["/secrets"])["ok"], json!([]));
    let url = format!("/fetch?url=http://127.0.0.1:{}/x", http_server());
    assert_eq!(
        ok(h, &[&url, "--allow-host", "127.0.0.1"])["err"],
        "not-allowed"
    );
    assert_eq!(ok(h, &["/kv?key=a"])["err"], "denied");
    assert_eq!(ok(h, &["/proxy"])["err"], "denied");
    assert_eq!(ok(h, &["/schedules"])["err"], "denied");
    assert_eq!(
        ok(h, &["POST", "/schedules"])["ok"]["error"],
        "Permission denied: cap:scheduler.manage not granted"
    );
    assert_eq!(
        ok(h, &["POST", "/invoice"])["ok"]["error"],
        "Permission denied: cap:invoice.manual.create not granted"
    );
    assert_eq!(ok(h, &["/clients"])["err"], "not-allowed");
    assert_eq!(ok(h, &["/services"])["err"], "not-allowed");
    // Defaults stay granted.
    assert_eq!(ok(h, &["/context"])["ok"]["tenantId"], "dev-tenant");
    assert_eq!(ok(h, &["/user"])["ok"]["userName"], "Dev User");
    alga(h)
        .args(["invoke", "--project", "p", "/log"])
        .assert()
        .success()
        .stderr(predicate::str::contains("info line"));
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

/// A runaway loop, a memory bomb and fuel.
#[test]
fn timeouts_memory_and_fuel_end_a_request() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    // A runaway loop ends with a timeout, a memory bomb with an error; both exit non-zero.
    let out = alga(h)
        .args([
            "invoke",
            "--project",
            "p",
            "--json",
            "--timeout-ms",
            "300",
            "/spin",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], 500, "the Runner's status for a timeout");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("execute_failed: timed out after 300 ms"),
        "{v}"
    );
    let out = alga(h)
        .args([
            "invoke",
            "--project",
            "p",
            "--json",
            "--memory-mb",
            "64",
            "/hog",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], 500);
    assert_eq!(
        v["error"], "execute_failed: exceeded the memory limit of 64 MiB",
        "{v}"
    );

    // Fuel, when asked for, bounds the work of one request.
    let out = alga(h)
        .args([
            "invoke",
            "--project",
            "p",
            "--json",
            "--fuel",
            "1000",
            "/context",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"], "execute_failed: out of fuel");
    assert_eq!(
        ok(h, &["/context", "--fuel", "100000000000"])["ok"]["tenantId"],
        "dev-tenant"
    );
}

/// Every committed write survives SIGKILL.
#[test]
fn storage_survives_writers_killed_mid_run() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = host_api(h);
    // Storage keeps every committed write when writers are killed with SIGKILL mid-run.
    let mut committed = Vec::new();
    for i in 0..12u64 {
        let mut child = common::alga_std(h)
            .args(["invoke", "-q", "--project", "p", "POST"])
            .arg(format!("/kv?key=k{i}"))
            .args(["--data", "v"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill some of them at varying points of their run.
        if i % 3 == 2 {
            std::thread::sleep(std::time::Duration::from_millis(20 * i));
            let _ = child.kill();
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("\"ok\"") {
            committed.push(format!("k{i}"));
        }
    }
    assert!(committed.len() >= 8, "{committed:?}");
    let db = rusqlite::Connection::open(dir.join(".alga/dev.db")).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    for key in &committed {
        let n: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM kv WHERE namespace='ns' AND key=?1",
                [key],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{key} was acknowledged but is missing");
    }
}

/// `--json` gives the handler's own status and headers.
#[test]
fn the_full_envelope_with_the_handlers_status_and_headers() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    // The full envelope, with the handler's own status and headers.
    let out = alga(h)
        .args([
            "invoke",
            "--project",
            "p",
            "--json",
            "POST",
            "/echo?a=b",
            "--data",
            "hi",
            "-H",
            "x-test: 1",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["status"], 201);
    assert_eq!(v["headers"]["x-fixture"], "host-api");
    assert_eq!(v["error"], Value::Null);
}

#[test]
fn wat_component_runs_and_bad_input_is_named() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = h.join("p");
    let wit = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    common::write_files(
        &dir,
        &[
            ("manifest.json", common::handler_manifest().as_bytes()),
            ("wit/extension-runner.wit", &wit),
            ("ui/index.html", b"<p>x</p>"),
        ],
    );
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dist/main.wasm` does not exist"))
        .stderr(predicate::str::contains("hint: run `alga build` first"));
    alga(h)
        .args(["build", "-q", "--project", "p", "--wasm"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"))
        .assert()
        .success();
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .success()
        .stdout("{\"ok\":true}\n")
        .stderr(predicate::str::contains("info  handled"));
    // The second start loads the compiled component from the cache.
    alga(h)
        .args(["invoke", "-v", "--project", "p", "/api/hi"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(compile cache)"));
    alga(h)
        .args(["invoke", "--project", "p", "FETCH", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`FETCH` is not an HTTP method"));
    alga(h)
        .args(["invoke", "--project", "p", "api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must start with `/`"));
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi", "--secret", "novalue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected KEY=VALUE"));
    std::fs::write(dir.join(".alga/secrets.toml"), "bad = [1]\n").unwrap();
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("secret `bad`"));
}

/// A WAT handler project in `home/name` whose `GET /api/hi` answers `body` (11 bytes).
fn wat_handler(home: &Path, name: &str, body: &str) {
    assert_eq!(body.len(), 11);
    let wat = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"),
    )
    .unwrap()
    .replace(r#"{\"ok\":true}"#, &body.replace('"', r#"\""#));
    let file = home.join(format!("{name}.wat"));
    std::fs::write(&file, wat).unwrap();
    common::wat_project_with(home, name, &file);
}

/// The compiled components in the user's cache folder under `home`, newest last.
fn cache_files(home: &Path) -> Vec<PathBuf> {
    let dir = home.join(".cache/alga/components");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    files
}

#[test]
fn loading_a_compiled_component_marks_it_used_so_it_is_pruned_last() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_handler(h, "p", r#"{"ok":true}"#);
    wat_handler(h, "q", r#"{"no":true}"#);
    let invoke = |project: &str| invoke_hi(h, project, &[]).1;
    invoke("p");
    let p = cache_files(h);
    invoke("q");
    let before = cache_files(h);
    assert_eq!(before.len(), 2);
    assert_eq!(before[0], p[0], "p's is the older");
    let err = invoke("p");
    assert!(err.contains("(compile cache)"), "{err}");
    assert_eq!(cache_files(h), [before[1].clone(), p[0].clone()]);
}

#[test]
fn a_foreign_compile_cache_file_is_ignored_and_the_right_code_runs() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_handler(h, "p", r#"{"ok":true}"#);
    wat_handler(h, "q", r#"{"no":true}"#);
    let hi = |project: &str| invoke_hi(h, project, &[]);
    assert_eq!(hi("p").0, "{\"ok\":true}\n");
    let ours = cache_files(h);
    assert_eq!(ours.len(), 1, "the cache is in the user's cache folder");
    assert!(!h.join("p/.alga/cache").exists());
    assert_eq!(hi("q").0, "{\"no\":true}\n");
    let files = cache_files(h);
    let (ours, theirs) = (&ours[0], files.iter().find(|f| *f != &ours[0]).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(ours), 0o600);
        assert_eq!(mode(&h.join(".cache/alga/components")), 0o700);
    }
    let (out, err) = hi("p");
    assert!(err.contains("(compile cache)"), "{err}");
    assert_eq!(out, "{\"ok\":true}\n");

    // The other component's compiled code under this one's name: ignored, said with -v,
    // compiled again, and this component's code runs.
    std::fs::copy(theirs, ours).unwrap();
    let (out, err) = hi("p");
    assert_eq!(out, "{\"ok\":true}\n");
    assert!(err.contains("was compiled from another component"), "{err}");
    assert!(!err.contains("(compile cache)"), "{err}");
    // ...and replaced: the next start uses the cache again.
    let (out, err) = hi("p");
    assert_eq!(out, "{\"ok\":true}\n");
    assert!(err.contains("(compile cache)"), "{err}");

    // A file others may write is not trusted either.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(ours, std::fs::Permissions::from_mode(0o666)).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("may be used by other users"), "{err}");
    }

    // A symbolic link in place of the file, even to a file of this cache, is not followed.
    #[cfg(unix)]
    {
        std::fs::remove_file(ours).unwrap();
        std::os::unix::fs::symlink(theirs, ours).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("cannot be opened"), "{err}");
    }
    // A folder others may use is not trusted; this user's own is made private again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let components = h.join(".cache/alga/components");
        std::fs::set_permissions(&components, std::fs::Permissions::from_mode(0o755)).unwrap();
        let (_, err) = hi("p");
        assert!(err.contains("may be used by other users"), "{err}");
        let (_, err) = hi("p");
        assert!(err.contains("(compile cache)"), "{err}");
        // The folder above it, writable by others without the sticky bit: they could swap
        // alga's folder for theirs.
        let base = h.join(".cache");
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o777)).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("may be changed by other users"), "{err}");
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o1777)).unwrap();
        let (_, err) = hi("p");
        assert!(err.contains("(compile cache)"), "{err}");
    }

    // `alga cache dir` and `alga cache clean`.
    alga(h)
        .args(["cache", "dir"])
        .assert()
        .success()
        .stdout(format!("{}\n", h.join(".cache/alga").display()));
    alga(h)
        .args(["cache", "clean", "--json"])
        .assert()
        .success()
        // Two compiled components and the file of compiled functions.
        .stdout(predicate::str::contains("\"files\": 3"));
    assert!(cache_files(h).is_empty());
    assert_eq!(
        std::fs::read_dir(h.join(".cache/alga/functions"))
            .unwrap()
            .count(),
        0
    );
}

/// `alga invoke -v --project PROJECT /api/hi` under `home` with `env` set, which must succeed:
/// its stdout and stderr.
fn invoke_hi(home: &Path, project: &str, env: &[(&str, &str)]) -> (String, String) {
    let out = alga(home)
        .args(["invoke", "-v", "--project", project, "/api/hi"])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `(N of M functions compiled` in `alga invoke -v`'s output: (N, M).
fn functions_compiled(stderr: &str) -> Option<(u64, u64)> {
    let at = stderr.find(" functions compiled")?;
    let head = &stderr[..at];
    let numbers = &head[head.rfind('(')? + 1..];
    let (n, m) = numbers.split_once(" of ")?;
    Some((n.parse().ok()?, m.parse().ok()?))
}

#[test]
fn an_edited_handler_compiles_only_the_functions_that_changed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // One compile thread, so that functions are compiled in the same order each time:
    // Cranelift 0.135 keeps a function's exception tables in the compile context it reuses for
    // the next function (`DataFlowGraph::clear` leaves them), and they are part of that
    // function's key, so which functions get a stale table, and another key, depends on how
    // parallel compilation happened to share the work out.
    let invoke = || invoke_hi(h, "p", &[("RAYON_NUM_THREADS", "1")]);
    wat_handler(h, "p", r#"{"ok":true}"#);
    let (out, err) = invoke();
    assert_eq!(out, "{\"ok\":true}\n");
    // The first time, only functions identical to one compiled before them are reused.
    let (compiled, all) = functions_compiled(&err).unwrap_or_else(|| panic!("{err}"));
    assert!(compiled > all / 2, "{err}");
    let functions = h.join(".cache/alga/functions");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&functions), 0o700);
        for f in std::fs::read_dir(&functions).unwrap() {
            assert_eq!(mode(&f.unwrap().path()), 0o600);
        }
    }

    // The same code with other data (a one-line edit of the answer): a new component, whose
    // functions all come from the incremental cache, and the new answer.
    wat_handler(h, "p", r#"{"ok":1234}"#);
    let (out, err) = invoke();
    assert_eq!(out, "{\"ok\":1234}\n");
    assert!(!err.contains("(compile cache)"), "a new component: {err}");
    assert_eq!(
        functions_compiled(&err),
        Some((0, all)),
        "every function from the incremental cache: {err}"
    );

    // A cache file others may write is not trusted: said with -v, every function compiled.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        wat_handler(h, "p", r#"{"ok":5678}"#);
        let file = std::fs::read_dir(&functions)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        let (out, err) = invoke();
        assert_eq!(out, "{\"ok\":5678}\n");
        assert!(err.contains("may be used by other users"), "{err}");
        // Compiled again, all of them but those identical to one compiled before them.
        let (compiled, lookups) = functions_compiled(&err).unwrap_or_else(|| panic!("{err}"));
        assert_eq!(lookups, all, "{err}");
        assert!(compiled > all / 2, "{err}");
    }
}
