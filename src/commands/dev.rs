//! `alga dev`: the local Alga host.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;

use crate::build::Reporter;
use crate::cli::DevArgs;
use crate::dev::app::{App, Current};
use crate::dev::env::{DevEnv, DevSettings};
use crate::dev::server;
use crate::dev::watch;
use crate::error::UserError;
use crate::output::Printer;

/// Build progress as plain status lines (the dev loop runs it from a watcher thread).
struct LineReporter(Printer);

impl Reporter for LineReporter {
    fn start(&self, phase: &str, detail: &str) {
        self.0.detail(&format!("{phase}: {detail}"));
    }
    fn finish(&self, phase: &str, detail: &str) {
        self.0.status(phase, detail);
    }
    fn warn(&self, text: &str) {
        self.0.warn(text);
    }
}

pub fn run(args: DevArgs, printer: &Printer) -> anyhow::Result<()> {
    let project = args.project.project.clone();
    let mut settings = DevSettings::new(project.clone(), &args.host, printer)?;
    settings.max_concurrent = args.max_concurrency;
    // Guests run on threads of their own (one per core); the HTTP side needs few.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads((cores / 2).max(1))
        .enable_all()
        .build()?;
    rt.block_on(serve(args, settings, printer.clone()))
}

async fn bind(addr: &str, flag: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        UserError::with_hint(
            format!("cannot listen on `{addr}` ({flag}): {e}"),
            format!("pick another with `{flag}` (port 0 picks a free one)"),
        )
        .into()
    })
}

async fn serve(args: DevArgs, settings: DevSettings, printer: Printer) -> anyhow::Result<()> {
    let (listener, ui_listener) = listeners(&args).await?;
    let (addr, ui_addr) = (listener.local_addr()?, ui_listener.local_addr()?);
    let site =
        crate::dev::guard::Site::new(addr.ip(), addr.port(), ui_addr.port(), &args.allowed_hosts);
    let env = DevEnv::open(&settings)?;
    let reporter: Arc<dyn Reporter + Send + Sync> = Arc::new(LineReporter(printer.clone()));

    let (root, watch_project) = match &args.bundle {
        Some(bundle) => (crate::dev::unpack_bundle(bundle, &env.state_dir)?, false),
        None => (settings.project.clone(), true),
    };
    let manifest = crate::manifest::load(&root.join("manifest.json"))?.manifest;
    let (registry, generated_key) = open_registry(&args, &env.state_dir)?;
    let status_printer = printer.clone();
    let app = App::with_status(
        env,
        Current {
            manifest,
            handler: None,
            ui_root: None,
            ui_hash: "sha256:0".into(),
            compiled: None,
            unsaved: None,
        },
        root.clone(),
        registry,
        Box::new(move |verb, text| status_printer.status(verb, text)),
        site,
        watch_project.then(|| {
            let limit = std::time::Duration::from_secs(args.build_timeout);
            Arc::new(crate::build::worker::Worker::new(&root, limit))
        }),
    );
    forward_logs(&app, &printer);

    let started = std::time::Instant::now();
    let watching = if watch_project {
        Some(watch::Watch::start(&root)?)
    } else {
        None
    };
    first_load(&app, &root, watch_project, &reporter, &printer).await?;
    let _watcher = if let Some(watching) = watching {
        let p = printer.clone();
        Some(watching.serve(
            app.clone(),
            reporter.clone(),
            Arc::new(move |e: &anyhow::Error| {
                p.warn_error("build failed, still serving the last good build: ", e)
            }),
        )?)
    } else {
        None
    };
    announce(
        &app,
        &printer,
        (addr, ui_addr),
        generated_key.as_deref(),
        started,
    );

    let stop = tokio::sync::watch::channel(false);
    let ui_stop = {
        let mut rx = stop.0.subscribe();
        async move {
            let _ = rx.changed().await;
        }
    };
    let ui = tokio::spawn(
        axum::serve(ui_listener, server::ui_router(app.clone()))
            .with_graceful_shutdown(ui_stop)
            .into_future(),
    );
    let served = axum::serve(listener, server::router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    let _ = stop.0.send(true);
    let _ = ui.await;
    served.context("the dev server stopped")?;
    Ok(())
}

/// The main port (`--listen`) and the UI's: `--ui-port`, else the next port, so that the UI's
/// origin (and its storage) stays the same from one start to the next; any free one when it is
/// taken.
async fn listeners(
    args: &DevArgs,
) -> anyhow::Result<(tokio::net::TcpListener, tokio::net::TcpListener)> {
    let listener = bind(&args.listen, "--listen").await?;
    let addr = listener.local_addr()?;
    let ui_listener = match args.ui_port {
        Some(port) => bind(&SocketAddr::new(addr.ip(), port).to_string(), "--ui-port").await?,
        None => match addr.port().checked_add(1) {
            Some(next) if let Ok(l) = tokio::net::TcpListener::bind((addr.ip(), next)).await => l,
            _ => bind(&SocketAddr::new(addr.ip(), 0).to_string(), "--ui-port").await?,
        },
    };
    Ok((listener, ui_listener))
}

/// The local registry with `--registry`, and the API key made for it when none was given.
fn open_registry(
    args: &DevArgs,
    state_dir: &std::path::Path,
) -> anyhow::Result<(Option<Arc<crate::registry::Registry>>, Option<String>)> {
    if !args.registry {
        return Ok((None, None));
    }
    let trust = args.trust.clone();
    if let Some(t) = &trust
        && !t.is_file()
    {
        return Err(UserError::with_hint(
            format!("trust bundle `{}` does not exist", t.display()),
            "pass the CA certificates / public keys / OpenPGP certificates publishers sign with",
        )
        .into());
    }
    let given = args
        .api_key
        .clone()
        .map(|k| k.0)
        .filter(|k| !k.trim().is_empty());
    let generated = given.is_none().then(crate::registry::Registry::random_key);
    let key = given.or_else(|| generated.clone()).unwrap_or_default();
    let reg = crate::registry::Registry::open(&state_dir.join("registry"), trust, key)?;
    Ok((Some(Arc::new(reg)), generated))
}

/// Handler logs to the terminal and the page.
fn forward_logs(app: &Arc<App>, printer: &Printer) {
    let mut logs = app.env.runtime.services.logs.subscribe();
    let log_app = app.clone();
    let log_printer = printer.clone();
    tokio::spawn(async move {
        loop {
            match logs.recv().await {
                Ok(event) => {
                    log_printer.log(&event);
                    log_app.emit("log", serde_json::to_value(&event).unwrap_or_default());
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => log_printer.warn(
                    &format!("{n} handler log lines were dropped (too many at once)"),
                ),
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

/// Builds (a project) and loads what is served first; a failed build still serves what is on
/// disk, so that the page can show the error.
async fn first_load(
    app: &Arc<App>,
    root: &std::path::Path,
    watch_project: bool,
    reporter: &Arc<dyn Reporter + Send + Sync>,
    printer: &Printer,
) -> anyhow::Result<()> {
    let first = if watch_project {
        let (app2, root2, rep) = (app.clone(), root.to_path_buf(), reporter.clone());
        tokio::task::spawn_blocking(move || {
            watch::build_and_load(&app2, &root2, rep.as_ref(), false).map(|(current, _)| current)
        })
        .await?
    } else {
        crate::dev::app::load_current(app, root, false)
    };
    match first {
        Ok(current) => app.swap(current),
        Err(e) => {
            printer.warn_error("build failed: ", &e);
            if let Ok(current) = crate::dev::app::load_current(app, root, false) {
                app.swap(current);
            }
            app.emit(
                "build-error",
                serde_json::json!({ "message": format!("{e:#}") }),
            );
        }
    }
    Ok(())
}

/// Says where everything is served; the first line on stdout is the URL.
fn announce(
    app: &App,
    printer: &Printer,
    (addr, ui_addr): (SocketAddr, SocketAddr),
    generated_key: Option<&str>,
    started: std::time::Instant,
) {
    let url = format!("http://{addr}/");
    let ui_url = format!("http://{ui_addr}/");
    printer.status(
        "Serving",
        &format!(
            "{} in {} ms",
            app.current().manifest.name,
            started.elapsed().as_millis()
        ),
    );
    if let Some(reg) = &app.registry {
        printer.status(
            "Registry",
            &format!(
                "{url}api/ext-bundles/* and {url}api/v1/extensions/*{}",
                if reg.trust.is_some() {
                    " (signed bundles only)"
                } else {
                    ""
                }
            ),
        );
    }
    if let Some(key) = generated_key {
        // Shown once, here: the registry takes no other key.
        printer.notice(
            "API key",
            &format!("{key} (send it as `x-api-key` or ALGA_API_KEY; --api-key picks one)"),
        );
    }
    printer.status(
        "UI origin",
        &format!("{ui_url} (the extension UI's own origin, as the Runner's domain)"),
    );
    let mut result = serde_json::json!({
        "url": url, "uiUrl": ui_url, "listen": addr.to_string(), "registry": app.registry.is_some(),
    });
    if let Some(key) = generated_key {
        result["apiKey"] = serde_json::json!(key);
    }
    printer.result(&result, || format!("alga dev listening on {url}"));
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
