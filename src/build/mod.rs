//! `alga build`: the UI (npm), the handler component (esbuild + componentize-js, core wasm
//! through wit-component, or cargo), and the check against the `alga:extension/runner` world.

mod core;
mod inputs;
mod js;
mod run;
pub mod world;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::manifest::{self, Manifest, ManifestError};
pub use core::{RUST_TARGET, rust_target_installed};
pub use js::COMPONENTIZE_PKG;
pub use world::{WorldError, WorldReport};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub project: PathBuf,
    pub skip_install: bool,
    pub release: bool,
    /// A core module or component to use as the handler instead of building sources.
    pub wasm: Option<PathBuf>,
}

/// Progress of a build, reported by phase; the command decides how to show it.
pub trait Reporter {
    /// A phase starts (`install`, `ui`, `bundle`, `componentize`, `check`, `write`).
    fn start(&self, phase: &str, detail: &str);
    /// The phase ended (`skipped` when its inputs were unchanged).
    fn finish(&self, phase: &str, detail: &str);
    fn warn(&self, text: &str);
}

/// What a build produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildReport {
    pub project: PathBuf,
    /// `js`, `wasm`, `rust` or `ui-only`.
    pub kind: &'static str,
    pub ui: Option<UiReport>,
    pub handler: Option<HandlerReport>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UiReport {
    pub out: PathBuf,
    pub skipped: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandlerReport {
    pub wasm: PathBuf,
    pub size: u64,
    pub sha256: String,
    /// Inputs were unchanged, so componentize did not run.
    pub skipped: bool,
    pub imports: Vec<String>,
    pub capabilities: Vec<String>,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    World(#[from] WorldError),
    #[error("step `{step}` needs `{tool}`, which is not installed")]
    ToolMissing { step: String, tool: String },
    #[error("step `{step}` failed: `{command}` ended with {status}")]
    StepFailed {
        step: String,
        command: String,
        status: String,
        output: String,
    },
    #[error("`{package}` is not installed in `{}`", project.join("node_modules").display())]
    MissingPackage { package: String, project: PathBuf },
    #[error("the manifest declares `api.endpoints` but the project has no handler source ({})", js::ENTRIES.join(", "))]
    NoEntry,
    #[error("`{file}` imports `alga:extension/{interface}`, which is not in the `runner` world")]
    UnknownInterface { file: String, interface: String },
    #[error("cannot make a component: {0}")]
    Core(String),
    #[error("the Rust target `wasm32-wasip2` is not installed")]
    RustTarget,
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl BuildError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BuildError {
        let context = context.into();
        move |source| BuildError::Io { context, source }
    }
}

impl crate::error::Explain for BuildError {
    fn hint(&self) -> Option<String> {
        match self {
            BuildError::Manifest(m) => m.hint(),
            BuildError::World(w) => w.hint(),
            BuildError::ToolMissing { tool, .. } if tool == "node" || tool == "npm" => Some(
                "install Node.js 20 or newer with npm (Debian: `apt-get install nodejs npm`); `alga doctor` checks it".into(),
            ),
            BuildError::ToolMissing { tool, .. } => Some(format!("install `{tool}` and run the build again")),
            BuildError::StepFailed { step, .. } => Some(match step.as_str() {
                "install" => "fix the dependency error above (package.json, network, lockfile), or pass `--skip-install` if node_modules is ready".into(),
                "ui" => "the UI build (`npm run build:ui`) failed; the lines above are its output".into(),
                "bundle" => "esbuild could not bundle the handler; the lines above name the file and line".into(),
                "componentize" => "componentize-js failed; check that the handler exports `handler` and imports only `alga:extension/*`".into(),
                "cargo" => "cargo could not build the handler; the lines above are its output".into(),
                _ => return None,
            }),
            BuildError::MissingPackage { package, .. } => Some(format!(
                "run `npm install --save-dev {package}` (or `alga build` without `--skip-install`)"
            )),
            BuildError::NoEntry => Some("create `src/index.ts` exporting `handler`, or remove `api` from manifest.json for a UI-only extension".into()),
            BuildError::UnknownInterface { .. } => Some("import only interfaces of `wit/extension-runner.wit`".into()),
            BuildError::Core(_) => Some("a core module must export `handler` in the canonical ABI (as wit-bindgen generates) or be a component".into()),
            BuildError::RustTarget => Some("run `rustup target add wasm32-wasip2`; `alga doctor` checks it".into()),
            BuildError::Io { .. } => None,
        }
    }

    fn details(&self) -> Vec<String> {
        match self {
            BuildError::StepFailed { output, .. } if !output.trim().is_empty() => {
                output.lines().map(|l| format!("  | {l}")).collect()
            }
            BuildError::Manifest(m) => m.details(),
            _ => Vec::new(),
        }
    }
}

/// Salt of the input hash: a new alga or other options rebuild.
fn salt(opts: &BuildOptions) -> String {
    format!(
        "alga {} release={}",
        env!("CARGO_PKG_VERSION"),
        opts.release
    )
}

/// The UI (`npm run build:ui`, skipped when its inputs are unchanged) and the handler of a
/// JavaScript or TypeScript project.
fn build_js_project(
    opts: &BuildOptions,
    manifest: &manifest::Manifest,
    state: &mut inputs::State,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let project = &opts.project;
    if !opts.skip_install && !project.join("node_modules").is_dir() {
        reporter.start("install", "npm dependencies");
        let how = js::install(project)?;
        reporter.finish("install", &how);
    }
    if js::has_script(project, "build:ui") {
        let hash = inputs::hash_project(project, &salt(opts))
            .map_err(BuildError::io("cannot read the project's files"))?;
        let out = project.join("dist/ui");
        let skipped =
            state.ui.as_deref() == Some(hash.as_str()) && out.join("index.html").is_file();
        if skipped {
            reporter.finish("ui", "skipped (inputs unchanged)");
        } else {
            reporter.start("ui", "npm run build:ui");
            js::build_ui(project)?;
            if !out.join("index.html").is_file() {
                warnings.push("`npm run build:ui` did not write dist/ui/index.html".into());
            }
            reporter.finish("ui", "dist/ui");
            state.ui = Some(hash);
            save_state(project, state)?;
        }
        report.ui = Some(UiReport { out, skipped });
    }
    match js::entry(project) {
        Some(entry) => {
            report.handler = Some(build_js(opts, entry, manifest, state, reporter, warnings)?);
        }
        None if manifest.needs_wasm() => return Err(BuildError::NoEntry),
        None => {}
    }
    Ok(())
}

/// Builds the project.
pub fn build(opts: &BuildOptions, reporter: &dyn Reporter) -> Result<BuildReport, BuildError> {
    // Tools run inside the project folder, so every path handed to them is absolute.
    let absolute = std::path::absolute(&opts.project).map_err(BuildError::io(format!(
        "cannot resolve `{}`",
        opts.project.display()
    )))?;
    let opts = &BuildOptions {
        project: absolute,
        ..opts.clone()
    };
    let project = &opts.project;
    let loaded = manifest::load(&project.join("manifest.json"))?;
    let manifest = &loaded.manifest;
    let mut warnings: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| format!("manifest.json: {}: {}", w.path, w.message))
        .collect();
    let mut state = inputs::load(project);

    let mut report = BuildReport {
        project: project.clone(),
        kind: "ui-only",
        ui: None,
        handler: None,
        warnings: Vec::new(),
    };

    let wit_dir = project.join("wit");
    if let Some(wasm) = &opts.wasm {
        report.kind = "wasm";
        reporter.start("componentize", &wasm.display().to_string());
        let (resolve, world) = world::load_world(&wit_dir)?;
        let bytes = core::componentize(wasm, &resolve, world)?;
        reporter.finish("componentize", "wit-component");
        report.handler = Some(finish_handler(
            project,
            &bytes,
            manifest,
            reporter,
            &mut warnings,
        )?);
        state.handler = None;
    } else if project.join("package.json").is_file() {
        report.kind = "js";
        build_js_project(
            opts,
            manifest,
            &mut state,
            reporter,
            &mut warnings,
            &mut report,
        )?;
    } else if project.join("Cargo.toml").is_file() {
        report.kind = "rust";
        reporter.start("cargo", &format!("cargo build --target {RUST_TARGET}"));
        let wasm = core::cargo_build(project, opts.release)?;
        reporter.finish("cargo", &wasm.display().to_string());
        let (resolve, world) = world::load_world(&wit_dir)?;
        let bytes = core::componentize(&wasm, &resolve, world)?;
        report.handler = Some(finish_handler(
            project,
            &bytes,
            manifest,
            reporter,
            &mut warnings,
        )?);
    } else if manifest.needs_wasm() {
        return Err(BuildError::NoEntry);
    }
    for w in &warnings {
        reporter.warn(w);
    }
    report.warnings = warnings;
    Ok(report)
}

fn save_state(project: &Path, state: &inputs::State) -> Result<(), BuildError> {
    inputs::save(project, state).map_err(BuildError::io("cannot write `.alga/build.json`"))
}

fn build_js(
    opts: &BuildOptions,
    entry: &str,
    manifest: &Manifest,
    state: &mut inputs::State,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<HandlerReport, BuildError> {
    let project = &opts.project;
    let roots = [
        "src",
        "wit",
        "manifest.json",
        "package.json",
        "package-lock.json",
        "tsconfig.json",
    ];
    let hash = inputs::hash(project, &roots, &salt(opts))
        .map_err(BuildError::io("cannot read the handler's sources"))?;
    let wasm_path = project.join(manifest::WASM_ENTRY);
    if let Some(prev) = &state.handler
        && prev.inputs == hash
        && let Ok((digest, size)) = crate::bundle::sha256_file(&wasm_path)
        && crate::bundle::sha256_label(&digest) == prev.wasm_sha256
    {
        reporter.finish("componentize", "skipped (inputs unchanged)");
        return Ok(HandlerReport {
            wasm: wasm_path,
            size,
            sha256: prev.wasm_sha256.clone(),
            skipped: true,
            imports: prev.imports.clone(),
            capabilities: prev.capabilities.clone(),
        });
    }

    reporter.start("bundle", &format!("esbuild {entry}"));
    let bundled = js::bundle(project, entry, opts.release)?;
    reporter.finish("bundle", "dist/js/handler.js");

    let (resolve, world_id) = world::load_world(&project.join("wit"))?;
    let world_imports: BTreeSet<String> = resolve.worlds[world_id]
        .imports
        .keys()
        .map(|k| resolve.name_world_key(k))
        .filter_map(|n| {
            n.strip_prefix("alga:extension/")
                .map(|s| s.split('@').next().unwrap_or(s).to_string())
        })
        .collect();
    let mut used = BTreeSet::new();
    for item in &bundled.interfaces {
        let (name, file) = item.split_once('\u{0}').expect("name and file");
        if !world_imports.contains(name) {
            return Err(BuildError::UnknownInterface {
                file: file.to_string(),
                interface: name.to_string(),
            });
        }
        used.insert(name.to_string());
    }
    let staged = stage_wit(project, &used)?;
    let js_text = fs::read_to_string(&bundled.js)
        .map_err(BuildError::io("cannot read dist/js/handler.js"))?;
    if js::calls_global_fetch(&js_text) {
        warnings.push(
            "the handler seems to call the global `fetch`, which components do not have; use `fetch` from \"alga:extension/http\" (needs cap:http.fetch)".into(),
        );
    }
    let disabled = js::disabled_features(&js_text);
    reporter.start(
        "componentize",
        &format!(
            "componentize-js (WASI features off: {})",
            disabled.join(", ")
        ),
    );
    let out = ensure_dir(&project.join(".alga/build"))?.join("handler.wasm");
    js::componentize(
        project,
        &bundled.js,
        staged.path(),
        BUILD_WORLD,
        &disabled,
        &out,
    )?;
    let bytes = fs::read(&out).map_err(BuildError::io("cannot read the componentized handler"))?;
    reporter.finish(
        "componentize",
        &crate::output::human_bytes(bytes.len() as u64),
    );
    let report = finish_handler(project, &bytes, manifest, reporter, warnings)?;
    state.handler = Some(inputs::HandlerState {
        inputs: hash,
        wasm_sha256: report.sha256.clone(),
        imports: report.imports.clone(),
        capabilities: report.capabilities.clone(),
    });
    save_state(project, state)?;
    let _ = fs::remove_file(&out);
    Ok(report)
}

/// The world handlers are componentized against: `runner` cut down to what the code imports,
/// so that the component asks only for the capabilities it uses.
const BUILD_WORLD: &str = "alga-build";

/// Copies the project's WIT to a temporary folder and adds the cut-down world to the file
/// that defines `runner`.
fn stage_wit(project: &Path, used: &BTreeSet<String>) -> Result<tempfile::TempDir, BuildError> {
    let dir = tempfile::Builder::new()
        .prefix("wit-")
        .tempdir_in(ensure_dir(&project.join(".alga"))?)
        .map_err(BuildError::io(
            "cannot create a temporary folder in `.alga/`",
        ))?;
    let src = project.join("wit");
    let mut files: Vec<(String, String)> = Vec::new();
    if src.is_dir() {
        for entry in fs::read_dir(&src).map_err(BuildError::io("cannot list `wit/`"))? {
            let entry = entry.map_err(BuildError::io("cannot list `wit/`"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".wit") {
                let text = fs::read_to_string(entry.path())
                    .map_err(BuildError::io(format!("cannot read `wit/{name}`")))?;
                files.push((name, text));
            }
        }
    } else {
        files.push((
            "extension-runner.wit".into(),
            crate::scaffold::RUNNER_WIT.into(),
        ));
    }
    let mut world =
        format!("\nworld {BUILD_WORLD} {{\n    use types.{{execute-request, execute-response}};\n");
    for name in used {
        world.push_str(&format!("    import {name};\n"));
    }
    world.push_str("    export handler: func(request: execute-request) -> execute-response;\n}\n");
    let host = files
        .iter()
        .position(|(_, t)| t.contains("world runner"))
        .unwrap_or(0);
    files[host].1.push_str(&world);
    for (name, text) in &files {
        fs::write(dir.path().join(name), text)
            .map_err(BuildError::io(format!("cannot write the staged `{name}`")))?;
    }
    Ok(dir)
}

fn ensure_dir(dir: &Path) -> Result<&Path, BuildError> {
    fs::create_dir_all(dir)
        .map_err(BuildError::io(format!("cannot create `{}`", dir.display())))?;
    Ok(dir)
}

/// Checks the component, then writes `dist/main.wasm` and `dist/component.json`.
fn finish_handler(
    project: &Path,
    bytes: &[u8],
    manifest: &Manifest,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<HandlerReport, BuildError> {
    reporter.start("check", "alga:extension/runner world");
    let (resolve, world) = world::load_world(&project.join("wit"))?;
    let check = world::check(bytes, &resolve, world, manifest)?;
    warnings.extend(check.warnings.iter().cloned());
    reporter.finish(
        "check",
        &format!("{} imports, handler exported", check.imports.len()),
    );
    let digest = {
        use sha2::Digest;
        sha2::Sha256::digest(bytes)
    };
    let sha = crate::bundle::sha256_label(&digest);
    let wasm = project.join(manifest::WASM_ENTRY);
    crate::fsutil::write_atomic(&wasm, bytes)
        .map_err(BuildError::io("cannot write dist/main.wasm"))?;
    let meta = serde_json::json!({
        "component": { "world": "alga:extension/runner", "file": manifest::WASM_ENTRY },
        "sha256": sha,
        "size": bytes.len(),
        "imports": check.imports.keys().collect::<Vec<_>>(),
        "capabilities": check.capabilities.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "builtBy": format!("alga {}", env!("CARGO_PKG_VERSION")),
    });
    let text = serde_json::to_vec_pretty(&meta).expect("json");
    crate::fsutil::write_atomic(&project.join("dist/component.json"), &text)
        .map_err(BuildError::io("cannot write dist/component.json"))?;
    reporter.finish("write", manifest::WASM_ENTRY);
    Ok(handler_report(
        project,
        bytes.len() as u64,
        sha,
        false,
        &check,
    ))
}

fn handler_report(
    project: &Path,
    size: u64,
    sha256: String,
    skipped: bool,
    check: &WorldReport,
) -> HandlerReport {
    HandlerReport {
        wasm: project.join(manifest::WASM_ENTRY),
        size,
        sha256,
        skipped,
        imports: check.imports.keys().cloned().collect(),
        capabilities: check
            .capabilities
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
    }
}
