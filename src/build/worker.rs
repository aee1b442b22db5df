//! The dev loop's node worker: one long-lived node process per `alga dev` that keeps
//! componentize-js and esbuild loaded, so that a handler edit does not pay for starting node,
//! loading componentize-js and compiling its WebAssembly again (V8 compiles the splicer's code
//! lazily, which makes the first call in a process several seconds slower than the next).
//!
//! It also keeps what componentize-js computes from the WIT world alone: the engine with the
//! world's bindings spliced in depends on the world and the WASI features, not on the handler's
//! code, so it is reused while they stay the same. esbuild runs in incremental mode.
//!
//! Requests and replies are JSON lines. Replies start with a secret the worker read first from
//! its standard input, so that nothing the tools print (wizer runs the handler's top-level code)
//! can pass for a reply.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::BuildError;

/// The worker, run as `node --input-type=module -e` in the project folder, so that packages
/// resolve from the project's `node_modules` as they do for `alga build`.
const WORKER_SCRIPT: &str = r#"
import { createInterface } from "node:readline";
import { createHash } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
const secret = (await lines.next()).value;
// On a line of its own, whatever a tool printed last without a line end.
const reply = (msg) => process.stdout.write("\n" + secret + JSON.stringify(msg) + "\n");

let componentize, version, adapter;
const spliced = new Map();
let splice = { hits: 0, misses: 0 };
// Whether componentize-js stops when it calls stubWasi, with the module it would stub and what
// it would stub it for (alga stubs it, reusing the last build's stubs when it can).
let capture = false;
let stubWasi, stubFor, stopped = false;
class Stubbed { constructor(module) { this.module = module; } }

// Hashes a WIT folder's files (names and contents), the part of the splicer's input that is
// given as a path.
async function witDigest(dir, hash) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name < b.name ? -1 : 1);
  for (const e of entries) {
    const p = join(dir, e.name);
    hash.update(e.name + "\0");
    if (e.isDirectory()) await witDigest(p, hash);
    else hash.update(await readFile(p));
    hash.update("\0");
  }
}

async function loadComponentize() {
  if (componentize) return;
  ({ componentize, version } = await import("@bytecodealliance/componentize-js"));
  // The splicer module componentize-js imports; its calls for the same world are kept. A
  // componentize-js laid out otherwise is used as it is.
  let splicer;
  try {
    const entry = import.meta.resolve("@bytecodealliance/componentize-js");
    ({ splicer } = await import(new URL("../lib/spidermonkey-embedding-splicer.js", entry)));
    // The WASI adapter componentize-js gives jco's componentNew: jco's, as it resolves it.
    const jco = await import(pathToFileURL(createRequire(fileURLToPath(entry)).resolve("@bytecodealliance/jco")).href);
    adapter = fileURLToPath(jco.preview1AdapterReactorPath());
  } catch {}
  if (!splicer || typeof splicer.spliceBindings !== "function") return;
  if (typeof splicer.stubWasi === "function") {
    const original = splicer.stubWasi;
    stubWasi = (bin, args) => original.call(splicer, bin, ...args);
    splicer.stubWasi = function (bin, ...args) {
      if (!capture) return original.call(this, bin, ...args);
      // (features, witWorld, witPath, worldName): the staged WIT folder's path changes from
      // one build to the next, its digest stands for it.
      const [features, witWorld, witPath, ...rest] = args;
      const wit = witPath && spliced.get(resolve(witPath));
      stubFor = {
        args: args.map((a) => a ?? null),
        key: wit ? JSON.stringify([version, wit, features, witWorld ?? null, ...rest.map((a) => a ?? null)]) : null,
      };
      stopped = true;
      throw new Stubbed(bin);
    };
  }
  const original = splicer.spliceBindings;
  const memo = new Map();
  // The engine the kept splice was made from (comparing it costs less than hashing it).
  let engineSpliced;
  splicer.spliceBindings = function (engine, features, witWorld, witPath, worldName, debug) {
    const key = spliced.get(resolve(witPath));
    const k = key && JSON.stringify([key, features, witWorld ?? null, worldName ?? null, debug]);
    const same = engineSpliced && Buffer.from(engine.buffer, engine.byteOffset, engine.byteLength).equals(engineSpliced);
    if (k && same && memo.has(k)) { splice.hits++; return memo.get(k); }
    splice.misses++;
    const out = original.call(this, engine, features, witWorld, witPath, worldName, debug);
    if (k) { memo.clear(); memo.set(k, out); engineSpliced = Buffer.from(engine); }
    return out;
  };
}

async function runComponentize(req) {
  await loadComponentize();
  const hash = createHash("sha256");
  await witDigest(req.wit, hash);
  spliced.clear();
  // componentize-js hands the splicer the resolved path.
  spliced.set(resolve(req.wit), hash.digest("hex"));
  const before = splice.hits;
  const started = performance.now();
  // Stopped before stubWasi, alga finishes: it reuses the last build's stubs when it can,
  // and makes the component as jco's componentNew and metadataAdd would (these steps take two
  // thirds of componentize-js's time in the worker, in V8).
  capture = Boolean(req.core && stubWasi && adapter && typeof version === "string");
  stopped = false;
  let out, core = null;
  try {
    ({ component: out } = await componentize({
      sourcePath: req.source,
      witPath: req.wit,
      worldName: req.world,
      disableFeatures: req.disabled,
    }));
  } catch (e) {
    if (!(e instanceof Stubbed)) {
      // A componentize-js that wraps what stubWasi throws: run it to the end.
      if (stopped) return runComponentize({ ...req, core: false });
      throw e;
    }
    out = e.module;
    core = { adapter, version, ...stubFor };
  } finally {
    capture = false;
  }
  await writeFile(req.out, out);
  return {
    millis: Math.round(performance.now() - started),
    spliceReused: splice.hits > before,
    core,
  };
}

// stubWasi on the module in `req.module`, with the arguments a stopped componentize-js gave.
async function runStub(req) {
  await loadComponentize();
  if (!stubWasi) throw new Error("this componentize-js has no stubWasi to call");
  await writeFile(req.module, stubWasi(await readFile(req.module), req.args.map((a) => a ?? undefined)));
  return {};
}

let esbuild, context, contextKey;
async function runBundle(req) {
  esbuild ??= await import("esbuild");
  const key = JSON.stringify(req.options);
  if (context && key !== contextKey) { await context.dispose(); context = undefined; }
  if (!context) {
    context = await esbuild.context({ ...req.options, metafile: true, write: true, logLevel: "silent" });
    contextKey = key;
  }
  let result;
  try {
    result = await context.rebuild();
  } catch (e) {
    if (!Array.isArray(e.errors) || e.errors.length === 0) {
      // Not a build failure: start afresh next time.
      await context.dispose().catch(() => {});
      context = undefined;
      throw e;
    }
    const messages = await esbuild.formatMessages(e.errors, { kind: "error", color: false });
    throw Object.assign(new Error(messages.join("\n")), { plain: true });
  }
  await writeFile(req.metafile, JSON.stringify(result.metafile));
  const warnings = await esbuild.formatMessages(result.warnings, { kind: "warning", color: false });
  if (warnings.length) process.stderr.write(warnings.join("\n") + "\n");
  return {};
}

const ops = new Map([["componentize", runComponentize], ["stub", runStub], ["bundle", runBundle]]);
for (;;) {
  const { value, done } = await lines.next();
  if (done) break;
  let req;
  try {
    req = JSON.parse(value);
    const out = await ops.get(req.op)(req);
    reply({ ok: true, ...out });
  } catch (e) {
    reply({ ok: false, error: String(e && (e.plain ? e.message : e.stack) || e) });
  }
}
if (context) await context.dispose();
process.exit(0);
"#;

/// A running worker process.
struct Process {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<Option<Value>>,
    /// What the tools printed since the last request.
    output: Arc<Mutex<String>>,
    /// The project's packages when it started (see [`packages`]).
    packages: Vec<Option<(u64, std::time::SystemTime)>>,
    /// The thread reading its standard error, done once the process has ended.
    stderr: Option<std::thread::JoinHandle<()>>,
}

/// What says the project's packages changed (npm writes `node_modules/.package-lock.json` on
/// every install): a worker started before has old versions loaded.
fn packages(project: &Path) -> Vec<Option<(u64, std::time::SystemTime)>> {
    let lockfiles = [
        "package.json",
        "package-lock.json",
        "node_modules/.package-lock.json",
        "pnpm-lock.yaml",
        "yarn.lock",
    ]
    .map(|f| project.join(f));
    // The copies node loads, wherever they are (a monorepo's root, pnpm's store).
    let tools = [super::packages::COMPONENTIZE_PKG, "esbuild"]
        .map(|p| super::packages::find(project, p).map(|d| d.join("package.json")));
    lockfiles
        .into_iter()
        .chain(tools.into_iter().flatten())
        .map(|f| {
            let meta = std::fs::metadata(f).ok()?;
            Some((meta.len(), meta.modified().ok()?))
        })
        .collect()
}

/// Whether the worker can be handed these paths (its requests are JSON, which holds text).
pub fn utf8(paths: &[&Path]) -> bool {
    paths.iter().all(|p| p.to_str().is_some())
}

/// The node worker of one project; started on first use, and again after it stopped.
pub struct Worker {
    project: PathBuf,
    /// The longest a request may take before the worker counts as stuck and is replaced.
    stuck: std::time::Duration,
    process: Mutex<Option<Process>>,
    /// Whether componentize-js has run (or is running) in it.
    warm: std::sync::atomic::AtomicBool,
    stubs: Mutex<Option<LastStub>>,
    /// Whether alga finishes componentize-js's runs (see [`Core`]); off once that failed.
    finishes: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("project", &self.project)
            .finish_non_exhaustive()
    }
}

/// What a componentize call in the worker reports.
#[derive(Debug, Clone)]
pub struct Componentized {
    pub millis: u64,
    /// Whether the engine spliced for this world was reused.
    pub splice_reused: bool,
    /// Whether WASI's stubs were taken from the last build (see [`super::stubs`]).
    pub stubs_reused: bool,
    /// When the worker stopped componentize-js before `stubWasi`, for alga to finish.
    pub core: Option<Core>,
    /// Why alga could not finish, so componentize-js did (alga stops trying for the session).
    pub unfinished: Option<String>,
}

/// What alga needs to finish a componentize-js run the worker stopped before `stubWasi`.
#[derive(Debug, Clone)]
pub struct Core {
    /// The WASI preview 1 adapter componentize-js would hand jco's `componentNew`.
    pub adapter: PathBuf,
    /// componentize-js's version, for the component's producers section.
    pub version: String,
    /// What `stubWasi` was to be called for (world and features); none when unknown.
    pub key: Option<String>,
    /// The arguments it was to be called with, but the module.
    pub args: Value,
}

/// The last module stubbed in a worker, what for, and the result.
struct LastStub {
    key: String,
    input: Vec<u8>,
    output: Vec<u8>,
}

impl Worker {
    pub fn new(project: &Path, stuck: std::time::Duration) -> Worker {
        Worker {
            project: project.to_path_buf(),
            stuck,
            process: Mutex::new(None),
            warm: Default::default(),
            stubs: Mutex::new(None),
            finishes: std::sync::atomic::AtomicBool::new(true),
        }
    }

    /// True the first time, when componentize-js has not run in the worker yet.
    pub fn claim_warm_up(&self) -> bool {
        !self.warm.swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// Bundles with esbuild's incremental API; the options are esbuild's, as JSON.
    pub fn bundle(&self, options: Value, metafile: &Path) -> Result<(), BuildError> {
        self.call(
            "bundle",
            json!({ "op": "bundle", "options": options, "metafile": metafile.to_string_lossy() }),
        )
        .map(|_| ())
    }

    /// Runs componentize-js as `js::componentize` does. With `core`, what `out` gets may be
    /// its core module instead of the component (then said in [`Componentized::core`]).
    pub fn componentize(
        &self,
        (js, wit_dir, world): (&Path, &Path, &str),
        disabled: &[&str],
        out: &Path,
        core: bool,
    ) -> Result<Componentized, BuildError> {
        let reply = self.call(
            "componentize",
            json!({
                "op": "componentize",
                "source": js.to_string_lossy(),
                "wit": wit_dir.to_string_lossy(),
                "world": world,
                "disabled": disabled,
                "out": out.to_string_lossy(),
                "core": core,
            }),
        )?;
        self.warm.store(true, std::sync::atomic::Ordering::Relaxed);
        let core = &reply["core"];
        Ok(Componentized {
            millis: reply["millis"].as_u64().unwrap_or(0),
            splice_reused: reply["spliceReused"].as_bool().unwrap_or(false),
            stubs_reused: false,
            unfinished: None,
            core: core["adapter"].as_str().zip(core["version"].as_str()).map(
                |(adapter, version)| Core {
                    adapter: adapter.into(),
                    version: version.into(),
                    key: core["key"].as_str().map(String::from),
                    args: core["args"].clone(),
                },
            ),
        })
    }

    /// Whether alga finishes componentize-js's runs in this worker, until [`Worker::unfinished`].
    pub fn finishes(&self) -> bool {
        self.finishes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// alga could not finish a componentize-js run: componentize-js finishes from now on.
    pub fn unfinished(&self) {
        self.finishes
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// componentize-js's `stubWasi` on the module in `path`, as the componentize-js run
    /// stopped before it would have called it: from the last module's stubs when
    /// [`super::stubs::reuse`] can, else in the worker (which writes it to `path`). The stubbed
    /// module, and whether the stubs were reused.
    pub fn stub_wasi(&self, core: &Core, path: &Path) -> Result<(Vec<u8>, bool), BuildError> {
        let input = std::fs::read(path).map_err(BuildError::io("cannot read the snapshot"))?;
        let key = core.key.as_deref();
        let mut last = self.stubs.lock().unwrap_or_else(|p| p.into_inner());
        let reused = last
            .as_ref()
            .filter(|l| key == Some(l.key.as_str()))
            .and_then(|l| super::stubs::reuse(&l.input, &l.output, &input));
        if let Some(output) = reused {
            return Ok((output, true));
        }
        self.call(
            "componentize",
            json!({ "op": "stub", "module": path.to_string_lossy(), "args": core.args }),
        )?;
        let output = std::fs::read(path).map_err(BuildError::io("cannot read the snapshot"))?;
        *last = key.map(|key| LastStub {
            key: key.to_string(),
            input,
            output: output.clone(),
        });
        Ok((output, false))
    }

    /// Sends one request and waits for its reply; a worker that stopped is started again on
    /// the next call.
    fn call(&self, step: &str, request: Value) -> Result<Value, BuildError> {
        let mut guard = self.process.lock().unwrap_or_else(|p| p.into_inner());
        // One that stopped while idle, or has packages loaded that were replaced since, goes.
        if let Some(old) = guard.as_mut()
            && (old.packages != packages(&self.project)
                // Its output ended: it is gone (not waited for yet, see `stop`).
                || !matches!(old.replies.try_recv(), Err(TryRecvError::Empty)))
        {
            stop(guard.take());
        }
        let failed = |text: String, status: &str| BuildError::StepFailed {
            step: step.to_string(),
            command: format!("{step} in alga dev's node worker"),
            status: status.to_string(),
            headline: super::run::headline(&text),
            output: super::run::tail(&text, 40),
        };
        // What a worker that stopped without answering printed, before the second attempt.
        let mut first: Option<String> = None;
        loop {
            let process = match guard.as_mut() {
                Some(p) => p,
                None => guard.insert(self.start()?),
            };
            process
                .output
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clear();
            let sent = writeln!(process.stdin, "{request}")
                .and_then(|()| process.stdin.flush())
                .is_ok();
            let reply = if sent {
                process.replies.recv_timeout(self.stuck)
            } else {
                Ok(None)
            };
            let output =
                std::mem::take(&mut *process.output.lock().unwrap_or_else(|p| p.into_inner()));
            match reply {
                Ok(Some(reply)) if reply["ok"] == true => return Ok(reply),
                Ok(Some(reply)) => {
                    let error = reply["error"].as_str().unwrap_or("no reason given");
                    return Err(failed(format!("{output}{error}\n"), "an error"));
                }
                Ok(None) => {
                    // What it printed last, once it has ended.
                    let (rest, status) = stop(guard.take());
                    let output = output + &rest;
                    // Gone before the request reached it, or killed (out of memory, say):
                    // once more with a new one. One that ended by itself would again.
                    let killed = status.is_none_or(|s| s.code().is_none());
                    if first.is_none() && (!sent || killed) {
                        first = Some(output);
                        continue;
                    }
                    let status = match status {
                        Some(status) => format!("the worker stopped ({status})"),
                        None => "the worker stopped".into(),
                    };
                    let output = match &first {
                        Some(before) => format!(
                            "{before}--- alga dev started the worker again, which stopped too ---\n{output}"
                        ),
                        None => output,
                    };
                    return Err(failed(output, &status));
                }
                Err(_) => {
                    // Stuck (the handler's top-level code never ends?): it goes, with the
                    // tools it started.
                    let output = output + &stop(guard.take()).0;
                    return Err(failed(
                        output,
                        &format!("no answer in {} s", self.stuck.as_secs()),
                    ));
                }
            }
        }
    }

    fn start(&self) -> Result<Process, BuildError> {
        let packages = packages(&self.project);
        let mut command = Command::new("node");
        command
            .current_dir(&self.project)
            .args(["--input-type=module", "-e", WORKER_SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // A group of its own, so that a stuck worker goes with the tools it started. It ends
        // by itself when alga's end closes its standard input.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BuildError::ToolMissing {
                step: "componentize".into(),
                tool: "node".into(),
            },
            _ => BuildError::Io {
                context: "cannot start node for alga dev's worker".into(),
                source: e,
            },
        })?;
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            unreachable!("all three are piped")
        };
        let secret = uuid::Uuid::new_v4().simple().to_string();
        writeln!(stdin, "{secret}")
            .and_then(|()| stdin.flush())
            .map_err(BuildError::io("cannot talk to alga dev's node worker"))?;
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, replies) = channel();
        let keep = output.clone();
        let read_replies = move || {
            let mut stdout = BufReader::new(stdout);
            while let Some(line) = read_line(&mut stdout) {
                match line.strip_prefix(&secret) {
                    Some(json) => {
                        let _ = tx.send(serde_json::from_str(json).ok());
                    }
                    None => push_line(&keep, &line),
                }
            }
            let _ = tx.send(None);
        };
        let keep = output.clone();
        let read_stderr = move || {
            let mut stderr = BufReader::new(stderr);
            while let Some(line) = read_line(&mut stderr) {
                push_line(&keep, &line);
            }
        };
        let thread = |name: &str, body: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new()
                .name(name.into())
                .spawn(body)
                .map_err(BuildError::io("cannot start a thread for the node worker"))
        };
        thread("alga-worker-out", Box::new(read_replies))?;
        let stderr = thread("alga-worker-err", Box::new(read_stderr))?;
        Ok(Process {
            child,
            stdin,
            replies,
            output,
            packages,
            stderr: Some(stderr),
        })
    }
}

/// The next line of a tool's output (not UTF-8 is replaced, not an end); `None` at the end.
fn read_line(from: &mut impl BufRead) -> Option<String> {
    let mut line = Vec::new();
    match from.read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            Some(String::from_utf8_lossy(&line).into_owned())
        }
    }
}

/// Keeps a line of the tools' output, up to 1 MiB of it per request.
fn push_line(output: &Mutex<String>, line: &str) {
    let mut out = output.lock().unwrap_or_else(|p| p.into_inner());
    if out.len() < 1 << 20 {
        out.push_str(line);
        out.push('\n');
    }
}

/// Ends a worker process and what it started (wizer); what it printed since the last request,
/// and how it ended (killed here, unless it had ended before).
fn stop(process: Option<Process>) -> (String, Option<std::process::ExitStatus>) {
    let Some(mut p) = process else {
        return (String::new(), None);
    };
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(p.child.id()) {
        // SAFETY: kill takes plain integers and touches no memory of ours. The worker leads a
        // process group of its own (see `start`), and nothing waits for the worker before this
        // line, so the group's id cannot have been given to another process yet.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
    let _ = p.child.kill();
    let status = p.child.wait().ok();
    // Its standard error ends once the whole group has (elsewhere a child might keep it open).
    #[cfg(unix)]
    if let Some(stderr) = p.stderr.take() {
        let _ = stderr.join();
    }
    let output = std::mem::take(&mut *p.output.lock().unwrap_or_else(|e| e.into_inner()));
    (output, status)
}

impl Drop for Worker {
    fn drop(&mut self) {
        stop(
            self.process
                .get_mut()
                .unwrap_or_else(|p| p.into_inner())
                .take(),
        );
    }
}
