//! The host-api fixture's handler through `alga invoke`: context and secrets, schedules,
//! installs, storage and the other interfaces, logs, egress, capability denials, limits, the
//! full envelope.

use super::*;

/// The context, and secrets from flags and `.alga/secrets.toml`.
#[test]
pub(crate) fn context_and_secrets() {
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
pub(crate) fn schedules_resolve_endpoints_as_the_server_does() {
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
pub(crate) fn storage_and_schedules_are_kept_per_install() {
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
pub(crate) fn storage_and_the_other_interfaces() {
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
pub(crate) fn handler_logs_reach_the_terminal() {
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
pub(crate) fn egress_is_allowlisted_and_cannot_pick_a_virtual_host() {
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
pub(crate) fn without_capabilities_every_gated_call_is_refused() {
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
pub(crate) fn timeouts_memory_and_fuel_end_a_request() {
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
pub(crate) fn storage_survives_writers_killed_mid_run() {
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
pub(crate) fn the_full_envelope_with_the_handlers_status_and_headers() {
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

/// The fixture's componentize-js component loaded again without its compiled copy: every one
/// of its functions comes from the incremental cache, however the parallel compile shares out
/// the work. Without the line in vendor/wasmtime-internal-cranelift (see its PATCHED.md) a few
/// hundred functions got another key on each load, from the exception tables the function
/// compiled before them left behind. It takes more than one core to show.
#[test]
pub(crate) fn an_unchanged_component_compiles_no_function_again() {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        eprintln!("skipped: one core compiles functions in the same order every time");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let _dir = host_api(h);
    for round in 0..2 {
        for file in cache_files(h) {
            std::fs::remove_file(file).unwrap();
        }
        let out = alga(h)
            .args(["invoke", "-v", "--project", "p", "/context"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let (compiled, all) = functions_compiled(&err).unwrap_or_else(|| panic!("{err}"));
        assert!(all > 10_000, "{err}");
        assert_eq!(compiled, 0, "round {round}: {err}");
    }
}
