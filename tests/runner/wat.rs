//! Hand-written WAT components: bad input named, and the compile cache and the incremental
//! function cache (marking, foreign files, only changed functions compiled).

use super::*;

#[test]
pub(crate) fn wat_component_runs_and_bad_input_is_named() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = h.join("p");
    let wit = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wit/extension-runner.wit"
    ))
    .unwrap();
    common::write_files(
        &dir,
        &[
            ("manifest.json", common::handler_manifest().as_bytes()),
            ("wit/extension-runner.wit", &wit),
            ("ui/index.html", b"<p>x</p>"),
        ],
    );
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dist/main.wasm` does not exist"))
        .stderr(predicate::str::contains("hint: run `alga build` first"));
    alga(h)
        .args(["build", "-q", "--project", "p", "--wasm"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"))
        .assert()
        .success();
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .success()
        .stdout("{\"ok\":true}\n")
        .stderr(predicate::str::contains("info  handled"));
    // The second start loads the compiled component from the cache.
    alga(h)
        .args(["invoke", "-v", "--project", "p", "/api/hi"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(compile cache)"));
    alga(h)
        .args(["invoke", "--project", "p", "FETCH", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`FETCH` is not an HTTP method"));
    alga(h)
        .args(["invoke", "--project", "p", "api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must start with `/`"));
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi", "--secret", "novalue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected KEY=VALUE"));
    std::fs::write(dir.join(".alga/secrets.toml"), "bad = [1]\n").unwrap();
    alga(h)
        .args(["invoke", "--project", "p", "/api/hi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("secret `bad`"));
}

/// A WAT handler project in `home/name` whose `GET /api/hi` answers `body` (11 bytes).
pub(crate) fn wat_handler(home: &Path, name: &str, body: &str) {
    assert_eq!(body.len(), 11);
    let wat = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler.wat"),
    )
    .unwrap()
    .replace(r#"{\"ok\":true}"#, &body.replace('"', r#"\""#));
    let file = home.join(format!("{name}.wat"));
    std::fs::write(&file, wat).unwrap();
    common::wat_project_with(home, name, &file);
}

/// The compiled components in the user's cache folder under `home`, newest last.
pub(crate) fn cache_files(home: &Path) -> Vec<PathBuf> {
    let dir = home.join(".cache/alga/components");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    files
}

#[test]
pub(crate) fn loading_a_compiled_component_marks_it_used_so_it_is_pruned_last() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_handler(h, "p", r#"{"ok":true}"#);
    wat_handler(h, "q", r#"{"no":true}"#);
    let invoke = |project: &str| invoke_hi(h, project, &[]).1;
    invoke("p");
    let p = cache_files(h);
    invoke("q");
    let before = cache_files(h);
    assert_eq!(before.len(), 2);
    assert_eq!(before[0], p[0], "p's is the older");
    let err = invoke("p");
    assert!(err.contains("(compile cache)"), "{err}");
    assert_eq!(cache_files(h), [before[1].clone(), p[0].clone()]);
}

#[test]
pub(crate) fn a_foreign_compile_cache_file_is_ignored_and_the_right_code_runs() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    wat_handler(h, "p", r#"{"ok":true}"#);
    wat_handler(h, "q", r#"{"no":true}"#);
    let hi = |project: &str| invoke_hi(h, project, &[]);
    assert_eq!(hi("p").0, "{\"ok\":true}\n");
    let ours = cache_files(h);
    assert_eq!(ours.len(), 1, "the cache is in the user's cache folder");
    assert!(!h.join("p/.alga/cache").exists());
    assert_eq!(hi("q").0, "{\"no\":true}\n");
    let files = cache_files(h);
    let (ours, theirs) = (&ours[0], files.iter().find(|f| *f != &ours[0]).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(ours), 0o600);
        assert_eq!(mode(&h.join(".cache/alga/components")), 0o700);
    }
    let (out, err) = hi("p");
    assert!(err.contains("(compile cache)"), "{err}");
    assert_eq!(out, "{\"ok\":true}\n");

    // The other component's compiled code under this one's name: ignored, said with -v,
    // compiled again, and this component's code runs.
    std::fs::copy(theirs, ours).unwrap();
    let (out, err) = hi("p");
    assert_eq!(out, "{\"ok\":true}\n");
    assert!(err.contains("was compiled from another component"), "{err}");
    assert!(!err.contains("(compile cache)"), "{err}");
    // ...and replaced: the next start uses the cache again.
    let (out, err) = hi("p");
    assert_eq!(out, "{\"ok\":true}\n");
    assert!(err.contains("(compile cache)"), "{err}");

    // A file others may write is not trusted either.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(ours, std::fs::Permissions::from_mode(0o666)).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("may be used by other users"), "{err}");
    }

    // A symbolic link in place of the file, even to a file of this cache, is not followed.
    #[cfg(unix)]
    {
        std::fs::remove_file(ours).unwrap();
        std::os::unix::fs::symlink(theirs, ours).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("cannot be opened"), "{err}");
    }
    // A folder others may use is not trusted; this user's own is made private again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let components = h.join(".cache/alga/components");
        std::fs::set_permissions(&components, std::fs::Permissions::from_mode(0o755)).unwrap();
        let (_, err) = hi("p");
        assert!(err.contains("may be used by other users"), "{err}");
        let (_, err) = hi("p");
        assert!(err.contains("(compile cache)"), "{err}");
        // The folder above it, writable by others without the sticky bit: they could swap
        // alga's folder for theirs.
        let base = h.join(".cache");
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o777)).unwrap();
        let (out, err) = hi("p");
        assert_eq!(out, "{\"ok\":true}\n");
        assert!(err.contains("may be changed by other users"), "{err}");
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o1777)).unwrap();
        let (_, err) = hi("p");
        assert!(err.contains("(compile cache)"), "{err}");
    }

    // `alga cache dir` and `alga cache clean`.
    alga(h)
        .args(["cache", "dir"])
        .assert()
        .success()
        .stdout(format!("{}\n", h.join(".cache/alga").display()));
    alga(h)
        .args(["cache", "clean", "--json"])
        .assert()
        .success()
        // Two compiled components and the file of compiled functions.
        .stdout(predicate::str::contains("\"files\": 3"));
    assert!(cache_files(h).is_empty());
    assert_eq!(
        std::fs::read_dir(h.join(".cache/alga/functions"))
            .unwrap()
            .count(),
        0
    );
}

/// `alga invoke -v --project PROJECT /api/hi` under `home` with `env` set, which must succeed:
/// its stdout and stderr.
pub(crate) fn invoke_hi(home: &Path, project: &str, env: &[(&str, &str)]) -> (String, String) {
    let out = alga(home)
        .args(["invoke", "-v", "--project", project, "/api/hi"])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `(N of M functions compiled` in `alga invoke -v`'s output: (N, M).
pub(crate) fn functions_compiled(stderr: &str) -> Option<(u64, u64)> {
    let at = stderr.find(" functions compiled")?;
    let head = &stderr[..at];
    let numbers = &head[head.rfind('(')? + 1..];
    let (n, m) = numbers.split_once(" of ")?;
    Some((n.parse().ok()?, m.parse().ok()?))
}

#[test]
pub(crate) fn an_edited_handler_compiles_only_the_functions_that_changed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let invoke = || invoke_hi(h, "p", &[]);
    wat_handler(h, "p", r#"{"ok":true}"#);
    let (out, err) = invoke();
    assert_eq!(out, "{\"ok\":true}\n");
    // The first time, only functions identical to one compiled before them are reused.
    let (compiled, all) = functions_compiled(&err).unwrap_or_else(|| panic!("{err}"));
    assert!(compiled > all / 2, "{err}");
    let functions = h.join(".cache/alga/functions");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&functions), 0o700);
        for f in std::fs::read_dir(&functions).unwrap() {
            assert_eq!(mode(&f.unwrap().path()), 0o600);
        }
    }

    // The same code with other data (a one-line edit of the answer): a new component, whose
    // functions all come from the incremental cache, and the new answer.
    wat_handler(h, "p", r#"{"ok":1234}"#);
    let (out, err) = invoke();
    assert_eq!(out, "{\"ok\":1234}\n");
    assert!(!err.contains("(compile cache)"), "a new component: {err}");
    assert_eq!(
        functions_compiled(&err),
        Some((0, all)),
        "every function from the incremental cache: {err}"
    );

    // A cache file others may write is not trusted: said with -v, every function compiled.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        wat_handler(h, "p", r#"{"ok":5678}"#);
        let file = std::fs::read_dir(&functions)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        let (out, err) = invoke();
        assert_eq!(out, "{\"ok\":5678}\n");
        assert!(err.contains("may be used by other users"), "{err}");
        // Compiled again, all of them but those identical to one compiled before them.
        let (compiled, lookups) = functions_compiled(&err).unwrap_or_else(|| panic!("{err}"));
        assert_eq!(lookups, all, "{err}");
        assert!(compiled > all / 2, "{err}");
    }
}
