use clap::Parser;

use alga::cli::{Cli, normalize_args};
use alga::error::exit;
use alga::output::Printer;
use alga::report::Report;

fn main() {
    alga::panics::install_hook();
    let cli = match Cli::try_parse_from(normalize_args(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { exit::USAGE } else { 0 });
        }
    };
    let printer = Printer::from_args(&cli.global);
    if let Err(err) = alga::commands::run(cli.command, &printer) {
        if err.downcast_ref::<alga::error::AlreadyReported>().is_some() {
            std::process::exit(exit::FAILURE);
        }
        let report = Report::from_error(&err);
        printer.error(&report);
        std::process::exit(report.exit_code);
    }
}
