//! The embedded runner: Wasmtime hosting components of the `alga:extension/runner` world.
//! A component is compiled once (and cached in the user's cache folder), pre-instantiated once,
//! and each request gets a fresh instance with its own limits.

pub mod api;
pub mod bindings;
pub mod cache;
pub mod egress;
pub mod fixtures;
mod host;
pub mod incremental;
pub mod limits;
pub mod mocks;
pub mod pool;
mod request;
mod services;
pub mod storage;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use wasmtime::component::{Component, HasSelf, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store, UpdateDeadline};
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

use crate::manifest::{Capability, Manifest};
use bindings::alga::extension::types as wit;
use bindings::{Runner, RunnerPre};
pub use host::HostState;
pub use limits::{Ceilings, POOL_MEMORY_MB};
use request::{api_response, decode_envelope, granted, guest_request};
pub use request::{match_endpoint, new_id, now_rfc3339, query_map, state_dir, url_encode_query};
pub use services::{Egress, Services, routing_header};

/// Defaults the Runner applies when a request names none.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
pub const DEFAULT_MEMORY_MB: u64 = 256;
/// Epoch tick: how often a running guest yields and checks its deadline.
const TICK: Duration = Duration::from_millis(10);
/// How long past its deadline a request stuck in a host call is given before it is dropped.
const HOST_CALL_GRACE: Duration = Duration::from_secs(1);

/// Where a log line came from and what it says.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LogEvent {
    pub level: &'static str,
    /// `log` (logging interface), `stdout` or `stderr`.
    pub stream: &'static str,
    pub tenant_id: String,
    pub extension_id: String,
    pub request_id: Option<String>,
    pub message: String,
}

/// A compiled, pre-instantiated component and what it was built from.
pub struct Loaded {
    pre: RunnerPre<HostState>,
    /// `sha256:<hex>` of the component bytes.
    pub hash: String,
    pub manifest: Manifest,
}

/// How loading went.
#[derive(Debug, Clone, Copy)]
pub struct LoadInfo {
    pub from_cache: bool,
    pub millis: u128,
    /// How the incremental cache served a compilation (none when nothing was compiled).
    pub functions: Option<incremental::Counts>,
}

impl LoadInfo {
    /// How the component was loaded, for a status line: `in 812 ms (compile cache)`.
    pub fn describe(&self) -> String {
        let how = match (self.from_cache, self.functions) {
            (true, _) => " (compile cache)".to_string(),
            (false, Some(c)) => format!(
                " ({} of {} functions compiled, the rest from the incremental cache)",
                c.compiled, c.lookups
            ),
            (false, None) => String::new(),
        };
        format!("in {} ms{how}", self.millis)
    }
}

/// How loading went, and why the compile cache was not used when it was not.
#[derive(Debug)]
pub struct LoadReport {
    pub info: LoadInfo,
    /// A `-v` note: a cache file that failed a check, or a cache that cannot be written.
    pub cache_note: Option<String>,
}

/// What a compilation leaves to write to the caches (see [`Runtime::load_unsaved`]).
#[derive(Default)]
pub struct CacheSave {
    component: Option<(cache::CompileCache, cache::Key, Component)>,
    functions: Option<Arc<incremental::FunctionCache>>,
}

impl CacheSave {
    /// Writes the compiled component and functions; why one could not be written, if so.
    pub fn run(self) -> Option<String> {
        let mut note = None;
        if let Some((cache, key, component)) = &self.component
            && let Err(skipped) = cache.store(key, component)
        {
            note = Some(skipped.0);
        }
        if let Some(f) = &self.functions
            && let Err(skipped) = f.persist()
        {
            note.get_or_insert(skipped.0);
        }
        note
    }
}

/// Options of the runtime.
#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    /// Compiled components on disk; none disables the disk cache.
    pub cache: Option<cache::CompileCache>,
    /// Compiled functions on disk (Cranelift's incremental cache); none compiles every function.
    pub functions: Option<Arc<incremental::FunctionCache>>,
    /// The most a request may ask for; a fuel ceiling turns on fuel metering.
    pub ceilings: Ceilings,
    /// How many requests may run guest code at once; more are refused as busy.
    pub max_concurrent: usize,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            cache: None,
            functions: None,
            ceilings: Ceilings::default(),
            max_concurrent: pool::DEFAULT_MAX_CONCURRENT,
        }
    }
}

pub struct Runtime {
    engine: Engine,
    linker: Linker<HostState>,
    pub services: Arc<Services>,
    options: RuntimeOptions,
    guests: pool::GuestPool,
    weak: std::sync::Weak<Runtime>,
}

impl Runtime {
    pub fn new(services: Arc<Services>, options: RuntimeOptions) -> anyhow::Result<Arc<Runtime>> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.epoch_interruption(true);
        config.consume_fuel(options.ceilings.fuel.is_some());
        let mut pool = wasmtime::PoolingAllocationConfig::default();
        // Room for every running request at the deepest `ui-proxy` nesting (four instances).
        let n = options.max_concurrent.clamp(1, pool::MAX_CONCURRENT) as u32;
        pool.total_component_instances(4 * n)
            .total_core_instances(16 * n)
            .total_memories(8 * n)
            .total_tables(8 * n)
            .total_stacks(4 * n)
            .max_memory_size((POOL_MEMORY_MB << 20) as usize)
            .max_core_instance_size(4 << 20)
            .max_component_instance_size(4 << 20)
            // Keep the first pages of a reused slot mapped: a JS engine touches them on every
            // request, and faulting them back in costs more than resetting them in place.
            .linear_memory_keep_resident(8 << 20)
            .table_keep_resident(1 << 20);
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
        if let Some(functions) = &options.functions {
            config.enable_incremental_compilation(functions.clone())?;
        }
        let engine = Engine::new(&config)?;
        let mut linker = Linker::<HostState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        // As the Runner links it; requests go through `http.fetch`'s checks (host/wasi_http.rs).
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        Runner::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;

        // One thread moves every store's epoch forward; deadlines are counted in ticks.
        let ticker = engine.weak();
        std::thread::Builder::new()
            .name("alga-epoch".into())
            .spawn(move || {
                while let Some(engine) = ticker.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(TICK);
                }
            })?;

        let guests = pool::GuestPool::new(options.max_concurrent)?;
        Ok(Arc::new_cyclic(|weak| Runtime {
            engine,
            linker,
            services,
            options,
            guests,
            weak: weak.clone(),
        }))
    }

    /// How many requests run guest code now.
    pub fn running(&self) -> usize {
        self.guests.running()
    }

    /// Compiles (or loads from the compile cache) and pre-instantiates a component. Says why a
    /// cache was not used, when it was not. What the compilation produced is left to the caller
    /// to write to the caches ([`CacheSave::run`]): the dev loop serves the new component first.
    pub fn load_unsaved(
        &self,
        wasm: &[u8],
        manifest: Manifest,
    ) -> anyhow::Result<(Arc<Loaded>, LoadReport, CacheSave)> {
        let started = Instant::now();
        let digest: [u8; 32] = Sha256::digest(wasm).into();
        let hash = crate::bundle::sha256_label(&digest);
        let key = cache::Key::new(&digest, &self.engine);
        let mut cache_note = None;
        let cached = match &self.options.cache {
            Some(cache) => cache.load(&self.engine, &key).unwrap_or_else(|skipped| {
                cache_note = Some(skipped.0);
                None
            }),
            None => None,
        };
        let from_cache = cached.is_some();
        let functions = self.options.functions.as_deref();
        let before = functions.map(|f| f.counts()).unwrap_or_default();
        let mut save = CacheSave::default();
        let component = match cached {
            Some(c) => c,
            None => {
                let c = Component::new(&self.engine, wasm)?;
                if let Some(f) = functions
                    && let Some(note) = f.take_note()
                {
                    cache_note.get_or_insert(note);
                }
                save = CacheSave {
                    component: self
                        .options
                        .cache
                        .clone()
                        .map(|cache| (cache, key, c.clone())),
                    functions: self.options.functions.clone(),
                };
                c
            }
        };
        let compiled = functions.map(|f| {
            let after = f.counts();
            incremental::Counts {
                lookups: after.lookups - before.lookups,
                compiled: after.compiled - before.compiled,
            }
        });
        refuse_ungranted_wasi_http(&component, &self.engine, &manifest)?;
        let pre = self.linker.instantiate_pre(&component)?;
        let pre = RunnerPre::new(pre)?;
        Ok((
            Arc::new(Loaded {
                pre,
                hash,
                manifest,
            }),
            LoadReport {
                info: LoadInfo {
                    from_cache,
                    millis: started.elapsed().as_millis(),
                    functions: compiled.filter(|c| c.lookups > 0),
                },
                cache_note,
            },
            save,
        ))
    }

    /// Runs one request as the Runner's `/v1/execute` does (steps 5 to 8 of its contract):
    /// providers, secrets, then the handler, always answering with an [`api::ExecuteResponse`].
    pub async fn execute(
        &self,
        component: Arc<Loaded>,
        req: api::ExecuteRequest,
    ) -> api::ExecuteResponse {
        let secrets = match &req.secret_envelope {
            None => None,
            Some(env) => match decode_envelope(env) {
                Ok(map) => Some(map),
                Err(()) => return api::ExecuteResponse::error(500, "secret_decrypt_failed"),
            },
        };
        self.execute_with(component, req, secrets).await
    }

    /// Like [`Runtime::execute`] with secrets given directly (dev host, `alga invoke`): takes a
    /// slot, lowers the limits to the ceilings and runs the guest on the guest threads.
    pub async fn execute_with(
        &self,
        component: Arc<Loaded>,
        req: api::ExecuteRequest,
        secrets: Option<BTreeMap<String, String>>,
    ) -> api::ExecuteResponse {
        let caps = match granted(&req.providers) {
            Ok(caps) => caps,
            Err(resp) => return resp,
        };
        let (Ok(slot), Some(this)) = (self.guests.slot(), self.weak.upgrade()) else {
            return api::ExecuteResponse::error(
                503,
                format!(
                    "{}: {} requests are running, the most this runner takes at once",
                    api::BUSY,
                    self.guests.max_concurrent
                ),
            );
        };
        let mut req = req;
        req.limits = self.options.ceilings.clamp(req.limits);
        let budget = limits::Budget::new(&req.limits);
        let work = async move {
            let resp = this.run(component, req, caps, secrets, 0, budget).await;
            drop(slot);
            resp.unwrap_or_else(|e| e)
        };
        self.guests.run(work).await.unwrap_or_else(|panic| {
            api::ExecuteResponse::error(
                500,
                format!("execute_failed: internal error in alga (a bug): {panic}"),
            )
        })
    }

    /// A `ui-proxy` call inside a running request: same slot and thread, and the caller's
    /// deadline and memory budget are shared, not renewed.
    pub(crate) async fn execute_nested(
        &self,
        component: Arc<Loaded>,
        req: api::ExecuteRequest,
        secrets: Option<BTreeMap<String, String>>,
        parent: &host::Call,
    ) -> api::ExecuteResponse {
        let caps = match granted(&req.providers) {
            Ok(caps) => caps,
            Err(resp) => return resp,
        };
        let budget = parent.budget.clone();
        self.run(component, req, caps, secrets, parent.depth + 1, budget)
            .await
            .unwrap_or_else(|e| e)
    }

    async fn run(
        &self,
        component: Arc<Loaded>,
        req: api::ExecuteRequest,
        caps: BTreeSet<Capability>,
        secrets: Option<BTreeMap<String, String>>,
        depth: u32,
        budget: Arc<limits::Budget>,
    ) -> Result<api::ExecuteResponse, api::ExecuteResponse> {
        let failed =
            |msg: String| api::ExecuteResponse::error(500, format!("execute_failed: {msg}"));
        let request = guest_request(&req).map_err(failed)?;
        let (memory_mb, timeout_ms, deadline) =
            (budget.memory_mb, budget.timeout_ms, budget.deadline);
        let stdout = MemoryOutputPipe::new(64 * 1024);
        let stderr = MemoryOutputPipe::new(64 * 1024);
        let call = host::Call {
            context: request.context.clone(),
            caps,
            user: req.user.clone(),
            secrets,
            endpoints: component.manifest.endpoints().to_vec(),
            depth,
            limits: req.limits,
            budget,
        };
        let mut store = self
            .store(&component, call, (&stdout, &stderr), req.limits.fuel)
            .map_err(|e| failed(e.to_string()))?;
        let started = Instant::now();
        let guest = async {
            let instance = component.pre.instantiate_async(&mut store).await?;
            instance.call_handler(&mut store, &request).await
        };
        // Host calls (an outbound fetch) are not interrupted by the epoch; the whole call is
        // bounded too, a little later.
        let result = if depth == 0 {
            match tokio::time::timeout_at((deadline + HOST_CALL_GRACE).into(), guest).await {
                Ok(r) => r,
                Err(_) => Err(wasmtime::Trap::Interrupt.into()),
            }
        } else {
            guest.await
        };
        let memory_refused = store.data().limits.memory_refused;
        let ctx = &request.context;
        self.emit_lines(ctx, &stdout, "stdout", "info");
        self.emit_lines(ctx, &stderr, "stderr", "warn");
        let e = match result {
            Ok(resp) => return Ok(api_response(resp)),
            Err(e) => e,
        };
        let trap = e.downcast_ref::<wasmtime::Trap>();
        let timed_out = matches!(trap, Some(wasmtime::Trap::Interrupt));
        let message = if timed_out {
            format!(
                "timed out after {timeout_ms} ms (ran {} ms)",
                started.elapsed().as_millis()
            )
        } else if matches!(trap, Some(wasmtime::Trap::OutOfFuel)) {
            "out of fuel".to_string()
        } else if memory_refused {
            format!("exceeded the memory limit of {memory_mb} MiB")
        } else {
            format!("{e:#}")
        };
        let message = format!("execute_failed: {message}");
        self.emit(ctx, "error", "log", message.clone());
        // The Runner answers every failed call, a timeout included, with 500.
        Err(api::ExecuteResponse::error(500, message))
    }

    /// A store for one guest call: its host state, memory limiter, epoch deadline (yielding
    /// every tick) and fuel.
    fn store(
        &self,
        component: &Arc<Loaded>,
        call: host::Call,
        (stdout, stderr): (&MemoryOutputPipe, &MemoryOutputPipe),
        fuel: Option<u64>,
    ) -> wasmtime::Result<Store<HostState>> {
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .build();
        let deadline = call.budget.deadline;
        let http_hooks = host::HttpHooks {
            granted: call.caps.contains(&crate::manifest::Capability::HttpFetch),
            services: self.services.clone(),
            in_flight: Arc::new(tokio::sync::Semaphore::new(host::MAX_IN_FLIGHT)),
            log: LogEvent {
                level: "warn",
                stream: "log",
                tenant_id: call.context.tenant_id.clone(),
                extension_id: call.context.extension_id.clone(),
                request_id: call.context.request_id.clone(),
                message: String::new(),
            },
        };
        // Resources the guest holds live outside its linear memory: bounded in number.
        let mut table = ResourceTable::new();
        table.set_max_capacity(10_000);
        let state = HostState {
            wasi,
            table,
            limits: limits::Limiter::new(call.budget.clone()),
            call,
            services: self.services.clone(),
            runtime: self.weak.clone(),
            component: component.clone(),
            http: host::HttpHooks::context(),
            http_hooks,
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limits);
        // Every tick the guest yields its thread to other requests; past the deadline it stops.
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(move |_| {
            Ok(if Instant::now() >= deadline {
                UpdateDeadline::Interrupt
            } else {
                UpdateDeadline::Yield(1)
            })
        });
        if self.options.ceilings.fuel.is_some() {
            store.set_fuel(fuel.unwrap_or(u64::MAX))?;
        }
        Ok(store)
    }

    /// A log line of a guest call.
    fn emit(
        &self,
        ctx: &wit::ContextData,
        level: &'static str,
        stream: &'static str,
        message: String,
    ) {
        self.services.emit(LogEvent {
            level,
            stream,
            tenant_id: ctx.tenant_id.clone(),
            extension_id: ctx.extension_id.clone(),
            request_id: ctx.request_id.clone(),
            message,
        });
    }

    /// Each line a guest wrote to stdout or stderr, as a log line.
    fn emit_lines(
        &self,
        ctx: &wit::ContextData,
        pipe: &MemoryOutputPipe,
        stream: &'static str,
        level: &'static str,
    ) {
        for line in String::from_utf8_lossy(&pipe.contents()).lines() {
            self.emit(ctx, level, stream, line.to_string());
        }
    }
}

/// A component that imports `wasi:http` needs `cap:http.fetch`, as a call through
/// `alga:extension/http` does: refused when it is loaded, with the capability named.
fn refuse_ungranted_wasi_http(
    component: &Component,
    engine: &Engine,
    manifest: &Manifest,
) -> anyhow::Result<()> {
    if manifest
        .granted_capabilities()
        .contains(&crate::manifest::Capability::HttpFetch)
    {
        return Ok(());
    }
    let ty = component.component_type();
    let wasi_http = ty
        .imports(engine)
        .map(|(name, _)| name.to_string())
        .find(|name| name.starts_with("wasi:http/outgoing-handler"));
    match wasi_http {
        Some(name) => Err(crate::error::UserError::with_hint(
            format!(
                "the component imports `{name}`, which needs `cap:http.fetch`, but manifest.json does not declare it"
            ),
            "add \"cap:http.fetch\" to `capabilities` in manifest.json (requests then go through the egress allowlist)",
        )
        .into()),
        None => Ok(()),
    }
}
