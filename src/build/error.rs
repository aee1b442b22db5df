//! Why a build failed, and the hint for each reason.

use std::path::PathBuf;

use super::Install;
use super::capabilities;
use super::world::WorldError;
use crate::manifest::ManifestError;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    World(#[from] WorldError),
    #[error("step `{step}` needs `{tool}`, which is not installed")]
    ToolMissing { step: String, tool: String },
    #[error("step `{step}` failed: {}", match headline {
        Some(h) => format!("{h} (`{command}` ended with {status})"),
        None => format!("`{command}` ended with {status}"),
    })]
    StepFailed {
        step: String,
        command: String,
        status: String,
        /// The tool's own first error line, shown first.
        headline: Option<String>,
        output: String,
    },
    #[error("`{package}` is not installed in `{}`", project.join("node_modules").display())]
    MissingPackage {
        package: String,
        project: PathBuf,
        /// Whether npm ran in this build.
        install: Install,
    },
    #[error("the manifest declares `api.endpoints` but no handler source was found")]
    NoEntry { tried: Vec<String> },
    #[error("`{path}`, the handler entry {from} names, does not exist")]
    EntryMissing { path: String, from: &'static str },
    #[error("`{path}`, the handler entry {from} names, is outside the project")]
    EntryOutside { path: String, from: &'static str },
    #[error("`{}` is not valid: {message}", path.display())]
    PackageJson { path: PathBuf, message: String },
    #[error(
        "`alga.uiScript` in package.json names the script `{script}`, which `scripts` does not have"
    )]
    UiScriptMissing { script: String },
    #[error(
        "manifest.json does not declare {} the handler needs: {}",
        if missing.len() == 1 { "a capability".to_string() } else { format!("{} capabilities", missing.len()) },
        missing.iter().map(|m| m.capability.as_str()).collect::<Vec<_>>().join(", ")
    )]
    MissingCapabilities {
        missing: Vec<capabilities::Missing>,
        /// The `"capabilities"` line to paste.
        line: String,
    },
    #[error("{message}")]
    ComponentizeSetup { message: String, hint: String },
    #[error("cannot add capabilities to `manifest.json`: {why}")]
    ManifestEdit { why: String },
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
                "ui" => "the UI's npm script (`build:ui` unless `alga.uiScript` names another) failed; the lines above are its output".into(),
                "bundle" => "esbuild could not bundle the handler; the lines above name the file and line".into(),
                "componentize" => "the message is componentize-js's own (its output is below); `alga doctor` checks its packages; the handler must export `handler` and import only `alga:extension/*`".into(),
                "cargo" => "cargo could not build the handler; the lines above are its output".into(),
                _ => return None,
            }),
            BuildError::MissingPackage { package, install: Install::Skipped, .. } => Some(format!(
                "run `npm install --save-dev {package}`, or `alga build` without `--skip-install`"
            )),
            BuildError::MissingPackage { package, install: Install::Ran, .. } => Some(format!(
                "npm ran, but package.json does not bring it in: run `npm install --save-dev {package}`"
            )),
            BuildError::MissingPackage { package, install: Install::NotNeeded, .. } => Some(format!(
                "`node_modules` may be out of date: run `npm install` (or `npm install --save-dev {package}` when package.json does not list it)"
            )),
            BuildError::NoEntry { .. } => Some("name the entry with `--entry FILE` or `\"alga\": {\"entry\": \"FILE\"}` in package.json, create `src/index.ts` exporting `handler`, or remove `api` from manifest.json for a UI-only extension".into()),
            BuildError::EntryMissing { .. } => Some("paths are relative to the project folder".into()),
            BuildError::EntryOutside { .. } => Some("name a file inside the project, without `..`; `--entry` may name one elsewhere".into()),
            BuildError::PackageJson { .. } => Some("fix package.json; npm reads the same file".into()),
            BuildError::UiScriptMissing { .. } => Some("add the script to `scripts`, or set `\"uiScript\": false` to build no UI (`--skip-ui` does it once)".into()),
            BuildError::MissingCapabilities { line, .. } => Some(format!(
                "add them to manifest.json as `{line}`, or run `alga build --fix-capabilities`; `--no-capability-check` builds anyway and the platform denies those calls at run time"
            )),
            BuildError::ManifestEdit { .. } => Some("add them to `capabilities` by hand".into()),
            BuildError::ComponentizeSetup { hint, .. } => Some(hint.clone()),
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
            BuildError::NoEntry { tried } => std::iter::once("  tried:".to_string())
                .chain(tried.iter().map(|t| format!("    {t}")))
                .collect(),
            BuildError::MissingCapabilities { missing, .. } => missing
                .iter()
                .map(|m| {
                    let files = if m.files.is_empty() {
                        String::new()
                    } else {
                        format!(", imported by {}", m.files.join(", "))
                    };
                    format!("  {} for `{}`{files}", m.capability, m.interface)
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}
