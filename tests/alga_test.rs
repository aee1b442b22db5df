//! `alga test`: Hurl files run against the host-api fixture's handler (built and packed once
//! per binary), each test with its own `tests/` folder and `--bundle`.

mod common;

use std::path::{Path, PathBuf};

use common::alga;

/// A folder holding `tests/` with `files` (path, text), beside the built fixture.
fn suite(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let root = dir.path().to_path_buf();
    (dir, root)
}

/// `alga test --bundle <fixture bundle> --project root ARGS`: exit code, stdout, stderr.
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    run_bundle(common::host_api_built(), root, args)
}

/// `alga test --bundle home/p/dist/bundle.tar.zst --project root ARGS` with `home` as HOME.
fn run_bundle(home: &Path, root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = alga(home)
        .args(["test", "--project"])
        .arg(root)
        .arg("--bundle")
        .arg(home.join("p/dist/bundle.tar.zst"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PASSING: &str = r#"GET {{base}}/context
HTTP 200
x-fixture: host-api
[Captures]
tenant: jsonpath "$.ok.tenantId"
[Asserts]
jsonpath "$.ok.tenantId" == "test-tenant"
header "content-type" contains "json"
duration < 10000

GET {{base}}/echo?t={{tenant}}
HTTP 201
[Asserts]
jsonpath "$.url" == "/echo?t=test-tenant"

GET {{base}}/user
[Options]
variable: alga_user_id=u-42
HTTP 200
[Asserts]
jsonpath "$.ok.userId" == "u-42"
"#;

const FAILING: &str = r#"GET {{base}}/log
HTTP 200
[Asserts]
jsonpath "$.ok" == false

GET {{base}}/echo
HTTP 201
"#;

#[test]
fn passing_and_failing_files_report_like_cargo_test_with_hurl_failures() {
    let (_dir, root) = suite(&[("tests/a_ok.hurl", PASSING), ("tests/b_bad.hurl", FAILING)]);
    let (code, out, err) = run(&root, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("running 2 test files"), "{out}");
    assert!(
        out.contains("test tests/a_ok.hurl ... ok (3 requests,"),
        "{out}"
    );
    assert!(
        out.contains("test tests/b_bad.hurl ... FAILED (1 request,"),
        "stops at the first failing entry: {out}"
    );
    assert!(out.contains("---- tests/b_bad.hurl ----"), "{out}");
    assert!(
        out.contains("tests/b_bad.hurl:4:"),
        "file:line of the assert: {out}"
    );
    assert!(
        out.contains("jsonpath \"$.ok\" == false"),
        "the source line: {out}"
    );
    assert!(out.contains("actual:   boolean <true>"), "{out}");
    assert!(out.contains("expected: boolean <false>"), "{out}");
    assert!(
        out.contains("handler log:") && out.contains("warn  warn line"),
        "the handler's log on failure: {out}"
    );
    assert!(
        out.contains("test result: FAILED. 1 passed, 1 failed"),
        "{out}"
    );

    // A filter keeps the files whose path contains it.
    let (code, out, _) = run(&root, &["a_ok"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 passed, 0 failed") && !out.contains("b_bad"),
        "{out}"
    );
}

#[test]
fn json_and_junit_reports() {
    let (_dir, root) = suite(&[
        ("tests/a_ok.hurl", PASSING),
        ("tests/sub/b_bad.hurl", FAILING),
    ]);
    let junit = root.join("report.xml");
    let (code, out, err) = run(&root, &["--json", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 1);
    let bad = &v["files"][1];
    assert_eq!(bad["file"], "tests/sub/b_bad.hurl");
    assert_eq!(bad["entries"][0]["failures"][0]["line"], 4);
    assert_eq!(
        bad["entries"][0]["failures"][0]["description"],
        "Assert failure"
    );

    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!(suites.attribute("tests"), Some("2"));
    assert_eq!(suites.attribute("failures"), Some("1"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[1].attribute("name"), Some("tests/sub/b_bad.hurl"));
    assert_eq!(cases[1].attribute("classname"), Some("tests.sub"));
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(failure.attribute("message").unwrap().contains("line 4"));
    assert!(
        failure
            .text()
            .unwrap()
            .contains("expected: boolean <false>")
    );
    assert!(cases[0].children().all(|n| !n.has_tag_name("failure")));
}

#[test]
fn every_file_starts_from_empty_storage() {
    // Both files count from zero; with shared storage the second to run would find the key.
    let counter = r#"GET {{base}}/kv?key=count
HTTP 200
[Asserts]
jsonpath "$.err" exists

POST {{base}}/kv?key=count
`1`
HTTP 200

GET {{base}}/kv?key=count
HTTP 200
[Asserts]
jsonpath "$.ok.value" == "1"
"#;
    let (_dir, root) = suite(&[("tests/one.hurl", counter), ("tests/two.hurl", counter)]);
    let (code, out, err) = run(&root, &["--jobs", "2"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("2 passed, 0 failed"), "{out}");
    let (code, out, _) = run(&root, &["--jobs", "1"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_handler_that_never_answers_times_out_and_a_crash_is_reported() {
    let (_dir, root) = suite(&[
        (
            "tests/spin.hurl",
            "GET {{base}}/spin\n[Options]\nmax-time: 300ms\nHTTP 200\n",
        ),
        ("tests/hog.hurl", "GET {{base}}/hog\nHTTP 200\n"),
    ]);
    let (code, out, _) = run(&root, &["--jobs", "2"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("test tests/spin.hurl ... FAILED"), "{out}");
    assert!(out.contains("Assert status code"), "{out}");
    assert!(out.contains("actual:   500"), "{out}");
    assert!(
        out.contains("timed out after 300 ms"),
        "the runner's reason: {out}"
    );
    assert!(out.contains("test tests/hog.hurl ... FAILED"), "{out}");
    let hog = out.split("---- tests/hog.hurl ----").nth(1).unwrap();
    assert!(hog.contains("Runner error"), "{hog}");
}

#[test]
fn egress_is_answered_by_mocks_and_an_unmocked_request_fails_naming_its_url() {
    let (_dir, root) = suite(&[
        (
            "tests/http/upstream.json",
            r#"{"url": "https://api.example.com/v1/items", "body": {"items": [1, 2]}}"#,
        ),
        (
            "tests/mocked.hurl",
            "GET {{base}}/fetch?url=https://api.example.com/v1/items\nHTTP 200\n[Asserts]\njsonpath \"$.ok.status\" == 200\njsonpath \"$.ok.body\" == \"{\\\"items\\\":[1,2]}\"\n",
        ),
        (
            "tests/unmocked.hurl",
            "GET {{base}}/fetch?url=https://api.example.com/v1/other\nHTTP 200\n",
        ),
    ]);
    let (code, out, _) = run(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("test tests/mocked.hurl ... ok"), "{out}");
    assert!(out.contains("test tests/unmocked.hurl ... FAILED"), "{out}");
    assert!(out.contains("Un-mocked request"), "{out}");
    assert!(
        out.contains("GET https://api.example.com/v1/other"),
        "the URL is named: {out}"
    );
}

#[test]
fn update_writes_body_snapshots_and_then_they_are_compared() {
    let (_dir, root) = suite(&[(
        "tests/snap.hurl",
        "GET {{base}}/context\nHTTP 200\nfile,snapshots/context.json;\n",
    )]);
    let (code, out, _) = run(&root, &[]);
    assert_eq!(code, 1, "no snapshot yet: {out}");
    assert!(out.contains("alga test --update"), "{out}");
    let (code, out, _) = run(&root, &["--update"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("updated tests/snapshots/context.json"),
        "{out}"
    );
    let snap = root.join("tests/snapshots/context.json");
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    assert_eq!(saved["ok"]["tenantId"], "test-tenant");
    assert_eq!(
        saved["ok"]["requestId"], "00000000-0000-4000-8000-000000000001",
        "request ids are numbered per file, so snapshots hold"
    );
    let (code, out, _) = run(&root, &[]);
    assert_eq!(code, 0, "{out}");
    // A changed snapshot fails with a diff.
    let changed = std::fs::read_to_string(&snap)
        .unwrap()
        .replace("test-tenant", "other");
    std::fs::write(&snap, changed).unwrap();
    let (code, out, _) = run(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("-    \"tenantId\": \"other\""), "{out}");
    assert!(out.contains("+    \"tenantId\": \"test-tenant\""), "{out}");
}

#[test]
fn unsupported_features_and_parse_errors_are_named() {
    let (_dir, root) = suite(&[
        (
            "tests/xpath.hurl",
            "GET {{base}}/context\nHTTP 200\n[Asserts]\nxpath \"//a\" exists\n",
        ),
        ("tests/broken.hurl", "GET {{base}}/context\nHTTP 2x0\n"),
    ]);
    let (code, out, _) = run(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the `xpath` query is not supported by `alga test`"),
        "{out}"
    );
    assert!(out.contains("tests/xpath.hurl:4:"), "{out}");
    assert!(
        out.contains("test tests/broken.hurl ... FAILED (did not run"),
        "{out}"
    );
    assert!(
        out.contains("tests/broken.hurl:2:"),
        "the parse error's place: {out}"
    );
}

#[test]
fn no_tests_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("has no tests folder"), "{err}");
    assert!(err.contains("tests/*.hurl"), "{err}");
}

#[test]
fn secret_values_never_reach_the_output_or_the_reports() {
    let (_dir, root) = suite(&[
        ("tests/secrets.toml", "api_key = \"s3cr3t-value\"\n"),
        (
            "tests/leak.hurl",
            "GET {{base}}/secret?key=api_key\nHTTP 200\n[Captures]\ntoken: jsonpath \"$.ok\" redact\n[Asserts]\njsonpath \"$.ok\" == \"something else\"\n",
        ),
    ]);
    let junit = root.join("report.xml");
    let (code, out, err) = run(&root, &["--junit", junit.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("actual:   string <***>"), "{out}");
    let (_, json, _) = run(&root, &["--json"]);
    for text in [out, err, json, std::fs::read_to_string(&junit).unwrap()] {
        assert!(!text.contains("s3cr3t-value"), "{text}");
    }
}

#[test]
fn files_a_test_names_stay_in_the_tests_folder() {
    let (_dir, root) = suite(&[
        ("outside.json", "{\"private\": true}"),
        (
            "tests/read.hurl",
            "GET {{base}}/context\nHTTP 200\nfile,../outside.json;\n",
        ),
    ]);
    let (code, out, _) = run(&root, &["--update"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("File access"), "{out}");
    assert!(
        out.contains("`../outside.json` is outside the tests folder"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("outside.json")).unwrap(),
        "{\"private\": true}",
        "--update did not write outside tests/"
    );
}

#[test]
fn a_handler_that_traps_fails_its_test_with_the_trap() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let wat = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"),
    )
    .unwrap()
    .replace(
        "(call $log (i32.const 16) (i32.const 7))\n    (i32.const 64)",
        "unreachable",
    );
    assert!(wat.contains("unreachable"));
    std::fs::write(h.join("trap.wat"), wat).unwrap();
    common::wat_project_with(h, "p", &h.join("trap.wat"));
    alga(h)
        .args(["pack", "-q", "--fast", "--project", "p"])
        .assert()
        .success();
    let (_dir, root) = suite(&[("tests/trap.hurl", "GET {{base}}/api/hi\nHTTP 200\n")]);
    let (code, text, _) = run_bundle(h, &root, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("test tests/trap.hurl ... FAILED"), "{text}");
    assert!(text.contains("Runner error"), "{text}");
    assert!(text.contains("unreachable"), "the trap is named: {text}");
}
