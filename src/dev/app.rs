//! The state `alga dev` shares between its server, its watcher and its registry routes: what is
//! served now (`Current`), how it is swapped, and how it is loaded from a folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::response::Response;
use tokio::sync::broadcast;

use super::env::DevEnv;
use super::guard::{Refusal, Site};
use crate::manifest::Manifest;
use crate::runner::Loaded;

/// An event for the host page (`log`, `reload`, `build-error`).
#[derive(Debug, Clone)]
pub struct PageEvent {
    pub kind: &'static str,
    pub data: serde_json::Value,
}

/// What the server serves right now; swapped as a whole on reload.
pub struct Current {
    pub manifest: Manifest,
    pub handler: Option<Arc<Loaded>>,
    pub ui_root: Option<PathBuf>,
    pub ui_hash: String,
    /// How the handler was compiled, when this load compiled or read it from the caches.
    pub compiled: Option<crate::runner::LoadInfo>,
    /// What the compilation left to write to the caches: written once this is served.
    pub unsaved: Option<crate::runner::CacheSave>,
}

/// Prints a status line on the terminal (verb, text).
pub type StatusFn = Box<dyn Fn(&str, &str) + Send + Sync>;

pub struct App {
    pub env: DevEnv,
    pub current: RwLock<Arc<Current>>,
    pub events: broadcast::Sender<PageEvent>,
    pub(super) idempotent: Mutex<super::idempotency::Answers>,
    /// The local registry (`alga dev --registry`).
    pub registry: Option<Arc<crate::registry::Registry>>,
    /// The registry version installed for the dev tenant, served instead of `home` while set.
    pub installed: Mutex<Option<crate::registry::Version>>,
    /// What is served when nothing is installed: the project, or the unpacked `--bundle`.
    pub home: PathBuf,
    /// Status lines for the terminal (verb, text).
    pub status: StatusFn,
    /// The names and ports browsers may use.
    pub site: Site,
    /// Requests refused by the checks so far (the first few are shown on the terminal).
    refusals: AtomicUsize,
    /// The node worker that builds a watched project's handler.
    pub worker: Option<Arc<crate::build::worker::Worker>>,
}

/// Refusals shown on the terminal before the rest are only counted.
const SHOWN_REFUSALS: usize = 5;

impl App {
    pub fn with_status(
        env: DevEnv,
        current: Current,
        home: PathBuf,
        registry: Option<Arc<crate::registry::Registry>>,
        status: StatusFn,
        site: Site,
        worker: Option<Arc<crate::build::worker::Worker>>,
    ) -> Arc<App> {
        let (events, _) = broadcast::channel(1024);
        Arc::new(App {
            env,
            current: RwLock::new(Arc::new(current)),
            events,
            idempotent: Mutex::new(Default::default()),
            registry,
            installed: Mutex::new(None),
            home,
            status,
            site,
            refusals: AtomicUsize::new(0),
            worker,
        })
    }

    /// Answers a refused request, saying on the terminal why (the first few times).
    pub(super) fn refuse(&self, refusal: Refusal) -> Response {
        let n = self.refusals.fetch_add(1, Ordering::Relaxed);
        if n < SHOWN_REFUSALS {
            (self.status)("Refused", &crate::output::escape_controls(&refusal.message));
        } else if n == SHOWN_REFUSALS {
            (self.status)("Refused", "more requests; further refusals are not shown");
        }
        refusal.response()
    }

    /// The installed registry version, if one is served.
    pub fn installed(&self) -> Option<crate::registry::Version> {
        self.installed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Swaps in a rebuild of `home`, unless a registry install is served; whether it did.
    pub fn swap_home(self: &Arc<Self>, next: Current) -> bool {
        let installed = self.installed.lock().unwrap_or_else(|p| p.into_inner());
        if installed.is_some() {
            return false;
        }
        self.swap(next);
        true
    }

    pub fn current(&self) -> Arc<Current> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Replaces what is served; requests already running keep the old component.
    pub fn swap(self: &Arc<Self>, mut next: Current) {
        // The caches are written once the new component answers, off the path of requests.
        if let Some(save) = next.unsaved.take() {
            let app = self.clone();
            let _ = std::thread::Builder::new()
                .name("alga-cache-save".into())
                .spawn(move || app.env.save_caches(save));
        }
        let ui_hash = next.ui_hash.clone();
        let handler = next.handler.as_ref().map(|h| h.hash.clone());
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(next);
        self.idempotent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        let _ = self.events.send(PageEvent {
            kind: "reload",
            data: serde_json::json!({ "uiHash": ui_hash, "handler": handler }),
        });
    }

    pub fn emit(&self, kind: &'static str, data: serde_json::Value) {
        let _ = self.events.send(PageEvent { kind, data });
    }
}

/// The UI folder a project serves (`dist/ui` when built, else `ui`).
pub fn ui_root(project: &Path) -> Option<PathBuf> {
    [project.join("dist/ui"), project.join("ui")]
        .into_iter()
        .find(|d| d.join("index.html").is_file())
}

/// Loads the manifest, the handler (when there is one) and the UI folder as they are on disk.
pub fn load_current(app: &App, project: &Path, with_handler: bool) -> anyhow::Result<Current> {
    let manifest = crate::manifest::load(&project.join("manifest.json"))?.manifest;
    let previous = app.current();
    let (mut compiled, mut unsaved) = (None, None);
    let handler = if with_handler || project.join(crate::manifest::WASM_ENTRY).is_file() {
        let wasm = std::fs::read(project.join(crate::manifest::WASM_ENTRY))?;
        let hash = crate::bundle::sha256_label(&<sha2::Sha256 as sha2::Digest>::digest(&wasm));
        match &previous.handler {
            // Same bytes and manifest: keep the compiled component.
            Some(h) if h.hash == hash && h.manifest == manifest => Some(h.clone()),
            _ => {
                let (loaded, info, save) = app.env.load_bytes_unsaved(&wasm, manifest.clone())?;
                (compiled, unsaved) = (Some(info), Some(save));
                Some(loaded)
            }
        }
    } else {
        None
    };
    let ui = ui_root(project);
    let ui_hash = ui
        .as_deref()
        .map(super::static_ui::folder_hash)
        .unwrap_or_else(|| "sha256:0".into());
    Ok(Current {
        manifest,
        handler,
        ui_root: ui,
        ui_hash,
        compiled,
        unsaved,
    })
}
