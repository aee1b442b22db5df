//! `alga build`: a step line per phase, a spinner on long steps, JSON with `--json`.

use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::build::{self, BuildOptions, Reporter};
use crate::cli::BuildArgs;
use crate::output::{Printer, human_bytes};

struct TermReporter<'a> {
    printer: &'a Printer,
    spinner: RefCell<Option<(ProgressBar, Instant)>>,
    live: bool,
}

impl TermReporter<'_> {
    fn stop(&self) -> Option<Duration> {
        self.spinner.borrow_mut().take().map(|(bar, started)| {
            bar.finish_and_clear();
            started.elapsed()
        })
    }
}

impl Reporter for TermReporter<'_> {
    fn start(&self, phase: &str, detail: &str) {
        self.stop();
        if !self.live {
            self.printer.detail(&format!("{phase}: {detail}"));
            *self.spinner.borrow_mut() = Some((ProgressBar::hidden(), Instant::now()));
            return;
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:>10} {msg} ({elapsed})")
                .expect("valid template"),
        );
        bar.set_prefix(phase.to_string());
        bar.set_message(detail.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        *self.spinner.borrow_mut() = Some((bar, Instant::now()));
    }

    fn finish(&self, phase: &str, detail: &str) {
        let took = self
            .stop()
            .map(|d| format!(" in {:.1}s", d.as_secs_f64()))
            .unwrap_or_default();
        self.printer.status(phase, &format!("{detail}{took}"));
    }

    fn warn(&self, text: &str) {
        self.stop();
        self.printer.warn(text);
    }
}

pub fn run(args: BuildArgs, printer: &Printer) -> anyhow::Result<()> {
    let project = args.project.project;
    let opts = BuildOptions {
        project: project.clone(),
        skip_install: args.skip_install,
        release: args.release,
        wasm: args.wasm,
        entry: args.entry,
        skip_ui: args.skip_ui,
        capabilities: if args.fix_capabilities {
            build::CapabilityCheck::Fix
        } else if args.no_capability_check {
            build::CapabilityCheck::Warn
        } else {
            build::CapabilityCheck::Refuse
        },
        worker: None,
    };
    let started = Instant::now();
    let report = build_with(&opts, printer)?;
    let elapsed = started.elapsed().as_secs_f64();
    printer.result(&report, || {
        let mut s = String::new();
        match &report.handler {
            Some(h) => {
                s.push_str(&format!(
                    "{} {} ({}{})\n",
                    h.sha256,
                    h.wasm.display(),
                    human_bytes(h.size),
                    if h.skipped { ", unchanged" } else { "" }
                ));
                s.push_str(&format!("capabilities: {}\n", h.capabilities.join(", ")));
            }
            None if report.ui.is_none() => {
                s.push_str("nothing to build: UI-only extension (`alga pack` packs ui/ as it is)\n")
            }
            None => {}
        }
        s.push_str(&format!("built in {elapsed:.2}s\n"));
        s
    });
    Ok(())
}

/// Builds with a step line per phase (a spinner on a terminal); `alga test` builds this way too.
pub(super) fn build_with(
    opts: &BuildOptions,
    printer: &Printer,
) -> anyhow::Result<build::BuildReport> {
    if !opts.project.join("manifest.json").is_file() {
        return Err(crate::error::UserError::with_hint(
            format!("`{}` has no manifest.json", opts.project.display()),
            "run in the project folder, or point `--project` at it",
        )
        .into());
    }
    let reporter = TermReporter {
        printer,
        spinner: RefCell::new(None),
        live: !printer.quiet && !printer.json && std::io::stderr().is_terminal(),
    };
    let result = build::build(opts, &reporter);
    reporter.stop();
    result.with_context(|| format!("cannot build `{}`", opts.project.display()))
}
