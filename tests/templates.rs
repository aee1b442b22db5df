//! Every template, created and built for real: npm from the registry, esbuild, componentize-js,
//! Vite; then the unit tests, the world check and `alga pack`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::alga;
use predicates::prelude::*;

/// What a successful `alga ARGS` printed on stdout, as JSON.
fn alga_json(home: &Path, args: &[&str]) -> serde_json::Value {
    let out = alga(home)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)))
}

fn build_json(home: &Path, project: &str) -> serde_json::Value {
    alga_json(home, &["build", "--json", "--project", project])
}

fn pack_files(home: &Path, project: &str) -> Vec<String> {
    alga_json(home, &["pack", "--force", "--json", "--project", project])["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// `alga test` on a fresh template project: every file the template ships passes.
fn template_tests_pass(home: &Path, project: &str, files: usize) {
    let out = alga(home)
        .args(["test", "--project", project])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("test result: ok. {files} passed, 0 failed")),
        "{text}"
    );
}

#[test]
fn component_basic_builds_tests_and_packs() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args(["create", "component", "worker"])
        .assert()
        .success();
    let dir = home.path().join("worker");

    let cold = build_json(home.path(), "worker");
    assert_eq!(cold["kind"], "js");
    assert_eq!(cold["handler"]["skipped"], false);
    // Only what the code imports, so only the capabilities it uses.
    assert_eq!(
        cold["handler"]["imports"],
        serde_json::json!([
            "alga:extension/http",
            "alga:extension/logging",
            "alga:extension/secrets",
            "alga:extension/storage",
            "alga:extension/types"
        ])
    );
    let wasm = fs::read(dir.join("dist/main.wasm")).unwrap();
    assert!(wasmparser::Parser::is_component(&wasm));
    assert!(
        wasm.len() > 1_000_000,
        "a componentize-js component embeds the JS engine"
    );

    // Nothing changed: componentize is skipped and says so.
    alga(home.path())
        .args(["build", "--project", "worker"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "componentize skipped (inputs unchanged)",
        ));
    assert_eq!(
        build_json(home.path(), "worker")["handler"]["skipped"],
        true
    );

    // The template's own unit tests pass.
    let test = Command::new("npm")
        .arg("test")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(String::from_utf8_lossy(&test.stdout).contains("# pass 6"));

    assert_eq!(
        pack_files(home.path(), "worker"),
        ["dist/main.wasm", "manifest.json"]
    );
    template_tests_pass(home.path(), "worker", 4);

    // A syntax error names the step and shows esbuild's message.
    let app = dir.join("src/app.ts");
    let good = fs::read_to_string(&app).unwrap();
    fs::write(&app, format!("{good}\nexport const broken = ;\n")).unwrap();
    alga(home.path())
        .args(["build", "--project", "worker"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("step `bundle` failed"))
        .stderr(predicate::str::contains("src/app.ts"))
        .stderr(predicate::str::contains(
            "hint: esbuild could not bundle the handler",
        ));

    // Using an interface whose capability the manifest lacks is refused, naming the capability.
    let index = dir.join("src/index.ts");
    let original = fs::read_to_string(&index).unwrap();
    fs::write(&app, &good).unwrap();
    fs::write(
        &index,
        format!("import {{ listClients }} from \"alga:extension/clients\";\n{original}\nexport const c = () => listClients({{}});\n"),
    )
    .unwrap();
    alga(home.path())
        .args(["build", "--project", "worker"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.json does not declare a capability the handler needs: cap:client.read",
        ));

    // An interface that is not in the world at all.
    fs::write(
        &index,
        format!("import {{ x }} from \"alga:extension/nope\";\n{original}\nexport const y = x;\n"),
    )
    .unwrap();
    alga(home.path())
        .args(["build", "--project", "worker"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "imports `alga:extension/nope`, which is not in the `runner` world",
        ));

    // The last good component is still in place after the failed builds.
    assert_eq!(fs::read(dir.join("dist/main.wasm")).unwrap(), wasm);
}

#[test]
fn ui_gallery_builds_ui_and_handler() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args(["create", "extension", "gallery", "--template", "ui-gallery"])
        .assert()
        .success();
    let report = build_json(home.path(), "gallery");
    assert_eq!(report["ui"]["skipped"], false);
    assert_eq!(
        report["handler"]["imports"],
        serde_json::json!([
            "alga:extension/logging",
            "alga:extension/storage",
            "alga:extension/types"
        ])
    );
    let html = fs::read_to_string(home.path().join("gallery/dist/ui/index.html")).unwrap();
    assert!(
        html.contains("./assets/"),
        "relative asset paths for the iframe: {html}"
    );
    assert!(
        !html.contains("<script>"),
        "no inline script (the host CSP forbids it)"
    );

    let files = pack_files(home.path(), "gallery");
    assert!(files.contains(&"dist/main.wasm".to_string()));
    assert!(files.contains(&"ui/index.html".to_string()));
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("ui/assets/") && f.ends_with(".js")),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("web/") || f.starts_with("src/")),
        "{files:?}"
    );

    let again = build_json(home.path(), "gallery");
    assert_eq!(again["ui"]["skipped"], true);
    assert_eq!(again["handler"]["skipped"], true);
    template_tests_pass(home.path(), "gallery", 1);
}

#[test]
fn basic_needs_no_build_step() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args(["create", "extension", "plain"])
        .assert()
        .success();
    let report = build_json(home.path(), "plain");
    assert_eq!(report["kind"], "ui-only");
    assert_eq!(
        pack_files(home.path(), "plain"),
        [
            "manifest.json",
            "ui/index.html",
            "ui/main.js",
            "ui/style.css"
        ]
    );
}

#[test]
fn rust_component_builds_where_the_target_exists() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args([
            "create",
            "component",
            "rusty",
            "--template",
            "rust-component",
        ])
        .assert()
        .success();
    if alga::build::rust_target_installed() {
        let report = build_json(home.path(), "rusty");
        assert_eq!(report["kind"], "rust");
        assert!(pack_files(home.path(), "rusty").contains(&"dist/main.wasm".to_string()));
        template_tests_pass(home.path(), "rusty", 1);
    } else {
        // Without the target the build says how to add it...
        alga(home.path())
            .args(["build", "--project", "rusty"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "the Rust target `wasm32-wasip2` is not installed",
            ))
            .stderr(predicate::str::contains("rustup target add wasm32-wasip2"));
        // ...and the template's code still has to compile against the WIT (host target).
        println!("wasm32-wasip2 is not installed: checking the template with the host target only");
        let check = Command::new("cargo")
            .args(["check", "--quiet"])
            .current_dir(home.path().join("rusty"))
            .env("CARGO_TARGET_DIR", home.path().join("target"))
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// The template written as the official guide writes handlers: it builds (its `host` given by
/// `alga build`), answers through the real host interfaces, and its unit tests pass with the
/// runtime's mock host.
#[test]
fn runtime_handler_builds_answers_and_tests() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    alga(h)
        .args([
            "create",
            "component",
            "guide",
            "--template",
            "runtime-handler",
        ])
        .assert()
        .success();
    let built = build_json(h, "guide");
    assert_eq!(built["kind"], "js");
    let invoke = |args: &[&str]| {
        alga_json(
            h,
            &[&["invoke", "-q", "--project", "guide"][..], args].concat(),
        )
    };
    assert_eq!(invoke(&["/api/hello"])["tenantId"], "dev-tenant");
    assert_eq!(invoke(&["POST", "/api/visits"])["visits"], 1);
    assert_eq!(invoke(&["POST", "/api/visits"])["visits"], 2);
    template_tests_pass(h, "guide", 1);
    let test = Command::new("npm")
        .arg("test")
        .current_dir(h.join("guide"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(test.status.success(), "{text}");
    assert!(text.contains("# pass 3"), "{text}");
}
