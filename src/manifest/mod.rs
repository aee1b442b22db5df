//! Manifest v2 (`manifest.json`): typed model, loading and validation.

mod capability;
pub mod span;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use capability::Capability;
pub use span::Pos;
pub use validate::{Issue, Severity};

/// Largest manifest accepted.
pub const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// The only runtime the Runner executes.
pub const RUNTIME: &str = "wasm-js@1";

/// The only place the Runner loads the handler component from.
pub const WASM_ENTRY: &str = "dist/main.wasm";

/// A validated Manifest v2. Build one with [`parse`] or [`load`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub version: String,
    pub runtime: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<Ui>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Api>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub precompiled: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ui {
    #[serde(rename = "type")]
    pub kind: String,
    pub entry: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hooks: BTreeMap<String, serde_json::Value>,
    /// Keys the server passes through unchecked (e.g. `routes`).
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub handler: String,
    /// Keys the server passes through unchecked (e.g. `schedulable`).
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Ui {
    /// The bundle path of the page `entry` names: `ui/index.html` as written, or a page
    /// relative to the UI folder (`index.html`) under `ui/`; a `?query` or `#hash` is not
    /// part of it.
    pub fn entry_path(&self) -> String {
        let entry = self.entry.split(['?', '#']).next().unwrap_or("");
        let entry = entry.trim_start_matches("./");
        if entry.starts_with("ui/") {
            entry.to_string()
        } else {
            format!("ui/{entry}")
        }
    }
}

impl Manifest {
    /// The handler's HTTP endpoints (empty for a UI-only extension).
    pub fn endpoints(&self) -> &[Endpoint] {
        self.api.as_ref().map_or(&[], |a| a.endpoints.as_slice())
    }

    /// Whether the bundle must carry `dist/main.wasm`: only when the extension has endpoints.
    pub fn needs_wasm(&self) -> bool {
        !self.endpoints().is_empty()
    }

    /// Declared capabilities that alga knows, normalised, plus the defaults, sorted.
    pub fn granted_capabilities(&self) -> Vec<Capability> {
        let mut caps: Vec<Capability> = self
            .capabilities
            .iter()
            .filter_map(|c| Capability::parse(c))
            .chain(Capability::DEFAULTS)
            .collect();
        caps.sort();
        caps.dedup();
        caps
    }

    /// The label of a UI hook such as `appMenu`, when present.
    pub fn hook_label(&self, hook: &str) -> Option<&str> {
        self.ui.as_ref()?.hooks.get(hook)?.get("label")?.as_str()
    }
}

/// A manifest that passed validation, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub manifest: Manifest,
    pub warnings: Vec<Issue>,
    /// The exact bytes read.
    pub text: String,
}

/// Why a manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read manifest `{}`", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("manifest `{}` is larger than {} bytes", file.display(), MAX_MANIFEST_BYTES)]
    TooLarge { file: PathBuf },
    #[error("{}:{line}:{column}: invalid JSON in manifest: {message}", file.display())]
    Syntax {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("invalid manifest `{}`: {}", file.display(), count_problems(issues))]
    Invalid { file: PathBuf, issues: Vec<Issue> },
}

fn count_problems(issues: &[Issue]) -> String {
    let n = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

impl ManifestError {
    /// The problems, one block each, as printed under the error line.
    pub fn render_issues(&self) -> Vec<String> {
        match self {
            ManifestError::Invalid { file, issues } => issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .map(|i| i.render(file))
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl crate::error::Explain for ManifestError {
    fn hint(&self) -> Option<String> {
        match self {
            ManifestError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                Some("run the command in the project folder, or point `--project` at it".into())
            }
            ManifestError::Read { .. } => None,
            ManifestError::TooLarge { .. } => {
                Some("a manifest is a small JSON file; check that the right file is named".into())
            }
            ManifestError::Syntax { message, .. } if message.contains("byte-order mark") => {
                Some("save the file as UTF-8 without a byte-order mark".into())
            }
            ManifestError::Syntax { .. } => {
                Some("manifest.json must be strict JSON: no comments and no trailing commas".into())
            }
            ManifestError::Invalid { .. } => None,
        }
    }

    fn details(&self) -> Vec<String> {
        self.render_issues()
    }

    fn data(&self) -> Option<serde_json::Value> {
        match self {
            ManifestError::Invalid { file, issues } => Some(serde_json::json!({
                "file": file,
                "issues": issues,
            })),
            ManifestError::Syntax {
                file, line, column, ..
            } => Some(serde_json::json!({
                "file": file, "line": line, "column": column,
            })),
            _ => None,
        }
    }
}

/// Parses and validates manifest text; `file` is only used in messages.
pub fn parse(text: &str, file: &Path) -> Result<Loaded, ManifestError> {
    if text.starts_with('\u{feff}') {
        return Err(ManifestError::Syntax {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
            message:
                "the file starts with a byte-order mark, which JSON.parse on the server rejects"
                    .into(),
        });
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ManifestError::Syntax {
            file: file.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: syntax_message(&e),
        })?;
    let spans = span::SpanIndex::build(text);
    let issues = validate::validate(&value, &spans);
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(ManifestError::Invalid {
            file: file.to_path_buf(),
            issues,
        });
    }
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| ManifestError::Invalid {
        file: file.to_path_buf(),
        issues: vec![Issue::error("", format!("unexpected shape: {e}"))],
    })?;
    Ok(Loaded {
        manifest,
        warnings: issues,
        text: text.to_string(),
    })
}

fn syntax_message(e: &serde_json::Error) -> String {
    // serde_json appends " at line X column Y"; the location is printed in front instead.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Reads and validates `path`.
pub fn load(path: &Path) -> Result<Loaded, ManifestError> {
    let read_err = |source| ManifestError::Read {
        file: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            file: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let text = String::from_utf8(bytes).map_err(|e| ManifestError::Syntax {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!(
            "the file is not UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    parse(&text, path)
}

/// Fuzzing entry point: manifest bytes from anywhere, parsed and validated, and every reported
/// problem rendered. Must never panic.
pub fn fuzz_manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = parse(text, Path::new("manifest.json")) {
        let _ = e.to_string();
        let _ = crate::error::Explain::details(&e);
        let _ = crate::error::Explain::hint(&e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "name": "com.example.hello",
  "publisher": "Example",
  "version": "0.1.0",
  "runtime": "wasm-js@1",
  "capabilities": ["cap:log.emit", "cap:storage.kv"],
  "ui": {"type": "iframe", "entry": "ui/index.html", "hooks": {"appMenu": {"label": "Hello"}}},
  "api": {"endpoints": [{"method": "GET", "path": "/api/hello", "handler": "dist/main.wasm", "schedulable": true}]},
  "assets": ["ui/**/*"]
}"#;

    #[test]
    fn good_manifest_loads() {
        let loaded = parse(GOOD, Path::new("manifest.json")).unwrap();
        let m = loaded.manifest;
        assert_eq!(m.name, "com.example.hello");
        assert!(m.needs_wasm());
        assert_eq!(m.hook_label("appMenu"), Some("Hello"));
        assert_eq!(
            m.endpoints()[0].extra.get("schedulable"),
            Some(&serde_json::Value::Bool(true))
        );
        assert_eq!(
            m.granted_capabilities(),
            vec![
                Capability::ContextRead,
                Capability::StorageKv,
                Capability::LogEmit,
                Capability::UserRead
            ]
        );
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn syntax_errors_have_location() {
        let err = parse("{\n  \"name\": \"x\",\n}", Path::new("m.json")).unwrap_err();
        match err {
            ManifestError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 1)),
            other => panic!("{other:?}"),
        }
    }
}
