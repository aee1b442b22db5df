#!/usr/bin/env node
"use strict";
// Runs the native binary with this process's arguments, terminal and exit code.
const { spawn } = require("child_process");
const os = require("os");
const { binaryPath } = require("../lib/platform.js");

let bin;
try {
  bin = binaryPath();
} catch (e) {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
}
const child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
// Ctrl-C reaches the binary from the terminal itself (same process group): wait for it to end
// as it chooses. Signals sent to this process alone (a CI timeout, `docker stop`) are passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    try {
      child.kill(signal);
    } catch (_) {
      // The binary has ended already.
    }
  });
}
child.on("error", (e) => {
  process.stderr.write(`error: cannot run ${bin}: ${e.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // As a shell reports a process ended by a signal.
    process.exit(128 + (os.constants.signals[signal] || 0));
  }
  process.exit(code === null ? 1 : code);
});
