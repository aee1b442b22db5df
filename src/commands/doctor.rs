//! `alga doctor`: what building extensions needs on this machine, and what to fix.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::build::{COMPONENTIZE_PKG, RUST_TARGET, rust_target_installed};
use crate::cli::DoctorArgs;
use crate::error::UserError;
use crate::output::{Printer, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warn,
    Error,
}

#[derive(Debug, Serialize)]
struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

fn version_of(program: &str) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The leading number of `v20.20.2` / `11.1.0`.
fn major(version: &str) -> Option<u32> {
    version
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

fn check(
    name: &'static str,
    status: Status,
    detail: impl Into<String>,
    hint: Option<&str>,
) -> Check {
    Check {
        name,
        status,
        detail: detail.into(),
        hint: hint.map(str::to_string),
    }
}

pub fn run(args: DoctorArgs, printer: &Printer) -> anyhow::Result<()> {
    let project = args.project.project.as_path();
    let extension = project.join("manifest.json").is_file();
    let js_project = extension && project.join("package.json").is_file();
    let rust_project = extension && project.join("Cargo.toml").is_file();
    let mut checks = node_checks(js_project);
    if js_project {
        checks.extend(js_package_checks(project));
    }
    checks.extend(rust_checks(rust_project));
    checks.extend(folder_checks(project));
    let failed = checks.iter().filter(|c| c.status == Status::Error).count();
    printer.result(
        &serde_json::json!({ "checks": checks, "ok": failed == 0 }),
        || {
            let mut s = String::new();
            for c in &checks {
                let mark = match c.status {
                    Status::Ok => printer.paint(Style::Success, "ok  "),
                    Status::Warn => printer.paint(Style::Warning, "warn"),
                    Status::Error => printer.paint(Style::Error, "fail"),
                };
                let _ = writeln!(s, "{mark}  {:<16} {}", c.name, c.detail);
                if let Some(h) = &c.hint {
                    let _ = writeln!(
                        s,
                        "      {:<16} {} {h}",
                        "",
                        printer.paint(Style::Hint, "hint:")
                    );
                }
            }
            s
        },
    );
    if failed > 0 {
        return Err(UserError::new(format!(
            "{failed} check{} failed in `{}`",
            if failed == 1 { "" } else { "s" },
            Path::new(project).display()
        ))
        .into());
    }
    Ok(())
}

/// Missing tools are errors only for a project that needs them.
fn needed(yes: bool) -> Status {
    if yes { Status::Error } else { Status::Warn }
}

/// Node.js 20+ and npm.
fn node_checks(js_project: bool) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.push(match version_of("node") {
        Some(v) if major(&v).is_some_and(|m| m >= 20) => check("node", Status::Ok, v, None),
        Some(v) => check(
            "node",
            needed(js_project),
            format!("{v} is too old"),
            Some("install Node.js 20 or newer (componentize-js and Vite need it)"),
        ),
        None => check(
            "node",
            needed(js_project),
            "not found",
            Some("install Node.js 20 or newer with npm (Debian: `apt-get install nodejs npm`); TypeScript and JavaScript handlers and UIs need it"),
        ),
    });
    checks.push(match version_of("npm") {
        Some(v) => check("npm", Status::Ok, v, None),
        None => check(
            "npm",
            needed(js_project),
            "not found",
            Some("install npm with Node.js"),
        ),
    });
    checks
}

/// componentize-js and esbuild in the project's node_modules.
fn js_package_checks(project: &Path) -> Vec<Check> {
    let mut checks = Vec::new();
    for (name, package) in [
        ("componentize-js", COMPONENTIZE_PKG),
        ("esbuild", "esbuild"),
    ] {
        let found = crate::build::packages::find(project, package);
        checks.push(match found {
            Some(dir) => check(
                name,
                Status::Ok,
                format!(
                    "{package} {}",
                    crate::build::packages::version(&dir).unwrap_or_else(|| "?".into())
                ),
                None,
            ),
            None if project.join("node_modules").is_dir() => check(
                name,
                Status::Error,
                format!("{package} is not in node_modules"),
                Some(&format!("run `npm install --save-dev {package}`")),
            ),
            None => check(
                name,
                Status::Warn,
                "node_modules is not installed yet",
                Some("`alga build` runs `npm install` first"),
            ),
        });
    }
    // What componentize-js needs without declaring it.
    let componentize = crate::build::packages::find(project, COMPONENTIZE_PKG);
    if let Some(dir) = &componentize {
        let shim = crate::build::packages::SHIM_PKG;
        checks.push(
            match crate::build::packages::componentize_problem(project) {
                Some((message, hint)) => {
                    check("preview2-shim", Status::Error, message, Some(&hint))
                }
                None => check(
                    "preview2-shim",
                    Status::Ok,
                    format!(
                        "{shim} {}",
                        crate::build::packages::find(dir, shim)
                            .and_then(|d| crate::build::packages::version(&d))
                            .unwrap_or_else(|| "?".into())
                    ),
                    None,
                ),
            },
        );
    }
    checks
}

/// cargo and the wasm32-wasip2 target.
fn rust_checks(rust_project: bool) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.push(match version_of("cargo") {
        Some(v) => check("cargo", Status::Ok, v, None),
        None => check(
            "cargo",
            needed(rust_project),
            "not found",
            Some("install Rust with rustup for Rust handlers"),
        ),
    });
    checks.push(if rust_target_installed() {
        check("wasm32-wasip2", Status::Ok, "Rust target installed", None)
    } else {
        check(
            "wasm32-wasip2",
            needed(rust_project),
            "Rust target not installed (only the rust-component template needs it)",
            Some(&format!("run `rustup target add {RUST_TARGET}`")),
        )
    });
    checks
}

/// Write access to the project, and the built-in packer.
fn folder_checks(project: &Path) -> Vec<Check> {
    let mut checks = Vec::new();
    let writable = tempfile::Builder::new()
        .prefix(".alga-doctor-")
        .tempfile_in(project)
        .is_ok();
    checks.push(if writable {
        check(
            "write access",
            Status::Ok,
            format!("can write in `{}`", project.display()),
            None,
        )
    } else {
        check(
            "write access",
            Status::Error,
            format!("cannot write in `{}`", project.display()),
            Some("run alga where you may write, or fix the folder's permissions"),
        )
    });
    checks.push(check(
        "pack",
        Status::Ok,
        "tar and zstd are built in (no system tools needed)",
        None,
    ));

    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors() {
        assert_eq!(major("v20.20.2"), Some(20));
        assert_eq!(major("11.1.0"), Some(11));
        assert_eq!(major("x"), None);
    }
}
