//! Project templates embedded in the binary, rendered with handlebars.

use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};
use serde::Serialize;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The world every handler template ships in `wit/`.
pub const RUNNER_WIT: &str = include_str!("../../wit/extension-runner.wit");

/// Whether a template makes an extension with a UI or a handler-only component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Extension,
    Component,
}

/// A built-in template.
#[derive(Debug, Clone, Serialize)]
pub struct Template {
    pub name: &'static str,
    pub kind: Kind,
    pub summary: &'static str,
    /// Whether the project carries `wit/extension-runner.wit`.
    #[serde(skip)]
    pub with_wit: bool,
    /// Files taken from `templates/_shared/` (the TypeScript handler's host types).
    #[serde(skip)]
    pub shared: &'static [&'static str],
}

/// The TypeScript declarations of the host interfaces and the request/response types.
const TS_HANDLER: &[&str] = &["src/alga.d.ts", "src/types.ts"];

pub const ALL: [Template; 5] = [
    Template {
        name: "basic",
        kind: Kind::Extension,
        summary: "UI-only iframe extension in plain HTML and JavaScript; packs without npm",
        with_wit: false,
        shared: &[],
    },
    Template {
        name: "ui-gallery",
        kind: Kind::Extension,
        summary: "Vite + React + TypeScript UI calling a TypeScript handler through `apiproxy`",
        with_wit: true,
        shared: TS_HANDLER,
    },
    Template {
        name: "component-basic",
        kind: Kind::Component,
        summary: "TypeScript handler using storage, secrets, logging and http, with unit tests",
        with_wit: true,
        shared: TS_HANDLER,
    },
    Template {
        name: "runtime-handler",
        kind: Kind::Component,
        summary: "TypeScript handler as the official guide writes it: `Handler`, `host` and `jsonResponse` from @alga-psa/extension-runtime",
        with_wit: true,
        shared: &[],
    },
    Template {
        name: "rust-component",
        kind: Kind::Component,
        summary: "Rust handler (wit-bindgen) built for the wasm32-wasip2 target",
        with_wit: true,
        shared: &[],
    },
];

/// Looks a template up by name.
pub fn find(name: &str) -> Option<&'static Template> {
    ALL.iter().find(|t| t.name == name)
}

/// Values the templates are rendered with.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vars {
    /// The name as given (`hello-world`).
    pub name: String,
    /// npm package name (`hello-world`).
    pub package_name: String,
    /// Rust crate name (`hello_world`).
    pub crate_name: String,
    /// Reverse-domain extension id (`com.example.hello-world`).
    pub id: String,
    /// Menu label and page title (`Hello World`).
    pub title: String,
    pub publisher: String,
    pub version: String,
}

/// Why a project could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("unknown template `{0}`")]
    UnknownTemplate(String),
    #[error("`{0}` is not a usable project name")]
    BadName(String),
    #[error("`{}` already exists and is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot render `{file}`: {message}")]
    Render { file: String, message: String },
    #[error("cannot write `{}`", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl crate::error::Explain for ScaffoldError {
    fn hint(&self) -> Option<String> {
        match self {
            ScaffoldError::UnknownTemplate(_) => Some(format!(
                "templates: {} (see `alga create --list`)",
                ALL.map(|t| t.name).join(", ")
            )),
            ScaffoldError::BadName(_) => Some(
                "use letters, digits and `-`, starting with a letter, e.g. `hello-world`".into(),
            ),
            ScaffoldError::NotEmpty(_) => {
                Some("pass `--force` to write into it, or choose another name or `--dir`".into())
            }
            _ => None,
        }
    }
}

impl Vars {
    /// Derives every name from the project name; `id` and `publisher` may be given.
    pub fn new(
        name: &str,
        publisher: Option<&str>,
        id: Option<&str>,
        version: Option<&str>,
    ) -> Result<Vars, ScaffoldError> {
        let slug = slugify(name);
        let valid = slug.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_. ".contains(c));
        if !valid {
            return Err(ScaffoldError::BadName(name.to_string()));
        }
        let publisher = publisher.unwrap_or("Example").to_string();
        let publisher_slug = {
            let s = slugify(&publisher).replace('-', "");
            if s.is_empty() { "example".into() } else { s }
        };
        let title = slug
            .split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_ascii_uppercase().to_string() + c.as_str()
                })
            })
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Vars {
            name: name.to_string(),
            package_name: slug.clone(),
            crate_name: slug.replace('-', "_"),
            id: id
                .map(str::to_string)
                .unwrap_or_else(|| format!("com.{publisher_slug}.{slug}")),
            title,
            publisher,
            version: version.unwrap_or("0.1.0").to_string(),
        })
    }
}

/// Lowercase words joined by `-`.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A file the template wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub path: String,
    pub size: u64,
}

/// Renders `template` into `dest`. Refuses a non-empty `dest` unless `force`.
pub fn create(
    template: &Template,
    vars: &Vars,
    dest: &Path,
    force: bool,
) -> Result<Vec<Written>, ScaffoldError> {
    let non_empty = dest
        .read_dir()
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(ScaffoldError::NotEmpty(dest.to_path_buf()));
    }
    let dir = TEMPLATES
        .get_dir(template.name)
        .expect("every listed template is embedded");
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);

    let mut rendered: Vec<(String, Vec<u8>)> = Vec::new();
    for file in files {
        let rel = file
            .path()
            .strip_prefix(template.name)
            .expect("template files are under the template folder");
        let mut rel = rel.to_string_lossy().replace('\\', "/");
        let mut bytes = file.contents().to_vec();
        if let Some(stripped) = rel.strip_suffix(".hbs") {
            let text = String::from_utf8(bytes).map_err(|_| ScaffoldError::Render {
                file: rel.clone(),
                message: "not UTF-8".into(),
            })?;
            bytes = hb
                .render_template(&text, vars)
                .map_err(|e| ScaffoldError::Render {
                    file: rel.clone(),
                    message: e.to_string(),
                })?
                .into_bytes();
            rel = stripped.to_string();
        }
        if rel == "gitignore" {
            rel = ".gitignore".into();
        }
        rendered.push((rel, bytes));
    }
    for rel in template.shared {
        let file = TEMPLATES
            .get_file(format!("_shared/{rel}"))
            .expect("shared template files are embedded");
        rendered.push((rel.to_string(), file.contents().to_vec()));
    }
    if template.with_wit {
        rendered.push((
            "wit/extension-runner.wit".into(),
            RUNNER_WIT.as_bytes().to_vec(),
        ));
    }
    rendered.sort();
    let mut written = Vec::new();
    for (rel, bytes) in rendered {
        let path = dest.join(&rel);
        crate::fsutil::write_atomic(&path, &bytes).map_err(|source| ScaffoldError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(Written {
            path: rel,
            size: bytes.len() as u64,
        });
    }
    Ok(written)
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => out.push(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_derived() {
        let v = Vars::new("Hello World", Some("Acme Corp"), None, None).unwrap();
        assert_eq!(v.package_name, "hello-world");
        assert_eq!(v.crate_name, "hello_world");
        assert_eq!(v.id, "com.acmecorp.hello-world");
        assert_eq!(v.title, "Hello World");
        assert_eq!(v.version, "0.1.0");
        assert!(Vars::new("../evil", None, None, None).is_err());
        assert!(Vars::new("9lives", None, None, None).is_err());
    }

    #[test]
    fn every_template_renders_a_valid_manifest() {
        let vars = Vars::new("my-ext", None, None, None).unwrap();
        for t in ALL {
            let dir = tempfile::tempdir().unwrap();
            let files = create(&t, &vars, dir.path(), false).unwrap();
            assert!(
                files.iter().any(|f| f.path == "manifest.json"),
                "{}",
                t.name
            );
            assert!(files.iter().any(|f| f.path == ".gitignore"), "{}", t.name);
            assert!(
                files.iter().all(|f| !f.path.ends_with(".hbs")),
                "{}",
                t.name
            );
            let loaded = crate::manifest::load(&dir.path().join("manifest.json"))
                .unwrap_or_else(|e| panic!("{}: {e}", t.name));
            assert!(
                loaded.warnings.is_empty(),
                "{}: {:?}",
                t.name,
                loaded.warnings
            );
            assert_eq!(loaded.manifest.name, "com.example.my-ext");
            assert_eq!(
                dir.path().join("wit/extension-runner.wit").exists(),
                t.with_wit
            );
            // A second create into the same folder needs --force.
            assert!(matches!(
                create(&t, &vars, dir.path(), false),
                Err(ScaffoldError::NotEmpty(_))
            ));
            create(&t, &vars, dir.path(), true).unwrap();
        }
    }
}
