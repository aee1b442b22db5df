//! The npm distribution: the linux-x64 platform package and the main package, assembled by
//! `npm/build.mjs` from this build's binary, installed with `npm install -g --prefix` from the
//! tarballs (offline, no registry, no install scripts); the installed `alga` runs, and the JS
//! API drives `pack`, `inspect` and a failing `verify`. Needs node and npm (`.ci/run` installs them).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}\n{}{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The tarballs `npm/build.mjs` wrote into `out` (platform package first, main package last).
fn build_packages(out: &Path) -> Vec<PathBuf> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("npm/build.mjs");
    let text = run(Command::new("node")
        .arg(script)
        .arg("--out")
        .arg(out)
        .arg("--binary")
        .arg(format!("linux-x64={}", env!("CARGO_BIN_EXE_alga"))));
    text.lines().map(PathBuf::from).collect()
}

/// The binary needs no shared library beyond glibc's and `libgcc_s` (Hurl's parser once linked
/// libxml2, which pulled ICU and libstdc++ in and tied the binary to one distribution's
/// `libxml2.so.2`). This is the test build; the release build the npm packages ship links the
/// same crates.
#[test]
fn the_binary_needs_no_shared_library_but_glibc() {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        println!("skipped: the check reads glibc's ldd");
        return;
    }
    let ldd = common::peer_path("ldd");
    let out = run(Command::new(ldd).arg(env!("CARGO_BIN_EXE_alga")));
    let glibc = [
        "linux-vdso.so",
        "libc.so",
        "libm.so",
        "libgcc_s.so",
        "ld-linux",
        "libpthread.so",
        "libdl.so",
        "librt.so",
    ];
    let others: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !glibc.iter().any(|g| l.contains(g)))
        .collect();
    assert!(
        others.is_empty(),
        "libraries beyond glibc: {others:?}\n{out}"
    );
}

#[test]
fn npm_packages_install_offline_and_run_alga_and_its_js_api() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        println!(
            "skipped: this machine builds no linux-x64 binary (the package this test installs)"
        );
        return;
    }
    common::peer_path("node");
    common::peer_path("npm");
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let tarballs = build_packages(&t.join("pkgs"));
    let names: Vec<String> = tarballs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        names,
        [
            format!("alga-toolchain-linux-x64-{version}.tgz"),
            format!("alga-toolchain-{version}.tgz")
        ]
    );

    // The main package lists every platform package as optional, each with its os and cpu.
    let listing = run(Command::new("tar")
        .arg("-xOzf")
        .arg(&tarballs[1])
        .arg("package/package.json"));
    let main: serde_json::Value = serde_json::from_str(&listing).unwrap();
    assert_eq!(main["bin"]["alga"], "bin/alga.js");
    assert_eq!(main["types"], "lib/index.d.ts");
    assert!(main.get("scripts").is_none(), "no install script");
    let optional = main["optionalDependencies"].as_object().unwrap();
    assert_eq!(optional.len(), 5);
    assert_eq!(optional["alga-toolchain-win32-x64"], version);
    let platform = run(Command::new("tar")
        .arg("-xOzf")
        .arg(&tarballs[0])
        .arg("package/package.json"));
    let platform: serde_json::Value = serde_json::from_str(&platform).unwrap();
    assert_eq!(platform["os"], serde_json::json!(["linux"]));
    assert_eq!(platform["cpu"], serde_json::json!(["x64"]));

    let prefix = t.join("prefix");
    run(Command::new("npm")
        .args([
            "install",
            "-g",
            "--offline",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(&prefix)
        .args(&tarballs)
        .env("npm_config_cache", t.join("npm-cache"))
        .current_dir(t));
    let alga = prefix.join("bin/alga");
    let installed = |args: &[&str]| {
        let mut cmd = Command::new(&alga);
        cmd.args(args)
            .current_dir(t)
            .env("HOME", t)
            .env_remove("XDG_CACHE_HOME");
        cmd
    };
    assert_eq!(
        run(&mut installed(&["--version"])).trim(),
        format!("alga {version}")
    );
    // Exit codes come through the launcher.
    let bad = installed(&["pack", "--project", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));

    // create -> build -> pack through the installed bin (the UI-only template: no npm step).
    run(&mut installed(&["create", "extension", "hi", "-q"]));
    run(&mut installed(&["build", "--project", "hi"]));
    run(&mut installed(&["pack", "-q", "--project", "hi"]));
    assert!(t.join("hi/dist/bundle.tar.zst").is_file());

    // A SIGTERM sent to the launcher alone (a CI timeout, `docker stop`) reaches the binary.
    let mut dev = installed(&["dev", "-q", "--project", "hi", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let children = format!("/proc/{0}/task/{0}/children", dev.id());
    let started = std::time::Instant::now();
    let binary = loop {
        let text = std::fs::read_to_string(&children).unwrap_or_default();
        if let Some(pid) = text.split_whitespace().next() {
            break pid.to_string();
        }
        assert!(
            started.elapsed().as_secs() < 30,
            "the launcher started no binary"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    run(Command::new("kill").args(["-TERM", &dev.id().to_string()]));
    let status = dev.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(143),
        "128 + SIGTERM, as a shell reports it"
    );
    let gone = std::fs::read_to_string(format!("/proc/{binary}/stat"))
        .map_or(true, |stat| stat.contains(") Z "));
    assert!(gone, "the binary ended with the launcher");

    // The JS API: typed results, and an error object with the exit code and hint.
    let api = prefix.join("lib/node_modules/alga-toolchain");
    assert!(api.join("lib/index.d.ts").is_file());
    let script = r#"
const alga = require(process.argv[2]);
(async () => {
  const packed = await alga.pack({ project: "hi", force: true });
  const seen = await alga.inspect(packed.bundle);
  await alga.run(["keys", "generate", "--algorithm", "cosign", "--out", "keys"], { env: { COSIGN_PASSWORD: "pw" } });
  await alga.run(["keys", "generate", "--algorithm", "cosign", "--out", "other"], { env: { COSIGN_PASSWORD: "pw" } });
  const signed = await alga.sign(packed.bundle, { key: "keys/cosign.key", env: { COSIGN_PASSWORD: "pw" } });
  const verified = await alga.verify(packed.bundle, { trust: "keys/cosign.pub" });
  let rejected = null;
  try {
    await alga.verify(packed.bundle, { trust: "other/cosign.pub" });
  } catch (e) {
    rejected = { name: e.name, isAlgaError: e instanceof alga.AlgaError, exitCode: e.exitCode, message: e.message, hint: e.hint };
  }
  const answered = await alga.invoke("POST", "/api/hi", { project: "w", body: Buffer.from("ignored"), secrets: { token: "topsecret" } });
  let usage = null;
  try {
    await alga.invoke("BAD METHOD", "/api/hi", { project: "w", secrets: { token: "topsecret" } });
  } catch (e) {
    usage = { exitCode: e.exitCode, message: e.message, command: e.command };
  }
  const version = await alga.run(["--version"]);
  console.log(JSON.stringify({ packed, seen, signed, verified, rejected, answered: { status: answered.status, body: answered.body.toString() }, usage, version }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;
    std::fs::write(t.join("api.js"), script).unwrap();
    // A handler to invoke: a hand-written component answering `{"ok":true}`.
    common::wat_project_with(
        t,
        "w",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"),
    );
    let manifest = std::fs::read_to_string(t.join("w/manifest.json"))
        .unwrap()
        .replace("\"method\": \"GET\"", "\"method\": \"POST\"");
    std::fs::write(t.join("w/manifest.json"), manifest).unwrap();
    let out = run(Command::new("node")
        .arg("api.js")
        .arg(&api)
        .current_dir(t)
        .env("HOME", t));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let hash = v["packed"]["contentHash"].as_str().unwrap();
    assert!(hash.starts_with("sha256:"), "{v}");
    assert_eq!(v["seen"]["kind"], "bundle");
    assert_eq!(
        v["seen"]["contentHash"], hash,
        "inspect reads what pack wrote"
    );
    assert!(
        v["seen"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "ui/index.html"),
        "{v}"
    );
    assert_eq!(v["signed"]["signature"]["algorithm"], "cosign");
    assert_eq!(v["verified"]["subject"]["digest"], hash);
    let rejected = &v["rejected"];
    assert_eq!(rejected["name"], "AlgaError", "{v}");
    assert_eq!(rejected["isAlgaError"], true);
    assert_eq!(rejected["exitCode"], 13, "the trusted-signer check: {v}");
    assert!(
        rejected["message"]
            .as_str()
            .unwrap()
            .contains("not in the trust bundle"),
        "{v}"
    );
    assert!(
        rejected["hint"].as_str().unwrap().contains("trust bundle"),
        "{v}"
    );

    // A body through standard input, a decoded answer; secrets never in what an error shows.
    assert_eq!(v["answered"]["status"], 200, "{v}");
    assert_eq!(v["answered"]["body"], "{\"ok\":true}");
    let usage = &v["usage"];
    assert_eq!(usage["exitCode"], 1, "{v}");
    assert!(
        usage["message"]
            .as_str()
            .unwrap()
            .contains("not an HTTP method"),
        "{v}"
    );
    assert!(!usage.to_string().contains("topsecret"), "{v}");
    assert!(usage["command"].to_string().contains("token=***"), "{v}");
    assert_eq!(
        v["version"].as_str().unwrap().trim(),
        format!("alga {version}")
    );
}
