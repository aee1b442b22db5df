#!/usr/bin/env node
// Assembles the npm packages from built binaries and packs them, the way esbuild ships:
// one package per platform holding the binary (with `os` and `cpu`, so npm installs only the
// matching one), and the main package `alga-toolchain` (launcher and JS API) listing them all
// as optional dependencies. No install script: works with --ignore-scripts and offline mirrors.
//
//   node npm/build.mjs --out DIR --binary linux-x64=target/release/alga [--binary darwin-arm64=...]
//
// Each machine packs the platforms it builds; the main package is the same from any of them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

/** npm's platform names → `os` and `cpu`. */
export const TARGETS = {
  "linux-x64": { os: "linux", cpu: "x64", rust: "x86_64-unknown-linux-gnu" },
  "linux-arm64": { os: "linux", cpu: "arm64", rust: "aarch64-unknown-linux-gnu" },
  "darwin-x64": { os: "darwin", cpu: "x64", rust: "x86_64-apple-darwin" },
  "darwin-arm64": { os: "darwin", cpu: "arm64", rust: "aarch64-apple-darwin" },
  "win32-x64": { os: "win32", cpu: "x64", rust: "x86_64-pc-windows-msvc" },
};
const MAIN = "alga-toolchain";

function fail(message, hint) {
  process.stderr.write(`error: ${message}\n${hint ? `  hint: ${hint}\n` : ""}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { binaries: {}, out: null, version: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--out") args.out = value();
    else if (a === "--version") args.version = value();
    else if (a === "--binary") {
      const spec = value();
      const eq = spec.indexOf("=");
      const target = spec.slice(0, eq);
      if (eq < 0 || !TARGETS[target]) {
        fail(`--binary ${spec}: expected TARGET=PATH`, `TARGET is one of ${Object.keys(TARGETS).join(", ")}`);
      }
      args.binaries[target] = spec.slice(eq + 1);
    } else fail(`unknown argument ${a}`, "use --out DIR, --binary TARGET=PATH (repeatable), --version V");
  }
  if (!args.out) fail("--out DIR is required");
  return args;
}

function cargoVersion() {
  const text = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  const m = text.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m);
  if (!m) fail("cannot read the version in Cargo.toml", "pass --version V");
  return m[1];
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** `npm pack` of `dir` into `out`; returns the tarball's path. */
function npmPack(dir, out) {
  // npm is `npm.cmd` on Windows, which runs only through a shell.
  const text = execFileSync("npm", ["pack", "--json", "--pack-destination", out], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    shell: process.platform === "win32",
  });
  return path.join(out, JSON.parse(text)[0].filename);
}

function platformPackage(target, binary, version, staging, out) {
  const { os, cpu } = TARGETS[target];
  if (!fs.existsSync(binary) || !fs.statSync(binary).isFile()) {
    fail(`--binary ${target}=${binary}: no such file`, "build it first: cargo build --release");
  }
  const name = `${MAIN}-${target}`;
  const dir = path.join(staging, name);
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  const exe = os === "win32" ? "alga.exe" : "alga";
  fs.copyFileSync(binary, path.join(dir, "bin", exe));
  fs.chmodSync(path.join(dir, "bin", exe), 0o755);
  writeJson(path.join(dir, "package.json"), {
    name,
    version,
    description: `The alga binary for ${os} ${cpu} (installed by ${MAIN}).`,
    os: [os],
    cpu: [cpu],
    files: ["bin/"],
    preferUnplugged: true,
  });
  fs.writeFileSync(
    path.join(dir, "README.md"),
    `# ${name}\n\nThe \`alga\` binary for ${os} ${cpu}. Install [${MAIN}](https://www.npmjs.com/package/${MAIN}) instead: it picks this package on this platform.\n`,
  );
  return npmPack(dir, out);
}

function mainPackage(version, staging, out) {
  const dir = path.join(staging, MAIN);
  fs.cpSync(path.join(here, MAIN), dir, { recursive: true });
  fs.chmodSync(path.join(dir, "bin", "alga.js"), 0o755);
  const optionalDependencies = {};
  for (const target of Object.keys(TARGETS)) optionalDependencies[`${MAIN}-${target}`] = version;
  writeJson(path.join(dir, "package.json"), {
    name: MAIN,
    version,
    description: "alga, the Alga PSA extension toolchain: build, test, pack, sign and publish extensions.",
    bin: { alga: "bin/alga.js" },
    main: "lib/index.js",
    types: "lib/index.d.ts",
    files: ["bin/", "lib/"],
    engines: { node: ">=18" },
    optionalDependencies,
  });
  return npmPack(dir, out);
}

const args = parseArgs(process.argv.slice(2));
const version = args.version || cargoVersion();
const out = path.resolve(args.out);
fs.mkdirSync(out, { recursive: true });
const staging = fs.mkdtempSync(path.join(out, ".staging-"));
try {
  for (const [target, binary] of Object.entries(args.binaries)) {
    console.log(platformPackage(target, path.resolve(binary), version, staging, out));
  }
  console.log(mainPackage(version, staging, out));
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
