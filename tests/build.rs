//! `alga build` with core modules and components (in-process, no npm): the world check; and how
//! the UI's npm script runs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{alga, component_from_wit, handler_manifest, write_files};
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A handler project with the runner WIT and `caps` declared.
fn project(root: &Path, caps: &[&str]) -> PathBuf {
    let dir = root.join("p");
    let caps = caps
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let manifest = handler_manifest().replace("[\"cap:log.emit\"]", &format!("[{caps}]"));
    let wit = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    write_files(
        &dir,
        &[
            ("manifest.json", manifest.as_bytes()),
            ("wit/extension-runner.wit", &wit),
            ("ui/index.html", b"<!doctype html><p>hi</p>"),
        ],
    );
    dir
}

#[test]
fn core_module_from_wat_becomes_a_checked_component() {
    let home = tempfile::tempdir().unwrap();
    let dir = project(home.path(), &["cap:log.emit"]);
    let out = alga(home.path())
        .args(["build", "--project", "p", "--json", "--wasm"])
        .arg(fixture("handler.wat"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["kind"], "wasm");
    assert_eq!(
        v["handler"]["imports"],
        serde_json::json!(["alga:extension/logging", "alga:extension/types"])
    );
    let caps: Vec<&str> = v["handler"]["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(caps, ["cap:context.read", "cap:log.emit", "cap:user.read"]);

    let wasm = fs::read(dir.join("dist/main.wasm")).unwrap();
    assert!(wasmparser::Parser::is_component(&wasm));
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("dist/component.json")).unwrap()).unwrap();
    assert_eq!(meta["component"]["world"], "alga:extension/runner");
    assert_eq!(meta["sha256"], v["handler"]["sha256"]);

    // The result inspects as a component exporting `handler`, and packs.
    alga(home.path())
        .args(["inspect", "p/dist/main.wasm"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "alga:extension/logging (log-info)",
        ))
        .stdout(predicate::str::contains("exports          handler"));
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .success();
}

#[test]
fn wasi_preview1_modules_get_the_adapter() {
    let home = tempfile::tempdir().unwrap();
    project(home.path(), &["cap:log.emit"]);
    let out = alga(home.path())
        .args(["build", "--project", "p", "--json", "--wasm"])
        .arg(fixture("wasi.wat"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let imports: Vec<&str> = v["handler"]["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(imports.contains(&"wasi:cli/stdout@0.2.12"), "{imports:?}");
    assert!(
        imports
            .iter()
            .all(|i| i.starts_with("wasi:") || *i == "alga:extension/types"),
        "{imports:?}"
    );
}

#[test]
fn undeclared_capability_is_named() {
    let home = tempfile::tempdir().unwrap();
    let dir = project(home.path(), &["cap:log.emit"]);
    alga(home.path())
        .args(["build", "--project", "p", "--wasm"])
        .arg(fixture("storage.wat"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.json does not declare a capability the handler needs: cap:storage.kv",
        ))
        .stderr(predicate::str::contains(
            "cap:storage.kv for `alga:extension/storage",
        ))
        .stderr(predicate::str::contains(
            r#"hint: add them to manifest.json as `"capabilities": ["cap:log.emit", "cap:storage.kv"]`"#,
        ));
    assert!(
        !dir.join("dist/main.wasm").exists(),
        "nothing written on failure"
    );

    project(home.path(), &["cap:log.emit", "cap:storage.kv"]);
    alga(home.path())
        .args(["build", "--project", "p", "--wasm"])
        .arg(fixture("storage.wat"))
        .assert()
        .success();
}

#[test]
fn missing_handler_is_refused() {
    let home = tempfile::tempdir().unwrap();
    project(home.path(), &["cap:log.emit"]);
    let comp = component_from_wit("world no-handler { import logging; }", "no-handler");
    fs::write(home.path().join("c.wasm"), comp).unwrap();
    alga(home.path())
        .args(["build", "--project", "p", "--wasm", "c.wasm"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the component does not export `handler`",
        ))
        .stderr(predicate::str::contains(
            "hint: export `handler: func(request: execute-request) -> execute-response`",
        ));
}

#[test]
fn wrong_handler_type_is_refused() {
    let home = tempfile::tempdir().unwrap();
    project(home.path(), &["cap:log.emit"]);
    let comp = component_from_wit(
        "world odd { export handler: func(body: string) -> u16; }",
        "odd",
    );
    fs::write(home.path().join("c.wasm"), comp).unwrap();
    alga(home.path())
        .args(["build", "--project", "p", "--wasm", "c.wasm"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the component's `handler` has type `func(body: string) -> u16`, but the world wants `func(request: execute-request) -> execute-response`",
        ));
}

#[test]
fn foreign_interfaces_are_refused() {
    let home = tempfile::tempdir().unwrap();
    project(home.path(), &["cap:log.emit"]);
    let extra = "package acme:evil { interface api { steal: func() -> string; } }\n\
                 world foreign { use types.{execute-request, execute-response}; import acme:evil/api; export handler: func(request: execute-request) -> execute-response; }";
    fs::write(
        home.path().join("c.wasm"),
        component_from_wit(extra, "foreign"),
    )
    .unwrap();
    alga(home.path())
        .args(["build", "--project", "p", "--wasm", "c.wasm"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the component imports `acme:evil/api`, which the Alga Runner does not provide",
        ));

    // A made-up interface in the alga package is just as foreign.
    let extra = "interface backdoor { open: func(); }\n\
                 world sneaky { use types.{execute-request, execute-response}; import backdoor; export handler: func(request: execute-request) -> execute-response; }";
    fs::write(
        home.path().join("d.wasm"),
        component_from_wit(extra, "sneaky"),
    )
    .unwrap();
    alga(home.path())
        .args(["build", "--project", "p", "--wasm", "d.wasm"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "imports `alga:extension/backdoor`, which the Alga Runner does not provide",
        ));
}

#[test]
fn changed_function_types_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let dir = project(home.path(), &["cap:log.emit"]);
    // The project's WIT says log-info takes a string; this component was built with a u32.
    let wit = fs::read_to_string(dir.join("wit/extension-runner.wit")).unwrap();
    let changed = wit.replace(
        "log-info: func(message: string);",
        "log-info: func(message: u32);",
    );
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str("x.wit", &changed).unwrap();
    let world = resolve.select_world(&[pkg], Some("runner")).unwrap();
    let mut module = wit_component::dummy_module(
        &resolve,
        world,
        wit_parser::ManglingAndAbi::Legacy(wit_parser::LiftLowerAbi::Sync),
    );
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
        false,
    )
    .unwrap();
    let comp = wit_component::ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .encode()
        .unwrap();
    fs::write(home.path().join("c.wasm"), comp).unwrap();
    alga(home.path())
        .args(["build", "--project", "p", "--wasm", "c.wasm"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "imports `alga:extension/logging.log-info` with type `func(message: u32)`, but the world has `func(message: string)`",
        ));
}

#[test]
fn ui_only_projects_have_nothing_to_build() {
    let home = tempfile::tempdir().unwrap();
    common::ui_project(home.path(), "p");
    alga(home.path())
        .args(["build", "--project", "p"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "nothing to build: UI-only extension",
        ));
    alga(home.path())
        .args(["build", "--project", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`nowhere` has no manifest.json"));
}

#[test]
fn handler_manifest_without_sources_says_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    project(home.path(), &["cap:log.emit"]);
    alga(home.path())
        .args(["build", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no handler source was found"))
        .stderr(predicate::str::contains(
            "package.json (a JS/TS handler): the project has none",
        ));
    // The original CLI's template WIT dialect is refused with a clear message.
    write_files(
        &home.path().join("p"),
        &[(
            "wit/extension-runner.wit",
            b"package alga:extension;\nworld runner { import context: interface context; }\n",
        )],
    );
    alga(home.path())
        .args(["build", "--project", "p", "--wasm"])
        .arg(fixture("handler.wat"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read the WIT in"));
}

/// The UI's script runs as `npm run` would run it without npm: `node_modules/.bin` of the
/// project and of the folders above it on `PATH`, and npm's lifecycle and package variables.
/// With a `pre` script it goes through `npm run` itself (needs npm: Debian's `npm`).
#[cfg(unix)]
#[test]
fn the_ui_script_runs_as_npm_runs_it() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = common::ui_project(h, "p");
    let package = |scripts: &str| {
        format!(r#"{{"name": "ui-env", "version": "1.2.3", "scripts": {{{scripts}}}}}"#)
    };
    let tool = r#"#!/bin/sh
mkdir -p dist/ui
printf '%s\n' "event=$npm_lifecycle_event script=$npm_lifecycle_script" \
  "package=$npm_package_name@$npm_package_version json=$npm_package_json" \
  "cwd=$INIT_CWD outer=$(outer)" "config=$npm_config_ui_marker" > dist/ui/index.html
"#;
    write_files(
        h,
        &[
            (
                "p/package.json",
                package(r#""build:ui": "tool""#).as_bytes(),
            ),
            ("p/node_modules/.bin/tool", tool.as_bytes()),
            ("node_modules/.bin/outer", b"#!/bin/sh\necho from-above\n"),
        ],
    );
    for bin in [
        dir.join("node_modules/.bin/tool"),
        h.join("node_modules/.bin/outer"),
    ] {
        fs::set_permissions(bin, fs::Permissions::from_mode(0o755)).unwrap();
    }
    alga(h).args(["build", "--project", "p"]).assert().success();
    let page = fs::read_to_string(dir.join("dist/ui/index.html")).unwrap();
    let json = dir.join("package.json");
    assert_eq!(
        page.lines().collect::<Vec<_>>(),
        [
            "event=build:ui script=tool".to_string(),
            format!("package=ui-env@1.2.3 json={}", json.display()),
            format!("cwd={} outer=from-above", dir.display()),
            "config=".to_string(),
        ]
    );
    // A `pre` script: npm runs both.
    common::peer_path("npm");
    let scripts = r#""prebuild:ui": "touch pre-ran", "build:ui": "tool""#;
    write_files(h, &[("p/package.json", package(scripts).as_bytes())]);
    alga(h).args(["build", "--project", "p"]).assert().success();
    assert!(dir.join("pre-ran").is_file());
    assert!(
        fs::read_to_string(dir.join("dist/ui/index.html"))
            .unwrap()
            .contains("event=build:ui")
    );
    // An `.npmrc` (it may set the shell or node's options): npm runs it, with its settings.
    write_files(
        h,
        &[
            (
                "p/package.json",
                package(r#""build:ui": "tool""#).as_bytes(),
            ),
            ("p/.npmrc", b"ui-marker=from-npmrc\n"),
        ],
    );
    alga(h).args(["build", "--project", "p"]).assert().success();
    assert!(
        fs::read_to_string(dir.join("dist/ui/index.html"))
            .unwrap()
            .contains("config=from-npmrc")
    );
}
