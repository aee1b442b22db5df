//! Core wasm modules (Rust, TinyGo, WAT) turned into components in-process, and Rust projects.

use std::path::{Path, PathBuf};
use std::process::Command;

use wit_component::{ComponentEncoder, StringEncoding, embed_component_metadata};
use wit_parser::{Resolve, WorldId};

use super::BuildError;
use super::run::run_step;

/// Reads a `.wasm` (or `.wat`) file and returns a component: components pass through; core
/// modules get the world's metadata (unless they carry their own) and, when they import WASI
/// preview 1, the reactor adapter.
pub fn componentize(path: &Path, resolve: &Resolve, world: WorldId) -> Result<Vec<u8>, BuildError> {
    let raw =
        std::fs::read(path).map_err(BuildError::io(format!("cannot read `{}`", path.display())))?;
    let mut bytes = if raw.starts_with(b"\0asm") {
        raw
    } else {
        wat::parse_bytes(&raw)
            .map_err(|e| {
                BuildError::Core(format!("`{}` is neither wasm nor WAT: {e}", path.display()))
            })?
            .into_owned()
    };
    if wasmparser::Parser::is_component(&bytes) {
        return Ok(bytes);
    }
    let (has_metadata, imports_wasi) = scan(&bytes)?;
    if !has_metadata {
        embed_component_metadata(&mut bytes, resolve, world, StringEncoding::UTF8, false)
            .map_err(|e| BuildError::Core(format!("{e:#}")))?;
    }
    let mut encoder = ComponentEncoder::default();
    encoder
        .module(&bytes)
        .map_err(|e| BuildError::Core(format!("{e:#}")))?;
    encoder.validate(true);
    if imports_wasi {
        encoder
            .adapter(
                wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME,
                wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
            )
            .map_err(|e| BuildError::Core(format!("{e:#}")))?;
    }
    encoder
        .encode()
        .map_err(|e| BuildError::Core(format!("{e:#}")))
}

/// componentize-js's last two steps, for the core module alga dev's worker stopped it at:
/// jco's `componentNew` with the WASI preview 1 adapter componentize-js hands it, then
/// `metadataAdd` with the producers componentize-js names. jco runs wit-component as
/// WebAssembly in node; here it is native, and the component differs only in the version of
/// wit-component its producers section records.
pub fn js_component(
    core: &[u8],
    adapter: &[u8],
    componentize_js: &str,
) -> Result<Vec<u8>, BuildError> {
    let error = |e: anyhow::Error| BuildError::Core(format!("{e:#}"));
    // Not validated here (jco does; it takes a tenth of a second): Wasmtime validates the
    // component when it loads it, before it serves anything.
    let mut encoder = ComponentEncoder::default();
    encoder.module(core).map_err(error)?;
    encoder
        .adapter("wasi_snapshot_preview1", adapter)
        .map_err(error)?;
    let component = encoder.encode().map_err(error)?;
    let mut metadata = wasm_metadata::AddMetadata::default();
    metadata.language = vec![("JavaScript".into(), String::new())];
    metadata.processed_by = vec![("ComponentizeJS".into(), componentize_js.into())];
    metadata.to_wasm(&component).map_err(error)
}

/// Whether a core module has `component-type` metadata, and whether it imports WASI preview 1.
fn scan(bytes: &[u8]) -> Result<(bool, bool), BuildError> {
    let mut metadata = false;
    let mut wasi = false;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| BuildError::Core(format!("invalid module: {e}")))? {
            wasmparser::Payload::CustomSection(c) if c.name().starts_with("component-type") => {
                metadata = true;
            }
            wasmparser::Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import =
                        import.map_err(|e| BuildError::Core(format!("invalid module: {e}")))?;
                    if import.module == "wasi_snapshot_preview1" {
                        wasi = true;
                    }
                }
            }
            _ => {}
        }
    }
    Ok((metadata, wasi))
}

/// The Rust target handlers are built for.
pub const RUST_TARGET: &str = "wasm32-wasip2";

/// Whether the Rust toolchain has the `wasm32-wasip2` standard library.
pub fn rust_target_installed() -> bool {
    let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(RUST_TARGET)
        .is_dir()
}

/// The `[package] name` of a `Cargo.toml`.
fn crate_name(cargo_toml: &Path) -> Result<String, BuildError> {
    let text = std::fs::read_to_string(cargo_toml).map_err(BuildError::io(format!(
        "cannot read `{}`",
        cargo_toml.display()
    )))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if in_package
            && let Some(rest) = line.strip_prefix("name")
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            return Ok(value.trim().trim_matches('"').to_string());
        }
    }
    Err(BuildError::Core(format!(
        "`{}` has no [package] name",
        cargo_toml.display()
    )))
}

/// `cargo build --target wasm32-wasip2` and the component it wrote.
pub fn cargo_build(project: &Path, release: bool) -> Result<PathBuf, BuildError> {
    if !rust_target_installed() {
        return Err(BuildError::RustTarget);
    }
    let name = crate_name(&project.join("Cargo.toml"))?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(project)
        .args(["build", "--target", RUST_TARGET]);
    if release {
        cmd.arg("--release");
    }
    run_step("cargo", &mut cmd)?;
    let profile = if release { "release" } else { "debug" };
    Ok(project
        .join("target")
        .join(RUST_TARGET)
        .join(profile)
        .join(format!("{}.wasm", name.replace('-', "_"))))
}
