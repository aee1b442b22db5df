#!/usr/bin/env node
"use strict";
// Runs the native binary with this process's arguments, terminal and exit code.
const { spawnSync } = require("child_process");
const { binaryPath } = require("../lib/platform.js");

let bin;
try {
  bin = binaryPath();
} catch (e) {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
}
const result = spawnSync(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  process.stderr.write(`error: cannot run ${bin}: ${result.error.message}\n`);
  process.exit(1);
}
if (result.signal) {
  // End the way the binary ended, so that shells and CI see the signal.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 1 : result.status);
