//! `alga test`: the project's `tests/**/*.hurl` files run against the handler in the embedded
//! runner. Each file starts from fresh state (its own storage database, the fixtures and
//! secrets of `tests/`, canned upstream responses from `tests/http/`), files run in parallel
//! with `--jobs`, and the results are reported as `cargo test` does, as JSON or as JUnit XML.

pub mod junit;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::dev::env::{DevEnv, DevSettings, State};
use crate::error::UserError;
use crate::hurl::{self, Variables, value::Value};
use crate::manifest::Manifest;
use crate::runner::{self, LogEvent, fixtures::Fixtures, mocks::Mock};

/// The value of `{{base}}`: scheme and host are not used, the path goes to the handler.
pub const BASE: &str = "http://localhost";

/// What every file of a run shares.
pub struct Suite {
    pub root: PathBuf,
    pub wasm: Vec<u8>,
    pub manifest: Manifest,
    pub settings: DevSettings,
    pub fixtures: Fixtures,
    pub secrets: BTreeMap<String, String>,
    pub mocks: Vec<Mock>,
    pub variables: Variables,
    pub update: bool,
}

/// How one file went.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileResult {
    /// Relative to the project, with `/`.
    pub file: String,
    pub passed: bool,
    pub millis: u64,
    pub entries: Vec<EntryResult>,
    /// A file that could not run at all (a parse error), rendered.
    pub error: Option<String>,
    /// The handler's log lines during this file.
    pub logs: Vec<LogEvent>,
    /// Snapshot files `--update` wrote.
    pub updated: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryResult {
    pub line: usize,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub millis: u64,
    pub skipped: bool,
    pub failures: Vec<FailureResult>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureResult {
    pub line: usize,
    pub column: usize,
    pub description: String,
    pub message: String,
    /// As Hurl prints it: file:line, the source line, actual and expected.
    pub rendered: String,
}

/// The `tests/**/*.hurl` files of `root` whose path contains one of `filters` (all when none),
/// relative to `root`, sorted.
pub fn discover(root: &Path, filters: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let tests = root.join("tests");
    if !tests.is_dir() {
        return Err(UserError::with_hint(
            format!("`{}` has no tests folder", root.display()),
            "write request tests in tests/*.hurl (see `alga test --help`)",
        )
        .into());
    }
    let mut found = Vec::new();
    let mut dirs = vec![tests];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() && entry.file_name() != "node_modules" {
                dirs.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|x| x == "hurl") {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let name = rel.to_string_lossy().replace('\\', "/");
                if filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())) {
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Reads what the files share from `root/tests`: fixtures, secrets and mocks.
pub fn read_shared(root: &Path) -> anyhow::Result<(Fixtures, BTreeMap<String, String>, Vec<Mock>)> {
    let tests = root.join("tests");
    let fixtures = runner::fixtures::load(&tests.join("fixtures.json"))?;
    let secrets = crate::dev::env::read_secrets(&tests.join("secrets.toml"))?;
    let mocks = runner::mocks::Mocks::load(&tests.join("http"))?;
    Ok((fixtures, secrets, mocks.into_mocks()))
}

impl Suite {
    /// Compiles the component once, so that the files load it from the compile cache.
    pub fn warm(&self) -> anyhow::Result<()> {
        let env = self.env()?;
        env.load_bytes(&self.wasm, self.manifest.clone())?;
        Ok(())
    }

    fn env(&self) -> anyhow::Result<DevEnv> {
        let store = runner::storage::Store::in_memory()
            .map_err(|e| anyhow::anyhow!("cannot open an in-memory database: {e}"))?;
        let state = State {
            store,
            fixtures: self.fixtures.clone(),
            secrets: self.secrets.clone(),
            mocks: Some(Arc::new(runner::mocks::Mocks::new(self.mocks.clone()))),
        };
        DevEnv::with_state(&self.settings, runner::state_dir(&self.root), state)
    }

    /// Runs `files` on `jobs` threads; results in the order of `files`. `done` is called as
    /// each file ends (in the order they end).
    pub fn run(
        &self,
        files: &[PathBuf],
        jobs: usize,
        handle: &tokio::runtime::Handle,
        done: &(dyn Fn(&FileResult) + Sync),
    ) -> Vec<FileResult> {
        let next = Mutex::new(0usize);
        let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; files.len()]);
        std::thread::scope(|scope| {
            for _ in 0..jobs.clamp(1, files.len().max(1)) {
                scope.spawn(|| {
                    loop {
                        let i = {
                            let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                            let i = *n;
                            *n += 1;
                            i
                        };
                        let Some(file) = files.get(i) else { break };
                        let result = self.run_file(file, handle);
                        done(&result);
                        results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .flatten()
            .collect()
    }

    fn run_file(&self, rel: &Path, handle: &tokio::runtime::Handle) -> FileResult {
        let started = Instant::now();
        let name = rel.to_string_lossy().replace('\\', "/");
        let mut result = FileResult {
            file: name.clone(),
            passed: false,
            millis: 0,
            entries: Vec::new(),
            error: None,
            logs: Vec::new(),
            updated: Vec::new(),
        };
        let path = self.root.join(rel);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                result.error = Some(format!("cannot read `{}`: {e}", path.display()));
                return result;
            }
        };
        let file = match hurl::parse(&name, &text) {
            Ok(f) => f,
            Err(rendered) => {
                result.error = Some(rendered);
                return result;
            }
        };
        let env = match self.env() {
            Ok(env) => env,
            Err(e) => {
                result.error = Some(format!("{e:#}"));
                return result;
            }
        };
        let loaded = match env.load_bytes(&self.wasm, self.manifest.clone()) {
            Ok((loaded, _)) => loaded,
            Err(e) => {
                result.error = Some(format!("{e:#}"));
                return result;
            }
        };
        let mut logs = env.runtime.services.logs.subscribe();
        let mut lines = Vec::new();
        let mut sent_count = 0u64;
        let mocks = env.runtime.services.mocks.clone();
        let mut send = |req: hurl::Request| -> hurl::Response {
            let mut headers = BTreeMap::new();
            for (k, v) in req.headers {
                headers.insert(k.to_ascii_lowercase(), v);
            }
            let mut call = env.request(&loaded, &req.method, &req.path, headers, req.body);
            // Numbered, not random, so that a response naming its request id can be a snapshot.
            sent_count += 1;
            call.context.request_id = Some(format!("00000000-0000-4000-8000-{sent_count:012}"));
            let var = |name: &str| req.variables.get(name).map(Value::render);
            if let Some(t) = var("alga_tenant") {
                call.context.tenant_id = t;
            }
            if let Some(i) = var("alga_install_id") {
                call.context.install_id = Some(i);
            }
            if let Some(user) = &mut call.user {
                for (name, field) in [
                    ("alga_user_id", &mut user.user_id),
                    ("alga_user_email", &mut user.user_email),
                    ("alga_user_name", &mut user.user_name),
                    ("alga_user_type", &mut user.user_type),
                ] {
                    if let Some(v) = var(name) {
                        *field = v;
                    }
                }
            }
            if let Some(ms) = req.timeout_ms {
                call.limits.timeout_ms = Some(ms);
            }
            let sent = Instant::now();
            let resp = handle.block_on(env.call(loaded.clone(), call));
            let duration = sent.elapsed();
            drain(&mut logs, &mut lines);
            hurl::Response {
                status: resp.status,
                body: resp.body(),
                headers: resp.headers.into_iter().collect(),
                duration,
                url: String::new(),
                error: resp.error,
                unmocked: mocks
                    .as_ref()
                    .map(|m| m.take_unmatched())
                    .unwrap_or_default(),
            }
        };
        let mut vars = self.variables.clone();
        let files = hurl::Files {
            dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            root: self.root.join("tests"),
            update: self.update,
        };
        let runs = hurl::run(&file, &files, &mut vars, &mut send);
        drain(&mut logs, &mut lines);
        result.logs = lines;
        let hidden: Vec<String> = runs.iter().flat_map(|r| r.redacted.clone()).collect();
        for run in runs {
            result.updated.extend(run.updated.iter().map(|p| {
                p.strip_prefix(&self.root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/")
            }));
            result.entries.push(EntryResult {
                line: run.at.start.line,
                method: run.method.clone(),
                url: run.url.clone(),
                status: run.status,
                millis: millis(run.duration),
                skipped: run.skipped,
                failures: run
                    .failures
                    .iter()
                    .map(|f| FailureResult {
                        line: f.at.start.line,
                        column: f.at.start.column,
                        description: f.description.clone(),
                        message: f.message.clone(),
                        rendered: f.render(&name, &text, run.at),
                    })
                    .collect(),
            });
        }
        result.passed = result.entries.iter().all(|e| e.failures.is_empty());
        result.millis = millis(started.elapsed());
        self.redact(&mut result, &hidden);
        result
    }

    /// Hides secret values (and `redact` captures) from everything a result shows.
    fn redact(&self, result: &mut FileResult, captured: &[String]) {
        let values: Vec<&str> = self
            .secrets
            .values()
            .map(String::as_str)
            .chain(captured.iter().map(String::as_str))
            .filter(|v| v.len() >= MIN_REDACTED)
            .collect();
        if values.is_empty() {
            return;
        }
        let hide = |text: &mut String| {
            for v in &values {
                if text.contains(v) {
                    *text = text.replace(v, "***");
                }
            }
        };
        if let Some(e) = &mut result.error {
            hide(e);
        }
        for l in &mut result.logs {
            hide(&mut l.message);
        }
        for e in &mut result.entries {
            hide(&mut e.url);
            for f in &mut e.failures {
                hide(&mut f.message);
                hide(&mut f.rendered);
            }
        }
    }
}

/// Secret values shorter than this are not hidden (they would hide ordinary text).
const MIN_REDACTED: usize = 3;

/// The most log lines kept per file (the last ones).
const MAX_LOG_LINES: usize = 500;

/// Moves the log lines received so far into `into`, keeping the last [`MAX_LOG_LINES`].
fn drain(rx: &mut tokio::sync::broadcast::Receiver<LogEvent>, into: &mut Vec<LogEvent>) {
    use tokio::sync::broadcast::error::TryRecvError;
    loop {
        match rx.try_recv() {
            Ok(event) => into.push(event),
            Err(TryRecvError::Lagged(_)) => continue,
            Err(_) => break,
        }
    }
    if into.len() > MAX_LOG_LINES {
        into.drain(..into.len() - MAX_LOG_LINES);
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
