//! `alga pack`: canonical, reproducible bundles, and refusals.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use common::{HELLO_MANIFEST, alga, handler_manifest, run_ok, ui_project, write_files};
use predicates::prelude::*;

fn pack(home: &Path, project: &Path, out: &Path) -> String {
    let output = alga(home)
        .args(["pack", "--project"])
        .arg(project)
        .arg("--out")
        .arg(out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
#[cfg(unix)]
fn same_project_packs_to_same_bytes() {
    let home = tempfile::tempdir().unwrap();
    let a = ui_project(home.path(), "a");

    // The copy is written in another order, with other times and permission bits.
    let b = home.path().join("b");
    let mut files: Vec<_> = [
        "ui/img/logo.svg",
        "ui/main.js",
        "ui/css/site.css",
        "ui/index.html",
        "manifest.json",
    ]
    .iter()
    .map(|p| (p.to_string(), fs::read(a.join(p)).unwrap()))
    .collect();
    files.reverse();
    for (p, data) in &files {
        let dst = b.join(p);
        fs::create_dir_all(dst.parent().unwrap()).unwrap();
        fs::write(&dst, data).unwrap();
        filetime::set_file_mtime(&dst, filetime::FileTime::from_unix_time(1_234_567_890, 0))
            .unwrap();
        chmod(&dst, 0o600);
    }
    chmod(&b.join("ui/css"), 0o700);

    let out_a = home.path().join("a.tar.zst");
    let out_b = home.path().join("b.tar.zst");
    let line_a = pack(home.path(), &a, &out_a);
    let line_b = pack(home.path(), &b, &out_b);
    assert_eq!(fs::read(&out_a).unwrap(), fs::read(&out_b).unwrap());
    let hash_a = line_a.split_whitespace().next().unwrap();
    assert_eq!(hash_a, line_b.split_whitespace().next().unwrap());
    assert!(hash_a.starts_with("sha256:") && hash_a.len() == 71);

    // The printed hash is the SHA-256 of the file, and the sidecar holds its hex.
    let sum = run_ok(StdCommand::new("sha256sum").arg(&out_a));
    assert_eq!(&hash_a[7..], sum.split_whitespace().next().unwrap());
    let sidecar = fs::read_to_string(home.path().join("a.tar.zst.sha256")).unwrap();
    assert_eq!(sidecar, format!("{}\n", &hash_a[7..]));
}

#[test]
fn bundle_extracts_with_gnu_tar_and_passes_zstd_test() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let long_dir = format!("ui/{}", "nested-folder-name/".repeat(9));
    let long_file = format!("{long_dir}{}.js", "a-very-long-file-name".repeat(6));
    write_files(&project, &[(long_file.as_str(), b"long")]);
    let out = home.path().join("bundle.tar.zst");
    pack(home.path(), &project, &out);

    run_ok(common::peer("zstd").arg("-t").arg(&out));
    let listing = run_ok(common::peer("tar").arg("--zstd").arg("-tvf").arg(&out));
    let names: Vec<&str> = listing
        .lines()
        .map(|l| l.split_whitespace().last().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    assert!(
        listing
            .lines()
            .all(|l| l.contains("0/0") && l.contains("1970-01-01")),
        "{listing}"
    );
    assert!(!listing.contains("drwx"), "no directory entries: {listing}");

    let dest = home.path().join("x");
    fs::create_dir(&dest).unwrap();
    run_ok(
        common::peer("tar")
            .arg("--zstd")
            .arg("-xf")
            .arg(&out)
            .arg("-C")
            .arg(&dest),
    );
    assert_eq!(fs::read(dest.join(&long_file)).unwrap(), b"long");
    assert_eq!(
        fs::read_to_string(dest.join("manifest.json")).unwrap(),
        HELLO_MANIFEST
    );
    assert!(dest.join("ui/img/logo.svg").is_file());

    // zstd frame header carries the content size.
    let info = run_ok(common::peer("zstd").arg("-lv").arg(&out));
    assert!(info.contains("Decompressed Size"), "{info}");
    assert!(info.contains("Check: XXH64"), "{info}");
}

#[test]
fn default_output_and_refusal_to_overwrite() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .success();
    let bundle = project.join("dist/bundle.tar.zst");
    assert!(bundle.is_file());
    assert!(project.join("dist/bundle.sha256").is_file());
    let before = fs::read(&bundle).unwrap();

    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("hint: pass `--force`"));
    assert_eq!(fs::read(&bundle).unwrap(), before);

    alga(home.path())
        .args(["pack", "--cwd", "p", "-f"])
        .assert()
        .success();
    // `--fast` gives other bytes of the same content.
    alga(home.path())
        .args(["pack", "--dir", "p", "--fast", "--force"])
        .assert()
        .success();
    assert_ne!(fs::read(&bundle).unwrap(), before);
}

#[test]
fn json_output_for_ci() {
    let home = tempfile::tempdir().unwrap();
    ui_project(home.path(), "p");
    let out = alga(home.path())
        .args(["pack", "--project", "p", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["contentHash"].as_str().unwrap().starts_with("sha256:"));
    assert!(v["tarDigest"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(v["level"], 19);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "manifest.json",
            "ui/css/site.css",
            "ui/img/logo.svg",
            "ui/index.html",
            "ui/main.js"
        ]
    );
}

#[test]
fn packs_dist_ui_and_handler_when_present() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let manifest = handler_manifest().replace("\"ui/**/*\"", "\"ui/**/*\", \"precompiled/*\"");
    write_files(
        &project,
        &[
            ("manifest.json", manifest.as_bytes()),
            ("dist/ui/index.html", b"<!doctype html><p>built</p>"),
            ("dist/component.wasm", b"\0asm\x0d\0\x01\0"),
            ("sbom.spdx.json", b"{}"),
            ("precompiled/x86_64.cwasm", b"x"),
            ("src/handler.ts", b"export {}"),
        ],
    );
    let out = alga(home.path())
        .args(["pack", "--project", "p", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // `dist/ui` wins over `ui/`; `dist/component.wasm` is packed as `dist/main.wasm`; sources stay out.
    assert_eq!(
        files,
        [
            "dist/main.wasm",
            "manifest.json",
            "precompiled/x86_64.cwasm",
            "sbom.spdx.json",
            "ui/index.html"
        ]
    );
}

#[test]
fn handler_endpoints_need_the_component() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let manifest = handler_manifest();
    write_files(&project, &[("manifest.json", manifest.as_bytes())]);
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no handler component"))
        .stderr(predicate::str::contains("hint: run `alga build` first"));
    assert!(!project.join("dist/bundle.tar.zst").exists());
}

#[test]
fn files_outside_assets_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let manifest = HELLO_MANIFEST.replace(
        "\"ui/**/*\"",
        "\"ui/*.html\", \"ui/*.js\", \"ui/css/*.css\"",
    );
    write_files(&project, &[("manifest.json", manifest.as_bytes())]);
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`ui/img/logo.svg` is not matched by any glob",
        ))
        .stderr(predicate::str::contains(
            "`ui/*.html`, `ui/*.js`, `ui/css/*.css`",
        ));
    assert!(
        !project.join("dist").exists(),
        "nothing is written on failure"
    );
}

#[test]
#[cfg(unix)]
fn symlinks_and_special_files_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    std::os::unix::fs::symlink("/etc/passwd", project.join("ui/passwd.js")).unwrap();
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ui/passwd.js` is a symbolic link"))
        .stderr(predicate::str::contains("hint: replace the link"));
    fs::remove_file(project.join("ui/passwd.js")).unwrap();

    // A linked folder is refused as well (it could point anywhere).
    std::os::unix::fs::symlink(home.path(), project.join("ui/up")).unwrap();
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ui/up` is a symbolic link"));
    fs::remove_file(project.join("ui/up")).unwrap();

    let fifo = project.join("ui/pipe.js");
    run_ok(StdCommand::new("mkfifo").arg(&fifo));
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is not a regular file (a named pipe)",
        ));
    assert!(!project.join("dist").exists());
}

#[test]
fn hidden_and_unservable_files_warn() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    write_files(
        &project,
        &[("ui/.DS_Store", b"junk"), ("ui/favicon.ico", b"ico")],
    );
    let out = alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: skipped hidden `ui/.DS_Store`",
        ))
        .stderr(predicate::str::contains(
            "`ui/favicon.ico` will not be served",
        ))
        .get_output()
        .clone();
    let _ = out;
    // -q hides warnings.
    alga(home.path())
        .args(["pack", "--project", "p", "-q", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn case_collisions_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    write_files(&project, &[("ui/Main.js", b"x")]);
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`ui/Main.js` and `ui/main.js` differ only in letter case",
        ));
}

#[test]
fn windows_special_names_are_refused_on_every_platform() {
    for (name, why) in [
        ("ui/C:x.js", "a drive or stream name"),
        ("ui/nul.js", "a Windows device name"),
        ("ui/a.js.", "a trailing dot or space"),
    ] {
        let home = tempfile::tempdir().unwrap();
        let project = ui_project(home.path(), "p");
        write_files(&project, &[(name, b"x")]);
        alga(home.path())
            .args(["pack", "--project", "p"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("`{name}` has {why}")))
            .stderr(predicate::str::contains("hint: rename it"));
        assert!(!project.join("dist/bundle.tar.zst").exists());
    }
}

/// The page `ui.entry` names must be packed; another page than `index.html` is packed as the
/// official CLI packs it, with the warning that the host loads `ui/index.html`.
#[test]
fn ui_manifest_needs_the_page_ui_entry_names() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    fs::remove_file(project.join("ui/index.html")).unwrap();
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "has no `index.html`, the page `ui.entry` names",
        ));
    // `ui.entry` names another page, which is there: packed, with the host's caveat.
    let manifest = fs::read_to_string(project.join("manifest.json")).unwrap();
    fs::write(
        project.join("manifest.json"),
        manifest.replace("\"ui/index.html\"", "\"ui/app.html\""),
    )
    .unwrap();
    fs::write(
        project.join("ui/app.html"),
        "<!doctype html><title>app</title>",
    )
    .unwrap();
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the host always loads `ui/index.html`",
        ))
        .stderr(predicate::str::contains(
            "the bundle has no `ui/index.html`: the Runner serves only that page",
        ));
    fs::remove_file(project.join("ui/app.html")).unwrap();
    alga(home.path())
        .args(["pack", "--project", "p", "--force"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "has no `app.html`, the page `ui.entry` names",
        ));
    fs::remove_dir_all(project.join("ui")).unwrap();
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no `ui/` or `dist/ui/` folder"));
}

#[test]
fn invalid_manifest_stops_pack_with_location() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let manifest = HELLO_MANIFEST.replace("\"0.1.0\"", "\"1.0\"");
    write_files(&project, &[("manifest.json", manifest.as_bytes())]);
    alga(home.path())
        .args(["pack", "--project", "p"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid manifest `p/manifest.json`: 1 problem",
        ))
        .stderr(predicate::str::contains(
            "p/manifest.json:4:14: version: `1.0` is not a semantic version",
        ));
    alga(home.path())
        .args(["pack", "--project", "missing"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "project folder `missing` does not exist",
        ));
}

#[test]
fn positional_arguments_are_ignored_like_the_original() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    alga(home.path())
        .current_dir(&project)
        .args(["pack", "dist", "bundle.tar.zst"])
        .assert()
        .success()
        .stderr(predicate::str::contains("ignoring positional arguments"));
    assert!(project.join("dist/bundle.tar.zst").is_file());
}
