//! Checking a component against the `alga:extension/runner` world and the manifest's
//! capabilities, and staging the cut-down world handlers are componentized against.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde::Serialize;
use wit_parser::{Resolve, Type, TypeDefKind, WorldId, WorldItem};

use super::BuildError;
use crate::manifest::{Capability, Manifest};

/// The world components must target.
pub const WORLD: &str = "runner";

/// The capability an `alga:extension` interface needs.
pub fn capability_of(interface: &str) -> Option<Capability> {
    Some(match interface {
        "context" => Capability::ContextRead,
        "secrets" => Capability::SecretsGet,
        "http" => Capability::HttpFetch,
        "storage" => Capability::StorageKv,
        "logging" => Capability::LogEmit,
        "ui-proxy" => Capability::UiProxy,
        "user" | "user-v2" => Capability::UserRead,
        "scheduler" => Capability::SchedulerManage,
        "invoicing" => Capability::InvoiceManualCreate,
        "clients" => Capability::ClientRead,
        "services" => Capability::ServiceRead,
        _ => return None,
    })
}

/// Why a component does not fit the world.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error("cannot read the WIT in `{}`: {message}", dir.display())]
    Wit {
        dir: std::path::PathBuf,
        message: String,
    },
    #[error("the WIT in `{}` has no world `{WORLD}`", dir.display())]
    NoWorld { dir: std::path::PathBuf },
    #[error("not a component: {0}")]
    NotComponent(String),
    #[error("the component does not export `handler`")]
    MissingHandler,
    #[error("the component's `handler` has type `{found}`, but the world wants `{expected}`")]
    HandlerType { found: String, expected: String },
    #[error("the component imports `{name}`, which the Alga Runner does not provide")]
    ForeignImport { name: String },
    #[error("the component imports `{interface}.{function}`, which is not in the world")]
    UnknownFunction { interface: String, function: String },
    #[error(
        "the component imports `{interface}.{function}` with type `{found}`, but the world has `{expected}`"
    )]
    FunctionType {
        interface: String,
        function: String,
        found: String,
        expected: String,
    },
}

impl crate::error::Explain for WorldError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            WorldError::Wit { .. } | WorldError::NoWorld { .. } => {
                "keep `wit/extension-runner.wit` as `alga create` writes it".into()
            }
            WorldError::NotComponent(_) => "build with `alga build`".into(),
            WorldError::MissingHandler | WorldError::HandlerType { .. } => {
                "export `handler: func(request: execute-request) -> execute-response` (in JS: `export function handler(request)`)".into()
            }
            WorldError::ForeignImport { .. } => {
                "use only the `alga:extension/*` interfaces (and WASI); the Runner links nothing else".into()
            }
            WorldError::UnknownFunction { .. } | WorldError::FunctionType { .. } => {
                "the component was built against another version of the WIT; rebuild it against `wit/extension-runner.wit`".into()
            }
        })
    }
}

/// What the check found.
#[derive(Debug, Clone, Serialize)]
pub struct WorldReport {
    /// Imported interfaces, with their functions.
    pub imports: BTreeMap<String, Vec<String>>,
    /// Capabilities the imports need (defaults included).
    pub capabilities: Vec<Capability>,
    /// Of those, the ones the manifest does not declare.
    #[serde(skip)]
    pub missing: Vec<super::capabilities::Missing>,
    pub warnings: Vec<String>,
}

/// Loads the world from a project's `wit/` folder, or the built-in one when it has none.
pub fn load_world(wit_dir: &Path) -> Result<(Resolve, WorldId), WorldError> {
    let mut resolve = Resolve::default();
    let pkg = if wit_dir.is_dir() {
        resolve
            .push_path(wit_dir)
            .map_err(|e| WorldError::Wit {
                dir: wit_dir.to_path_buf(),
                message: format!("{e:#}"),
            })?
            .0
    } else {
        resolve
            .push_str("extension-runner.wit", crate::scaffold::RUNNER_WIT)
            .expect("the built-in WIT parses")
    };
    let world = resolve
        .select_world(&[pkg], Some(WORLD))
        .map_err(|_| WorldError::NoWorld {
            dir: wit_dir.to_path_buf(),
        })?;
    Ok((resolve, world))
}

/// Checks `component` against `world` and the capabilities `manifest` declares.
pub fn check(
    component: &[u8],
    resolve: &Resolve,
    world: WorldId,
    manifest: &Manifest,
) -> Result<WorldReport, WorldError> {
    let decoded =
        wit_component::decode(component).map_err(|e| WorldError::NotComponent(format!("{e:#}")))?;
    let wit_component::DecodedWasm::Component(cres, cworld) = decoded else {
        return Err(WorldError::NotComponent(
            "the file is a WIT package, not a component".into(),
        ));
    };
    let w = &resolve.worlds[world];
    let world_pkg = w.package.map(|p| resolve.packages[p].name.clone());
    let granted = manifest.granted_capabilities();

    // Export: `handler` with the world's type.
    let expected = w
        .exports
        .iter()
        .find_map(|(k, item)| match item {
            WorldItem::Function(f) if resolve.name_world_key(k) == "handler" => Some(f),
            _ => None,
        })
        .expect("the runner world exports handler");
    let found = cres.worlds[cworld]
        .exports
        .iter()
        .find_map(|(k, item)| match item {
            WorldItem::Function(f) if cres.name_world_key(k) == "handler" => Some(f),
            _ => None,
        });
    let Some(found) = found else {
        return Err(WorldError::MissingHandler);
    };
    let (exp_sig, found_sig) = (signature(resolve, expected), signature(&cres, found));
    if exp_sig != found_sig {
        return Err(WorldError::HandlerType {
            found: pretty(&cres, found),
            expected: pretty(resolve, expected),
        });
    }

    let mut report = WorldReport {
        imports: BTreeMap::new(),
        capabilities: Vec::new(),
        missing: Vec::new(),
        warnings: Vec::new(),
    };
    let need = |report: &mut WorldReport, interface: &str, capability: Capability| {
        report.capabilities.push(capability);
        if !granted.contains(&capability)
            && !report.missing.iter().any(|m| m.capability == capability)
        {
            report.missing.push(super::capabilities::Missing {
                capability,
                interface: interface.to_string(),
                files: Vec::new(),
            });
        }
    };
    for (key, item) in &cres.worlds[cworld].imports {
        let WorldItem::Interface { id, .. } = item else {
            if let WorldItem::Function(f) = item {
                return Err(WorldError::ForeignImport {
                    name: f.name.clone(),
                });
            }
            continue;
        };
        let iface = &cres.interfaces[*id];
        let full = cres.id_of(*id).unwrap_or_else(|| cres.name_world_key(key));
        let pkg = iface.package.map(|p| cres.packages[p].name.clone());
        let short = iface.name.clone().unwrap_or_default();
        report
            .imports
            .insert(full.clone(), iface.functions.keys().cloned().collect());
        match &pkg {
            Some(p) if Some(p) == world_pkg.as_ref() => {
                let target = resolve.packages[w.package.expect("world has a package")]
                    .interfaces
                    .get(&short)
                    .copied();
                let Some(target) = target else {
                    return Err(WorldError::ForeignImport { name: full });
                };
                let target = &resolve.interfaces[target];
                for (fname, f) in &iface.functions {
                    let Some(tf) = target.functions.get(fname) else {
                        return Err(WorldError::UnknownFunction {
                            interface: full.clone(),
                            function: fname.clone(),
                        });
                    };
                    if signature(&cres, f) != signature(resolve, tf) {
                        return Err(WorldError::FunctionType {
                            interface: full.clone(),
                            function: fname.clone(),
                            found: pretty(&cres, f),
                            expected: pretty(resolve, tf),
                        });
                    }
                }
                if iface.functions.is_empty() {
                    continue;
                }
                if let Some(cap) = capability_of(&short) {
                    need(&mut report, &full, cap);
                }
            }
            Some(p) if p.namespace == "wasi" => {
                if p.name == "http" && !iface.functions.is_empty() {
                    need(&mut report, &full, Capability::HttpFetch);
                    report.warnings.push(format!(
                        "the component imports `{full}`; the Alga Runner links WASI HTTP without the egress allowlist, prefer `alga:extension/http`"
                    ));
                }
            }
            _ => return Err(WorldError::ForeignImport { name: full }),
        }
    }
    report.capabilities.extend(Capability::DEFAULTS);
    report.capabilities.sort();
    report.capabilities.dedup();
    Ok(report)
}

/// A structural rendering of a function's type (names of types do not matter, shapes do).
fn signature(resolve: &Resolve, f: &wit_parser::Function) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, shape(resolve, &p.ty)))
        .collect();
    let result = f
        .result
        .as_ref()
        .map(|t| shape(resolve, t))
        .unwrap_or_default();
    format!("func({}) -> {result}", params.join(", "))
}

/// A readable rendering for messages (type names kept).
fn pretty(resolve: &Resolve, f: &wit_parser::Function) -> String {
    let name = |t: &Type| match t {
        Type::Id(id) => resolve.types[*id]
            .name
            .clone()
            .unwrap_or_else(|| shape(resolve, t)),
        other => shape(resolve, other),
    };
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, name(&p.ty)))
        .collect();
    match &f.result {
        Some(r) => format!("func({}) -> {}", params.join(", "), name(r)),
        None => format!("func({})", params.join(", ")),
    }
}

fn shape(resolve: &Resolve, t: &Type) -> String {
    let prim = match t {
        Type::Bool => "bool",
        Type::U8 => "u8",
        Type::U16 => "u16",
        Type::U32 => "u32",
        Type::U64 => "u64",
        Type::S8 => "s8",
        Type::S16 => "s16",
        Type::S32 => "s32",
        Type::S64 => "s64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::ErrorContext => "error-context",
        Type::Id(id) => {
            let def = &resolve.types[*id];
            let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), |t| shape(resolve, t));
            return match &def.kind {
                TypeDefKind::Record(r) => format!(
                    "record{{{}}}",
                    r.fields
                        .iter()
                        .map(|f| format!("{}: {}", f.name, shape(resolve, &f.ty)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                TypeDefKind::Variant(v) => format!(
                    "variant{{{}}}",
                    v.cases
                        .iter()
                        .map(|c| format!("{}({})", c.name, opt(&c.ty)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                TypeDefKind::Enum(e) => format!(
                    "enum{{{}}}",
                    e.cases
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                TypeDefKind::Flags(f) => format!(
                    "flags{{{}}}",
                    f.flags
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                TypeDefKind::Tuple(t) => format!(
                    "tuple<{}>",
                    t.types
                        .iter()
                        .map(|t| shape(resolve, t))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                TypeDefKind::Option(t) => format!("option<{}>", shape(resolve, t)),
                TypeDefKind::Result(r) => format!("result<{}, {}>", opt(&r.ok), opt(&r.err)),
                TypeDefKind::List(t) => format!("list<{}>", shape(resolve, t)),
                TypeDefKind::Map(k, v) => {
                    format!("map<{}, {}>", shape(resolve, k), shape(resolve, v))
                }
                TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", shape(resolve, t)),
                TypeDefKind::Future(t) => format!("future<{}>", opt(t)),
                TypeDefKind::Stream(t) => format!("stream<{}>", opt(t)),
                TypeDefKind::Type(t) => shape(resolve, t),
                TypeDefKind::Resource | TypeDefKind::Handle(_) | TypeDefKind::Unknown => {
                    format!("resource {}", def.name.clone().unwrap_or_default())
                }
            };
        }
    };
    prim.to_string()
}

/// The world handlers are componentized against: `runner` cut down to what the code imports,
/// so that the component asks only for the capabilities it uses.
pub(super) const BUILD_WORLD: &str = "alga-build";

/// Copies the project's WIT to a temporary folder and adds the cut-down world to the file
/// that defines `runner`.
pub(super) fn stage_wit(
    project: &Path,
    used: &BTreeSet<String>,
) -> Result<tempfile::TempDir, BuildError> {
    let dir = tempfile::Builder::new()
        .prefix("wit-")
        .tempdir_in(super::ensure_dir(&project.join(".alga"))?)
        .map_err(BuildError::io(
            "cannot create a temporary folder in `.alga/`",
        ))?;
    let src = project.join("wit");
    let mut files: Vec<(String, String)> = Vec::new();
    if src.is_dir() {
        for entry in fs::read_dir(&src).map_err(BuildError::io("cannot list `wit/`"))? {
            let entry = entry.map_err(BuildError::io("cannot list `wit/`"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".wit") {
                let text = fs::read_to_string(entry.path())
                    .map_err(BuildError::io(format!("cannot read `wit/{name}`")))?;
                files.push((name, text));
            }
        }
    } else {
        files.push((
            "extension-runner.wit".into(),
            crate::scaffold::RUNNER_WIT.into(),
        ));
    }
    let mut world =
        format!("\nworld {BUILD_WORLD} {{\n    use types.{{execute-request, execute-response}};\n");
    for name in used {
        world.push_str(&format!("    import {name};\n"));
    }
    world.push_str("    export handler: func(request: execute-request) -> execute-response;\n}\n");
    let host = files
        .iter()
        .position(|(_, t)| t.contains("world runner"))
        .unwrap_or(0);
    files[host].1.push_str(&world);
    for (name, text) in &files {
        fs::write(dir.path().join(name), text)
            .map_err(BuildError::io(format!("cannot write the staged `{name}`")))?;
    }
    Ok(dir)
}
