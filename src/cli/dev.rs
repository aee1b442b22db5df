//! Flags of `alga dev` and `alga invoke`.

use std::path::PathBuf;

use clap::Args;

use super::*;

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

    /// The most one build step may take in the node worker that rebuilds the handler, in
    /// seconds (componentize-js runs the handler's top-level code); then the worker goes, with
    /// what it started, and the next save starts a new one.
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub build_timeout: u64,

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

    /// Install id requests run with (storage, scheduler, clients... need one); storage and
    /// schedules are kept per install id, as on the server.
    #[arg(long, default_value = crate::runner::storage::DEV_INSTALL_ID)]
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

#[derive(Debug, Args)]
#[command(
    after_help = "Test files are Hurl files (https://hurl.dev): requests, [Captures] and [Asserts] on status,\nheaders, jsonpath, body, duration. URLs are `{{base}}/api/...`: the path goes to the handler.\nEach file starts from fresh state: an empty storage database, tests/fixtures.json,\ntests/secrets.toml, and egress answered only by the mocks in tests/http/*.json.\nThe variables `alga_tenant`, `alga_install_id` and `alga_user_id` (also _email, _name,\n_type) set a request's tenant, install and user.\nSecret values are shown as *** in every report.\n\nNot supported: xpath, cookie, certificate, ip, md5 and redirects queries; the xpath,\ndecode, charsetDecode, format, dateFormat, toDate, daysAfterNow, daysBeforeNow, location\nand htmlUnescape filters; the isDate predicate; multipart and GraphQL bodies; options\nother than variable, skip, delay and max-time. A file that uses one fails naming it.\n\nExamples:\n  alga test\n  alga test counter --jobs 2\n  alga test --bundle dist/bundle.tar.zst --junit report.xml\n  alga test --update"
)]
pub struct TestArgs {
    /// Run only the files whose path contains one of these.
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,

    #[command(flatten)]
    pub project: ProjectArg,

    /// Test the handler inside this packed bundle (exactly what ships) instead of building
    /// the project; tests still come from the project's tests/ folder.
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,

    /// How many files run at once.
    #[arg(long, short = 'j', default_value_t = 1, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64))]
    pub jobs: usize,

    /// Rewrite the response body files entries compare with (`file,expected.json;`) from
    /// what the handler answers.
    #[arg(long)]
    pub update: bool,

    /// Also write the results as JUnit XML to FILE (for GitLab, GitHub and Jenkins).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// A variable for the files, `NAME=VALUE` (repeatable).
    #[arg(long = "variable", value_name = "NAME=VALUE", value_parser = parse_key_value)]
    pub variables: Vec<(String, String)>,

    /// Time limit of one request, in milliseconds; an entry's `max-time` option can only
    /// lower it.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,

    /// Do not run `npm install` before building.
    #[arg(long)]
    pub skip_install: bool,
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
