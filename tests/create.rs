//! `alga create`: templates render, refuse to overwrite, and the basic one packs as created.

mod common;

use std::fs;

use common::alga;
use predicates::prelude::*;

#[test]
fn list_names_every_template() {
    let home = tempfile::tempdir().unwrap();
    let out = alga(home.path())
        .args(["create", "--list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for t in [
        "basic",
        "ui-gallery",
        "component-basic",
        "runtime-handler",
        "rust-component",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(t)),
            "{t} missing:\n{text}"
        );
    }
    let out = alga(home.path())
        .args(["create", "--list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
}

#[test]
fn basic_extension_packs_right_after_create() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args([
            "create",
            "extension",
            "hello-world",
            "--publisher",
            "Acme Corp",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("cd hello-world"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(home.path().join("hello-world/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["name"], "com.acmecorp.hello-world");
    assert_eq!(manifest["publisher"], "Acme Corp");
    assert_eq!(manifest["ui"]["hooks"]["appMenu"]["label"], "Hello World");
    let html = fs::read_to_string(home.path().join("hello-world/ui/index.html")).unwrap();
    assert!(html.contains("<title>Hello World</title>"));
    assert!(
        !html.contains("<script>"),
        "no inline scripts: the host CSP forbids them"
    );
    alga(home.path())
        .args(["pack", "--project", "hello-world"])
        .assert()
        .success();
    assert!(
        home.path()
            .join("hello-world/dist/bundle.tar.zst")
            .is_file()
    );
}

#[test]
fn component_aliases_and_options() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args([
            "component",
            "create",
            "worker",
            "--dir",
            "svc",
            "--id",
            "io.acme.worker",
            "--version",
            "2.0.0",
        ])
        .assert()
        .success();
    let dir = home.path().join("svc/worker");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["name"], "io.acme.worker");
    assert_eq!(manifest["version"], "2.0.0");
    assert!(dir.join("src/index.ts").is_file());
    assert!(dir.join("test/app.test.ts").is_file());
    assert_eq!(
        fs::read_to_string(dir.join("wit/extension-runner.wit")).unwrap(),
        fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/wit/extension-runner.wit"
        ))
        .unwrap()
    );
    let pkg: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("package.json")).unwrap()).unwrap();
    assert_eq!(pkg["name"], "worker");

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
    let cargo = fs::read_to_string(home.path().join("rusty/Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"rusty\""));
}

#[test]
fn refuses_to_overwrite_without_force() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args(["create", "extension", "x"])
        .assert()
        .success();
    fs::write(home.path().join("x/ui/main.js"), "// mine").unwrap();
    alga(home.path())
        .args(["create", "extension", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`x` already exists and is not empty",
        ))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        fs::read_to_string(home.path().join("x/ui/main.js")).unwrap(),
        "// mine"
    );
    alga(home.path())
        .args(["create", "extension", "x", "--force"])
        .assert()
        .success();
    assert_ne!(
        fs::read_to_string(home.path().join("x/ui/main.js")).unwrap(),
        "// mine"
    );
}

#[test]
fn bad_input_is_named() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .args(["create", "extension", "x", "--template", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown template `nope`"))
        .stderr(predicate::str::contains(
            "basic, ui-gallery, component-basic, runtime-handler, rust-component",
        ));
    alga(home.path())
        .args(["create", "extension", "../escape"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`../escape` is not a usable project name",
        ));
    alga(home.path())
        .args(["create", "extension", "x", "--id", "NotReverse"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`--id NotReverse` is not a reverse-domain name",
        ));
    alga(home.path())
        .args(["create", "extension", "x", "--version", "one"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`--version one` is not a semantic version",
        ));
    alga(home.path())
        .arg("create")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--list"));
    assert_eq!(
        fs::read_dir(home.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
