//! `alga inspect`: what is in a bundle or a wasm binary.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use crate::bundle::{self, BundleInfo, Limits};
use crate::cli::InspectArgs;
use crate::component::{self, WasmInfo, WasmKind};
use crate::error::UserError;
use crate::manifest::{self, Issue, Manifest, ManifestError, WASM_ENTRY};
use crate::output::{Printer, human_bytes};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BundleView<'a> {
    kind: &'static str,
    path: &'a Path,
    #[serde(flatten)]
    bundle: &'a BundleInfo,
    manifest: Option<&'a Manifest>,
    manifest_problems: Vec<Issue>,
    handler: Option<&'a WasmInfo>,
    /// Why `dist/main.wasm` cannot be read as a component or module, when it cannot.
    handler_problem: Option<String>,
}

#[derive(Serialize)]
struct WasmView<'a> {
    path: &'a Path,
    #[serde(flatten)]
    info: &'a WasmInfo,
}

pub fn run(args: InspectArgs, printer: &Printer) -> anyhow::Result<()> {
    let path = args.path.as_path();
    let mut magic = [0u8; 4];
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open `{}`", path.display()))?;
    let n = file
        .read(&mut magic)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    match &magic[..n] {
        [0x28, 0xb5, 0x2f, 0xfd] => {
            let limits = Limits {
                max_unpacked: args.max_size,
                max_file: args.max_file_size,
                max_entries: args.max_files,
                ..Limits::default()
            };
            inspect_bundle(path, &limits, args.wit, printer)
        }
        b"\0asm" => inspect_wasm(path, args.wit, printer),
        _ => Err(UserError::with_hint(
            format!(
                "`{}` is neither a bundle (.tar.zst) nor a wasm binary",
                path.display()
            ),
            "pass a file made by `alga pack` or `alga build`",
        )
        .into()),
    }
}

fn inspect_wasm(path: &Path, wit: bool, printer: &Printer) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let info = component::describe(&bytes)
        .with_context(|| format!("cannot inspect `{}`", path.display()))?;
    let view = WasmView { path, info: &info };
    printer.result(&view, || {
        let mut s = String::new();
        row(&mut s, "file", &path.display().to_string());
        describe_wasm(&mut s, &info, wit);
        s
    });
    Ok(())
}

fn inspect_bundle(
    path: &Path,
    limits: &Limits,
    wit: bool,
    printer: &Printer,
) -> anyhow::Result<()> {
    let info = bundle::read_bundle(path, limits, |p| p == "manifest.json" || p == WASM_ENTRY)
        .with_context(|| format!("cannot read bundle `{}`", path.display()))?;
    let (manifest, problems) = manifest_inside(&info);
    // A handler that is not a valid component is one finding among the others: the rest of
    // the bundle is still shown, and the exit code says something is wrong.
    let (handler, handler_problem) = match info.kept.get(WASM_ENTRY).map(|b| component::describe(b))
    {
        Some(Ok(h)) => (Some(h), None),
        Some(Err(e)) => (None, Some(format!("{e:#}"))),
        None => (None, None),
    };
    let view = BundleView {
        kind: "bundle",
        path,
        bundle: &info,
        manifest: manifest.as_ref(),
        manifest_problems: problems,
        handler: handler.as_ref(),
        handler_problem,
    };
    printer.result(&view, || render_bundle(&view, wit));
    match &view.handler_problem {
        Some(why) => Err(crate::error::AlreadyReported(format!(
            "`{WASM_ENTRY}` in the bundle is neither a valid component nor a core module: {why}"
        ))
        .into()),
        None => Ok(()),
    }
}

/// The manifest inside a bundle, or why there is none; with its warnings.
fn manifest_inside(info: &bundle::BundleInfo) -> (Option<Manifest>, Vec<Issue>) {
    match info.kept.get("manifest.json") {
        None => (
            None,
            vec![Issue::error("", "the bundle has no manifest.json")],
        ),
        Some(bytes) => match std::str::from_utf8(bytes) {
            Err(_) => (None, vec![Issue::error("", "manifest.json is not UTF-8")]),
            Ok(text) => match manifest::parse(text, Path::new("manifest.json")) {
                Ok(loaded) => (Some(loaded.manifest), loaded.warnings),
                Err(ManifestError::Invalid { issues, .. }) => (None, issues),
                Err(other) => (None, vec![Issue::error("", other.to_string())]),
            },
        },
    }
}

/// The human text of `alga inspect BUNDLE`.
fn render_bundle(view: &BundleView, wit: bool) -> String {
    let (path, info, manifest, problems, handler) = (
        view.path,
        view.bundle,
        view.manifest,
        &view.manifest_problems,
        view.handler,
    );
    let mut s = String::new();
    row(&mut s, "bundle", &path.display().to_string());
    row(&mut s, "content hash", &info.content_hash);
    row(&mut s, "tar digest", &info.tar_digest);
    row(
        &mut s,
        "size",
        &format!(
            "{} ({} unpacked, {} files)",
            human_bytes(info.size),
            human_bytes(info.tar_size),
            info.files.len()
        ),
    );
    if info.not_canonical.is_empty() {
        row(&mut s, "canonical", "yes");
    } else {
        row(&mut s, "canonical", "no");
        for note in &info.not_canonical {
            row(&mut s, "", &format!("- {note}"));
        }
    }
    if let Some(m) = &manifest {
        describe_manifest(&mut s, m);
    }
    for p in problems {
        let label = match p.severity {
            manifest::Severity::Error => "manifest error",
            manifest::Severity::Warning => "manifest warning",
        };
        let at = if p.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", p.path)
        };
        row(&mut s, label, &format!("{at}{}", p.message));
    }
    if let Some(h) = &handler {
        s.push('\n');
        row(&mut s, "handler", WASM_ENTRY);
        describe_wasm(&mut s, h, wit);
    }
    if let Some(why) = &view.handler_problem {
        s.push('\n');
        row(
            &mut s,
            "handler error",
            &format!("{WASM_ENTRY} is neither a valid component nor a core module: {why}"),
        );
        row(
            &mut s,
            "",
            "hint: rebuild it with `alga build`, then pack again",
        );
    }
    s.push_str("\nfiles\n");
    for f in &info.files {
        let short = &f.sha256["sha256:".len().."sha256:".len() + 12];
        let _ = writeln!(
            s,
            "  {:>10}  {}  {short}  {}",
            human_bytes(f.size),
            f.mode,
            f.path
        );
    }
    s
}

fn row(s: &mut String, label: &str, value: &str) {
    let _ = writeln!(s, "{label:<16} {value}");
}

fn describe_manifest(s: &mut String, m: &Manifest) {
    let publisher = m
        .publisher
        .as_deref()
        .map(|p| format!(" by {p}"))
        .unwrap_or_default();
    row(
        s,
        "manifest",
        &format!("{} {}{publisher} ({})", m.name, m.version, m.runtime),
    );
    if !m.capabilities.is_empty() {
        row(s, "capabilities", &m.capabilities.join(", "));
    }
    if let Some(ui) = &m.ui {
        let mut text = format!("{} {}", ui.kind, ui.entry);
        if let Some(label) = m.hook_label("appMenu") {
            let _ = write!(text, ", app menu \"{label}\"");
        }
        if let Some(label) = m.hook_label("clientPortalMenu") {
            let _ = write!(text, ", client portal menu \"{label}\"");
        }
        row(s, "ui", &text);
    }
    for (i, ep) in m.endpoints().iter().enumerate() {
        let label = if i == 0 { "endpoints" } else { "" };
        row(
            s,
            label,
            &format!("{} {}", ep.method.to_ascii_uppercase(), ep.path),
        );
    }
}

fn describe_wasm(s: &mut String, info: &WasmInfo, wit: bool) {
    let kind = match info.kind {
        WasmKind::Component => "component",
        WasmKind::CoreModule => {
            "core module (not a component; `alga build --wasm` componentizes it)"
        }
    };
    row(s, "kind", &format!("{kind}, {}", human_bytes(info.size)));
    for (label, items) in [("imports", &info.imports), ("exports", &info.exports)] {
        if items.is_empty() {
            row(s, label, "(none)");
        }
        for (i, item) in items.iter().enumerate() {
            let text = if item.functions.is_empty() {
                item.name.clone()
            } else {
                format!("{} ({})", item.name, item.functions.join(", "))
            };
            row(s, if i == 0 { label } else { "" }, &text);
        }
    }
    if wit && let Some(text) = &info.wit {
        s.push('\n');
        s.push_str(text);
    }
}
