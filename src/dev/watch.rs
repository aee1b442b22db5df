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
            !IGNORED.contains(&first.as_ref()) && !first.starts_with('.')
        }
        None => false,
    }
}

/// Passes a build's progress on, and tells the host page when the handler starts being rebuilt
/// (the old one keeps answering until the new one is live).
struct PageReporter<'a> {
    inner: &'a dyn Reporter,
    app: &'a App,
}

impl Reporter for PageReporter<'_> {
    fn start(&self, phase: &str, detail: &str) {
        if matches!(phase, "bundle" | "componentize" | "cargo") {
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

/// Builds the project (without its UI, with `skip_ui`) and loads what it produced.
pub fn build_and_load(
    app: &App,
    project: &Path,
    reporter: &dyn Reporter,
    skip_ui: bool,
) -> anyhow::Result<Current> {
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
    match build::build(
        &opts,
        &PageReporter {
            inner: reporter,
            app,
        },
    ) {
        Ok(report) => load_current(app, project, report.handler.is_some()),
        // A handler built outside `alga build` (e.g. `alga build --wasm`): serve it as it is.
        Err(build::BuildError::NoEntry { .. })
            if project.join(crate::manifest::WASM_ENTRY).is_file() =>
        {
            load_current(app, project, true)
        }
        Err(e) => Err(e.into()),
    }
}

/// Watches `project` and rebuilds on changes (debounced), until the process ends.
pub fn spawn(
    app: Arc<App>,
    project: PathBuf,
    reporter: Arc<dyn Reporter + Send + Sync>,
    on_error: Arc<dyn Fn(&anyhow::Error) + Send + Sync>,
) -> anyhow::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    // Events carry absolute paths; compare them with the absolute project folder.
    let project = std::fs::canonicalize(&project)?;
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let root = project.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        use notify::EventKind;
        use notify::event::ModifyKind;
        let Ok(event) = res else { return };
        // Reads (the build's own) and metadata changes are not edits.
        let edit = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
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
    std::thread::Builder::new()
        .name("alga-watch".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                // Debounce: collect the burst of events an editor save makes.
                let mut changed = vec![first];
                while let Ok(p) = rx.recv_timeout(Duration::from_millis(100)) {
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
                    let next = match build_and_load(&app, &project, reporter.as_ref(), skip_ui) {
                        Ok(next) => next,
                        Err(e) => {
                            on_error(&e);
                            app.emit(
                                "build-error",
                                serde_json::json!({ "message": format!("{e:#}") }),
                            );
                            break;
                        }
                    };
                    let same = |a: &Current, b: &Current| {
                        a.ui_hash == b.ui_hash
                            && a.handler.as_ref().map(|h| &h.hash)
                                == b.handler.as_ref().map(|h| &h.hash)
                            && a.manifest == b.manifest
                    };
                    if !skip_ui && passes.len() > 1 && same(&next, &served) {
                        // The UI's build changed nothing that is served.
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
    Ok(watcher)
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
    }
}
