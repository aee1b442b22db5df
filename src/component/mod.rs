//! What a wasm file is: a component (with its WIT imports and exports) or a core module.

use serde::Serialize;
use wit_parser::{Resolve, WorldId, WorldItem, WorldKey};

/// Whether the binary is a component or a core module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WasmKind {
    Component,
    CoreModule,
}

/// An imported or exported item: an interface with its functions, or a bare function.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
}

/// A summary of a wasm binary.
#[derive(Debug, Clone, Serialize)]
pub struct WasmInfo {
    pub kind: WasmKind,
    pub size: u64,
    pub imports: Vec<Item>,
    pub exports: Vec<Item>,
    /// The component's world as WIT text (components only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wit: Option<String>,
}

/// Why a wasm binary could not be described.
#[derive(Debug, thiserror::Error)]
pub enum WasmError {
    #[error("not a WebAssembly binary (no `\\0asm` header)")]
    NotWasm,
    #[error("invalid WebAssembly: {0}")]
    Invalid(String),
}

/// Describes `bytes`, a component or a core module.
pub fn describe(bytes: &[u8]) -> Result<WasmInfo, WasmError> {
    if !bytes.starts_with(b"\0asm") {
        return Err(WasmError::NotWasm);
    }
    if wasmparser::Parser::is_component(bytes) {
        describe_component(bytes)
    } else {
        describe_module(bytes)
    }
}

fn describe_component(bytes: &[u8]) -> Result<WasmInfo, WasmError> {
    let decoded = wit_component::decode(bytes).map_err(|e| WasmError::Invalid(format!("{e:#}")))?;
    let wit_component::DecodedWasm::Component(resolve, world) = decoded else {
        return Err(WasmError::Invalid(
            "the binary is a WIT package, not a component".into(),
        ));
    };
    let w = &resolve.worlds[world];
    let items = |map: &indexmap_like::Items| -> Vec<Item> {
        map.iter()
            .filter_map(|(key, item)| world_item(&resolve, key, item))
            .collect()
    };
    let imports = items(&w.imports);
    let exports = items(&w.exports);
    Ok(WasmInfo {
        kind: WasmKind::Component,
        size: bytes.len() as u64,
        imports,
        exports,
        wit: print_world(&resolve, world),
    })
}

mod indexmap_like {
    pub type Items = wit_parser::IndexMap<wit_parser::WorldKey, wit_parser::WorldItem>;
}

fn world_item(resolve: &Resolve, key: &WorldKey, item: &WorldItem) -> Option<Item> {
    match item {
        WorldItem::Interface { id, .. } => {
            let iface = &resolve.interfaces[*id];
            let name = resolve
                .id_of(*id)
                .unwrap_or_else(|| resolve.name_world_key(key));
            Some(Item {
                name,
                functions: iface.functions.keys().cloned().collect(),
            })
        }
        WorldItem::Function(f) => Some(Item {
            name: f.name.clone(),
            functions: Vec::new(),
        }),
        WorldItem::Type { .. } => None,
    }
}

fn print_world(resolve: &Resolve, world: WorldId) -> Option<String> {
    let pkg = resolve.worlds[world].package?;
    let nested: Vec<_> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != pkg)
        .collect();
    let mut printer = wit_component::WitPrinter::default();
    printer.print(resolve, pkg, &nested).ok()?;
    Some(printer.output.to_string())
}

fn describe_module(bytes: &[u8]) -> Result<WasmInfo, WasmError> {
    let mut imports: Vec<Item> = Vec::new();
    let mut exports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| WasmError::Invalid(e.to_string()))?;
        match payload {
            wasmparser::Payload::ImportSection(reader) => {
                for imp in reader.into_imports() {
                    let imp = imp.map_err(|e| WasmError::Invalid(e.to_string()))?;
                    match imports.iter_mut().find(|i| i.name == imp.module) {
                        Some(item) => item.functions.push(imp.name.to_string()),
                        None => imports.push(Item {
                            name: imp.module.to_string(),
                            functions: vec![imp.name.to_string()],
                        }),
                    }
                }
            }
            wasmparser::Payload::ExportSection(reader) => {
                for exp in reader {
                    let exp = exp.map_err(|e| WasmError::Invalid(e.to_string()))?;
                    exports.push(Item {
                        name: exp.name.to_string(),
                        functions: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(WasmInfo {
        kind: WasmKind::CoreModule,
        size: bytes.len() as u64,
        imports,
        exports,
        wit: None,
    })
}
