//! The JavaScript/TypeScript handler: npm, esbuild and componentize-js.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::BuildError;
use super::entry::Package;
use super::run::run_step;
use super::worker::{Componentized, Worker};

/// Runs componentize-js from the project's `node_modules`: `node -e` with module input resolves
/// bare imports from the working directory, so no script file is written.
const COMPONENTIZE_SCRIPT: &str = r#"
const [sourcePath, witPath, worldName, outPath, disabled] = process.argv.slice(1);
const { componentize } = await import("@bytecodealliance/componentize-js");
const { writeFile } = await import("node:fs/promises");
const { component } = await componentize({
  sourcePath,
  witPath,
  worldName,
  disableFeatures: disabled ? disabled.split(",") : [],
});
await writeFile(outPath, component);
"#;

/// `npm ci` (with a lockfile) or `npm install`.
pub fn install(project: &Path) -> Result<String, BuildError> {
    let lock = project.join("package-lock.json").is_file();
    let verb = if lock { "ci" } else { "install" };
    let mut cmd = Command::new("npm");
    cmd.current_dir(project)
        .args([verb, "--no-audit", "--no-fund"]);
    run_step("install", &mut cmd)?;
    Ok(format!("npm {verb}"))
}

/// The UI's build: the package script `script`, run as `npm run` runs it (`sh -c` in the
/// project, every `node_modules/.bin` from the project up on `PATH`, npm's lifecycle and
/// package variables) but without starting npm, which costs about 0.3 s of each UI rebuild.
/// `npm run` itself runs it when it has `pre`/`post` scripts, when the project has an `.npmrc`
/// (which may set `script-shell` or `node-options`), or on Windows.
pub fn build_ui(project: &Path, package: &Package, script: &str) -> Result<(), BuildError> {
    let hooks = [format!("pre{script}"), format!("post{script}")];
    let plain = cfg!(unix)
        && !hooks.iter().any(|h| package.has_script(h))
        && !project.join(".npmrc").exists();
    let line = package.script(script).filter(|_| plain);
    let Some(line) = line else {
        let mut cmd = Command::new("npm");
        cmd.current_dir(project).args(["run", script]);
        return run_step("ui", &mut cmd).map(drop);
    };
    let mut bins: Vec<PathBuf> = project
        .ancestors()
        .map(|dir| dir.join("node_modules/.bin"))
        .collect();
    bins.extend(
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths),
    );
    let path = std::env::join_paths(bins).map_err(|e| BuildError::Io {
        context: "cannot put node_modules/.bin on PATH".into(),
        source: std::io::Error::other(e),
    })?;
    let mut cmd = Command::new("sh");
    cmd.current_dir(project)
        .args(["-c", line])
        .env("PATH", path)
        .env("INIT_CWD", project)
        .env("npm_command", "run-script")
        .env("npm_lifecycle_event", script)
        .env("npm_lifecycle_script", line)
        .env("npm_package_json", project.join("package.json"));
    for field in ["name", "version"] {
        if let Some(value) = package.field(field) {
            cmd.env(format!("npm_package_{field}"), value);
        }
    }
    run_step("ui", &mut cmd).map(drop)
}

fn require_package(
    project: &Path,
    package: &str,
    bin: Option<&str>,
) -> Result<PathBuf, BuildError> {
    let Some(dir) = super::packages::find(project, package) else {
        return Err(BuildError::MissingPackage {
            package: package.to_string(),
            project: project.to_path_buf(),
            install: super::Install::NotNeeded,
        });
    };
    Ok(match bin {
        // `<root>/node_modules/<package>` -> `<root>/node_modules/.bin/<bin>`
        Some(b) => dir
            .ancestors()
            .find(|d| d.file_name().is_some_and(|n| n == "node_modules"))
            .unwrap_or(&dir)
            .join(".bin")
            .join(b),
        None => dir,
    })
}

/// What bundling found.
pub struct Bundled {
    pub js: PathBuf,
    /// `alga:extension` interfaces the code imports (`storage`, `logging`, ...), with the
    /// files that import each.
    pub interfaces: BTreeMap<String, BTreeSet<String>>,
    /// The files esbuild read, relative to the project, outside `node_modules`.
    pub sources: Vec<String>,
}

/// Bundles the entry with esbuild into `dist/js/handler.js` (in `worker`, incrementally, when
/// there is one); the `alga:extension/*` imports stay external and are returned.
pub fn bundle(
    project: &Path,
    entry: &str,
    release: bool,
    worker: Option<&Worker>,
) -> Result<Bundled, BuildError> {
    let esbuild = require_package(project, "esbuild", Some("esbuild"))?;
    let out = project.join("dist/js/handler.js");
    let meta = project.join(".alga/esbuild-meta.json");
    fs::create_dir_all(project.join(".alga")).map_err(BuildError::io("cannot create `.alga/`"))?;
    // A relative entry starting with `-` must not read as a flag.
    let entry = if Path::new(entry).is_relative() && !entry.starts_with("./") {
        format!("./{entry}")
    } else {
        entry.to_string()
    };
    let settings = ESBUILD
        .iter()
        .filter(|(flag, ..)| release || *flag != "--minify");
    if let Some(worker) = worker.filter(|_| super::worker::utf8(&[project, Path::new(&entry)])) {
        let mut options = serde_json::json!({
            "entryPoints": [entry],
            "absWorkingDir": project.to_string_lossy(),
        });
        for (_, key, value) in settings {
            options[*key] = serde_json::from_str(value).unwrap_or_default();
        }
        worker.bundle(options, &meta)?;
        return bundled(out, &meta);
    }
    let mut cmd = Command::new(esbuild);
    cmd.current_dir(project)
        .arg(&entry)
        .args(settings.map(|(flag, ..)| *flag))
        .args(["--metafile=.alga/esbuild-meta.json", "--log-level=warning"]);
    run_step("bundle", &mut cmd)?;
    bundled(out, &meta)
}

/// How the handler is bundled: each setting as esbuild's command line writes it, and as its JS
/// API (alga dev's worker) names it, with the value as JSON. `--minify` is for `--release` only.
const ESBUILD: &[(&str, &str, &str)] = &[
    ("--bundle", "bundle", "true"),
    ("--format=esm", "format", r#""esm""#),
    ("--platform=neutral", "platform", r#""neutral""#),
    (
        "--main-fields=module,main",
        "mainFields",
        r#"["module","main"]"#,
    ),
    ("--target=es2022", "target", r#""es2022""#),
    (
        "--external:alga:extension/*",
        "external",
        r#"["alga:extension/*"]"#,
    ),
    (
        "--outfile=dist/js/handler.js",
        "outfile",
        r#""dist/js/handler.js""#,
    ),
    ("--legal-comments=none", "legalComments", r#""none""#),
    ("--minify", "minify", "true"),
];

/// What esbuild's metafile says it read and what the code imports.
fn bundled(out: PathBuf, meta: &Path) -> Result<Bundled, BuildError> {
    let meta: serde_json::Value = serde_json::from_slice(
        &fs::read(meta).map_err(BuildError::io("cannot read esbuild's metafile"))?,
    )
    .map_err(|e| BuildError::Io {
        context: "esbuild's metafile is not JSON".into(),
        source: std::io::Error::other(e),
    })?;
    let mut interfaces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sources = Vec::new();
    if let Some(inputs) = meta["inputs"].as_object() {
        for (file, input) in inputs {
            if !file.starts_with("node_modules/") && !file.contains("/node_modules/") {
                sources.push(file.clone());
            }
            for import in input["imports"].as_array().into_iter().flatten() {
                let Some(path) = import["path"].as_str() else {
                    continue;
                };
                if let Some(rest) = path.strip_prefix("alga:extension/") {
                    let name = rest.split('@').next().unwrap_or(rest).to_string();
                    interfaces.entry(name).or_default().insert(file.clone());
                }
            }
        }
    }
    Ok(Bundled {
        js: out,
        interfaces,
        sources,
    })
}

/// WASI features componentize-js can leave out, and whether the handler needs each. WASI HTTP
/// (the global `fetch`) is on only with `http` (the code calls it and `cap:http.fetch` is
/// granted); `alga dev` sends it through the egress allowlist, the Runner does not.
pub fn disabled_features(js: &str, http: bool) -> Vec<&'static str> {
    let uses = |needles: &[&str]| needles.iter().any(|n| js.contains(n));
    let mut off = Vec::new();
    if !uses(&["console."]) {
        off.push("stdio");
    }
    if !uses(&["Math.random", "getRandomValues", "randomUUID"]) {
        off.push("random");
    }
    if !uses(&[
        "Date.now",
        "new Date",
        "performance.now",
        "setTimeout",
        "setInterval",
    ]) {
        off.push("clocks");
    }
    if !http {
        off.push("http");
    }
    off.push("fetch-event");
    off
}

/// Whether the bundle seems to call the global `fetch`, which is not available.
pub fn calls_global_fetch(js: &str) -> bool {
    let imports_fetch = js
        .lines()
        .any(|l| l.contains("alga:extension/http") && l.contains("fetch") && !l.contains(" as "));
    !imports_fetch
        && js.match_indices("fetch(").any(|(i, _)| {
            let before = js[..i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
        })
}

/// Runs componentize-js on the bundled handler against `world` in `wit_dir` (in `worker`, when
/// there is one; it then says whether the spliced engine was reused).
pub fn componentize(
    project: &Path,
    js: &Path,
    (wit_dir, world): (&Path, &str),
    disabled: &[&str],
    out: &Path,
    worker: Option<&Worker>,
) -> Result<Option<Componentized>, BuildError> {
    require_package(project, super::packages::COMPONENTIZE_PKG, None)?;
    if let Some(worker) = worker.filter(|_| super::worker::utf8(&[project, js, wit_dir, out])) {
        let started = std::time::Instant::now();
        let files = (js, wit_dir, world);
        let mut done = worker.componentize(files, disabled, out, worker.finishes())?;
        if let Some(core) = done.core.take() {
            match finish(worker, &core, out) {
                Ok(reused) => done.stubs_reused = reused,
                // componentize-js finishes, now and for the rest of the session.
                Err(e) => {
                    worker.unfinished();
                    done = worker.componentize(files, disabled, out, false)?;
                    done.unfinished = Some(e.to_string());
                }
            }
        }
        done.millis = started.elapsed().as_millis() as u64;
        return Ok(Some(done));
    }
    let mut cmd = Command::new("node");
    cmd.current_dir(project)
        .args(["--input-type=module", "-e", COMPONENTIZE_SCRIPT, "--"])
        .arg(js)
        .arg(wit_dir)
        .arg(world)
        .arg(out)
        .arg(disabled.join(","));
    run_step("componentize", &mut cmd)?;
    Ok(None)
}

/// What componentize-js does after wizer, for the snapshot the worker stopped it at in `out`:
/// `stubWasi` (reused from the last build when it can be), then the component. Whether the
/// stubs were reused.
fn finish(worker: &Worker, core: &super::worker::Core, out: &Path) -> Result<bool, BuildError> {
    let (stubbed, reused) = worker.stub_wasi(core, out)?;
    let adapter = fs::read(&core.adapter).map_err(BuildError::io(format!(
        "cannot read `{}`",
        core.adapter.display()
    )))?;
    let component = super::core::js_component(&stubbed, &adapter, &core.version)?;
    fs::write(out, component).map_err(BuildError::io("cannot write the component"))?;
    Ok(reused)
}

/// The WASI features componentize-js leaves out of the handler `js`, and whether it calls the
/// global `fetch` without cap:http.fetch (which it needs, as `alga:extension/http` does: it goes
/// out through `wasi:http`).
pub(super) fn wasi_features(
    js: &str,
    manifest: &crate::manifest::Manifest,
) -> (Vec<&'static str>, bool) {
    let global_fetch = calls_global_fetch(js);
    let http_granted = manifest
        .granted_capabilities()
        .contains(&crate::manifest::Capability::HttpFetch);
    (
        disabled_features(js, global_fetch && http_granted),
        global_fetch && !http_granted,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_spellings_of_each_esbuild_setting_agree() {
        for (flag, key, value) in ESBUILD {
            let value: serde_json::Value = serde_json::from_str(value).expect(key);
            // `--main-fields=module,main` is `mainFields: ["module", "main"]`.
            let kebab: String = key
                .chars()
                .flat_map(|c| {
                    let lower = c.to_ascii_lowercase();
                    (c != lower).then_some('-').into_iter().chain([lower])
                })
                .collect();
            let written = match &value {
                serde_json::Value::Bool(true) => format!("--{kebab}"),
                serde_json::Value::String(s) => format!("--{kebab}={s}"),
                serde_json::Value::Array(items) if *key == "external" => {
                    format!("--{kebab}:{}", items[0].as_str().unwrap())
                }
                serde_json::Value::Array(items) => {
                    let items: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                    format!("--{kebab}={}", items.join(","))
                }
                other => panic!("{key}: {other}"),
            };
            assert_eq!(*flag, written);
        }
    }

    #[test]
    fn features_follow_the_code() {
        assert_eq!(
            disabled_features("export function handler() {}", false),
            ["stdio", "random", "clocks", "http", "fetch-event"]
        );
        let code = "console.log(Date.now(), Math.random());";
        assert_eq!(disabled_features(code, false), ["http", "fetch-event"]);
        assert_eq!(disabled_features(code, true), ["fetch-event"]);
    }

    #[test]
    fn global_fetch_is_spotted() {
        assert!(calls_global_fetch("const r = await fetch(url);"));
        assert!(!calls_global_fetch(
            "import { fetch } from \"alga:extension/http\";\nfetch(req)"
        ));
        assert!(!calls_global_fetch("httpFetch(req); obj.fetch(x)"));
    }
}
