//! What users read, pinned whole with insta: the help texts, `--json` outputs and the main
//! error messages. After a deliberate change: `INSTA_UPDATE=always cargo test --test snapshots`,
//! then review the diff of `tests/snapshots/`.

mod common;

use std::path::Path;

use common::{alga, packed_ui_project};

/// Runs alga in `home` with a fixed width; returns (exit code, stdout, stderr) with `home`
/// written as `[HOME]`.
fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = alga(home)
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    let home = home.display().to_string();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&home, "[HOME]");
    (
        out.status.code().unwrap_or(-1),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(
        &format!(r"alga {}", regex_escape(env!("CARGO_PKG_VERSION"))),
        "alga [VERSION]",
    );
    s
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() {
                vec![c]
            } else {
                vec!['\\', c]
            }
        })
        .collect()
}

#[test]
fn help_texts() {
    let home = tempfile::tempdir().unwrap();
    let _guard = settings().bind_to_scope();
    for args in [
        &["--help"][..],
        &["verify", "--help"],
        &["sign", "--help"],
        &["dev", "--help"],
        &["extension", "publish", "--help"],
        &["cache", "--help"],
    ] {
        let (code, stdout, _) = run(home.path(), args);
        assert_eq!(code, 0, "{args:?}");
        let name = args
            .iter()
            .filter(|a| **a != "--help")
            .copied()
            .collect::<Vec<_>>()
            .join("-");
        insta::assert_snapshot!(
            format!("help-{}", if name.is_empty() { "alga" } else { &name }),
            stdout
        );
    }
}

#[test]
fn inspect_json_of_a_packed_bundle() {
    let home = tempfile::tempdir().unwrap();
    packed_ui_project(home.path());
    let _guard = settings().bind_to_scope();
    let (code, stdout, _) = run(home.path(), &["inspect", "p/dist/bundle.tar.zst", "--json"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("inspect-json", stdout);
}

#[test]
fn main_error_messages() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(h.join("not-a-bundle.tar.zst"), b"hello").unwrap();
    std::fs::create_dir(h.join("empty")).unwrap();
    let _guard = settings().bind_to_scope();
    for (name, args) in [
        (
            "error-pack-no-manifest",
            &["pack", "--project", "empty"][..],
        ),
        (
            "error-inspect-not-a-bundle",
            &["inspect", "not-a-bundle.tar.zst"],
        ),
        (
            "error-inspect-not-a-bundle-json",
            &["inspect", "not-a-bundle.tar.zst", "--json"],
        ),
        ("error-verify-no-trust", &["verify", "not-a-bundle.tar.zst"]),
        ("error-sign-no-key", &["sign", "not-a-bundle.tar.zst"]),
        ("error-unknown-command", &["frobnicate"]),
    ] {
        let (code, stdout, stderr) = run(h, args);
        insta::assert_snapshot!(
            name,
            format!("exit code: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
        );
    }
}
