//! Helpers shared by the integration tests: the real binary in an isolated environment,
//! project folders and hand-made (hostile) bundles.
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `alga` with a private HOME, no `ALGA_*` variables and no colors.
pub fn alga(home: &Path) -> Command {
    Command::from_std(alga_std(home))
}

/// The same as [`alga`], as a plain `std::process::Command` (for long-running children).
pub fn alga_std(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_alga"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("ALGA_")
            || key == "SIGNING_TRUST_BUNDLE"
            || key == "NO_COLOR"
            || key == "EXT_EGRESS_ALLOWLIST"
            // The compile cache goes under the test's HOME.
            || key == "XDG_CACHE_HOME"
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("HOME", home).env("NO_COLOR", "1").current_dir(home);
    // npm keeps its download cache under HOME; share the real one so tests do not refetch.
    if std::env::var_os("npm_config_cache").is_none()
        && let Some(real) = std::env::var_os("HOME")
    {
        cmd.env("npm_config_cache", Path::new(&real).join(".npm"));
    }
    cmd
}

/// `npm` with the environment `alga` gets (private HOME, the shared download cache).
pub fn npm(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("npm");
    for (k, v) in alga_std(home).get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd
}

/// A folder `home/dir` holding the test script `tests/<script>` and the npm `packages` it
/// imports, installed from the registry; returns the folder.
pub fn node_driver(home: &Path, dir: &str, script: &str, packages: &[&str]) -> std::path::PathBuf {
    let driver = home.join(dir);
    std::fs::create_dir_all(&driver).unwrap();
    std::fs::write(
        driver.join("package.json"),
        "{\"private\":true,\"type\":\"module\"}",
    )
    .unwrap();
    // The script and the modules beside it.
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    for entry in std::fs::read_dir(source.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, driver.join(path.file_name().unwrap())).unwrap();
        }
    }
    let install = npm(home)
        .args(["install", "--no-audit", "--no-fund", "--silent"])
        .args(packages)
        .current_dir(&driver)
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    driver
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
    // Permissions too: the compile cache takes only owner-only folders.
    std::fs::set_permissions(to, std::fs::metadata(from).unwrap().permissions()).unwrap();
}

/// `home/p`: a project with a UI and the WAT handler (`GET /api/hi`, which logs), built.
pub fn wat_project(home: &Path) -> PathBuf {
    wat_project_with(
        home,
        "p",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"),
    )
}

/// `home/name`: a project with a UI and the handler `wat`, built.
pub fn wat_project_with(home: &Path, name: &str, wat: &Path) -> PathBuf {
    let dir = home.join(name);
    let wit = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    write_files(
        &dir,
        &[
            ("manifest.json", handler_manifest().as_bytes()),
            ("wit/extension-runner.wit", &wit),
            (
                "ui/index.html",
                b"<!doctype html><title>t</title><script src=\"app.js\"></script>",
            ),
            ("ui/app.js", b"console.log('ui');"),
        ],
    );
    alga(home)
        .args(["build", "-q", "--project", name, "--wasm"])
        .arg(wat)
        .assert()
        .success();
    dir
}

/// A component built by wit-component from the runner WIT plus `extra` WIT text, for `world`.
pub fn component_from_wit(extra: &str, world: &str) -> Vec<u8> {
    use wit_component::{ComponentEncoder, StringEncoding, dummy_module, embed_component_metadata};
    use wit_parser::{LiftLowerAbi, ManglingAndAbi, Resolve};
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    let mut resolve = Resolve::default();
    let pkg = resolve
        .push_str("test.wit", &format!("{base}\n{extra}"))
        .unwrap();
    let world = resolve.select_world(&[pkg], Some(world)).unwrap();
    let mut module = dummy_module(&resolve, world, ManglingAndAbi::Legacy(LiftLowerAbi::Sync));
    embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8, false).unwrap();
    ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .unwrap()
}

pub const HELLO_MANIFEST: &str = r#"{
  "name": "com.example.hello",
  "publisher": "Example",
  "version": "0.1.0",
  "runtime": "wasm-js@1",
  "capabilities": ["cap:log.emit"],
  "ui": {"type": "iframe", "entry": "ui/index.html", "hooks": {"appMenu": {"label": "Hello"}}},
  "assets": ["ui/**/*"]
}
"#;

/// [`HELLO_MANIFEST`] with one `GET /api/hi` endpoint, so the bundle needs `dist/main.wasm`.
pub fn handler_manifest() -> String {
    HELLO_MANIFEST.replace(
        "\"assets\"",
        "\"api\": {\"endpoints\": [{\"method\": \"GET\", \"path\": \"/api/hi\", \"handler\": \"dist/main.wasm\"}]},\n  \"assets\"",
    )
}

/// Writes `files` (path, contents) under `root`, creating folders.
pub fn write_files(root: &Path, files: &[(&str, &[u8])]) {
    for (path, data) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }
}

/// A UI-only project with a few files, in `root/name`.
pub fn ui_project(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    write_files(
        &dir,
        &[
            ("manifest.json", HELLO_MANIFEST.as_bytes()),
            (
                "ui/index.html",
                b"<!doctype html><title>x</title><script src=\"main.js\"></script>",
            ),
            ("ui/main.js", b"console.log('hi');\n"),
            ("ui/css/site.css", b"body { color: red }\n"),
            (
                "ui/img/logo.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ),
        ],
    );
    dir
}

/// One tar entry of a hand-made archive; the header is written raw so that any path,
/// type or size can be expressed.
pub struct RawEntry<'a> {
    pub path: &'a [u8],
    pub kind: tar::EntryType,
    pub data: &'a [u8],
    pub link: &'a [u8],
    /// Size written in the header (defaults to the data's length).
    pub size: Option<u64>,
}

impl<'a> RawEntry<'a> {
    pub fn file(path: &'a str, data: &'a [u8]) -> Self {
        RawEntry {
            path: path.as_bytes(),
            kind: tar::EntryType::Regular,
            data,
            link: b"",
            size: None,
        }
    }

    pub fn of_kind(path: &'a str, kind: tar::EntryType) -> Self {
        RawEntry {
            kind,
            ..RawEntry::file(path, b"")
        }
    }
}

/// A tar archive of raw entries (no checks at all).
pub fn raw_tar(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let mut h = tar::Header::new_gnu();
        {
            let old = h.as_old_mut();
            old.name = [0; 100];
            old.name[..e.path.len()].copy_from_slice(e.path);
            old.linkname = [0; 100];
            old.linkname[..e.link.len()].copy_from_slice(e.link);
        }
        h.set_size(e.size.unwrap_or(e.data.len() as u64));
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_entry_type(e.kind);
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(e.data);
        let pad = (512 - e.data.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, pad));
    }
    out.extend([0u8; 1024]);
    out
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

/// Runs a command and returns its stdout when it succeeds.
pub fn run_ok(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `home/p`, a UI-only project, packed fast; returns its `bundle.tar.zst`.
pub fn packed_ui_project(home: &Path) -> PathBuf {
    ui_project(home, "p");
    alga(home)
        .args(["pack", "-q", "--project", "p", "--fast"])
        .assert()
        .success();
    home.join("p/dist/bundle.tar.zst")
}

/// An ECDSA P-256 key pair made by openssl in `home`: `key` (PKCS#8 PEM) and `public` (SPKI PEM).
pub fn openssl_p256(home: &Path, key: &str, public: &str) {
    run_ok(
        std::process::Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                key,
            ])
            .current_dir(home),
    );
    run_ok(
        std::process::Command::new("openssl")
            .args(["pkey", "-in", key, "-pubout", "-out", public])
            .current_dir(home),
    );
}

/// The exported cosign signature `sig` (base64) decoded to DER at `der`, for `openssl dgst`.
pub fn cosign_sig_to_der(sig: &Path, der: &Path) {
    use base64::Engine as _;
    let text = std::fs::read_to_string(sig).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap();
    std::fs::write(der, bytes).unwrap();
}

/// A peer tool the test needs, as a command; when it is not on PATH the test fails at once,
/// naming the tool and the Debian package that installs it (`.ci/run` installs them all).
pub fn peer(tool: &str) -> std::process::Command {
    std::process::Command::new(peer_path(tool))
}

/// Where the peer tool `tool` is on PATH; fails the test naming its package when it is not.
pub fn peer_path(tool: &str) -> PathBuf {
    let package = match tool {
        "gpg" => "gnupg",
        "node" => "nodejs",
        "ldd" => "libc-bin",
        other => other,
    };
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(tool))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!(
                "`{tool}` is missing: install Debian's `{package}` (apt-get install {package}; `.ci/run` does)"
            )
        })
}

/// The host-api fixture (componentize-js; every host interface, `/spin`, `/hog`...) built,
/// packed and compiled once per test binary, in a home of its own; returns that home (the
/// project is `p`, its bundle `p/dist/bundle.tar.zst`, its compile cache under `.cache/alga`).
///
/// A static is never dropped, so the home (about 500 MB) outlives the process: it is
/// `host-api-<pid>` in cargo's temporary folder for tests, and the homes of test processes that
/// have ended are removed first, so that runs do not pile them up.
#[allow(dead_code)]
pub fn host_api_built() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let ours = std::process::id();
        // Whether a process is alive is read from /proc; elsewhere nothing is removed.
        if cfg!(target_os = "linux")
            && let Ok(entries) = std::fs::read_dir(tmp)
        {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let pid = name.to_str().and_then(|n| n.strip_prefix("host-api-"));
                if let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok())
                    && pid != ours
                    && !Path::new("/proc").join(pid.to_string()).exists()
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let home = tmp.join(format!("host-api-{ours}"));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/host-api"),
            &home.join("p"),
        );
        for args in [
            &["build", "-q", "--project", "p"][..],
            &["pack", "-q", "--fast", "--project", "p"],
            &["invoke", "-q", "--project", "p", "/context"],
        ] {
            alga(&home).args(args).assert().success();
        }
        home
    })
}
