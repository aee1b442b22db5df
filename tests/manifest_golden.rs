//! Manifest validation messages pinned by golden files: each `tests/manifests/invalid/X.json`
//! has `X.err` beside it. Run with `UPDATE_GOLDEN=1` to rewrite them after a deliberate change.

use std::fs;
use std::path::{Path, PathBuf};

use alga::error::Explain;
use alga::manifest::{self, ManifestError};

fn render(err: &ManifestError) -> String {
    let mut text = format!("error: {err}\n");
    for d in err.details() {
        text.push_str(&d);
        text.push('\n');
    }
    if let Some(h) = err.hint() {
        text.push_str(&format!("hint: {h}\n"));
    }
    text
}

fn cases(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/manifests")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn invalid_manifests_match_golden_errors() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = cases("invalid");
    assert!(
        files.len() >= 15,
        "at least 15 invalid manifests, found {}",
        files.len()
    );
    let mut mismatches = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read(&path).unwrap();
        let text = String::from_utf8(text).unwrap();
        let err = match manifest::parse(&text, Path::new(&name)) {
            Ok(_) => panic!("{name} was accepted"),
            Err(e) => e,
        };
        let got = render(&err);
        let golden = path.with_extension("err");
        if update {
            fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", golden.display()));
        if got != want {
            mismatches.push(format!("--- {name}\nwant:\n{want}\ngot:\n{got}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn valid_manifests_load_without_errors() {
    for path in cases("valid") {
        let text = fs::read_to_string(&path).unwrap();
        let loaded = manifest::parse(&text, &path)
            .unwrap_or_else(|e| panic!("{}: {e}\n{:?}", path.display(), e.details()));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/manifests/invalid/wrong-types.json"),
    )
    .unwrap();
    match manifest::parse(&text, Path::new("m.json")) {
        Err(ManifestError::Invalid { issues, .. }) => {
            let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
            assert_eq!(paths, ["name", "version", "runtime", "ui", "api", "assets"]);
            assert!(issues.iter().all(|i| i.pos.is_some()));
        }
        other => panic!("{other:?}"),
    }
}
