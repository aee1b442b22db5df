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

/// Builds the project and loads what it produced.
pub fn build_and_load(
    app: &App,
    project: &Path,
    reporter: &dyn Reporter,
) -> anyhow::Result<Current> {
    let opts = BuildOptions {
        project: project.to_path_buf(),
        skip_install: false,
        release: false,
        wasm: None,
        // The entry and the UI script come from package.json's `alga` settings here.
        entry: None,
        skip_ui: false,
        capabilities: build::CapabilityCheck::Refuse,
    };
    match build::build(&opts, reporter) {
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
                while let Ok(p) = rx.recv_timeout(Duration::from_millis(200)) {
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
                match build_and_load(&app, &project, reporter.as_ref()) {
                    Ok(next) => {
                        let detail = match &next.handler {
                            Some(h) => format!("handler {}", &h.hash[..19]),
                            None => "UI".to_string(),
                        };
                        if app.swap_home(next) {
                            reporter.finish("reloaded", &detail);
                        } else {
                            reporter.warn(&format!(
                                "rebuilt ({detail}), but an installed registry version is served; uninstall it to serve the project again"
                            ));
                        }
                    }
                    Err(e) => {
                        on_error(&e);
                        app.emit(
                            "build-error",
                            serde_json::json!({ "message": format!("{e:#}") }),
                        );
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
