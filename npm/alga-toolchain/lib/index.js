"use strict";
// The commands CI scripts use, as functions: each runs the `alga` binary with `--json` and
// resolves with what it printed, or rejects with an AlgaError carrying the exit code, the
// message and the hint. Nothing here decides anything the binary decides.
const { spawn } = require("child_process");
const { binaryPath } = require("./platform.js");

class AlgaError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "AlgaError";
    /** The process exit code (see the README's table; 10–17 are `verify`'s checks). */
    this.exitCode = fields.exitCode;
    this.hint = fields.hint;
    this.causes = fields.causes || [];
    this.data = fields.data;
    /** What the command printed as its result before failing (`test`, `invoke`), if anything. */
    this.result = fields.result;
    this.stderr = fields.stderr || "";
    this.command = fields.command;
  }
}

/**
 * Runs `alga --json ARGS` and resolves with the parsed result.
 * @param {string[]} args
 * @param {{cwd?: string, env?: Record<string, string | undefined>}} [options]
 */
function run(args, options = {}) {
  // `--json` first: it is a global option, and a `--` in ARGS ends the options.
  const argv = ["--json", ...args];
  const command = ["alga", ...hideSecrets(argv)];
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(binaryPath(), argv, {
        cwd: options.cwd,
        env: { ...process.env, ...(options.env || {}) },
        stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        windowsHide: true,
      });
    } catch (e) {
      reject(new AlgaError(e.message, { exitCode: undefined, command }));
      return;
    }
    if (options.input !== undefined) {
      child.stdin.on("error", () => {});
      child.stdin.end(options.input);
    }
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", (e) =>
      reject(new AlgaError(`cannot run alga: ${e.message}`, { exitCode: undefined, command })),
    );
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      let parsed;
      try {
        parsed = stdout.trim() ? JSON.parse(stdout) : null;
      } catch (_) {
        parsed = undefined;
      }
      if (code === 0) {
        // `--version` and the like print text even with --json.
        resolve(parsed === undefined ? stdout : parsed);
        return;
      }
      if (parsed && typeof parsed === "object" && parsed.error && typeof parsed.error === "object") {
        const e = parsed.error;
        reject(
          new AlgaError(e.message, {
            exitCode: e.exitCode !== undefined ? e.exitCode : code,
            hint: e.hint,
            causes: e.causes,
            data: e.data,
            stderr,
            command,
          }),
        );
        return;
      }
      const why = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      // A usage error (exit code 2) is plain text on stderr: its first line says what is wrong.
      const said = stderr.split("\n").find((l) => l.trim()) || "";
      reject(
        new AlgaError(`\`${command.join(" ")}\` ${why}${said ? `: ${said.trim()}` : ""}`, {
          exitCode: code === null ? undefined : code,
          result: parsed,
          stderr,
          command,
        }),
      );
    });
  });
}

/** The arguments with the values of `--secret` and `--header` hidden, for messages. */
function hideSecrets(argv) {
  return argv.map((a, i) =>
    i > 0 && (argv[i - 1] === "--secret" || argv[i - 1] === "--header")
      ? `${a.split(/[=:]/)[0]}${a.includes("=") ? "=" : ":"}***`
      : a.startsWith("--secret=") || a.startsWith("--header=")
        ? `${a.split(/[=:]/).slice(0, 2).join("=")}=***`
        : a,
  );
}

/** Appends `--flag=value` for each set option (a value may start with `-`); `true` adds the
 * bare flag. */
function flags(args, spec, options) {
  for (const [key, flag] of Object.entries(spec)) {
    const v = options[key];
    if (v === undefined || v === null || v === false) continue;
    if (v === true) args.push(flag);
    else if (Array.isArray(v)) for (const item of v) args.push(`${flag}=${item}`);
    else args.push(`${flag}=${v}`);
  }
  return args;
}

const PROJECT = { project: "--project" };

function build(options = {}) {
  const args = flags(["build"], {
    ...PROJECT,
    skipInstall: "--skip-install",
    skipUi: "--skip-ui",
    release: "--release",
    entry: "--entry",
    wasm: "--wasm",
    fixCapabilities: "--fix-capabilities",
    noCapabilityCheck: "--no-capability-check",
  }, options);
  return run(args, options);
}

function pack(options = {}) {
  const args = flags(["pack"], {
    ...PROJECT,
    out: "--out",
    force: "--force",
    fast: "--fast",
    level: "--level",
    sign: "--sign",
    cert: "--cert",
    chain: "--chain",
    signAlgorithm: "--sign-algorithm",
    export: "--export",
  }, options);
  return run(args, options);
}

function sign(bundle, options = {}) {
  const args = flags(["sign", bundle], {
    key: "--key",
    algorithm: "--algorithm",
    cert: "--cert",
    chain: "--chain",
    tsa: "--tsa",
    export: "--export",
  }, options);
  return run(args, options);
}

function verify(bundle, options = {}) {
  const args = flags(["verify", bundle], {
    trust: "--trust",
    signature: "--signature",
    at: "--at",
    crl: "--crl",
  }, options);
  return run(args, options);
}

function inspect(target, options = {}) {
  const args = flags(["inspect", target], {
    wit: "--wit",
    maxSize: "--max-size",
    maxFileSize: "--max-file-size",
    maxFiles: "--max-files",
  }, options);
  return run(args, options);
}

function publish(target, options = {}) {
  const args = flags(["extension", "publish", target], {
    noInstall: "--no-install",
    sign: "--sign",
    cert: "--cert",
    chain: "--chain",
    timeout: "--timeout",
    tenant: "--tenant",
    baseUrl: "--base-url",
    allowInsecureHttp: "--allow-insecure-http",
  }, options);
  // The key goes through the environment, never the command line (`ps` shows that).
  const env = { ...(options.env || {}) };
  if (options.apiKey) env.ALGA_API_KEY = options.apiKey;
  return run(args, { ...options, env });
}

function invoke(method, path, options = {}) {
  // A body goes by standard input: any bytes, and not on the command line.
  const body = options.body;
  const args = flags(["invoke", method, path], {
    ...PROJECT,
    data: "--data",
    tenant: "--tenant",
    installId: "--install-id",
    timeoutMs: "--timeout-ms",
    memoryMb: "--memory-mb",
    fuel: "--fuel",
    allowHost: "--allow-host",
  }, options);
  for (const [k, v] of Object.entries(options.headers || {})) args.push("--header", `${k}:${v}`);
  for (const [k, v] of Object.entries(options.secrets || {})) args.push("--secret", `${k}=${v}`);
  if (body !== undefined) args.push("--data", "-");
  const decoded = (response) => ({
    ...response,
    body: response && response.body_b64 ? Buffer.from(response.body_b64, "base64") : Buffer.alloc(0),
  });
  return run(args, { ...options, input: body }).then(decoded, (e) => {
    if (e.result && typeof e.result === "object") e.result = decoded(e.result);
    throw e;
  });
}

function test(options = {}) {
  const args = flags(["test"], {
    ...PROJECT,
    bundle: "--bundle",
    jobs: "--jobs",
    update: "--update",
    junit: "--junit",
    timeoutMs: "--timeout-ms",
    skipInstall: "--skip-install",
  }, options);
  for (const [k, v] of Object.entries(options.variables || {})) args.push("--variable", `${k}=${v}`);
  if (options.filters && options.filters.length) args.push("--", ...options.filters);
  return run(args, options);
}

module.exports = { AlgaError, run, build, pack, sign, verify, inspect, publish, invoke, test, binaryPath };
