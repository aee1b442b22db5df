//! `alga build`: the UI (npm), the handler component (esbuild + componentize-js, core wasm
//! through wit-component, or cargo), and the check against the `alga:extension/runner` world.

mod capabilities;
mod core;
mod entry;
mod error;
mod host;
mod inputs;
mod js;
pub mod packages;
mod run;
pub mod stubs;
pub mod worker;
pub mod world;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::manifest::{self, Manifest};
pub use core::{RUST_TARGET, js_component, rust_target_installed};
pub use error::BuildError;
pub use packages::COMPONENTIZE_PKG;
pub use world::{WorldError, WorldReport};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub project: PathBuf,
    pub skip_install: bool,
    pub release: bool,
    /// A core module or component to use as the handler instead of building sources.
    pub wasm: Option<PathBuf>,
    /// The handler's entry file, instead of looking for it.
    pub entry: Option<PathBuf>,
    /// Do not run the UI's npm script.
    pub skip_ui: bool,
    /// What to do when the handler needs capabilities the manifest does not declare.
    pub capabilities: CapabilityCheck,
    /// The dev loop's node worker, which keeps esbuild and componentize-js loaded.
    pub worker: Option<Arc<worker::Worker>>,
}

/// Whether a build ran npm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    /// `--skip-install`.
    Skipped,
    /// `node_modules` was there, so npm did not run.
    NotNeeded,
    Ran,
}

/// What a build does with capabilities the handler needs and the manifest does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CapabilityCheck {
    /// Refuse, naming every one (before componentize for JS/TS handlers).
    #[default]
    Refuse,
    /// Add them to `manifest.json`.
    Fix,
    /// Build anyway with a warning; the platform denies those calls at run time.
    Warn,
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
    let package = entry::Package::load(project)?;
    // Looked for first, so that a wrong entry is reported before minutes of npm; a project
    // with no handler source still gets its UI built.
    let entry = match entry::find(project, opts.entry.as_deref(), &package, manifest) {
        Ok(found) => Ok(found),
        Err(e @ BuildError::NoEntry { .. }) => Err(e),
        Err(other) => return Err(other),
    };
    let install = if opts.skip_install {
        Install::Skipped
    } else if project.join("node_modules").is_dir() {
        Install::NotNeeded
    } else {
        reporter.start("install", "npm dependencies");
        let how = js::install(project)?;
        reporter.finish("install", &how);
        Install::Ran
    };
    if opts.skip_ui {
        if !matches!(package.ui_script(), Ok(None)) {
            reporter.finish("ui", "skipped (--skip-ui)");
        }
    } else if let Some(script) = package.ui_script()? {
        report.ui = Some(build_ui(
            opts, &package, &script, manifest, state, reporter, warnings,
        )?);
    }
    let manifest_before = fs::read(project.join("manifest.json")).ok();
    if let Some(entry) = entry? {
        let built =
            build_js(opts, &entry, &package, manifest, state, reporter, warnings).map_err(|e| {
                match e {
                    BuildError::MissingPackage {
                        package, project, ..
                    } => BuildError::MissingPackage {
                        package,
                        project,
                        install,
                    },
                    other => other,
                }
            })?;
        report.handler = Some(built);
    }
    // `--fix-capabilities` changed the manifest, an input of the UI build that just ran: its
    // recorded inputs follow, so that the next build does not run the UI again for it.
    if report.ui.is_some()
        && !opts.skip_ui
        && fs::read(project.join("manifest.json")).ok() != manifest_before
        && let Some(script) = package.ui_script()?
        && state.ui.is_some()
    {
        state.ui = Some(ui_inputs(opts, &script)?);
        save_state(project, state)?;
    }
    Ok(())
}

/// The hash of the UI build's inputs: the project's files, alga, the options and the script.
fn ui_inputs(opts: &BuildOptions, script: &str) -> Result<String, BuildError> {
    inputs::hash_project(&opts.project, &format!("{} ui={script}", salt(opts)))
        .map_err(BuildError::io("cannot read the project's files"))
}

/// The UI's package script (see [`js::build_ui`]), skipped when the project's files are
/// unchanged since the last run and its page is there.
fn build_ui(
    opts: &BuildOptions,
    package: &entry::Package,
    script: &str,
    manifest: &Manifest,
    state: &mut inputs::State,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<UiReport, BuildError> {
    let project = &opts.project;
    let hash = ui_inputs(opts, script)?;
    let out = project.join("dist/ui");
    // The page `ui.entry` names, under `dist/ui/` (which becomes the bundle's `ui/`).
    let page = manifest
        .ui
        .as_ref()
        .map(|ui| ui.entry_path()["ui/".len()..].to_string())
        .unwrap_or_else(|| "index.html".into());
    let skipped = state.ui.as_deref() == Some(hash.as_str()) && out.join(&page).is_file();
    if skipped {
        reporter.finish("ui", "skipped (inputs unchanged)");
    } else {
        reporter.start("ui", &format!("npm script `{script}`"));
        js::build_ui(project, package, script)?;
        if !out.join(&page).is_file() {
            warnings.push(format!(
                "the npm script `{script}` did not write dist/ui/{page}"
            ));
        }
        reporter.finish("ui", "dist/ui");
        state.ui = Some(hash);
        save_state(project, state)?;
    }
    Ok(UiReport { out, skipped })
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
            opts,
            &bytes,
            manifest,
            true,
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
            opts,
            &bytes,
            manifest,
            true,
            reporter,
            &mut warnings,
        )?);
    } else if manifest.needs_wasm() {
        return Err(BuildError::NoEntry {
            tried: vec![
                "package.json (a JS/TS handler): the project has none".into(),
                "Cargo.toml (a Rust handler): the project has none".into(),
            ],
        });
    }
    for w in &warnings {
        reporter.warn(w);
    }
    report.warnings = warnings;
    Ok(report)
}

/// The files the last handler build read (relative to the project), as esbuild reported them.
pub fn handler_sources(project: &Path) -> Option<Vec<String>> {
    inputs::load(project).handler.map(|h| h.sources)
}

fn save_state(project: &Path, state: &inputs::State) -> Result<(), BuildError> {
    inputs::save(project, state).map_err(BuildError::io("cannot write `.alga/build.json`"))
}

fn build_js(
    opts: &BuildOptions,
    entry: &entry::Entry,
    package: &entry::Package,
    manifest: &Manifest,
    state: &mut inputs::State,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<HandlerReport, BuildError> {
    let project = &opts.project;
    // The inputs: the project's settings and every source file esbuild read last time (a new
    // import shows up as a change in a file that was read).
    let inputs_hash = |sources: &[String]| {
        let mut roots = vec![
            "wit",
            "manifest.json",
            "package.json",
            "package-lock.json",
            "tsconfig.json",
        ];
        roots.extend(sources.iter().map(String::as_str));
        inputs::hash(
            project,
            &roots,
            &format!("{} entry={}", salt(opts), entry.path),
        )
        .map_err(BuildError::io("cannot read the handler's sources"))
    };
    let previous_sources = state
        .handler
        .as_ref()
        .map(|h| h.sources.clone())
        .unwrap_or_default();
    let hash = inputs_hash(&previous_sources)?;
    let wasm_path = project.join(manifest::WASM_ENTRY);
    if let Some(prev) = state.handler.clone()
        && prev.inputs == hash
        && let Ok((digest, size)) = crate::bundle::sha256_file(&wasm_path)
        && crate::bundle::sha256_label(&digest) == prev.wasm_sha256
    {
        // The component is unchanged, but the check of its capabilities is not skipped: this
        // build's flags decide.
        let missing = capabilities::missing(&prev.uses, manifest);
        if apply_capability_check(opts, missing, manifest, reporter, warnings)?.is_some() {
            let inputs = inputs_hash(&previous_sources)?;
            if let Some(h) = &mut state.handler {
                h.inputs = inputs;
            }
            save_state(project, state)?;
        }
        reporter.finish("componentize", "skipped (inputs unchanged)");
        if let Some(worker) = &opts.worker {
            warm_up(project, worker, &prev, manifest);
        }
        return Ok(HandlerReport {
            wasm: wasm_path,
            size,
            sha256: prev.wasm_sha256.clone(),
            skipped: true,
            imports: prev.imports.clone(),
            capabilities: prev.capabilities.clone(),
        });
    }

    // componentize-js's undeclared dependency, checked before minutes of work that would end
    // in its confusing error.
    if let Some((message, hint)) = packages::componentize_problem(project) {
        return Err(BuildError::ComponentizeSetup { message, hint });
    }
    let mut named = format!("{} ({})", entry.path, entry.from);
    // A handler written for the runtime's `Handler` type gets its `host` from a generated
    // entry around it.
    let source = fs::read_to_string(project.join(&entry.path)).unwrap_or_default();
    let runtime_dependency = package.depends_on("@alga-psa/extension-runtime");
    let bundle_entry = if runtime_dependency || host::wants_host(&source) {
        let wrapper = ensure_dir(&project.join(".alga/build"))?.join("host-entry.js");
        let absolute = std::path::absolute(project.join(&entry.path))
            .map_err(BuildError::io("cannot resolve the entry's path"))?;
        let js = host::wrapper(
            &absolute.to_string_lossy(),
            &manifest.granted_capabilities(),
        );
        crate::fsutil::write_atomic(&wrapper, js.as_bytes())
            .map_err(BuildError::io("cannot write `.alga/build/host-entry.js`"))?;
        named.push_str(", given `host` as @alga-psa/extension-runtime describes it");
        ".alga/build/host-entry.js".to_string()
    } else {
        entry.path.clone()
    };
    reporter.start("bundle", &format!("esbuild {named}"));
    // A source saved after esbuild read it is not what was built (see below).
    let bundling = std::time::SystemTime::now();
    let worker = opts.worker.as_deref();
    let bundled = js::bundle(project, &bundle_entry, opts.release, worker)?;
    reporter.finish("bundle", &format!("{named} -> dist/js/handler.js"));

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
    for (name, files) in &bundled.interfaces {
        if !world_imports.contains(name) {
            return Err(BuildError::UnknownInterface {
                file: files.iter().next().cloned().unwrap_or_default(),
                interface: name.clone(),
            });
        }
    }
    // Capabilities, from what esbuild saw imported: before the slow componentize.
    let missing = capabilities::missing(&bundled.interfaces, manifest);
    let fixed = apply_capability_check(opts, missing, manifest, reporter, warnings)?;
    let manifest = fixed.as_ref().unwrap_or(manifest);
    // What the next build compares with: this build's sources, the manifest as fixed.
    let hash = inputs_hash(&bundled.sources)?;
    let used: BTreeSet<String> = bundled.interfaces.keys().cloned().collect();
    let staged = world::stage_wit(project, &used)?;
    let js_text = fs::read_to_string(&bundled.js)
        .map_err(BuildError::io("cannot read dist/js/handler.js"))?;
    let (disabled, fetch_denied) = js::wasi_features(&js_text, manifest);
    if fetch_denied {
        warnings.push(
            "the handler seems to call the global `fetch`, which needs cap:http.fetch (it goes out through wasi:http); or use `fetch` from \"alga:extension/http\"".into(),
        );
    }
    reporter.start(
        "componentize",
        &format!(
            "componentize-js (WASI features off: {})",
            disabled.join(", ")
        ),
    );
    let out = ensure_dir(&project.join(".alga/build"))?.join("handler.wasm");
    let how = js::componentize(
        project,
        &bundled.js,
        (staged.path(), world::BUILD_WORLD),
        &disabled,
        &out,
        worker,
    )?;
    let bytes = fs::read(&out).map_err(BuildError::io("cannot read the componentized handler"))?;
    let size = crate::output::human_bytes(bytes.len() as u64);
    reporter.finish(
        "componentize",
        &match how {
            Some(how) => {
                let reused = [
                    (how.splice_reused, "; world bindings reused"),
                    (how.stubs_reused, "; WASI stubs reused"),
                ];
                let reused: String = reused.iter().filter(|r| r.0).map(|r| r.1).collect();
                let unfinished = match &how.unfinished {
                    Some(why) => format!("; finished by componentize-js, as alga could not: {why}"),
                    None => String::new(),
                };
                format!("{size} in {} ms (worker{reused}{unfinished})", how.millis)
            }
            None => size,
        },
    );
    let report = finish_handler(opts, &bytes, manifest, false, reporter, warnings)?;
    // A source that changed since bundling started was hashed as it is now, not as built: no
    // inputs are recorded, so that the next build (which the edit causes) does not skip.
    let edited_meanwhile = bundled.sources.iter().any(|s| {
        fs::metadata(project.join(s))
            .and_then(|m| m.modified())
            .is_ok_and(|t| t > bundling)
    });
    state.handler = Some(inputs::HandlerState {
        inputs: if edited_meanwhile {
            String::new()
        } else {
            hash
        },
        wasm_sha256: report.sha256.clone(),
        imports: report.imports.clone(),
        capabilities: report.capabilities.clone(),
        uses: bundled.interfaces.clone(),
        sources: bundled.sources.clone(),
    });
    save_state(project, state)?;
    let _ = fs::remove_file(&out);
    Ok(report)
}

/// When a dev session starts on a handler that needs no build, componentizes it once in the
/// background (the result is dropped), so that the worker has compiled componentize-js's code
/// spliced the world and stubbed WASI for it (see [`stubs`]) before the first edit. Best effort.
fn warm_up(
    project: &Path,
    worker: &Arc<worker::Worker>,
    prev: &inputs::HandlerState,
    manifest: &Manifest,
) {
    if !worker.claim_warm_up() {
        return;
    }
    let js = project.join("dist/js/handler.js");
    let Ok(text) = fs::read_to_string(&js) else {
        return;
    };
    let (disabled, _) = js::wasi_features(&text, manifest);
    let used: BTreeSet<String> = prev.uses.keys().cloned().collect();
    let Ok(staged) = world::stage_wit(project, &used) else {
        return;
    };
    let out = project.join(".alga/build/warm-up.wasm");
    if !worker::utf8(&[&js, staged.path(), &out]) {
        return;
    }
    let worker = worker.clone();
    let project = project.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("alga-warm-up".into())
        .spawn(move || {
            let world = (staged.path(), world::BUILD_WORLD);
            let _ = js::componentize(&project, &js, world, &disabled, &out, Some(&worker));
            let _ = fs::remove_file(&out);
        });
}

/// Applies the build's [`CapabilityCheck`] to the capabilities the handler needs and the
/// manifest lacks; returns the manifest as fixed, when it was.
fn apply_capability_check(
    opts: &BuildOptions,
    missing: Vec<capabilities::Missing>,
    manifest: &Manifest,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<Option<Manifest>, BuildError> {
    if missing.is_empty() {
        return Ok(None);
    }
    let names: Vec<&str> = missing.iter().map(|m| m.capability.as_str()).collect();
    match opts.capabilities {
        CapabilityCheck::Refuse => Err(BuildError::MissingCapabilities {
            line: capabilities::suggested_line(manifest, &missing),
            missing,
        }),
        CapabilityCheck::Warn => {
            warnings.push(format!(
                "manifest.json does not declare {}; built anyway (--no-capability-check), and the platform denies those calls at run time",
                names.join(", ")
            ));
            Ok(None)
        }
        CapabilityCheck::Fix => {
            let path = opts.project.join("manifest.json");
            let text =
                fs::read_to_string(&path).map_err(BuildError::io("cannot read `manifest.json`"))?;
            let edited = capabilities::add_to_manifest_text(&text, &names).ok_or_else(|| {
                BuildError::ManifestEdit {
                    why: "it is not laid out so that one top-level `capabilities` array can be extended safely (a second `capabilities` key, another type, or no key in an empty object)".into(),
                }
            })?;
            crate::fsutil::write_atomic(&path, edited.as_bytes())
                .map_err(BuildError::io("cannot write `manifest.json`"))?;
            reporter.finish(
                "manifest",
                &format!("added {} (--fix-capabilities)", names.join(", ")),
            );
            Ok(Some(manifest::load(&path)?.manifest))
        }
    }
}

fn ensure_dir(dir: &Path) -> Result<&Path, BuildError> {
    fs::create_dir_all(dir)
        .map_err(BuildError::io(format!("cannot create `{}`", dir.display())))?;
    Ok(dir)
}

/// Checks the component (and, with `check_capabilities`, what it needs against the manifest:
/// JS/TS handlers were checked before componentize), then writes `dist/main.wasm` and
/// `dist/component.json`.
fn finish_handler(
    opts: &BuildOptions,
    bytes: &[u8],
    manifest: &Manifest,
    check_capabilities: bool,
    reporter: &dyn Reporter,
    warnings: &mut Vec<String>,
) -> Result<HandlerReport, BuildError> {
    let project = &opts.project;
    reporter.start("check", "alga:extension/runner world");
    let (resolve, world) = world::load_world(&project.join("wit"))?;
    let check = world::check(bytes, &resolve, world, manifest)?;
    if check_capabilities {
        apply_capability_check(opts, check.missing.clone(), manifest, reporter, warnings)?;
    }
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
