//! Where a JavaScript/TypeScript project keeps its handler and how its UI is built: the
//! `--entry` flag, `alga` in `package.json`, the manifest, `package.json`'s `main`/`exports`,
//! then the template names.

use std::path::{Path, PathBuf};

use crate::manifest::Manifest;

use super::BuildError;

/// Entry files of the templates, looked for last, in order.
pub const TEMPLATE_ENTRIES: [&str; 4] = [
    "src/index.ts",
    "src/index.js",
    "src/handler.ts",
    "src/handler.js",
];

/// The UI script run when `package.json` does not name another.
pub const DEFAULT_UI_SCRIPT: &str = "build:ui";

/// Extensions of handler sources esbuild takes.
const SOURCE_EXTENSIONS: [&str; 8] = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

/// Folders that hold build output, not sources.
const OUTPUT_FOLDERS: [&str; 4] = ["dist/", "build/", "out/", "node_modules/"];

/// A project's `package.json`, read once.
pub struct Package {
    json: serde_json::Value,
}

impl Package {
    /// Reads `package.json`; a file that is not JSON is named in the error.
    pub fn load(project: &Path) -> Result<Package, BuildError> {
        let path = project.join("package.json");
        let bytes = std::fs::read(&path)
            .map_err(BuildError::io(format!("cannot read `{}`", path.display())))?;
        let json = serde_json::from_slice(&bytes).map_err(|e| BuildError::PackageJson {
            path,
            message: e.to_string(),
        })?;
        Ok(Package { json })
    }

    /// Whether `dependencies` lists `name` (what the code needs at run time).
    pub fn depends_on(&self, name: &str) -> bool {
        self.json["dependencies"][name].is_string()
    }

    /// Whether `scripts` has `name`.
    pub fn has_script(&self, name: &str) -> bool {
        self.script(name).is_some()
    }

    /// The command line of the script `name`.
    pub fn script(&self, name: &str) -> Option<&str> {
        self.json["scripts"][name].as_str()
    }

    /// A top-level string field (`name`, `version`).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.json[name].as_str()
    }

    /// The npm script that builds the UI: `alga.uiScript` (a script name, or `false` for none),
    /// else `build:ui` when it exists.
    pub fn ui_script(&self) -> Result<Option<String>, BuildError> {
        match &self.json["alga"]["uiScript"] {
            serde_json::Value::Null => Ok(self
                .has_script(DEFAULT_UI_SCRIPT)
                .then(|| DEFAULT_UI_SCRIPT.to_string())),
            serde_json::Value::Bool(false) => Ok(None),
            serde_json::Value::String(name) if self.has_script(name) => Ok(Some(name.clone())),
            serde_json::Value::String(name) => Err(BuildError::UiScriptMissing {
                script: name.clone(),
            }),
            other => Err(BuildError::PackageJson {
                path: PathBuf::from("package.json"),
                message: format!("`alga.uiScript` must be a script name or false, not {other}"),
            }),
        }
    }

    /// `alga.entry`, when set.
    fn alga_entry(&self) -> Result<Option<&str>, BuildError> {
        match &self.json["alga"]["entry"] {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(s) => Ok(Some(s)),
            other => Err(BuildError::PackageJson {
                path: PathBuf::from("package.json"),
                message: format!("`alga.entry` must be a file name, not {other}"),
            }),
        }
    }

    /// `main` and the paths of `exports` (the `.` entry, or the whole field when it is a
    /// path), in that order.
    fn main_and_exports(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(main) = self.json["main"].as_str() {
            out.push(main.to_string());
        }
        let exports = &self.json["exports"];
        let root = match exports {
            serde_json::Value::Object(map) if map.contains_key(".") => &exports["."],
            other => other,
        };
        match root {
            serde_json::Value::String(p) => out.push(p.clone()),
            serde_json::Value::Object(conditions) => {
                for key in ["source", "import", "module", "default", "node", "require"] {
                    if let Some(p) = conditions.get(key).and_then(|v| v.as_str()) {
                        out.push(p.to_string());
                    }
                }
            }
            _ => {}
        }
        out
    }
}

/// The handler's entry file, relative to the project (or absolute when it lies outside),
/// and what named it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub from: &'static str,
}

/// Finds the handler entry: `flag`, `alga.entry`, a source file the manifest's endpoints name
/// as their handler, `main`/`exports` when they name a source file, then the template names.
/// An entry named on purpose (`--entry`, `alga.entry`) must exist. `None` when there is none
/// and the manifest needs no handler; otherwise the error lists what was tried.
pub fn find(
    project: &Path,
    flag: Option<&Path>,
    package: &Package,
    manifest: &Manifest,
) -> Result<Option<Entry>, BuildError> {
    if let Some(flag) = flag {
        return named(project, flag, "--entry", true).map(Some);
    }
    if let Some(entry) = package.alga_entry()? {
        let from = "`alga.entry` in package.json";
        if !inside(entry) {
            return Err(BuildError::EntryOutside {
                path: entry.to_string(),
                from,
            });
        }
        return named(project, Path::new(entry), from, false).map(Some);
    }
    let mut tried: Vec<String> = Vec::new();
    let mut candidates: Vec<(String, &'static str)> = Vec::new();
    for e in manifest.endpoints() {
        candidates.push((e.handler.clone(), "a handler in manifest.json"));
    }
    for p in package.main_and_exports() {
        candidates.push((p, "`main`/`exports` in package.json"));
    }
    for (path, from) in candidates {
        let path = path.trim_start_matches("./").to_string();
        if tried.iter().any(|t| t.starts_with(&format!("`{path}`"))) {
            continue;
        }
        if !inside(&path) {
            tried.push(format!("`{path}` ({from}; outside the project)"));
        } else if !is_source(&path) {
            tried.push(format!("`{path}` ({from}; not a JS/TS source file)"));
        } else if project.join(&path).is_file() {
            return Ok(Some(Entry { path, from }));
        } else {
            tried.push(format!("`{path}` ({from}; no such file)"));
        }
    }
    for name in TEMPLATE_ENTRIES {
        if project.join(name).is_file() {
            return Ok(Some(Entry {
                path: name.to_string(),
                from: "the template layout",
            }));
        }
    }
    tried.push(format!(
        "{} (the template layout)",
        TEMPLATE_ENTRIES.join(", ")
    ));
    if manifest.needs_wasm() {
        Err(BuildError::NoEntry { tried })
    } else {
        Ok(None)
    }
}

/// Whether a path a project file names stays inside the project: relative, no `..`. (Only
/// `--entry`, typed by the author, may name a file elsewhere.)
fn inside(path: &str) -> bool {
    let p = Path::new(path);
    p.is_relative()
        && !path.contains('\\')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// An entry named on purpose: relative to the project, or with `or_working_folder` (`--entry`)
/// relative to the working folder.
fn named(
    project: &Path,
    path: &Path,
    from: &'static str,
    or_working_folder: bool,
) -> Result<Entry, BuildError> {
    let in_project = project.join(path);
    let found = if in_project.is_file() {
        Some(in_project)
    } else if or_working_folder && path.is_file() {
        std::path::absolute(path).ok()
    } else {
        None
    };
    let Some(found) = found else {
        return Err(BuildError::EntryMissing {
            path: path.display().to_string(),
            from,
        });
    };
    let shown = match found.strip_prefix(project) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => found.to_string_lossy().into_owned(),
    };
    Ok(Entry { path: shown, from })
}

/// Whether `path` names a JS/TS source file rather than build output or a wasm file.
fn is_source(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| SOURCE_EXTENSIONS.contains(&e.as_str()))
        && !OUTPUT_FOLDERS.iter().any(|f| path.starts_with(f))
        && !path.ends_with(".d.ts")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(json: serde_json::Value) -> Package {
        Package { json }
    }

    fn manifest(handler: &str) -> Manifest {
        crate::manifest::parse(
            &format!(
                r#"{{"name": "com.example.x", "publisher": "X", "version": "1.0.0", "runtime": "wasm-js@1",
                "api": {{"endpoints": [{{"method": "GET", "path": "/x", "handler": "{handler}"}}]}}}}"#
            ),
            Path::new("manifest.json"),
        )
        .unwrap()
        .manifest
    }

    fn project(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "export function handler() {}").unwrap();
        }
        dir
    }

    #[test]
    fn the_order_is_flag_config_manifest_package_then_template() {
        let dir = project(&[
            "src/handler.ts",
            "src/backend/index.ts",
            "lib/main.ts",
            "tools/x.ts",
        ]);
        let p = dir.path();
        let m = manifest("dist/main.wasm");
        let main = package(serde_json::json!({"main": "src/backend/index.ts"}));
        let found = |flag: Option<&str>, pkg: &Package, m: &Manifest| {
            find(p, flag.map(Path::new), pkg, m).unwrap().unwrap()
        };
        // `main` names a source file: it wins over a stale template name.
        assert_eq!(found(None, &main, &m).path, "src/backend/index.ts");
        // The manifest's handler naming a source file comes before `main`.
        assert_eq!(
            found(None, &main, &manifest("lib/main.ts")).path,
            "lib/main.ts"
        );
        // `alga.entry` before both; the flag before everything.
        let config = package(
            serde_json::json!({"main": "src/backend/index.ts", "alga": {"entry": "tools/x.ts"}}),
        );
        assert_eq!(found(None, &config, &m).path, "tools/x.ts");
        assert_eq!(found(Some("lib/main.ts"), &config, &m).from, "--entry");
        // Built output and conditions objects: `exports` with `import` pointing to dist is not a
        // source; the template name is used.
        let built = package(
            serde_json::json!({"main": "dist/index.js", "exports": {".": {"import": "./dist/index.mjs"}}}),
        );
        let e = found(None, &built, &m);
        assert_eq!(
            (e.path.as_str(), e.from),
            ("src/handler.ts", "the template layout")
        );
    }

    #[test]
    fn what_was_tried_is_listed_and_named_entries_must_exist() {
        let dir = project(&[]);
        let p = dir.path();
        let pkg = package(serde_json::json!({"main": "dist/index.js", "exports": "./src/gone.ts"}));
        let err = find(p, None, &pkg, &manifest("dist/main.wasm")).unwrap_err();
        let BuildError::NoEntry { tried } = &err else {
            panic!("{err:?}")
        };
        let text = tried.join("\n");
        assert!(
            text.contains("`dist/main.wasm` (a handler in manifest.json; not a JS/TS source file)"),
            "{text}"
        );
        assert!(
            text.contains(
                "`dist/index.js` (`main`/`exports` in package.json; not a JS/TS source file)"
            ),
            "{text}"
        );
        assert!(
            text.contains("`src/gone.ts` (`main`/`exports` in package.json; no such file)"),
            "{text}"
        );
        assert!(text.contains("src/index.ts, src/index.js"), "{text}");
        let err = find(p, Some(Path::new("nope.ts")), &pkg, &manifest("x")).unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::EntryMissing {
                    from: "--entry",
                    ..
                }
            ),
            "{err:?}"
        );
        let config = package(serde_json::json!({"alga": {"entry": "src/nope.ts"}}));
        let err = find(p, None, &config, &manifest("x")).unwrap_err();
        assert!(matches!(err, BuildError::EntryMissing { .. }), "{err:?}");
    }

    /// Files of a project cannot make the build read files outside it: `alga.entry`, a
    /// manifest handler and `main` that leave it are refused or skipped; `--entry` may.
    #[test]
    fn project_files_cannot_name_an_entry_outside_the_project() {
        let outer = project(&["secret.ts", "p/src/index.ts"]);
        let p = outer.path().join("p");
        for entry in ["../secret.ts", "/etc/passwd.ts", "src/../../secret.ts"] {
            let config = package(serde_json::json!({"alga": {"entry": entry}}));
            let err = find(&p, None, &config, &manifest("x")).unwrap_err();
            assert!(
                matches!(err, BuildError::EntryOutside { .. }),
                "{entry}: {err:?}"
            );
            let main = package(serde_json::json!({"main": entry}));
            let found = find(&p, None, &main, &manifest("dist/main.wasm"))
                .unwrap()
                .unwrap();
            assert_eq!(found.path, "src/index.ts", "{entry}");
        }
        let flag = outer.path().join("secret.ts");
        let found = find(
            &p,
            Some(&flag),
            &package(serde_json::json!({})),
            &manifest("x"),
        );
        assert!(found.unwrap().unwrap().path.ends_with("secret.ts"));
        // A non-string `alga.entry` is named, not ignored.
        let config = package(serde_json::json!({"alga": {"entry": 3}}));
        assert!(matches!(
            find(&p, None, &config, &manifest("x")),
            Err(BuildError::PackageJson { .. })
        ));
    }

    #[test]
    fn the_ui_script_is_build_ui_or_what_package_json_says() {
        let with = |alga: serde_json::Value| {
            package(
                serde_json::json!({"scripts": {"build:ui": "vite build", "ui": "x"}, "alga": alga}),
            )
        };
        assert_eq!(
            with(serde_json::json!({})).ui_script().unwrap().as_deref(),
            Some("build:ui")
        );
        assert_eq!(
            with(serde_json::json!({"uiScript": "ui"}))
                .ui_script()
                .unwrap()
                .as_deref(),
            Some("ui")
        );
        assert_eq!(
            with(serde_json::json!({"uiScript": false}))
                .ui_script()
                .unwrap(),
            None
        );
        assert!(matches!(
            with(serde_json::json!({"uiScript": "gone"})).ui_script(),
            Err(BuildError::UiScriptMissing { .. })
        ));
        assert_eq!(package(serde_json::json!({})).ui_script().unwrap(), None);
    }
}
