//! The dev loop: watch the project, rebuild, and swap in the new component or UI.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::app::{App, Current, load_current};
use crate::build::{self, BuildOptions, Reporter};

/// Folders whose changes never trigger a rebuild (outputs, dependencies, state).
const IGNORED: [&str; 6] = ["dist", "node_modules", ".alga", ".git", "target", ".vite"];

/// Whether a changed path is a project input.
pub fn relevant(project: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(project) else {
        return false;
    };
    match rel.components().next() {
        Some(first) => {
            let first = first.as_os_str().to_string_lossy();
            !IGNORED.contains(&first.as_ref()) && !first.starts_with('.') && !editor_temp(rel)
        }
        None => false,
    }
}

/// Files editors write beside the one saved: hidden swap files (`.index.ts.swp`), backups
/// (`index.ts~`), vim's write test (`4913`), JetBrains' safe-write copies and `sed -i`'s
/// temporary file (`sedAb12Cd`).
fn editor_temp(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let sed_temp = name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric());
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || sed_temp
}

/// Passes a build's progress on, and tells the host page when the handler starts being rebuilt
/// (the old one keeps answering until the new one is live).
struct PageReporter<'a> {
    inner: &'a dyn Reporter,
    app: &'a App,
    /// Whether the page was told.
    told: std::cell::Cell<bool>,
}

impl Reporter for PageReporter<'_> {
    fn start(&self, phase: &str, detail: &str) {
        if matches!(phase, "bundle" | "componentize" | "cargo") && !self.told.replace(true) {
            self.app
                .emit("rebuilding", serde_json::json!({ "part": "handler" }));
        }
        self.inner.start(phase, detail);
    }
    fn finish(&self, phase: &str, detail: &str) {
        self.inner.finish(phase, detail);
    }
    fn warn(&self, text: &str) {
        self.inner.warn(text);
    }
}

/// Whether every changed file is one the last handler build read: the handler is then rebuilt
/// and served before the UI's build runs.
fn handler_sources_only(project: &Path, changed: &[PathBuf]) -> bool {
    let Some(sources) = build::handler_sources(project) else {
        return false;
    };
    !changed.is_empty()
        && changed.iter().all(|p| {
            p.strip_prefix(project)
                .is_ok_and(|rel| sources.iter().any(|s| Path::new(s) == rel))
        })
}

/// Whether two loads serve the same manifest, handler and UI.
fn serves_the_same(a: &Current, b: &Current) -> bool {
    a.ui_hash == b.ui_hash
        && a.handler.as_ref().map(|h| &h.hash) == b.handler.as_ref().map(|h| &h.hash)
        && a.manifest == b.manifest
}

/// Builds the project (without its UI, with `skip_ui`) and loads what it produced; whether the
/// host page was told that the handler is being rebuilt.
pub fn build_and_load(
    app: &App,
    project: &Path,
    reporter: &dyn Reporter,
    skip_ui: bool,
) -> anyhow::Result<(Current, bool)> {
    let opts = BuildOptions {
        project: project.to_path_buf(),
        skip_install: false,
        release: false,
        wasm: None,
        // The entry and the UI script come from package.json's `alga` settings here.
        entry: None,
        skip_ui,
        capabilities: build::CapabilityCheck::Refuse,
        worker: app.worker.clone(),
    };
    let page = PageReporter {
        inner: reporter,
        app,
        told: Default::default(),
    };
    let current = match build::build(&opts, &page) {
        Ok(report) => load_current(app, project, report.handler.is_some()),
        // A handler built outside `alga build` (e.g. `alga build --wasm`): serve it as it is.
        Err(build::BuildError::NoEntry { .. })
            if project.join(crate::manifest::WASM_ENTRY).is_file() =>
        {
            load_current(app, project, true)
        }
        Err(e) => Err(e.into()),
    }?;
    Ok((current, page.told.get()))
}

/// A project watched since [`Watch::start`]: its changes wait for [`Watch::serve`].
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    project: PathBuf,
    changes: std::sync::mpsc::Receiver<PathBuf>,
}

impl Watch {
    /// Starts watching `project` (before its first build, so that no edit made meanwhile is
    /// missed).
    pub fn start(project: &Path) -> anyhow::Result<Watch> {
        use notify::Watcher;
        // Events carry absolute paths; compare them with the absolute project folder.
        let project = std::fs::canonicalize(project)?;
        let (tx, changes) = std::sync::mpsc::channel::<PathBuf>();
        let root = project.clone();
        let mut watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                use notify::EventKind;
                use notify::event::ModifyKind;
                let Ok(event) = res else { return };
                // Reads (the build's own) and metadata changes are not edits.
                let edit = matches!(
                    event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(
                            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                        )
                );
                if edit {
                    for p in event.paths {
                        if relevant(&root, &p) {
                            let _ = tx.send(p);
                        }
                    }
                }
            })?;
        watcher.watch(&project, notify::RecursiveMode::Recursive)?;
        Ok(Watch {
            watcher,
            project,
            changes,
        })
    }

    /// Rebuilds on changes (debounced) until the process ends; the watcher is to be kept.
    pub fn serve(
        self,
        app: Arc<App>,
        reporter: Arc<dyn Reporter + Send + Sync>,
        on_error: Arc<dyn Fn(&anyhow::Error) + Send + Sync>,
    ) -> anyhow::Result<notify::RecommendedWatcher> {
        rebuild_on_changes(app, self.project, self.changes, reporter, on_error)?;
        Ok(self.watcher)
    }
}

/// The thread that rebuilds `project` on each burst of `changes`.
fn rebuild_on_changes(
    app: Arc<App>,
    project: PathBuf,
    rx: std::sync::mpsc::Receiver<PathBuf>,
    reporter: Arc<dyn Reporter + Send + Sync>,
    on_error: Arc<dyn Fn(&anyhow::Error) + Send + Sync>,
) -> anyhow::Result<()> {
    std::thread::Builder::new()
        .name("alga-watch".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                // Debounce: collect the burst of events an editor save makes (50 ms of quiet,
                // as watchexec waits).
                let mut changed = vec![first];
                while let Ok(p) = rx.recv_timeout(Duration::from_millis(50)) {
                    changed.push(p);
                }
                changed.sort();
                changed.dedup();
                let names: Vec<String> = changed
                    .iter()
                    .filter_map(|p| p.strip_prefix(&project).ok())
                    .map(|p| p.display().to_string())
                    .collect();
                reporter.start("change", &names.join(", "));
                // A handler edit is served as soon as the handler is rebuilt; the UI's build
                // (which may read the same files) runs after it.
                let passes: &[bool] = if handler_sources_only(&project, &changed) {
                    &[true, false]
                } else {
                    &[false]
                };
                for &skip_ui in passes {
                    let served = app.current();
                    let (next, told) = match build_and_load(&app, &project, reporter.as_ref(), skip_ui) {
                        Ok(built) => built,
                        Err(e) => {
                            on_error(&e);
                            app.emit(
                                "build-error",
                                serde_json::json!({ "message": format!("{e:#}") }),
                            );
                            break;
                        }
                    };
                    if serves_the_same(&next, &served) {
                        // Nothing that is served changed (the UI's build after the handler's,
                        // an edit that builds to the same bytes, the first build's own writes).
                        if told {
                            app.emit(
                                "notice",
                                serde_json::json!({ "message": "rebuilt: the handler is unchanged" }),
                            );
                        }
                        continue;
                    }
                    let detail = match (&next.handler, &next.compiled) {
                        (Some(h), Some(info)) => {
                            format!("handler {} loaded {}", &h.hash[..19], info.describe())
                        }
                        (Some(h), None) => format!("handler {}", &h.hash[..19]),
                        (None, _) => "UI".to_string(),
                    };
                    if app.swap_home(next) {
                        reporter.finish("reloaded", &detail);
                    } else {
                        let text = format!(
                            "rebuilt ({detail}), but an installed registry version is served; uninstall it to serve the project again"
                        );
                        reporter.warn(&text);
                        app.emit("notice", serde_json::json!({ "message": text }));
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_not_inputs() {
        let p = Path::new("/p");
        assert!(relevant(p, Path::new("/p/src/index.ts")));
        assert!(relevant(p, Path::new("/p/manifest.json")));
        assert!(!relevant(p, Path::new("/p/dist/main.wasm")));
        assert!(!relevant(p, Path::new("/p/node_modules/x/y.js")));
        assert!(!relevant(p, Path::new("/p/.alga/dev.db")));
        assert!(!relevant(p, Path::new("/other/file")));
        for temp in [
            "/p/src/.index.ts.swp",
            "/p/src/index.ts~",
            "/p/src/4913",
            "/p/src/index.ts___jb_tmp___",
            "/p/src/sedbnDktQ",
        ] {
            assert!(!relevant(p, Path::new(temp)), "{temp}");
        }
        assert!(relevant(p, Path::new("/p/src/sediment.ts")));
    }
}
