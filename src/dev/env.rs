//! What a local run of an extension needs: the runtime with its dev services, the loaded
//! component, and the defaults a request gets (tenant, install, user, secrets).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use crate::error::UserError;
use crate::manifest::{self, Manifest};
use crate::runner::{self, Egress, LoadInfo, Loaded, Runtime, RuntimeOptions, Services, api};

/// Settings shared by `alga dev` and `alga invoke`.
#[derive(Debug, Clone)]
pub struct DevSettings {
    pub project: PathBuf,
    pub allow_hosts: Vec<String>,
    pub secrets: Vec<(String, String)>,
    pub tenant: String,
    pub install_id: String,
    pub fuel: Option<u64>,
    pub timeout_ms: u64,
    pub memory_mb: u64,
    /// How many requests may run guest code at once.
    pub max_concurrent: usize,
    /// Where notes (`-v`) go.
    pub printer: crate::output::Printer,
}

impl DevSettings {
    /// The settings of `alga dev` and `alga invoke`, from their flags and the environment
    /// (`EXT_EGRESS_ALLOWLIST` adds hosts to `--allow-host`): resolved here, once.
    pub fn new(
        project: PathBuf,
        args: &crate::cli::DevHostArgs,
        printer: &crate::output::Printer,
    ) -> anyhow::Result<DevSettings> {
        let mut allow_hosts = args.allow_hosts.clone();
        if let Ok(env) = std::env::var("EXT_EGRESS_ALLOWLIST") {
            for entry in env.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let host = Egress::parse_entry(entry).map_err(|e| {
                    UserError::with_hint(
                        format!("EXT_EGRESS_ALLOWLIST: {e}"),
                        "list host names separated by commas",
                    )
                })?;
                allow_hosts.push(host);
            }
        }
        Ok(DevSettings {
            project,
            allow_hosts,
            secrets: args.secrets.clone(),
            tenant: args.tenant.clone(),
            install_id: args.install_id.clone(),
            fuel: args.fuel,
            timeout_ms: args.timeout_ms,
            memory_mb: args.memory_mb,
            max_concurrent: runner::pool::DEFAULT_MAX_CONCURRENT,
            printer: printer.clone(),
        })
    }
}

/// Request defaults of the dev host.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub tenant: String,
    pub install_id: String,
    pub user: api::User,
    pub secrets: BTreeMap<String, String>,
    pub limits: api::Limits,
}

pub struct DevEnv {
    pub runtime: Arc<Runtime>,
    pub defaults: Defaults,
    pub state_dir: PathBuf,
    printer: crate::output::Printer,
}

/// Refuses a state folder (or its `bundles` folder) that is a symbolic link: a cloned
/// repository could point it anywhere, and bundles are unpacked and removed in it.
pub fn refuse_symlink(state_dir: &Path) -> anyhow::Result<()> {
    for path in [state_dir.to_path_buf(), state_dir.join("bundles")] {
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(UserError::with_hint(
                format!("`{}` is a symbolic link", path.display()),
                "remove it: alga keeps its local state (database, unpacked bundles) in a real folder there",
            )
            .into());
        }
    }
    Ok(())
}

/// Reads `.alga/secrets.toml` (a flat table of strings) if present.
pub fn read_secrets(path: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read `{}`", path.display())));
        }
    };
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        UserError::with_hint(
            format!("invalid TOML in `{}`: {}", path.display(), e.message()),
            "write one `NAME = \"value\"` per line",
        )
    })?;
    let mut out = BTreeMap::new();
    for (k, v) in table {
        match v {
            toml::Value::String(s) => {
                out.insert(k, s);
            }
            _ => {
                return Err(UserError::with_hint(
                    format!("secret `{k}` in `{}` is not a string", path.display()),
                    "quote the value: NAME = \"value\"",
                )
                .into());
            }
        }
    }
    Ok(out)
}

/// The state a run starts from: storage, fixtures, secrets and, for tests, mocked egress.
pub struct State {
    pub store: runner::storage::Store,
    pub fixtures: runner::fixtures::Fixtures,
    pub secrets: BTreeMap<String, String>,
    pub mocks: Option<Arc<runner::mocks::Mocks>>,
}

impl DevEnv {
    /// The project's dev state: `.alga/dev.db`, `.alga/fixtures.json`, `.alga/secrets.toml`.
    pub fn open(settings: &DevSettings) -> anyhow::Result<DevEnv> {
        let state_dir = runner::state_dir(&settings.project);
        refuse_symlink(&state_dir)?;
        let store = runner::storage::Store::open(&state_dir.join("dev.db"))
            .with_context(|| format!("cannot open `{}`", state_dir.join("dev.db").display()))?;
        let fixtures = runner::fixtures::load(&state_dir.join("fixtures.json"))?;
        let secrets = read_secrets(&state_dir.join("secrets.toml"))?;
        let state = State {
            store,
            fixtures,
            secrets,
            mocks: None,
        };
        DevEnv::with_state(settings, state_dir, state)
    }

    /// A runtime over `state`; `--secret` flags override its secrets.
    pub fn with_state(
        settings: &DevSettings,
        state_dir: PathBuf,
        state: State,
    ) -> anyhow::Result<DevEnv> {
        let State {
            store,
            fixtures,
            mut secrets,
            mocks,
        } = state;
        for (k, v) in &settings.secrets {
            secrets.insert(k.clone(), v.clone());
        }
        let allow = settings.allow_hosts.clone();
        let user = fixtures.user.clone();
        let mut services = Services::new(store, fixtures, Egress { allow });
        services.mocks = mocks;
        let services = Arc::new(services);
        let cache_dir = runner::cache::user_cache_dir();
        let runtime = Runtime::new(
            services,
            RuntimeOptions {
                cache: cache_dir.as_deref().map(|dir| {
                    runner::cache::CompileCache::new(runner::cache::components_dir(dir))
                }),
                functions: cache_dir.as_deref().map(|dir| {
                    Arc::new(runner::incremental::FunctionCache::new(
                        runner::incremental::functions_dir(dir),
                    ))
                }),
                ceilings: runner::Ceilings {
                    timeout_ms: settings.timeout_ms,
                    memory_mb: settings.memory_mb,
                    fuel: settings.fuel,
                },
                max_concurrent: settings.max_concurrent,
            },
        )?;
        Ok(DevEnv {
            runtime,
            defaults: Defaults {
                tenant: settings.tenant.clone(),
                install_id: settings.install_id.clone(),
                user,
                secrets,
                limits: api::Limits {
                    timeout_ms: Some(settings.timeout_ms),
                    memory_mb: Some(settings.memory_mb),
                    fuel: settings.fuel,
                },
            },
            state_dir,
            printer: settings.printer.clone(),
        })
    }

    /// Loads the project's manifest and `dist/main.wasm`.
    pub fn load_project(&self, project: &Path) -> anyhow::Result<(Arc<Loaded>, LoadInfo)> {
        let manifest = manifest::load(&project.join("manifest.json"))?.manifest;
        let wasm_path = project.join(manifest::WASM_ENTRY);
        let wasm = std::fs::read(&wasm_path).map_err(|_| {
            UserError::with_hint(
                format!("`{}` does not exist", wasm_path.display()),
                "run `alga build` first",
            )
        })?;
        self.load_bytes(&wasm, manifest)
    }

    pub fn load_bytes(
        &self,
        wasm: &[u8],
        manifest: Manifest,
    ) -> anyhow::Result<(Arc<Loaded>, LoadInfo)> {
        let (loaded, info, save) = self.load_bytes_unsaved(wasm, manifest)?;
        self.save_caches(save);
        Ok((loaded, info))
    }

    /// [`DevEnv::load_bytes`], leaving the caches to [`DevEnv::save_caches`].
    pub fn load_bytes_unsaved(
        &self,
        wasm: &[u8],
        manifest: Manifest,
    ) -> anyhow::Result<(Arc<Loaded>, LoadInfo, runner::CacheSave)> {
        let (loaded, report, save) = self
            .runtime
            .load_unsaved(wasm, manifest)
            .map_err(|e| anyhow::anyhow!("cannot load the handler component: {e:#}"))?;
        if let Some(note) = &report.cache_note {
            self.printer.detail(note);
        }
        Ok((loaded, report.info, save))
    }

    /// Writes what a compilation left to the caches; says with `-v` why it could not.
    pub fn save_caches(&self, save: runner::CacheSave) {
        if let Some(note) = save.run() {
            self.printer.detail(&note);
        }
    }

    /// A request as the dev gateway sends it: tenant, install, the manifest's capabilities,
    /// the fixture user and a 30 s limit.
    pub fn request(
        &self,
        loaded: &Loaded,
        method: &str,
        path: &str,
        headers: BTreeMap<String, String>,
        body: Option<Vec<u8>>,
    ) -> api::ExecuteRequest {
        use base64::Engine as _;
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_string(), runner::query_map(q)),
            None => (path.to_string(), BTreeMap::new()),
        };
        api::ExecuteRequest {
            context: api::RequestContext {
                request_id: Some(runner::new_id()),
                tenant_id: self.defaults.tenant.clone(),
                extension_id: loaded.manifest.name.clone(),
                install_id: Some(self.defaults.install_id.clone()),
                content_hash: loaded.hash.clone(),
                version_id: Some(loaded.manifest.version.clone()),
                config: BTreeMap::new(),
            },
            http: api::RequestHttp {
                method: method.to_ascii_uppercase(),
                path,
                query,
                headers,
                body_b64: body.map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
            },
            limits: self.defaults.limits,
            secret_envelope: None,
            providers: loaded
                .manifest
                .granted_capabilities()
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            user: Some(self.defaults.user.clone()),
        }
    }

    /// Runs a request through the gateway rules: the endpoint must be declared.
    pub async fn call(
        &self,
        loaded: Arc<Loaded>,
        req: api::ExecuteRequest,
    ) -> api::ExecuteResponse {
        if runner::match_endpoint(
            loaded.manifest.endpoints(),
            &req.http.method,
            &req.http.path,
        )
        .is_none()
        {
            let mut resp = api::ExecuteResponse::error(404, "endpoint_not_found");
            resp.headers
                .insert("content-type".into(), "application/json".into());
            use base64::Engine as _;
            resp.body_b64 = Some(
                base64::engine::general_purpose::STANDARD
                    .encode(br#"{"error":"endpoint_not_found"}"#),
            );
            return resp;
        }
        self.runtime
            .execute_with(loaded, req, Some(self.defaults.secrets.clone()))
            .await
    }
}
