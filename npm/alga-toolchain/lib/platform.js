"use strict";
// Finds the native `alga` binary: the platform package npm installed as an optional
// dependency (as esbuild does), or ALGA_BINARY_PATH.
const fs = require("fs");
const path = require("path");

/** `${process.platform} ${process.arch}` → the package that holds the binary for it. */
const PACKAGES = {
  "linux x64": "alga-toolchain-linux-x64",
  "linux arm64": "alga-toolchain-linux-arm64",
  "darwin x64": "alga-toolchain-darwin-x64",
  "darwin arm64": "alga-toolchain-darwin-arm64",
  "win32 x64": "alga-toolchain-win32-x64",
};

function binaryPath() {
  const override = process.env.ALGA_BINARY_PATH;
  if (override) return override;
  const key = `${process.platform} ${process.arch}`;
  const pkg = PACKAGES[key];
  if (!pkg) {
    throw new Error(
      `alga-toolchain has no binary for ${key} (it has ${Object.keys(PACKAGES).join(", ")}); ` +
        "build one from source with `cargo install --locked --path .` and set ALGA_BINARY_PATH to it",
    );
  }
  if (process.platform === "linux" && isMusl()) {
    throw new Error(
      "alga-toolchain's Linux binaries are built for glibc, and this system uses musl (Alpine?); " +
        "build alga from source with `cargo install --locked --path .` and set ALGA_BINARY_PATH to it",
    );
  }
  const exe = process.platform === "win32" ? "alga.exe" : "alga";
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch (_) {
    // Installed side by side rather than nested (`npm install -g` of both tarballs).
    const sibling = path.join(__dirname, "..", "..", pkg, "bin", exe);
    if (fs.existsSync(sibling)) return sibling;
  }
  throw new Error(
    `the package ${pkg}, which holds alga's binary for ${key}, is not installed; ` +
      "it is an optional dependency of alga-toolchain: install again without --omit=optional / --no-optional",
  );
}

/** Whether this Linux runs on musl rather than glibc (node reports glibc's version only). */
function isMusl() {
  try {
    const header = process.report && process.report.getReport().header;
    return Boolean(header) && !header.glibcVersionRuntime;
  } catch (_) {
    return false;
  }
}

module.exports = { binaryPath, PACKAGES };
