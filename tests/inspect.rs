//! `alga inspect`: bundles (good and hostile) and wasm binaries.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{HELLO_MANIFEST, RawEntry, alga, handler_manifest, raw_tar, ui_project, zstd};
use predicates::prelude::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// A component of the real `alga:extension/runner` world (every import, `handler` export).
fn runner_component() -> Vec<u8> {
    use wit_component::{ComponentEncoder, StringEncoding, dummy_module, embed_component_metadata};
    use wit_parser::{LiftLowerAbi, ManglingAndAbi, Resolve};
    let mut resolve = Resolve::default();
    let (pkg, _) = resolve
        .push_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("wit"))
        .unwrap();
    let world = resolve.select_world(&[pkg], Some("runner")).unwrap();
    let mut module = dummy_module(&resolve, world, ManglingAndAbi::Legacy(LiftLowerAbi::Sync));
    embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8, false).unwrap();
    ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .unwrap()
}

#[test]
fn inspects_a_packed_bundle() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let manifest = handler_manifest();
    common::write_files(&project, &[("manifest.json", manifest.as_bytes())]);
    fs::create_dir_all(project.join("dist")).unwrap();
    fs::write(project.join("dist/main.wasm"), runner_component()).unwrap();
    let packed = alga(home.path())
        .args(["pack", "--project", "p", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let packed: serde_json::Value = serde_json::from_slice(&packed).unwrap();

    let out = alga(home.path())
        .args(["inspect", "p/dist/bundle.tar.zst"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(packed["contentHash"].as_str().unwrap()),
        "{text}"
    );
    assert!(
        text.contains(packed["tarDigest"].as_str().unwrap()),
        "{text}"
    );
    assert!(text.contains("canonical        yes"), "{text}");
    assert!(
        text.contains("com.example.hello 0.1.0 by Example (wasm-js@1)"),
        "{text}"
    );
    assert!(text.contains("app menu \"Hello\""), "{text}");
    assert!(text.contains("endpoints        GET /api/hi"), "{text}");
    assert!(text.contains("kind             component"), "{text}");
    assert!(
        text.contains("alga:extension/storage (get, put, delete, list-entries)"),
        "{text}"
    );
    assert!(text.contains("exports          handler"), "{text}");
    assert!(text.contains("ui/css/site.css"), "{text}");

    let out = alga(home.path())
        .args(["inspect", "p/dist/bundle.tar.zst", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["kind"], "bundle");
    assert_eq!(v["contentHash"], packed["contentHash"]);
    assert_eq!(v["notCanonical"].as_array().unwrap().len(), 0);
    assert_eq!(v["manifest"]["name"], "com.example.hello");
    assert_eq!(v["handler"]["kind"], "component");
    let imports: Vec<&str> = v["handler"]["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        imports.len(),
        13,
        "every interface of the world, `types` too: {imports:?}"
    );
    assert!(imports.contains(&"alga:extension/user-v2"));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 6);
    assert!(
        files
            .iter()
            .all(|f| f["sha256"].as_str().unwrap().starts_with("sha256:"))
    );
}

#[test]
fn inspects_components_and_core_modules() {
    let home = tempfile::tempdir().unwrap();
    let comp = write(home.path(), "c.wasm", &runner_component());
    alga(home.path())
        .arg("inspect")
        .arg(&comp)
        .arg("--wit")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "alga:extension/context (get-context)",
        ))
        .stdout(predicate::str::contains(
            "export handler: func(request: execute-request) -> execute-response;",
        ));

    // A core module: `(module (import "env" "f" (func)) (func (export "run")))`.
    let core: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
        0x02, 0x09, 0x01, 0x03, b'e', b'n', b'v', 0x01, b'f', 0x00, 0x00, // import env.f
        0x03, 0x02, 0x01, 0x00, // func
        0x07, 0x07, 0x01, 0x03, b'r', b'u', b'n', 0x00, 0x01, // export run
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code
    ];
    let module = write(home.path(), "m.wasm", core);
    alga(home.path())
        .arg("inspect")
        .arg(&module)
        .assert()
        .success()
        .stdout(predicate::str::contains("core module"))
        .stdout(predicate::str::contains("imports          env (f)"))
        .stdout(predicate::str::contains("exports          run"));

    let bad = write(home.path(), "bad.wasm", b"\0asm\x01\0\0\0\x01\xff");
    alga(home.path())
        .arg("inspect")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid WebAssembly"));

    let text = write(home.path(), "notes.txt", b"hello");
    alga(home.path())
        .arg("inspect")
        .arg(&text)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is neither a bundle (.tar.zst) nor a wasm binary",
        ));
}

#[test]
fn foreign_archives_are_read_but_flagged_not_canonical() {
    let home = tempfile::tempdir().unwrap();
    let project = ui_project(home.path(), "p");
    let out = home.path().join("gnu.tar.zst");
    // What the documentation's `tar --zstd -cvf bundle.tar.zst manifest.json ui/` makes.
    common::run_ok(
        common::peer("tar")
            .current_dir(&project)
            .arg("--zstd")
            .arg("-cf")
            .arg(&out)
            .args(["manifest.json", "ui/"]),
    );
    alga(home.path())
        .arg("inspect")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("canonical        no"))
        .stdout(predicate::str::contains("has a directory entry `ui/`"))
        .stdout(predicate::str::contains("has a modification time"));
}

/// Each hostile bundle and the message it must be refused with.
fn hostile_corpus() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let m = HELLO_MANIFEST.as_bytes();
    let mut cases: Vec<(&'static str, Vec<u8>, &'static str)> = vec![
        (
            "traversal",
            zstd(&raw_tar(&[
                RawEntry::file("manifest.json", m),
                RawEntry::file("ui/../../evil.js", b"x"),
            ])),
            "entry `ui/../../evil.js` escapes the bundle root",
        ),
        (
            "dotdot-first",
            zstd(&raw_tar(&[RawEntry::file("../evil", b"x")])),
            "entry `../evil` escapes the bundle root",
        ),
        (
            "absolute",
            zstd(&raw_tar(&[RawEntry::file("/etc/cron.d/evil", b"x")])),
            "entry `/etc/cron.d/evil` has an absolute path",
        ),
        (
            "drive-letter",
            zstd(&raw_tar(&[RawEntry::file("C:/x", b"x")])),
            "entry `C:/x` has a drive or stream name",
        ),
        (
            "drive-relative",
            zstd(&raw_tar(&[
                RawEntry::file("manifest.json", m),
                RawEntry::file("ui/C:x", b"x"),
            ])),
            "entry `ui/C:x` has a drive or stream name",
        ),
        (
            "windows-device",
            zstd(&raw_tar(&[
                RawEntry::file("manifest.json", m),
                RawEntry::file("ui/con.js", b"x"),
            ])),
            "entry `ui/con.js` has a Windows device name",
        ),
        (
            "symlink",
            zstd(&raw_tar(&[RawEntry {
                link: b"/etc/passwd",
                ..RawEntry::of_kind("ui/index.html", tar::EntryType::Symlink)
            }])),
            "entry `ui/index.html` is a symbolic link to `/etc/passwd`",
        ),
        (
            "hardlink",
            zstd(&raw_tar(&[
                RawEntry::file("manifest.json", m),
                RawEntry {
                    link: b"manifest.json",
                    ..RawEntry::of_kind("ui/copy.json", tar::EntryType::Link)
                },
            ])),
            "entry `ui/copy.json` is a hard link to `manifest.json`",
        ),
        (
            "char-device",
            zstd(&raw_tar(&[RawEntry::of_kind(
                "dev/null",
                tar::EntryType::Char,
            )])),
            "entry `dev/null` is a device, not a regular file",
        ),
        (
            "fifo",
            zstd(&raw_tar(&[RawEntry::of_kind(
                "ui/pipe",
                tar::EntryType::Fifo,
            )])),
            "entry `ui/pipe` is a named pipe, not a regular file",
        ),
        (
            "duplicate",
            zstd(&raw_tar(&[
                RawEntry::file("manifest.json", m),
                RawEntry::file("./manifest.json", b"{}"),
            ])),
            "entry `manifest.json` appears more than once",
        ),
        (
            "case-duplicate",
            zstd(&raw_tar(&[
                RawEntry::file("ui/A.js", b"1"),
                RawEntry::file("ui/a.js", b"2"),
            ])),
            "entries `ui/A.js` and `ui/a.js` differ only in letter case",
        ),
        (
            "file-and-folder",
            zstd(&raw_tar(&[
                RawEntry::file("ui", b"1"),
                RawEntry::file("ui/index.html", b"2"),
            ])),
            "entry `ui/index.html` is both a file and the folder of another entry",
        ),
        (
            "folder-then-file",
            zstd(&raw_tar(&[
                RawEntry::file("ui/a/b.js", b"1"),
                RawEntry::file("ui/A", b"2"),
            ])),
            "entry `ui/A` is both a file and the folder of another entry",
        ),
        (
            "header-claims-huge-file",
            zstd(&raw_tar(&[RawEntry {
                size: Some(5 << 30),
                ..RawEntry::file("dist/main.wasm", b"")
            }])),
            "`dist/main.wasm` is 5368709120 bytes, more than the limit of 268435456 bytes",
        ),
        (
            "not-zstd",
            raw_tar(&[RawEntry::file("manifest.json", m)]),
            "is neither a bundle",
        ),
        (
            "truncated",
            {
                let mut z = zstd(&raw_tar(&[RawEntry::file(
                    "manifest.json",
                    &[b'x'; 100_000],
                )]));
                z.truncate(z.len() / 2);
                z
            },
            "corrupt",
        ),
        (
            "garbage-after-zstd-magic",
            [&[0x28u8, 0xb5, 0x2f, 0xfd][..], &[0xff; 64]].concat(),
            "the zstd stream is corrupt",
        ),
        (
            "bad-tar-checksum",
            {
                let mut t = raw_tar(&[RawEntry::file("manifest.json", m)]);
                t[148] ^= 0x01;
                zstd(&t)
            },
            "the tar archive is corrupt",
        ),
        (
            "empty-name",
            zstd(&raw_tar(&[RawEntry::file("./", b"x")])),
            "has an empty or invalid path",
        ),
    ];
    // Many tiny entries.
    let names: Vec<String> = (0..10_001).map(|i| format!("ui/{i}.js")).collect();
    let entries: Vec<RawEntry> = names.iter().map(|n| RawEntry::file(n, b"")).collect();
    cases.push((
        "too-many-entries",
        zstd(&raw_tar(&entries)),
        "the bundle has more than 10000 entries",
    ));
    cases
}

#[test]
fn hostile_bundles_are_refused_with_their_own_message() {
    let home = tempfile::tempdir().unwrap();
    for (name, bytes, message) in hostile_corpus() {
        let path = write(home.path(), &format!("{name}.tar.zst"), &bytes);
        let out = alga(home.path())
            .arg("inspect")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(message),
            "{name}: expected `{message}` in:\n{stderr}"
        );
        assert!(!stderr.contains("internal error"), "{name}: {stderr}");
    }
}

#[test]
fn zstd_bomb_stops_at_the_size_limit() {
    let home = tempfile::tempdir().unwrap();
    // 512 MiB of zeros in one entry compresses to a few KiB.
    let size: u64 = 512 << 20;
    let mut tar_header = raw_tar(&[RawEntry {
        size: Some(size),
        ..RawEntry::file("ui/zeros.js", b"")
    }]);
    tar_header.truncate(512);
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    use std::io::Write;
    enc.write_all(&tar_header).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(size >> 20) {
        enc.write_all(&zeros).unwrap();
    }
    enc.write_all(&[0u8; 1024]).unwrap();
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1 << 20, "bomb is {} bytes", bomb.len());
    let path = write(home.path(), "bomb.tar.zst", &bomb);

    let started = std::time::Instant::now();
    alga(home.path())
        .arg("inspect")
        .arg(&path)
        .args(["--max-size", "64MiB", "--max-file-size", "1GiB"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the bundle unpacks to more than 67108864 bytes",
        ))
        .stderr(predicate::str::contains("hint: raise the limit"));
    // It stopped at the limit rather than unpacking everything.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));

    alga(home.path())
        .arg("inspect")
        .arg(&path)
        .args(["--max-file-size", "1MiB"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`ui/zeros.js` is 536870912 bytes"));
}

#[test]
fn json_errors_are_machine_readable() {
    let home = tempfile::tempdir().unwrap();
    let path = write(
        home.path(),
        "t.tar.zst",
        &zstd(&raw_tar(&[RawEntry::file("../x", b"x")])),
    );
    let out = alga(home.path())
        .arg("inspect")
        .arg(&path)
        .arg("--json")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["exitCode"], 1);
    assert!(
        v["error"]["causes"][0]
            .as_str()
            .unwrap()
            .contains("escapes the bundle root")
    );
    assert!(v["error"]["hint"].as_str().unwrap().contains("unsafe"));
}

#[test]
fn invalid_manifest_inside_a_bundle_is_reported() {
    let home = tempfile::tempdir().unwrap();
    let _ = ui_project(home.path(), "p");
    let manifest = br#"{"name": "x", "version": "1", "runtime": "wasm-js@1", "entry": "a"}"#;
    let path = write(
        home.path(),
        "m.tar.zst",
        &zstd(&raw_tar(&[RawEntry::file("manifest.json", manifest)])),
    );
    alga(home.path())
        .arg("inspect")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "manifest error   entry: unknown top-level field `entry`",
        ))
        .stdout(predicate::str::contains(
            "manifest error   version: `1` is not a semantic version",
        ));
}

/// A handler that is not a valid component is one finding: the hash, the manifest and the
/// files are still shown (text and `--json`), and the exit code is 1.
#[test]
fn a_broken_handler_is_a_finding_not_the_whole_answer() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let path = write(
        h,
        "b.tar.zst",
        &zstd(&raw_tar(&[
            RawEntry::file("manifest.json", handler_manifest().as_bytes()),
            RawEntry::file("dist/main.wasm", b"\0asm\x0d\0\x01\0garbage"),
        ])),
    );
    alga(h)
        .arg("inspect")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("content hash"))
        .stdout(predicate::str::contains("com.example.hello"))
        .stdout(predicate::str::contains("dist/main.wasm"))
        .stdout(predicate::str::contains(
            "handler error    dist/main.wasm is neither a valid component nor a core module",
        ));
    let out = alga(h)
        .args(["inspect", "--json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["contentHash"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert!(v["handler"].is_null());
    assert!(!v["handlerProblem"].as_str().unwrap().is_empty(), "{v}");
}
