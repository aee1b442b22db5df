//! Command-line definitions. Only clap types live here; behaviour is in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

    /// Print a shell completion script.
    Completions(CompletionsArgs),

    /// Check the machine for what building extensions needs.
    Doctor(DoctorArgs),

    /// Manage the compile cache (components compiled to native code, in the user's cache folder).
    #[command(subcommand)]
    Cache(CacheCommand),
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform's cache folder).
    Dir,
    /// Remove every compiled component; they are compiled again when next needed.
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

    /// Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an
    /// x509 key with `--cert`).
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,

    /// With `--sign`: the signature algorithm (default: from the key file and `--cert`).
    #[arg(long, value_enum, requires = "sign")]
    pub sign_algorithm: Option<SignAlgorithm>,

    /// With `--sign`: the publisher certificate (x509).
    #[arg(long, requires = "sign")]
    pub cert: Option<PathBuf>,

    /// With `--sign`: intermediate certificates (x509).
    #[arg(long, requires = "cert")]
    pub chain: Option<PathBuf>,

    /// With `--sign`: also write the peer tools' sidecar files (.p7s, .asc, .sig + .sigstore.json).
    #[arg(long, requires = "sign")]
    pub export: bool,

    /// Ignored, as in @alga-psa/cli (use `--project` and `--out`).
    #[arg(hide = true, num_args = 0..)]
    pub ignored: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Bundle to sign.
    pub bundle: PathBuf,

    /// Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign).
    #[arg(long, visible_alias = "alg", value_enum)]
    pub algorithm: Option<SignAlgorithm>,

    /// Private key file (cosign: password from COSIGN_PASSWORD; pgp: passphrase, if any, from
    /// ALGA_PGP_PASSPHRASE).
    #[arg(long)]
    pub key: Option<PathBuf>,

    /// Publisher certificate, PEM; may be followed by intermediates (x509).
    #[arg(long)]
    pub cert: Option<PathBuf>,

    /// Intermediate certificates, PEM (x509).
    #[arg(long, requires = "cert")]
    pub chain: Option<PathBuf>,

    /// Also write the peer tools' sidecar files.
    #[arg(long)]
    pub export: bool,

    /// x509: ask this RFC 3161 time-stamping authority to stamp the signature, so that it
    /// verifies after the certificate expires (the token goes into the CMS).
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignAlgorithm {
    X509,
    Pgp,
    Cosign,
}

impl From<SignAlgorithm> for crate::signing::keys::Algorithm {
    fn from(a: SignAlgorithm) -> Self {
        match a {
            SignAlgorithm::X509 => Self::X509,
            SignAlgorithm::Pgp => Self::Pgp,
            SignAlgorithm::Cosign => Self::Cosign,
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Bundle to verify.
    pub bundle: PathBuf,

    /// SIGNATURE file (default: next to the bundle), or a peer tool's signature (.p7s, .asc,
    /// .sig, .sigstore.json).
    #[arg(long)]
    pub signature: Option<PathBuf>,

    /// Trusted signers: CA certificates and public keys (PEM) or OpenPGP certificates; a file, or
    /// the PEM text itself (as SIGNING_TRUST_BUNDLE holds it).
    #[arg(long, env = "SIGNING_TRUST_BUNDLE", hide_env_values = true)]
    pub trust: Option<String>,

    /// x509: check the certificates at this time instead of now, on purpose (RFC 3339, or
    /// YYYY-MM-DD for midnight UTC). Without it, only a timestamp from a trusted time-stamping
    /// authority in the CMS moves the time; the signer's own signingTime never does.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<time::OffsetDateTime>,

    /// x509: a certificate revocation list (PEM or DER) to check the chain against; repeatable.
    /// CRLs in the trust bundle (`X509 CRL` blocks) are used too.
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
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

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Generate a key pair (and for x509 a development CA).
    Generate(KeysGenerateArgs),
}

#[derive(Debug, Args)]
pub struct KeysGenerateArgs {
    /// Kind of key.
    #[arg(long, visible_alias = "alg", value_enum)]
    pub algorithm: SignAlgorithm,

    /// Folder for the key files.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,

    /// Signer name (x509 common name, OpenPGP user id).
    #[arg(long)]
    pub name: Option<String>,

    /// x509: issue the publisher certificate from this CA certificate instead of a new CA.
    #[arg(long, requires = "ca_key")]
    pub ca: Option<PathBuf>,

    /// x509: the private key of `--ca`.
    #[arg(long, requires = "ca")]
    pub ca_key: Option<PathBuf>,

    /// x509: days the publisher certificate is valid (a new CA: at least 3650).
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: u32,

    /// x509: first day the publisher certificate is valid (YYYY-MM-DD, UTC; default now).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub not_before: Option<time::OffsetDateTime>,

    /// x509: last day the publisher certificate is valid (YYYY-MM-DD, UTC; overrides `--days`).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub not_after: Option<time::OffsetDateTime>,
}

/// A `YYYY-MM-DD` date, as midnight UTC.
pub fn parse_date(s: &str) -> Result<time::OffsetDateTime, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| format!("`{s}` is not a date like 2027-01-31"))
}

/// An RFC 3339 time (`2027-01-31T12:00:00Z`), or a `YYYY-MM-DD` date as midnight UTC.
pub fn parse_time(s: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
        .or_else(|_| parse_date(s))
        .map_err(|_| {
            format!("`{s}` is not a time like 2027-01-31T12:00:00Z or a date like 2027-01-31")
        })
}

#[derive(Debug, Subcommand)]
pub enum ExtensionCommand {
    /// Upload a bundle (packing a project first), register it and install it.
    Publish(PublishArgs),
    /// Install a published version for the tenant.
    Install(InstallArgs),
    /// Uninstall an extension from the tenant.
    Uninstall(UninstallArgs),
}

/// An API key: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(pub String);

impl std::str::FromStr for ApiKey {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(ApiKey(s.to_string()))
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How to reach and authenticate with an Alga server.
#[derive(Debug, Args, Clone)]
pub struct ServerArgs {
    /// API key (sent as `x-api-key`; never printed).
    #[arg(
        long,
        visible_alias = "apikey",
        env = "ALGA_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<ApiKey>,

    /// Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too.
    #[arg(long, visible_alias = "tenant-id", env = "ALGA_TENANT_ID")]
    pub tenant: Option<String>,

    /// Server base URL.
    #[arg(
        long,
        visible_alias = "url",
        env = "ALGA_API_BASE_URL",
        default_value = "http://localhost:3000"
    )]
    pub base_url: String,

    /// Send the API key over plain `http://` to a server that is not on this machine (refused
    /// otherwise: anyone on the network path could read the key).
    #[arg(long)]
    pub allow_insecure_http: bool,

    /// Overall time limit in milliseconds.
    #[arg(long, value_name = "MS")]
    pub timeout: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Project folder or `bundle.tar.zst`.
    pub path: PathBuf,

    #[command(flatten)]
    pub server: ServerArgs,

    /// Register the version without installing it.
    #[arg(long)]
    pub no_install: bool,

    /// Sign the bundle before uploading, with this private key (as `alga sign --key`).
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,

    /// With `--sign`: the signature algorithm (default: from the key file and `--cert`).
    #[arg(long, value_enum, requires = "sign")]
    pub sign_algorithm: Option<SignAlgorithm>,

    /// With `--sign`: the publisher certificate (x509).
    #[arg(long, requires = "sign")]
    pub cert: Option<PathBuf>,

    /// With `--sign`: intermediate certificates (x509).
    #[arg(long, requires = "cert")]
    pub chain: Option<PathBuf>,

    /// Replace an existing bundle when packing.
    #[arg(long, short)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(disable_version_flag = true)]
pub struct InstallArgs {
    /// Registry id returned by publish.
    pub registry_id: String,

    /// Version to install (`-v` is accepted after `install`, as in @alga-psa/cli).
    #[arg(
        long = "version",
        id = "extension_version",
        env = "ALGA_EXTENSION_VERSION"
    )]
    pub version: Option<String>,

    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// Registry id of the extension.
    pub registry_id: String,

    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  alga dev\n  alga dev --listen 127.0.0.1:0 --allow-host api.example.com --secret api_key=...\n  alga dev --bundle dist/bundle.tar.zst\n  alga dev --registry --trust ca.pem\n  alga dev --listen 0.0.0.0:7070 --allowed-host devbox.local"
)]
pub struct DevArgs {
    #[command(flatten)]
    pub project: ProjectArg,

    /// Address to listen on (`127.0.0.1:0` picks a free port and prints it).
    #[arg(long, default_value = "127.0.0.1:7070")]
    pub listen: String,

    /// Port of the extension UI on the `--listen` address: its own origin, as the Runner's
    /// domain is in production (default: the next port when free, else any free one).
    #[arg(long, value_name = "PORT")]
    pub ui_port: Option<u16>,

    /// A name browsers may reach the server by, besides loopback names and IP addresses
    /// (repeatable); requests with any other `Host` are refused, which stops DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,

    /// How many requests may run handler code at once; more are answered 503 with
    /// `Retry-After`.
    #[arg(long, default_value_t = crate::runner::pool::DEFAULT_MAX_CONCURRENT, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=crate::runner::pool::MAX_CONCURRENT as u64))]
    pub max_concurrency: usize,

    /// Serve a packed bundle (its hash checked against its `.sha256` sidecar) instead of a project.
    #[arg(long)]
    pub bundle: Option<PathBuf>,

    /// Also serve the server's publish API (upload-proxy, finalize, install, uninstall) with a
    /// local registry in `.alga/registry`; installing a version serves it.
    #[arg(long)]
    pub registry: bool,

    /// With `--registry`: accept only bundles signed by these signers (CA certificates, public
    /// keys, OpenPGP certificates).
    #[arg(long, requires = "registry", value_name = "FILE")]
    pub trust: Option<PathBuf>,

    /// With `--registry`: the API key clients must send (default: a random key made at start
    /// and printed once).
    #[arg(long, env = "ALGA_API_KEY", hide_env_values = true)]
    pub api_key: Option<ApiKey>,

    #[command(flatten)]
    pub host: DevHostArgs,
}

/// Dev host settings shared by `alga dev` and `alga invoke`.
#[derive(Debug, Args, Clone)]
pub struct DevHostArgs {
    /// Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress.
    /// `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it.
    #[arg(long = "allow-host", value_name = "HOST", value_parser = parse_egress_host)]
    pub allow_hosts: Vec<String>,

    /// A secret for the handler (overrides `.alga/secrets.toml`); never printed.
    #[arg(long = "secret", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub secrets: Vec<(String, String)>,

    /// Tenant id requests run as.
    #[arg(long, default_value = "dev-tenant")]
    pub tenant: String,

    /// Install id requests run with (storage, scheduler, clients... need one).
    #[arg(long, default_value = "dev-install")]
    pub install_id: String,

    /// Fuel per request (turns on fuel metering).
    #[arg(long)]
    pub fuel: Option<u64>,

    /// Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may
    /// ask for.
    #[arg(long, default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,

    /// Memory limit of one request, in MiB (at most 1024, the runner's cap); also the most a
    /// `/v1/execute` caller may ask for.
    #[arg(long, default_value_t = 256, value_parser = parse_memory_mb)]
    pub memory_mb: u64,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  alga invoke /api/hello\n  alga invoke POST /api/items --data '{\"text\":\"hi\"}' --header content-type:application/json\n  alga invoke PUT /api/doc --data @doc.json --json"
)]
pub struct InvokeArgs {
    /// `[METHOD] PATH`, e.g. `GET /api/hello` (the method defaults to GET).
    #[arg(num_args = 1..=2, required = true, value_name = "METHOD PATH")]
    pub target: Vec<String>,

    /// Request body: text, `@file`, or `-` for standard input.
    #[arg(long, short)]
    pub data: Option<String>,

    /// Request header `NAME:VALUE` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE")]
    pub headers: Vec<String>,

    #[command(flatten)]
    pub project: ProjectArg,

    #[command(flatten)]
    pub host: DevHostArgs,
}

fn parse_egress_host(text: &str) -> Result<String, String> {
    crate::runner::Egress::parse_entry(text)
}

fn parse_memory_mb(text: &str) -> Result<u64, String> {
    let cap = crate::runner::POOL_MEMORY_MB;
    match text.trim().parse::<u64>() {
        Ok(0) => Err("a request needs some memory: give 1 or more (MiB)".into()),
        Ok(n) if n > cap => Err(format!(
            "{n} MiB is above the runner's cap of {cap} MiB (the largest memory a guest slot \
             holds); give {cap} or less"
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number of MiB")),
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err("expected KEY=VALUE".to_string()),
    }
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
