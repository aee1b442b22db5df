//! The command tree: help, versions, exit codes, unbuilt commands, completions.

mod common;

use std::path::Path;

use common::alga;
use predicates::prelude::*;

#[test]
fn help_lists_the_official_commands() {
    let home = tempfile::tempdir().unwrap();
    let out = alga(home.path())
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for cmd in [
        "create",
        "component",
        "build",
        "pack",
        "sign",
        "verify",
        "inspect",
        "keys",
        "extension",
        "dev",
        "completions",
        "doctor",
    ] {
        assert!(
            text.contains(&format!("\n  {cmd} ")),
            "`{cmd}` missing from help:\n{text}"
        );
    }
    for flag in ["--quiet", "--verbose", "--color", "--json"] {
        assert!(text.contains(flag), "{flag} missing");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("alga {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn official_flag_spellings_parse() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["pack", "--help"][..],
        &["extension", "publish", "--help"],
        &["extension", "install", "--help"],
        &["create", "extension", "--help"],
        &["component", "create", "--help"],
    ] {
        alga(home.path()).args(args).assert().success();
    }
    let help = alga(home.path())
        .args(["extension", "publish", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for s in [
        "--api-key",
        "apikey",
        "--tenant",
        "tenant-id",
        "--base-url",
        "url",
        "ALGA_API_KEY",
        "ALGA_TENANT_ID",
        "ALGA_API_BASE_URL",
        "--no-install",
        "--timeout",
    ] {
        assert!(help.contains(s), "{s} missing from publish help:\n{help}");
    }
}

#[test]
fn api_key_values_are_never_shown_in_help() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path())
        .env("ALGA_API_KEY", "sekrit-key-123")
        .args(["extension", "publish", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sekrit-key-123").not());
}

#[test]
fn server_commands_need_an_api_key_and_write_nothing_without_one() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["extension", "publish", "x.tar.zst"][..],
        &["extension", "install", "id", "-v", "1.0.0"],
        &["extension", "uninstall", "id"],
    ] {
        alga(home.path())
            .args(args)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("error: no API key given"))
            .stderr(predicate::str::contains("ALGA_API_KEY"));
    }
    assert_eq!(
        std::fs::read_dir(home.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    alga(home.path()).arg("frobnicate").assert().code(2);
    alga(home.path())
        .args(["pack", "--level", "40"])
        .assert()
        .code(2);
    alga(home.path())
        .args(["pack", "--fast", "--level", "3"])
        .assert()
        .code(2);
    alga(home.path())
        .args(["inspect", "x", "--max-size", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a size"));
}

#[test]
fn colors_follow_flag_and_no_color() {
    let home = tempfile::tempdir().unwrap();
    let ansi = predicate::str::contains("\x1b[");
    let failing = ["pack", "--project", "missing"];
    alga(home.path())
        .args(failing)
        .assert()
        .stderr(ansi.clone().not());
    alga(home.path())
        .args(failing)
        .arg("--color=always")
        .assert()
        .stderr(ansi.clone());
    alga(home.path())
        .args(failing)
        .arg("--color=never")
        .assert()
        .stderr(ansi.not());
}

#[test]
fn doctor_reports_each_check() {
    let home = tempfile::tempdir().unwrap();
    let out = alga(home.path())
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in ["node", "npm", "cargo", "wasm32-wasip2", "write access"] {
        assert!(names.contains(&n), "{n} missing: {names:?}");
    }
    // Outside a project nothing is required, so only write access can fail here.
    assert_eq!(out.status.code(), Some(0), "{v}");
    // Without node on PATH a JS project fails the check, with a hint on installing it.
    common::write_files(
        home.path(),
        &[
            ("manifest.json", common::HELLO_MANIFEST.as_bytes()),
            ("package.json", b"{}"),
        ],
    );
    alga(home.path())
        .env("PATH", "/nonexistent")
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fail  node"))
        .stdout(predicate::str::contains("install Node.js 20 or newer"))
        .stderr(predicate::str::contains("failed"));
}

#[test]
fn json_mode_puts_errors_on_stdout() {
    let home = tempfile::tempdir().unwrap();
    let out = alga(home.path())
        .args(["extension", "uninstall", "some-id", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["message"], "no API key given");
    assert_eq!(v["error"]["exitCode"], 1);
    assert!(v["error"]["hint"].as_str().unwrap().contains("--api-key"));
}

#[test]
fn committed_completions_match_the_generator() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (shell, file) in [
        ("bash", "alga.bash"),
        ("zsh", "_alga"),
        ("fish", "alga.fish"),
        ("powershell", "_alga.ps1"),
        ("elvish", "alga.elv"),
    ] {
        let out = alga(home.path())
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(!out.is_empty());
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out,
            "completions/{file} is out of date; run `UPDATE_GOLDEN=1 cargo test --test cli`"
        );
    }
}
