//! `alga create extension|component NAME` and `alga create --list`.

use std::fmt::Write as _;

use crate::cli::{CreateArgs, CreateCmd, CreateCommand};
use crate::error::UserError;
use crate::output::Printer;
use crate::scaffold::{self, Kind, ScaffoldError, Vars};

pub fn run(cmd: CreateCmd, printer: &Printer) -> anyhow::Result<()> {
    match cmd.kind {
        Some(CreateCommand::Extension(args)) => create(args, Kind::Extension, printer),
        Some(CreateCommand::Component(args)) => create(args, Kind::Component, printer),
        None if cmd.list => {
            list(printer);
            Ok(())
        }
        None => Err(UserError::with_hint(
            "`alga create` needs `extension NAME`, `component NAME` or `--list`",
            "for example `alga create extension hello`",
        )
        .into()),
    }
}

fn list(printer: &Printer) {
    printer.result(&scaffold::ALL, || {
        let mut s = String::new();
        for t in &scaffold::ALL {
            let kind = match t.kind {
                Kind::Extension => "extension",
                Kind::Component => "component",
            };
            let _ = writeln!(s, "{:<16} {:<10} {}", t.name, kind, t.summary);
        }
        s
    });
}

/// Runs `alga create component NAME` (also reached as `alga component create NAME`).
pub fn create(args: CreateArgs, kind: Kind, printer: &Printer) -> anyhow::Result<()> {
    let default = match kind {
        Kind::Extension => "basic",
        Kind::Component => "component-basic",
    };
    let name = args.template.as_deref().unwrap_or(default);
    let template =
        scaffold::find(name).ok_or_else(|| ScaffoldError::UnknownTemplate(name.to_string()))?;
    if let Some(id) = &args.id {
        let probe = format!(
            "{{\"name\": {}, \"version\": \"0.1.0\", \"runtime\": \"wasm-js@1\"}}",
            serde_json::Value::String(id.clone())
        );
        if crate::manifest::parse(&probe, std::path::Path::new("--id")).is_err() {
            return Err(UserError::with_hint(
                format!("`--id {id}` is not a reverse-domain name"),
                "use lowercase dot-separated segments, such as `com.example.my-extension`",
            )
            .into());
        }
    }
    if semver::Version::parse(&args.initial_version).is_err() {
        return Err(UserError::with_hint(
            format!(
                "`--version {}` is not a semantic version",
                args.initial_version
            ),
            "use MAJOR.MINOR.PATCH such as `0.1.0`",
        )
        .into());
    }
    let vars = Vars::new(
        &args.name,
        args.publisher.as_deref(),
        args.id.as_deref(),
        Some(&args.initial_version),
    )?;
    let dest = match args.dir {
        Some(parent) => parent.join(&args.name),
        None => std::path::PathBuf::from(&args.name),
    };
    let files = scaffold::create(template, &vars, &dest, args.force)?;
    for f in &files {
        printer.detail(&format!("  wrote {}", f.path));
    }
    printer.status(
        "Created",
        &format!(
            "{} from template `{}` ({} files)",
            dest.display(),
            template.name,
            files.len()
        ),
    );
    let needs_build = template.name != "basic";
    let result = serde_json::json!({
        "path": dest,
        "template": template.name,
        "id": vars.id,
        "files": files,
    });
    printer.result(&result, || {
        let mut s = format!("next steps:\n  cd {}\n", dest.display());
        if needs_build {
            s.push_str("  alga build\n");
        }
        s.push_str("  alga pack\n");
        s
    });
    Ok(())
}
