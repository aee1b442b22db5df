//! Command-line definitions. Only clap types live here; behaviour is in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod dev;
mod server;
mod signing;

pub use dev::*;
pub use server::*;
pub use signing::*;

/// The Alga PSA extension toolchain: scaffold, build, pack, sign, publish and run extensions.
#[derive(Debug, Parser)]
#[command(
    name = "alga",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Examples:\n  alga create extension hello --template basic\n  alga build --project hello\n  alga pack --project hello\n  alga inspect hello/dist/bundle.tar.zst"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every subcommand.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Print only errors and the command's result.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail (repeat for even more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colors. `NO_COLOR` in the environment means `never` unless set here.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print machine-readable JSON on stdout instead of human text (for CI).
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a new extension or component from a built-in template.
    Create(CreateCmd),

    /// Component commands (`alga component create` is `alga create component`).
    #[command(subcommand)]
    Component(ComponentCommand),

    /// Build the UI and the handler component of a project.
    Build(BuildArgs),

    /// Pack a project into a canonical, reproducible `bundle.tar.zst`.
    Pack(PackArgs),

    /// Sign a bundle (x509 CMS, OpenPGP or cosign).
    Sign(SignArgs),

    /// Verify a bundle's signature against a trust bundle.
    Verify(VerifyArgs),

    /// Show what is inside a bundle or a component.
    Inspect(InspectArgs),

    /// Generate signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),

    /// Publish, install and uninstall extensions on an Alga server.
    #[command(subcommand)]
    Extension(ExtensionCommand),

    /// Run a local Alga host: runner, UI server and host page.
    Dev(DevArgs),

    /// Run one request through the embedded runner, without a server.
    Invoke(InvokeArgs),

    /// Run the project's request tests (tests/**/*.hurl) against its handler.
    Test(TestArgs),

    /// Print a shell completion script.
    Completions(CompletionsArgs),

    /// Check the machine for what building extensions needs.
    Doctor(DoctorArgs),

    /// Manage the compile caches (components and functions compiled to native code, in the user's cache folder).
    #[command(subcommand)]
    Cache(CacheCommand),
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform's cache folder).
    Dir,
    /// Remove every compiled component and function; they are compiled again when next needed.
    Clean,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  alga create --list\n  alga create extension hello\n  alga create extension gallery --template ui-gallery --publisher \"Acme\"\n  alga create component worker --dir services"
)]
pub struct CreateCmd {
    /// List the templates with a one-line summary.
    #[arg(long)]
    pub list: bool,

    #[command(subcommand)]
    pub kind: Option<CreateCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CreateCommand {
    /// Scaffold an extension (iframe UI, optionally with a handler).
    Extension(CreateArgs),
    /// Scaffold a server-side handler component.
    Component(CreateArgs),
}

#[derive(Debug, Subcommand)]
pub enum ComponentCommand {
    /// Same as `alga create component`.
    Create(CreateArgs),
}

#[derive(Debug, Args)]
#[command(disable_version_flag = true)]
pub struct CreateArgs {
    /// Name of the new project; also the folder created.
    pub name: String,

    /// Template to start from (`alga create --list` shows them).
    #[arg(long, short)]
    pub template: Option<String>,

    /// Publisher written to the manifest.
    #[arg(long)]
    pub publisher: Option<String>,

    /// Reverse-domain extension id (default `com.<publisher>.<name>`).
    #[arg(long)]
    pub id: Option<String>,

    /// First version of the extension.
    #[arg(long = "version", id = "initial_version", default_value = "0.1.0")]
    pub initial_version: String,

    /// Folder in which the project folder is created.
    #[arg(long, visible_alias = "directory")]
    pub dir: Option<PathBuf>,

    /// Write into a folder that already has files.
    #[arg(long, short)]
    pub force: bool,
}

/// Where a project lives; the original CLI's `--dir` and `--cwd` spellings work too.
#[derive(Debug, Args, Clone)]
pub struct ProjectArg {
    /// Project folder (the one holding `manifest.json`).
    #[arg(long, visible_aliases = ["dir", "cwd"], value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  alga build\n  alga build --project my-ext --release\n  alga build --entry src/backend/index.ts --skip-ui\n  alga build --fix-capabilities"
)]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: ProjectArg,

    /// Do not run `npm install` when `node_modules` is missing.
    #[arg(long)]
    pub skip_install: bool,

    /// Optimised build.
    #[arg(long)]
    pub release: bool,

    /// Componentize this core wasm module instead of building JS/TS.
    #[arg(long, value_name = "FILE")]
    pub wasm: Option<PathBuf>,

    /// The handler's entry file, relative to the project (default: `alga.entry` in
    /// package.json, a source file the manifest's endpoints name, package.json's
    /// `main`/`exports`, then src/index.ts, src/index.js, src/handler.ts, src/handler.js).
    #[arg(long, value_name = "FILE", conflicts_with = "wasm")]
    pub entry: Option<PathBuf>,

    /// Do not run the UI's npm script (`build:ui`, or `alga.uiScript` in package.json).
    #[arg(long)]
    pub skip_ui: bool,

    /// Add the capabilities the handler needs to manifest.json, keeping its layout.
    #[arg(long, conflicts_with = "no_capability_check")]
    pub fix_capabilities: bool,

    /// Build even when the manifest lacks capabilities the handler needs (a warning; the
    /// platform denies those calls at run time).
    #[arg(long)]
    pub no_capability_check: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  alga pack\n  alga pack --project my-ext --out out/bundle.tar.zst --force\n  alga pack --fast --json"
)]
pub struct PackArgs {
    #[command(flatten)]
    pub project: ProjectArg,

    /// Output file (default: `<project>/dist/bundle.tar.zst`).
    #[arg(long, short, visible_alias = "outfile", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the output file when it exists.
    #[arg(long, short)]
    pub force: bool,

    /// Compress quickly (zstd level 1) for local loops; the bytes differ from a release pack.
    #[arg(long, conflicts_with = "level")]
    pub fast: bool,

    /// zstd compression level, 1 to 22 (default 19).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1..=22))]
    pub level: Option<i32>,

    #[command(flatten)]
    pub signing: SignOnTheWayArgs,

    /// With `--sign`: also write the peer tools' sidecar files (.p7s, .asc, .sig + .sigstore.json).
    #[arg(long, requires = "sign")]
    pub export: bool,

    /// Ignored, as in @alga-psa/cli (use `--project` and `--out`).
    #[arg(hide = true, num_args = 0..)]
    pub ignored: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  alga inspect dist/bundle.tar.zst\n  alga inspect dist/main.wasm --json\n  alga inspect untrusted.tar.zst --max-size 50MiB"
)]
pub struct InspectArgs {
    /// A `bundle.tar.zst`, or a component / core module (`.wasm`).
    pub path: PathBuf,

    /// Largest unpacked bundle accepted (bytes, or with KiB/MiB/GiB).
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = parse_size)]
    pub max_size: u64,

    /// Largest single file accepted inside a bundle.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Most entries accepted inside a bundle.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_files: u64,

    /// Print the component's WIT world.
    #[arg(long)]
    pub wit: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub project: ProjectArg,
}

/// Parses `1048576`, `512KiB`, `10MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB` as binary units).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{text}` is not a size; use e.g. `1048576`, `512KiB`, `10MiB`, `1GiB`")
    })?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}`; use KiB, MiB or GiB")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Rewrites `alga extension install ID -v X` to `--version X`, the original CLI's spelling,
/// because `-v` is the global verbosity flag everywhere else.
pub fn normalize_args(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let Some(ext) = words.iter().position(|w| w == "extension") else {
        return args;
    };
    if words.get(ext + 1).map(String::as_str) != Some("install") {
        return args;
    }
    let mut out = args.clone();
    for i in ext + 2..words.len() {
        if words[i] == "--" {
            break;
        }
        let next_is_value = words.get(i + 1).is_some_and(|n| !n.starts_with('-'));
        if words[i] == "-v" && next_is_value {
            out[i] = "--version".into();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert_eq!(parse_size("3MiB"), Ok(3 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("12XB").is_err());
        assert!(parse_size("MiB").is_err());
    }

    #[test]
    fn debug_output_never_shows_api_keys() {
        for args in [
            &[
                "alga",
                "extension",
                "publish",
                ".",
                "--api-key",
                "sk-top-secret",
            ][..],
            &["alga", "dev", "--registry", "--api-key", "sk-top-secret"],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            let text = format!("{cli:?}");
            assert!(!text.contains("sk-top-secret"), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }

    #[test]
    fn install_short_v_means_version() {
        let args = ["alga", "extension", "install", "abc", "-v", "1.2.3"]
            .map(std::ffi::OsString::from)
            .to_vec();
        let out = normalize_args(args);
        assert_eq!(out[4], "--version");
        let cli = Cli::try_parse_from(out).unwrap();
        match cli.command {
            Command::Extension(ExtensionCommand::Install(a)) => {
                assert_eq!(a.version.as_deref(), Some("1.2.3"));
                assert_eq!(cli.global.verbose, 0);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn verbose_stays_verbose_elsewhere() {
        let args = ["alga", "pack", "-v"]
            .map(std::ffi::OsString::from)
            .to_vec();
        let cli = Cli::try_parse_from(normalize_args(args)).unwrap();
        assert_eq!(cli.global.verbose, 1);
    }
}
