//! npm packages of a JavaScript/TypeScript build, found as node finds them (the project's
//! `node_modules`, then its parents', as in a monorepo), and the combinations known not to work.

use std::path::{Path, PathBuf};

/// The package componentize-js is loaded from.
pub const COMPONENTIZE_PKG: &str = "@bytecodealliance/componentize-js";

/// The package componentize-js imports without declaring it.
pub const SHIM_PKG: &str = "@bytecodealliance/preview2-shim";

/// The preview2-shim version the templates pin: the last one componentize-js works with.
pub const SHIM_VERSION: &str = "0.25.0";

/// The folder of `package` as node resolves it from `from`: `from/node_modules/<package>`,
/// then each parent's (a folder named `node_modules` is not searched inside itself).
pub fn find(from: &Path, package: &str) -> Option<PathBuf> {
    from.ancestors()
        .filter(|dir| dir.file_name().is_none_or(|n| n != "node_modules"))
        .map(|dir| dir.join("node_modules").join(package))
        .find(|dir| dir.join("package.json").is_file())
}

/// The `version` of the package in `dir`.
pub fn version(dir: &Path) -> Option<String> {
    let bytes = std::fs::read(dir.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    json["version"].as_str().map(str::to_string)
}

/// Why componentize-js, as installed for `project`, cannot run, and what to install: it imports
/// `@bytecodealliance/preview2-shim` without declaring it, so it gets whatever copy npm
/// hoisted, or none. Without one node stops with `ERR_MODULE_NOT_FOUND`; with 0.26 or newer
/// it cannot read the WIT folder it is given (`os error 44`).
pub fn componentize_problem(project: &Path) -> Option<(String, String)> {
    let componentize = find(project, COMPONENTIZE_PKG)?;
    let cv = version(&componentize).unwrap_or_else(|| "?".into());
    let install = format!("npm install --save-dev {SHIM_PKG}@{SHIM_VERSION}");
    let Some(shim) = find(&componentize, SHIM_PKG) else {
        return Some((
            format!(
                "componentize-js {cv} imports `{SHIM_PKG}` without declaring it, and it is not installed (node would stop with ERR_MODULE_NOT_FOUND)"
            ),
            format!("run `{install}`"),
        ));
    };
    let sv = version(&shim).unwrap_or_else(|| "?".into());
    let minor = |v: &str| -> Option<(u64, u64)> {
        let mut parts = v.split('.');
        Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
    };
    match minor(&sv) {
        Some((0, m)) if m >= 26 => Some((
            format!(
                "componentize-js {cv} loads `{SHIM_PKG}` {sv} from `{}`, with which it cannot read the WIT folder it is given (`os error 44`)",
                shim.display()
            ),
            format!("pin the version it works with: `{install}`"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(root: &Path, at: &str, version: &str) {
        let dir = root.join(at);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("package.json"),
            format!("{{\"version\": \"{version}\"}}"),
        )
        .unwrap();
    }

    #[test]
    fn the_shim_is_found_as_node_finds_it_and_bad_versions_are_named() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        // A monorepo: packages hoisted to the root, the project two levels down.
        let project = r.join("apps/ext");
        std::fs::create_dir_all(&project).unwrap();
        package(
            r,
            "node_modules/@bytecodealliance/componentize-js",
            "0.23.0",
        );
        assert_eq!(
            find(&project, COMPONENTIZE_PKG).unwrap(),
            r.join("node_modules/@bytecodealliance/componentize-js")
        );
        let (missing, hint) = componentize_problem(&project).unwrap();
        assert!(
            missing.contains("without declaring it, and it is not installed"),
            "{missing}"
        );
        assert!(
            hint.contains("@bytecodealliance/preview2-shim@0.25.0"),
            "{hint}"
        );

        package(r, "node_modules/@bytecodealliance/preview2-shim", "0.26.1");
        let (bad, _) = componentize_problem(&project).unwrap();
        assert!(
            bad.contains("0.26.1") && bad.contains("os error 44"),
            "{bad}"
        );

        // A copy nested under componentize-js wins over the hoisted one.
        package(
            r,
            "node_modules/@bytecodealliance/componentize-js/node_modules/@bytecodealliance/preview2-shim",
            "0.25.0",
        );
        assert_eq!(componentize_problem(&project), None);
        // No componentize-js at all: another check names it.
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(componentize_problem(empty.path()), None);
    }
}
