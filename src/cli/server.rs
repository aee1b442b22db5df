//! Flags of `alga extension publish|install|uninstall` and the server connection.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::*;

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

    #[command(flatten)]
    pub signing: SignOnTheWayArgs,

    /// Accepted as `@alga-psa/cli` takes it; publishing always replaces the project's own
    /// `dist/bundle.tar.zst` (packing is deterministic).
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
