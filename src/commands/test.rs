//! `alga test [FILTER…]`: the project's Hurl files against its handler, reported as
//! `cargo test` reports, as JSON with `--json`, as JUnit XML with `--junit FILE`.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::build::{BuildOptions, CapabilityCheck};
use crate::cli::TestArgs;
use crate::dev::env::DevSettings;
use crate::error::{AlreadyReported, UserError};
use crate::hurl::value::Value;
use crate::manifest::{self, WASM_ENTRY};
use crate::output::{Printer, Style};
use crate::testing::{self, FileResult, Suite};

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary<'a> {
    passed: usize,
    failed: usize,
    millis: u64,
    files: &'a [FileResult],
}

pub fn run(args: TestArgs, printer: &Printer) -> anyhow::Result<()> {
    let root = args.project.project.clone();
    let files = testing::discover(&root, &args.filters)?;
    if files.is_empty() {
        let what = if args.filters.is_empty() {
            format!("`{}` has no .hurl file", root.join("tests").display())
        } else {
            format!("no test file matches {}", args.filters.join(" "))
        };
        return Err(UserError::with_hint(
            what,
            "test files are tests/**/*.hurl; a filter keeps the files whose path contains it",
        )
        .into());
    }
    let (wasm, manifest) = match &args.bundle {
        Some(bundle) => from_bundle(bundle)?,
        None => from_project(&root, args.skip_install, printer)?,
    };
    let (fixtures, secrets, mocks) = testing::read_shared(&root)?;
    let mut variables = testing_variables();
    for (k, v) in &args.variables {
        variables.insert(k.clone(), typed(v));
    }
    let host = crate::cli::DevHostArgs {
        allow_hosts: Vec::new(),
        secrets: Vec::new(),
        tenant: "test-tenant".into(),
        install_id: crate::runner::storage::DEV_INSTALL_ID.into(),
        fuel: None,
        timeout_ms: args.timeout_ms,
        memory_mb: crate::runner::DEFAULT_MEMORY_MB,
    };
    let mut settings = DevSettings::new(root.clone(), &host, printer)?;
    settings.max_concurrent = 4;
    let suite = Suite {
        root: root.clone(),
        wasm,
        manifest,
        settings,
        fixtures,
        secrets,
        mocks,
        variables,
        update: args.update,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let started = Instant::now();
    let _guard = rt.enter();
    suite.warm()?;
    if !printer.json {
        let n = files.len();
        println!("\nrunning {n} test file{}", if n == 1 { "" } else { "s" });
    }
    let results = suite.run(&files, args.jobs, rt.handle(), &|r| {
        if !printer.json {
            println!("{}", file_line(r, printer));
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &args.junit {
        crate::fsutil::write_atomic(path, testing::junit::report(&results, seconds).as_bytes())
            .with_context(|| format!("cannot write the JUnit report `{}`", path.display()))?;
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    let passed = results.len() - failed;
    let summary = Summary {
        passed,
        failed,
        millis: (seconds * 1000.0) as u64,
        files: &results,
    };
    printer.result(&summary, || {
        human_summary(&results, passed, failed, seconds, printer)
    });
    if failed > 0 {
        return Err(AlreadyReported(format!("{failed} test file(s) failed")).into());
    }
    Ok(())
}

/// A `--variable` value typed as Hurl types it: `true`, `false`, `null`, numbers, else text.
fn typed(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => {
            if let Ok(i) = text.parse::<i64>() {
                Value::Integer(i)
            } else if let Some(f) = text.parse::<f64>().ok().filter(|f| f.is_finite()) {
                Value::Float(f)
            } else {
                Value::String(text.to_string())
            }
        }
    }
}

/// Variables every file starts with.
fn testing_variables() -> crate::hurl::Variables {
    let mut v = crate::hurl::Variables::new();
    v.insert("base".into(), Value::String(testing::BASE.into()));
    v
}

/// Builds the project if its sources changed (the same incremental build as `alga build`).
fn from_project(
    root: &Path,
    skip_install: bool,
    printer: &Printer,
) -> anyhow::Result<(Vec<u8>, manifest::Manifest)> {
    let opts = BuildOptions {
        project: root.to_path_buf(),
        skip_install,
        release: false,
        wasm: None,
        entry: None,
        skip_ui: true,
        capabilities: CapabilityCheck::Refuse,
        worker: None,
    };
    let report = super::build::build_with(&opts, printer)?;
    if report.handler.is_none() {
        return Err(UserError::with_hint(
            format!("`{}` has no handler to test", root.display()),
            "alga test runs requests against the extension's handler; a UI-only extension has none",
        )
        .into());
    }
    let manifest = manifest::load(&root.join("manifest.json"))?.manifest;
    let wasm_path = root.join(WASM_ENTRY);
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("cannot read `{}`", wasm_path.display()))?;
    Ok((wasm, manifest))
}

/// The handler and manifest inside a packed bundle: exactly what ships.
fn from_bundle(path: &Path) -> anyhow::Result<(Vec<u8>, manifest::Manifest)> {
    let limits = crate::bundle::Limits::default();
    let mut info =
        crate::bundle::read_bundle(path, &limits, |p| p == "manifest.json" || p == WASM_ENTRY)
            .with_context(|| format!("cannot read bundle `{}`", path.display()))?;
    let text = info.kept.remove("manifest.json").ok_or_else(|| {
        UserError::with_hint(
            format!("bundle `{}` has no manifest.json", path.display()),
            "pack it with `alga pack`",
        )
    })?;
    let text = String::from_utf8(text).map_err(|_| {
        UserError::new(format!(
            "manifest.json in `{}` is not UTF-8",
            path.display()
        ))
    })?;
    let manifest = manifest::parse(&text, Path::new("manifest.json"))
        .with_context(|| format!("invalid manifest.json in `{}`", path.display()))?
        .manifest;
    let wasm = info.kept.remove(WASM_ENTRY).ok_or_else(|| {
        UserError::with_hint(
            format!("bundle `{}` has no {WASM_ENTRY}", path.display()),
            "alga test runs requests against the handler; this bundle has none",
        )
    })?;
    Ok((wasm, manifest))
}

fn file_line(r: &FileResult, printer: &Printer) -> String {
    let ran = r.entries.iter().filter(|e| !e.skipped).count();
    let verdict = if r.passed {
        printer.paint(Style::Success, "ok")
    } else {
        printer.paint(Style::Error, "FAILED")
    };
    let what = if r.error.is_some() {
        "did not run".to_string()
    } else {
        format!("{ran} request{}", if ran == 1 { "" } else { "s" })
    };
    format!(
        "test {} ... {verdict} ({what}, {} ms)",
        crate::output::escape_controls(&r.file),
        r.millis
    )
}

fn human_summary(
    results: &[FileResult],
    passed: usize,
    failed: usize,
    seconds: f64,
    printer: &Printer,
) -> String {
    let mut s = String::new();
    for r in results {
        for u in &r.updated {
            s.push_str(&format!("\nupdated {u}"));
        }
    }
    if failed > 0 {
        s.push_str("\nfailures:\n");
        for r in results.iter().filter(|r| !r.passed) {
            s.push_str(&format!(
                "\n---- {} ----\n",
                crate::output::escape_controls(&r.file)
            ));
            if let Some(e) = &r.error {
                s.push_str(e);
                s.push('\n');
            }
            for f in r.entries.iter().flat_map(|e| &e.failures) {
                s.push_str(&f.rendered);
                s.push('\n');
            }
            if !r.logs.is_empty() {
                s.push_str("handler log:\n");
                for l in &r.logs {
                    s.push_str(&format!(
                        "  {:<5} {}\n",
                        l.level,
                        crate::output::escape_controls(&l.message)
                    ));
                }
            }
        }
        s.push_str("\nfailures:\n");
        for r in results.iter().filter(|r| !r.passed) {
            s.push_str(&format!(
                "    {}\n",
                crate::output::escape_controls(&r.file)
            ));
        }
    }
    let verdict = if failed == 0 {
        printer.paint(Style::Success, "ok")
    } else {
        printer.paint(Style::Error, "FAILED")
    };
    s.push_str(&format!(
        "\ntest result: {verdict}. {passed} passed, {failed} failed; finished in {seconds:.2}s\n"
    ));
    let _ = std::io::stdout().flush();
    s
}
