//! `alga completions SHELL`: print a completion script.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    write(args.shell, &mut out);
    Ok(())
}

/// Writes the completion script for `shell`; `completions/` holds these files.
pub fn write(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "alga", out);
}
