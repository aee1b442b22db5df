//! One module per subcommand: turn arguments into settings, call the domain code, report.

mod build;
mod cache;
mod completions;
mod create;
mod dev;
mod doctor;
mod extension;
mod inspect;
mod invoke;
mod pack;
pub(crate) mod signing;
mod test;

use crate::cli::{CacheCommand, Command, ComponentCommand, ExtensionCommand, KeysCommand};
use crate::output::Printer;

/// Runs one parsed command.
pub fn run(command: Command, printer: &Printer) -> anyhow::Result<()> {
    match command {
        Command::Pack(args) => pack::run(args, printer),
        Command::Inspect(args) => inspect::run(args, printer),
        Command::Completions(args) => completions::run(args),
        Command::Invoke(args) => invoke::run(args, printer),
        Command::Test(args) => test::run(args, printer),
        Command::Create(cmd) => create::run(cmd, printer),
        Command::Component(ComponentCommand::Create(args)) => {
            create::create(args, crate::scaffold::Kind::Component, printer)
        }
        Command::Build(args) => build::run(args, printer),
        Command::Sign(args) => signing::sign(args, printer),
        Command::Verify(args) => signing::verify(args, printer),
        Command::Keys(KeysCommand::Generate(args)) => signing::keys(args, printer),
        Command::Extension(ExtensionCommand::Publish(args)) => extension::publish(args, printer),
        Command::Extension(ExtensionCommand::Install(args)) => extension::install(args, printer),
        Command::Extension(ExtensionCommand::Uninstall(args)) => {
            extension::uninstall(args, printer)
        }
        Command::Dev(args) => dev::run(args, printer),
        Command::Doctor(args) => doctor::run(args, printer),
        Command::Cache(CacheCommand::Dir) => cache::dir(printer),
        Command::Cache(CacheCommand::Clean) => cache::clean(printer),
    }
}
