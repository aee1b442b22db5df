#!/usr/bin/env python3
"""Benchmarks for `alga` (issue figures), each against its anchor measured in the same run.

  python3 bench/run.py                  # build release, run everything, print a table
  python3 bench/run.py --quick          # fewer repetitions
  python3 bench/run.py pack build       # only some sections (startup, pack, build)

Measures:
  startup  `alga --version`, whole process, median of 20 runs
  pack     `alga pack` (level 19 default, and --fast) vs the official CLI's pipeline
           `tar -cf - ... | zstd -19 -T0` on a fixture with a 12 MB wasm and a few MB of UI assets:
           time ratio and size ratio.
  build    `alga build` of the component-basic template, cold (no dist/, node_modules installed)
           and warm (nothing changed), vs the official CLI's pipeline: `tsc` then componentize-js
           on its output against the full world with every WASI feature off, which is what
           `npx jco componentize --disable all` runs (the jco CLI itself cannot read WIT paths
           on this machine, so bench/anchor-componentize.mjs calls componentize-js directly).
Needs node and npm (registry access) for the build section.
Results are also written to bench/out/results.json.
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUICK = "--quick" in sys.argv
SECTIONS = [a for a in sys.argv[1:] if not a.startswith("-")] or ["startup", "pack", "build"]


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def tokens(rng, n, lo, hi, alphabet):
    return [bytes(rng.choice(alphabet) for _ in range(rng.randint(lo, hi))) for _ in range(n)]


def make_fixture(root):
    """A project whose handler looks like a componentize-js output in size and entropy."""
    rng = random.Random(20261124)
    # wasm: code-like byte runs drawn from a skewed vocabulary, with some incompressible data.
    vocab = tokens(rng, 6000, 2, 12, list(range(256)))
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
    wasm = bytearray(b"\0asm\x0d\0\x01\0")
    target = 12 * 1000 * 1000
    while len(wasm) < target:
        if rng.random() < 0.08:
            wasm += rng.randbytes(rng.randint(16, 256))
        else:
            wasm += b"".join(rng.choices(vocab, weights, k=64))
    wasm = bytes(wasm[:target])
    # UI: minified-JS-like text, CSS, and a few images (already compressed, so random).
    ident = tokens(rng, 3000, 1, 10, list(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"))
    punct = [b"(", b")", b"{", b"}", b";", b",", b".", b"=", b"=>", b"return ", b"function ", b"const ", b"!0", b"null", b'"', b"+"]
    iw = [1.0 / (i + 1) ** 1.1 for i in range(len(ident))]

    def js(size):
        out = bytearray()
        while len(out) < size:
            out += b"".join(rng.choices(ident, iw, k=8)) + rng.choice(punct)
        return bytes(out[:size])

    files = {
        "manifest.json": json.dumps({
            "name": "com.example.bench",
            "publisher": "Bench",
            "version": "1.0.0",
            "runtime": "wasm-js@1",
            "capabilities": ["cap:log.emit", "cap:storage.kv"],
            "ui": {"type": "iframe", "entry": "ui/index.html", "hooks": {"appMenu": {"label": "Bench"}}},
            "api": {"endpoints": [{"method": "GET", "path": "/api/hello", "handler": "dist/main.wasm"}]},
            "assets": ["ui/**/*"],
        }, indent=2).encode(),
        "dist/main.wasm": wasm,
        "ui/index.html": b"<!doctype html><html><head><link rel=stylesheet href=app.css></head><body><div id=root></div><script src=app.js></script></body></html>",
        "ui/app.js": js(2_500_000),
        "ui/vendor.js": js(1_200_000),
        "ui/app.css": js(200_000),
        "ui/app.js.map": js(800_000),
    }
    for i in range(6):
        files[f"ui/img/photo-{i}.png"] = rng.randbytes(120_000)
    for rel, data in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    return sum(len(d) for d in files.values())


def bench_startup(alga, results):
    runs = 20
    med, _ = timed(lambda: subprocess.run([alga, "--version"], check=True, stdout=subprocess.DEVNULL), runs)
    results["startup_version_median_ms"] = med * 1000
    print(f"alga --version startup (median of {runs}):  {med * 1000:.2f} ms")


def bench_build(alga, results):
    work = tempfile.mkdtemp(prefix="alga-bench-build-")
    try:
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([alga, "create", "component", "worker", "-q"], cwd=work, check=True, **quiet)
        proj = os.path.join(work, "worker")
        tools = os.path.join(work, "tools")
        os.makedirs(tools)
        sh("npm install --no-audit --no-fund --silent", cwd=proj, **quiet)
        sh("npm init -y >/dev/null && npm install --no-audit --no-fund --silent typescript@5", cwd=tools, **quiet)
        tsc = os.path.join(tools, "node_modules", ".bin", "tsc")
        anchor_js = os.path.join(ROOT, "bench", "anchor-componentize.mjs")

        def ours_cold():
            shutil.rmtree(os.path.join(proj, "dist"), ignore_errors=True)
            shutil.rmtree(os.path.join(proj, ".alga"), ignore_errors=True)
            subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet)

        def anchor():
            shutil.rmtree(os.path.join(proj, "dist"), ignore_errors=True)
            # tsc reports type errors in test/ (no @types/node) but still emits, as in the original flow.
            subprocess.run([tsc, "--outDir", "dist/js", "--module", "ESNext", "--moduleResolution", "bundler",
                            "--target", "ESNext", "--noEmit", "false"], cwd=proj, **quiet)
            subprocess.run(["node", anchor_js, "dist/js/src/index.js", "wit", "dist/main.wasm"],
                           cwd=proj, check=True, **quiet)

        reps = 2 if QUICK else 3
        t_ours, t_anchor = [], []
        for _ in range(reps):
            t_anchor.append(timed(anchor, 1)[0])
            t_ours.append(timed(ours_cold, 1)[0])
        subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet)
        warm, _ = timed(lambda: subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet), 10)
        results.update({
            "build_cold_median_s": statistics.median(t_ours),
            "anchor_tsc_componentize_median_s": statistics.median(t_anchor),
            "build_cold_ratio": statistics.median(t_ours) / statistics.median(t_anchor),
            "build_warm_median_s": warm,
        })
        r = results
        print(f"alga build, cold (component-basic):       {r['build_cold_median_s']:.2f} s")
        print(f"tsc + componentize-js --disable all (anchor): {r['anchor_tsc_componentize_median_s']:.2f} s")
        print(f"  cold time ratio {r['build_cold_ratio']:.3f}x")
        print(f"alga build, warm (no changes, median of 10): {warm * 1000:.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_pack(alga, results):
    work = tempfile.mkdtemp(prefix="alga-bench-")
    try:
        proj = os.path.join(work, "proj")
        raw = make_fixture(proj)
        results["fixture_bytes"] = raw
        ours = os.path.join(work, "ours.tar.zst")
        fast = os.path.join(work, "fast.tar.zst")
        theirs = os.path.join(work, "theirs.tar.zst")
        reps = 3 if QUICK else 5

        def run_ours():
            subprocess.run([alga, "pack", "-q", "--force", "--project", proj, "--out", ours], check=True, stdout=subprocess.DEVNULL)

        def run_fast():
            subprocess.run([alga, "pack", "-q", "--fast", "--force", "--project", proj, "--out", fast], check=True, stdout=subprocess.DEVNULL)

        def run_theirs():
            sh(f"tar -C {proj} -cf - manifest.json ui dist/main.wasm | zstd -19 -T0 -q -f -o {theirs}")

        # Interleave the runs so that machine noise hits both sides alike.
        t_ours, t_theirs = [], []
        for _ in range(reps):
            t_theirs.append(timed(run_theirs, 1)[0])
            t_ours.append(timed(run_ours, 1)[0])
        t_fast, _ = timed(run_fast, 10)
        size_ours = os.path.getsize(ours)
        size_theirs = os.path.getsize(theirs)
        results.update({
            "pack_default_median_s": statistics.median(t_ours),
            "anchor_tar_zstd19_T0_median_s": statistics.median(t_theirs),
            "pack_time_ratio": statistics.median(t_ours) / statistics.median(t_theirs),
            "pack_size_bytes": size_ours,
            "anchor_size_bytes": size_theirs,
            "pack_size_ratio": size_ours / size_theirs,
            "pack_fast_median_s": t_fast,
            "pack_fast_size_bytes": os.path.getsize(fast),
        })
    finally:
        shutil.rmtree(work, ignore_errors=True)
    r = results
    print(f"fixture: {r['fixture_bytes'] / 1e6:.1f} MB (12 MB wasm + UI assets)")
    print(f"alga pack (level 19):        {r['pack_default_median_s']:.3f} s, {r['pack_size_bytes']} bytes")
    print(f"tar | zstd -19 -T0 (anchor): {r['anchor_tar_zstd19_T0_median_s']:.3f} s, {r['anchor_size_bytes']} bytes")
    print(f"  time ratio {r['pack_time_ratio']:.3f}x   size ratio {r['pack_size_ratio']:.4f}x")
    print(f"alga pack --fast:            {r['pack_fast_median_s']:.3f} s, {r['pack_fast_size_bytes']} bytes")


def main():
    sh("cargo build --release --quiet", cwd=ROOT)
    alga = os.path.join(ROOT, "target", "release", "alga")
    results = {}
    for name in SECTIONS:
        {"startup": bench_startup, "pack": bench_pack, "build": bench_build}[name](alga, results)
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
