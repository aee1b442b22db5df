//! Content hashes of build inputs and the state that lets an unchanged build be skipped.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Folders never hashed as inputs: outputs, dependencies and state.
const SKIP: [&str; 6] = ["dist", "node_modules", ".alga", ".git", "target", ".vite"];

/// Hashes the named files and folders of `project` (missing ones count as absent) and `salt`.
pub fn hash(project: &Path, roots: &[&str], salt: &str) -> std::io::Result<String> {
    let mut files = Vec::new();
    for root in roots {
        let p = project.join(root);
        if p.is_dir() {
            walk(project, &p, &mut files)?;
        } else if p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    files.dedup();
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    for f in files {
        let rel = f.strip_prefix(project).unwrap_or(&f);
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        let bytes = fs::read(&f)?;
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(hex::encode(h.finalize()))
}

/// Every file of the project except outputs and dependencies.
pub fn hash_project(project: &Path, salt: &str) -> std::io::Result<String> {
    let mut roots = Vec::new();
    for entry in fs::read_dir(project)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !SKIP.contains(&name.as_str()) {
            roots.push(name);
        }
    }
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    hash(project, &roots, salt)
}

fn walk(project: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let ft = entry.file_type()?;
        let name = entry.file_name();
        if ft.is_dir() {
            if dir == project && SKIP.iter().any(|s| name == *s) {
                continue;
            }
            if name == "node_modules" {
                continue;
            }
            walk(project, &entry.path(), out)?;
        } else if ft.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// What the last successful build saw and made (`.alga/build.json`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct State {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<HandlerState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandlerState {
    pub inputs: String,
    pub wasm_sha256: String,
    /// What the world check found, valid while the inputs (manifest included) are unchanged.
    pub imports: Vec<String>,
    pub capabilities: Vec<String>,
    /// The `alga:extension` interfaces the sources import, with the files importing each: the
    /// capability check of a skipped build.
    #[serde(default)]
    pub uses: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    /// The source files esbuild read (outside `node_modules`), as it names them.
    #[serde(default)]
    pub sources: Vec<String>,
}

pub fn state_path(project: &Path) -> PathBuf {
    project.join(".alga").join("build.json")
}

/// The saved state, or an empty one when there is none or it cannot be read.
pub fn load(project: &Path) -> State {
    fs::read(state_path(project))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn save(project: &Path, state: &State) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(state).expect("state serializes");
    crate::fsutil::write_atomic(&state_path(project), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_follows_content_not_times() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        fs::create_dir_all(p.join("src")).unwrap();
        fs::create_dir_all(p.join("dist")).unwrap();
        fs::write(p.join("src/a.ts"), "a").unwrap();
        fs::write(p.join("manifest.json"), "{}").unwrap();
        let h1 = hash(p, &["src", "manifest.json", "missing.json"], "v1").unwrap();
        fs::write(p.join("dist/out"), "x").unwrap();
        assert_eq!(
            h1,
            hash(p, &["src", "manifest.json", "missing.json"], "v1").unwrap()
        );
        let whole = hash_project(p, "v1").unwrap();
        fs::write(p.join("dist/other"), "y").unwrap();
        assert_eq!(
            whole,
            hash_project(p, "v1").unwrap(),
            "dist/ is not an input"
        );
        fs::write(p.join("src/a.ts"), "b").unwrap();
        assert_ne!(h1, hash(p, &["src", "manifest.json"], "v1").unwrap());
        assert_ne!(
            hash(p, &["src"], "v1").unwrap(),
            hash(p, &["src"], "v2").unwrap()
        );
    }
}
