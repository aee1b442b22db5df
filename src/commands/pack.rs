//! `alga pack`: write the canonical bundle and its `sha256:` content hash.

use anyhow::Context;

use crate::bundle::{self, PackOptions};
use crate::cli::PackArgs;
use crate::output::{Printer, human_bytes};

pub fn run(args: PackArgs, printer: &Printer) -> anyhow::Result<()> {
    if !args.ignored.is_empty() {
        printer.warn(&format!(
            "ignoring positional arguments {:?}, as @alga-psa/cli does; use `--project` and `--out`",
            args.ignored
        ));
    }
    let project = args.project.project;
    if !project.is_dir() {
        return Err(crate::error::UserError::with_hint(
            format!("project folder `{}` does not exist", project.display()),
            "pass the folder that holds manifest.json with `--project`",
        )
        .into());
    }
    let level = match (args.fast, args.level) {
        (true, _) => bundle::FAST_LEVEL,
        (false, Some(l)) => l,
        (false, None) => bundle::DEFAULT_LEVEL,
    };
    let out = args.out.unwrap_or_else(|| {
        if project == std::path::Path::new(".") {
            std::path::PathBuf::from("dist/bundle.tar.zst")
        } else {
            project.join("dist").join("bundle.tar.zst")
        }
    });
    let opts = PackOptions {
        project: project.clone(),
        out,
        level,
        overwrite: args.force,
    };
    printer.status(
        "Packing",
        &format!("{} (zstd level {level})", project.display()),
    );
    // Read the key and check its password before packing, so a bad key writes nothing.
    let key = args.signing.load_key()?;
    let report =
        bundle::pack(&opts).with_context(|| format!("cannot pack `{}`", project.display()))?;
    let signed = match &key {
        Some(key) => {
            let (_, written) =
                crate::signing::files::sign_bundle(&report.bundle, key, args.export, None)?;
            printer.status("Signed", &written[0].display().to_string());
            written
        }
        None => Vec::new(),
    };
    for w in &report.warnings {
        printer.warn(w);
    }
    for f in &report.files {
        printer.detail(&format!("{:>10}  {}", human_bytes(f.size), f.path));
    }
    printer.status(
        "Packed",
        &format!(
            "{} files, {} -> {} ({})",
            report.files.len(),
            human_bytes(report.tar_size),
            human_bytes(report.size),
            report.bundle.display()
        ),
    );
    let mut value = serde_json::to_value(&report)?;
    if !signed.is_empty() {
        value["signatureFiles"] = serde_json::to_value(&signed)?;
    }
    printer.result(&value, || {
        format!("{}  {}", report.content_hash, report.bundle.display())
    });
    Ok(())
}
