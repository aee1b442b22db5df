//! Projects shaped like extensions written for the official `@alga-psa/cli` and Runner
//! (`tests/fixtures/compat/`): each builds with the flag or setting it needs and answers as the
//! Runner would.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{alga, copy_dir};
use predicates::prelude::*;
use serde_json::Value;

/// The compat fixture `name` copied to `home/name`, using the npm packages (esbuild,
/// componentize-js) the host-api fixture installed.
fn compat(home: &Path, name: &str) -> PathBuf {
    let dir = home.join(name);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/compat")
            .join(name),
        &dir,
    );
    link_installed_packages(&dir);
    dir
}

/// Gives `dir` the npm packages (esbuild, componentize-js) the host-api fixture installed.
fn link_installed_packages(dir: &Path) {
    let modules = common::host_api_built().join("p/node_modules");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&modules, dir.join("node_modules")).unwrap();
    #[cfg(not(unix))]
    copy_dir(&modules, &dir.join("node_modules"));
}

/// `alga invoke -q` of `target` (`[METHOD] PATH`) in `home/project`; the handler's JSON
/// answer.
fn invoke(home: &Path, project: &str, target: &[&str], extra: &[&str]) -> Value {
    let out = alga(home)
        .args(["invoke", "-q", "--project", project])
        .args(target)
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// The handler named by package.json's `main` is built, not a stale `src/handler.ts`; a
/// `build:ui` that points elsewhere in a monorepo is skipped with `--skip-ui` or
/// `"alga": {"uiScript": false}`, and fails the build otherwise.
#[test]
fn an_entry_in_a_subfolder_named_by_package_json_is_built() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = compat(h, "entry-in-subfolder");
    alga(h)
        .args(["build", "--project", "entry-in-subfolder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("step `ui` failed"));
    alga(h)
        .args(["build", "--project", "entry-in-subfolder", "--skip-ui"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "src/backend/index.ts (`main`/`exports` in package.json)",
        ));
    assert_eq!(
        invoke(h, "entry-in-subfolder", &["/which"], &[])["entry"],
        "src/backend/index.ts"
    );
    // The same without the flag, from package.json.
    let package = std::fs::read_to_string(dir.join("package.json")).unwrap();
    std::fs::write(
        dir.join("package.json"),
        package.replace(
            "\"scripts\"",
            "\"alga\": {\"uiScript\": false},\n  \"scripts\"",
        ),
    )
    .unwrap();
    alga(h)
        .args(["build", "--project", "entry-in-subfolder"])
        .assert()
        .success();
}

/// `--entry` names the handler; a wrong one is refused before anything runs, and with no
/// handler anywhere the error lists what was tried.
#[test]
fn the_entry_flag_wins_and_a_missing_entry_lists_what_was_tried() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = compat(h, "entry-in-subfolder");
    alga(h)
        .args(["build", "--project", "entry-in-subfolder", "--skip-ui"])
        .args(["--entry", "src/nope.ts"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`src/nope.ts`, the handler entry --entry names, does not exist",
        ));
    std::fs::remove_file(dir.join("src/handler.ts")).unwrap();
    std::fs::remove_dir_all(dir.join("src/backend")).unwrap();
    alga(h)
        .args(["build", "--project", "entry-in-subfolder", "--skip-ui"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no handler source was found"))
        .stderr(predicate::str::contains(
            "`src/backend/index.ts` (`main`/`exports` in package.json; no such file)",
        ))
        .stderr(predicate::str::contains(
            "`dist/main.wasm` (a handler in manifest.json; not a JS/TS source file)",
        ))
        .stderr(predicate::str::contains("--entry FILE"));
}

/// Every missing capability is reported at once, from the bundler's imports, before
/// componentize (in well under a second), with the line to paste.
#[test]
fn missing_capabilities_are_all_named_before_componentize() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = compat(h, "missing-capabilities");
    let before = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let started = Instant::now();
    alga(h)
        .args(["build", "--project", "missing-capabilities"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.json does not declare 2 capabilities the handler needs: cap:secrets.get, cap:storage.kv",
        ))
        .stderr(predicate::str::contains(
            "cap:secrets.get for `alga:extension/secrets`, imported by src/config.ts",
        ))
        .stderr(predicate::str::contains(
            "cap:storage.kv for `alga:extension/storage`, imported by src/index.ts",
        ))
        .stderr(predicate::str::contains(
            r#"`"capabilities": ["cap:log.emit", "cap:secrets.get", "cap:storage.kv"]`"#,
        ))
        .stderr(predicate::str::contains("componentize").not());
    // Not a timing test: a componentize takes several seconds, so this shows it did not run.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(!dir.join("dist/main.wasm").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
        before
    );
}

/// `--no-capability-check` builds with a warning, and the platform denies the calls at run
/// time as the Runner does; `--fix-capabilities` adds them to manifest.json, keeping its
/// layout, and the handler then works.
#[test]
fn capabilities_can_be_waived_or_fixed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = compat(h, "missing-capabilities");
    alga(h)
        .args(["build", "--project", "missing-capabilities"])
        .arg("--no-capability-check")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "manifest.json does not declare cap:secrets.get, cap:storage.kv; built anyway",
        ));
    assert_eq!(
        invoke(h, "missing-capabilities", &["/count"], &[])["refused"],
        "denied",
        "the storage call is denied at run time"
    );
    // The waiver lasts one build: with the component unchanged, the check still refuses.
    alga(h)
        .args(["build", "--project", "missing-capabilities"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.json does not declare 2 capabilities the handler needs",
        ));

    alga(h)
        .args(["build", "--project", "missing-capabilities"])
        .arg("--fix-capabilities")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "added cap:secrets.get, cap:storage.kv (--fix-capabilities)",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/compat/missing-capabilities/manifest.json")
        )
        .unwrap()
        .replace(
            "\"cap:log.emit\"\n",
            "\"cap:log.emit\",\n    \"cap:secrets.get\",\n    \"cap:storage.kv\"\n"
        )
    );
    // The manifest changed under the UI build, but only by the fix: nothing runs again.
    alga(h)
        .args(["build", "--project", "missing-capabilities"])
        .assert()
        .success()
        .stderr(predicate::str::contains("ui skipped (inputs unchanged)"))
        .stderr(predicate::str::contains(
            "componentize skipped (inputs unchanged)",
        ));
    let first = invoke(h, "missing-capabilities", &["/count"], &[]);
    assert_eq!(first["count"], 1, "{first}");
    assert_eq!(
        invoke(h, "missing-capabilities", &["/count"], &[])["count"],
        2
    );
}

/// componentize-js imports `@bytecodealliance/preview2-shim` without declaring it: a project
/// where npm left it out, or hoisted a version it cannot work with, is told what to install by
/// `alga build` (before bundling) and by `alga doctor`.
#[test]
fn componentize_js_without_a_working_shim_is_named_before_it_runs() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = h.join("p");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat/entry-in-subfolder"),
        &dir,
    );
    let package = |at: &str, version: &str| {
        let p = dir.join("node_modules/@bytecodealliance").join(at);
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(
            p.join("package.json"),
            format!("{{\"name\": \"@bytecodealliance/{at}\", \"version\": \"{version}\"}}"),
        )
        .unwrap();
    };
    package("componentize-js", "0.23.0");
    let build = || {
        alga(h)
            .args(["build", "--project", "p", "--skip-ui"])
            .assert()
            .code(1)
    };
    build()
        .stderr(predicate::str::contains(
            "componentize-js 0.23.0 imports `@bytecodealliance/preview2-shim` without declaring it, and it is not installed",
        ))
        .stderr(predicate::str::contains(
            "npm install --save-dev @bytecodealliance/preview2-shim@0.25.0",
        ));
    alga(h)
        .args(["doctor", "--project", "p"])
        .assert()
        .stdout(predicate::str::contains("preview2-shim"))
        .stdout(predicate::str::contains("without declaring it"));
    package("preview2-shim", "0.26.1");
    build()
        .stderr(predicate::str::contains("preview2-shim` 0.26.1"))
        .stderr(predicate::str::contains("os error 44"));
}

/// A one-shot HTTP server on 127.0.0.1 that answers 200 and hands over the request it read.
fn upstream() -> (u16, std::sync::mpsc::Receiver<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let _ = tx.send(String::from_utf8_lossy(&buf[..n]).into_owned());
            let _ =
                s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
        }
    });
    (port, rx)
}

/// The official guide's `Handler` example (`host.secrets.get`, `host.http.fetch` with the
/// secret as a bearer token, `jsonResponse` from @alga-psa/extension-runtime) answers as the
/// guide says; a member the manifest does not grant rejects with the Runner's error.
#[test]
fn a_handler_written_for_the_runtime_gets_its_host() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    compat(h, "runtime-handler");
    alga(h)
        .args(["build", "--project", "runtime-handler"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "given `host` as @alga-psa/extension-runtime describes it",
        ));
    let (port, seen) = upstream();
    let url = format!("/api/check?upstream=http://127.0.0.1:{port}/status");
    let answer = invoke(
        h,
        "runtime-handler",
        &[&url],
        &[
            "--secret",
            "api_key=s3cr3t-value",
            "--allow-host",
            "127.0.0.1",
        ],
    );
    assert_eq!(answer["ok"], true, "{answer}");
    assert_eq!(answer["upstream"], 200, "{answer}");
    assert_eq!(answer["storage"], "denied", "{answer}");
    assert_eq!(answer["tenant"], "dev-tenant", "{answer}");
    let request = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer s3cr3t-value"),
        "{request}"
    );
}

/// The global `fetch` goes out through `wasi:http` (as in Rust and jco components), and here
/// through the same egress allowlist as `alga:extension/http`; without `cap:http.fetch` a
/// component importing `wasi:http` is refused with the capability named.
#[test]
fn wasi_http_goes_through_the_egress_allowlist() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = compat(h, "global-fetch");
    alga(h)
        .args(["build", "--project", "global-fetch"])
        .assert()
        .success();
    let imports = std::fs::read_to_string(dir.join("dist/component.json")).unwrap();
    assert!(imports.contains("wasi:http/outgoing-handler"), "{imports}");
    let (port, seen) = upstream();
    let url = format!("/api/call?url=http%3A%2F%2F127.0.0.1%3A{port}%2Fx");
    // Not on the allowlist: refused, nothing sent.
    let refused = invoke(h, "global-fetch", &[&url], &[]);
    assert!(refused["error"].is_string(), "{refused}");
    assert!(seen.try_recv().is_err(), "nothing reached the upstream");
    // Allowed: sent, with the guest's headers, and the answer comes back.
    let answer = invoke(h, "global-fetch", &[&url], &["--allow-host", "127.0.0.1"]);
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(answer["body"], "ok", "{answer}");
    let request = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer from-wasi-http"),
        "{request}"
    );
    // The capability taken away: the component is refused when it is loaded.
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        manifest.replace("[\"cap:http.fetch\"]", "[]"),
    )
    .unwrap();
    alga(h)
        .args(["invoke", "--project", "global-fetch", &url])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "imports `wasi:http/outgoing-handler",
        ))
        .stderr(predicate::str::contains("needs `cap:http.fetch`"));
}

/// A schedule that names its endpoint by path alone, as the official scheduler-demo sample
/// does, finds the POST endpoint (the server accepts GET or POST); two installs of the
/// extension keep their schedules apart, as the server keeps them per install.
#[test]
fn a_method_less_scheduled_endpoint_and_two_installs() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    compat(h, "scheduled-endpoint");
    alga(h)
        .args(["build", "--project", "scheduled-endpoint"])
        .assert()
        .success();
    let first = ["--install-id", "install-a"];
    let created = invoke(h, "scheduled-endpoint", &["POST", "/api/setup"], &first);
    assert_eq!(created["success"], true, "{created}");
    let listed = invoke(h, "scheduled-endpoint", &["/api/schedules"], &first);
    assert_eq!(
        listed,
        serde_json::json!([{"method": "POST", "path": "/api/heartbeat", "cron": "*/5 * * * *"}])
    );
    let other = invoke(
        h,
        "scheduled-endpoint",
        &["/api/schedules"],
        &["--install-id", "install-b"],
    );
    assert_eq!(other, serde_json::json!([]));
}

/// The usage example of @alga-psa/extension-runtime's README answers as written (its
/// `request.http.path` is not a field of the WIT request, so it is left out of the JSON, as on
/// the Runner).
#[test]
fn the_runtime_readme_example_answers_as_written() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    compat(h, "runtime-readme");
    alga(h)
        .args(["build", "--project", "runtime-readme"])
        .assert()
        .success();
    alga(h)
        .args(["invoke", "--project", "runtime-readme", "/api/hello"])
        .args(["--secret", "alga_api_key=k-42"])
        .assert()
        .success()
        .stdout(predicate::str::diff("{\"ok\":true,\"secret\":\"k-42\"}\n"))
        .stderr(predicate::str::contains("Handling request for dev-tenant"));
}

/// What componentize-js's `stubWasi` gave for a handler (`in`, `out`) and its whole component,
/// as written by the capture script below.
struct Stubbed {
    input: Vec<u8>,
    output: Vec<u8>,
    component: Vec<u8>,
}

/// Runs componentize-js on `src/a.js` then `src/b.js` in `dir`, keeping what its own
/// `stubWasi` was given and gave; and the adapter jco would use and componentize-js's version.
const CAPTURE: &str = r#"
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
const { componentize, version } = await import("@bytecodealliance/componentize-js");
const entry = import.meta.resolve("@bytecodealliance/componentize-js");
const { splicer } = await import(new URL("../lib/spidermonkey-embedding-splicer.js", entry));
const jco = await import(pathToFileURL(createRequire(fileURLToPath(entry)).resolve("@bytecodealliance/jco")).href);
const stub = splicer.stubWasi;
let seen;
splicer.stubWasi = function (bin, ...args) {
  const out = stub.call(this, bin, ...args);
  seen = [bin, out];
  return out;
};
for (const name of ["a", "b"]) {
  const { component } = await componentize({
    sourcePath: `src/${name}.js`, witPath: "wit", worldName: "runner",
    // With the clocks on, stubWasi writes no build time.
    disableFeatures: ["stdio", "random", "http", "fetch-event"],
  });
  await writeFile(`${name}.in.wasm`, seen[0]);
  await writeFile(`${name}.out.wasm`, seen[1]);
  await writeFile(`${name}.component.wasm`, component);
}
await writeFile("adapter", fileURLToPath(jco.preview1AdapterReactorPath()));
await writeFile("version", version);
"#;

/// The version wit-component writes into a producers section, blanked.
fn blank_wit_component_version(mut wasm: Vec<u8>) -> Vec<u8> {
    let tag = b"\x0dwit-component";
    let mut at = 0;
    while let Some(i) = wasm[at..].windows(tag.len()).position(|w| w == tag) {
        let len_at = at + i + tag.len();
        let len = usize::from(wasm[len_at]);
        wasm[len_at + 1..len_at + 1 + len].fill(b'#');
        at = len_at + 1 + len;
    }
    wasm
}

/// A project in `home/stubs` with the runner WIT, two handlers that differ in a string
/// (`src/a.js`, `src/b.js`) and the npm packages the host-api fixture installed.
fn two_handlers(home: &Path) -> PathBuf {
    let dir = home.join("stubs");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("wit")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("wit/extension-runner.wit"),
        dir.join("wit/extension-runner.wit"),
    )
    .unwrap();
    for (name, text) in [("a", "one answer"), ("b", "another, longer answer")] {
        let source = format!(
            "const body = new TextEncoder().encode({text:?});\n\
             export function handler(request) {{ return {{ status: 200, headers: [], body }}; }}\n"
        );
        std::fs::write(dir.join(format!("src/{name}.js")), source).unwrap();
    }
    link_installed_packages(&dir);
    dir
}

/// Runs `script` with node as an ES module in `dir`.
fn node(dir: &Path, script: &str) {
    let out = std::process::Command::new("node")
        .current_dir(dir)
        .args(["--input-type=module", "-e", script])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// componentize-js's own `stubWasi` on `a.pre.wasm` and `b.pre.wasm`, for the runner world with
/// only the clocks feature on (what componentize-js makes of the features the test turns off).
const STUB: &str = r#"
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
const entry = import.meta.resolve("@bytecodealliance/componentize-js");
const { splicer } = await import(new URL("../lib/spidermonkey-embedding-splicer.js", entry));
for (const name of ["a", "b"]) {
  const bin = await readFile(`${name}.pre.wasm`);
  const out = splicer.stubWasi(bin, ["clocks"], undefined, resolve("wit"), "runner");
  await writeFile(`${name}.stubbed.wasm`, out);
}
"#;

/// The dev loop's worker, as `alga dev` drives it: componentize-js stopped before `stubWasi`,
/// which runs in the worker with the arguments componentize-js would have given it (first
/// handler) or is taken from the last build (second one). Both are what componentize-js's
/// `stubWasi` makes of the same snapshot.
#[test]
fn the_dev_workers_stubs_are_those_of_componentize_js() {
    let home = tempfile::tempdir().unwrap();
    let dir = two_handlers(home.path());
    let worker = alga::build::worker::Worker::new(&dir, Duration::from_secs(300));
    let off = ["stdio", "random", "http", "fetch-event"];
    let mut ours = Vec::new();
    for (i, name) in ["a", "b"].into_iter().enumerate() {
        let out = dir.join(format!("{name}.core.wasm"));
        let js = dir.join(format!("src/{name}.js"));
        let done = worker
            .componentize((&js, &dir.join("wit"), "runner"), &off, &out, true)
            .unwrap();
        let core = done.core.expect("stopped before stubWasi");
        std::fs::copy(&out, dir.join(format!("{name}.pre.wasm"))).unwrap();
        let (stubbed, reused) = worker.stub_wasi(&core, &out).unwrap();
        assert_eq!(reused, i == 1, "{name}");
        ours.push(stubbed);
    }
    node(&dir, STUB);
    for (name, ours) in ["a", "b"].into_iter().zip(ours) {
        let theirs = std::fs::read(dir.join(format!("{name}.stubbed.wasm"))).unwrap();
        assert!(
            ours == theirs,
            "{name} is not stubbed as componentize-js does"
        );
    }
}

/// alga dev's worker stops componentize-js before `stubWasi` and finishes itself: a rebuilt
/// handler takes the stubs of the last build (`alga::build::stubs::reuse`), and alga makes the
/// component as jco's `componentNew` and `metadataAdd` would. Both give what componentize-js
/// and jco give, byte for byte, but for the wit-component version the producers section names.
#[test]
fn the_dev_loops_shortcut_through_componentize_js_makes_what_it_makes() {
    let home = tempfile::tempdir().unwrap();
    let dir = two_handlers(home.path());
    node(&dir, CAPTURE);
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let [a, b] = ["a", "b"].map(|n| Stubbed {
        input: read(&format!("{n}.in.wasm")),
        output: read(&format!("{n}.out.wasm")),
        component: read(&format!("{n}.component.wasm")),
    });
    assert_ne!(a.input, b.input);

    let reused = alga::build::stubs::reuse(&a.input, &a.output, &b.input);
    assert!(reused.as_ref() == Some(&b.output), "b stubbed as a was");

    let adapter = std::fs::read(String::from_utf8(read("adapter")).unwrap()).unwrap();
    let version = String::from_utf8(read("version")).unwrap();
    for s in [a, b] {
        let ours = alga::build::js_component(&s.output, &adapter, &version).unwrap();
        assert!(
            blank_wit_component_version(ours) == blank_wit_component_version(s.component),
            "the component differs from componentize-js's"
        );
    }
}
