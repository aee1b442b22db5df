#!/usr/bin/env python3
"""Benchmarks for `alga` (issue figures), each against its anchor measured in the same run.

  python3 bench/run.py                  # build release, run everything, print a table
  python3 bench/run.py --quick          # fewer repetitions
  python3 bench/run.py pack build       # only some sections (startup, pack, build, dev, devloop, devsec, sign, inspect, test, npm)
  python3 bench/run.py devsec --baseline 174e043   # compare the runner with an earlier commit

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
  dev      `alga dev` with the component-basic handler: start to first successful
           `POST /v1/execute`, with and without the compile cache; then requests/s and p50/p99
           latency of `POST /v1/execute` (GET /api/hello) at 1 and 8 connections with wrk over
           loopback, and the server's RSS after the run. Anchor: the official Runner's
           published figures (4.1 s per request, 0.2 requests/s at 8 connections, 630 MB RSS).
  devloop  The edit-to-live loop with the ui-gallery template, medians of 5 (3 with --quick): in a
           running `alga dev`, a one-line handler edit to the new handler answering, and a UI
           edit to the new UI hash served; `alga invoke` right after `alga build` of a handler
           edit (the caches warm from the previous build); anchor: a cold `alga build` + first
           `alga invoke` (no .alga/, no dist/, an empty user cache). Also reports the share of
           functions the incremental compilation cache served after a one-line edit.
  devsec   `alga dev` under attack from its own guests, with the host-api test fixture: p99 of
           GET /healthz and of a hello handler (GET /api/ext/.../context) at 8 connections
           (wrk), with 0 and with 4 runaway handlers (endless loops, kept in flight); and the
           runner throughput of `POST /v1/execute` (component-basic hello) at 1 and 8
           connections for this build and, with `--baseline REV`, for the release build of REV
           (built once into target/bench-baseline): both servers up, 3 s wrk runs alternating
           between them, 12 pairs, the median of the paired ratios, with the server's CPU time
           per request: the cost of the host and origin checks and the guest pool. Target: healthz p99 < 50 ms with 4 runaway handlers; throughput loss < 3 %.
  inspect  `alga inspect --json` of a 12 MB bundle of UI assets vs `sha256sum` + `zstd -dc | tar -tv`
           on the same file; with `--baseline REV`, paired runs against that build too.
  sign     `alga sign` + `alga verify` of a 3 MB bundle per algorithm (whole processes, median),
           vs the peer tools on the same file and the same key: x509 `openssl cms -sign` /
           `openssl cms -verify`; pgp (Ed25519) `gpg --detach-sign` / `gpgv`; cosign (P-256)
           `openssl dgst -sha256 -sign` / `-verify`. alga's figures include what the peers do
           not: the bundle's tar digest on sign, the layout and manifest checks on verify. The
           cosign row uses a plain PKCS#8 key as openssl does; the cost of opening an encrypted
           cosign.key (scrypt N=65536) is reported on its own.
Needs node and npm (registry access) for the build and dev sections, wrk for dev, openssl and
gpg for sign.
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
ARGS = sys.argv[1:]
BASELINE = ARGS[ARGS.index("--baseline") + 1] if "--baseline" in ARGS else None
SECTIONS = [a for i, a in enumerate(ARGS) if not a.startswith("-") and (i == 0 or ARGS[i - 1] != "--baseline")] \
    or ["startup", "pack", "inspect", "build", "dev", "sign"]


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
        # Missing capabilities: reported from esbuild's imports before componentize, against
        # the full componentize that used to come first (a cold build that goes through).
        index = os.path.join(proj, "src", "index.ts")
        with open(index) as f:
            original = f.read()
        with open(index, "w") as f:
            f.write('import { listSchedules } from "alga:extension/scheduler";\n'
                    'import { listClients } from "alga:extension/clients";\n'
                    + original + "\nexport const uses = [listSchedules, listClients];\n")

        def refused():
            p = subprocess.run([alga, "build", "-q"], cwd=proj, **quiet)
            assert p.returncode == 1, "the build should refuse the missing capabilities"

        def componentized():
            shutil.rmtree(os.path.join(proj, ".alga"), ignore_errors=True)
            subprocess.run([alga, "build", "-q", "--no-capability-check"], cwd=proj, check=True, **quiet)

        report, _ = timed(refused, 5)
        full, _ = timed(componentized, reps)
        with open(index, "w") as f:
            f.write(original)
        results.update({"capability_report_median_s": report, "capability_full_build_median_s": full,
                        "capability_report_ratio": report / full})
        r = results
        print(f"alga build, cold (component-basic):       {r['build_cold_median_s']:.2f} s")
        print(f"missing capabilities reported in:          {report * 1000:.0f} ms "
              f"(the full componentize it replaces: {full:.2f} s; ratio {report / full:.3f}x)")
        print(f"tsc + componentize-js --disable all (anchor): {r['anchor_tsc_componentize_median_s']:.2f} s")
        print(f"  cold time ratio {r['build_cold_ratio']:.3f}x")
        print(f"alga build, warm (no changes, median of 10): {warm * 1000:.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


EXEC_BODY = json.dumps({
    "context": {"tenant_id": "t1", "extension_id": "com.example.worker", "install_id": "i1",
                "content_hash": "sha256:00", "request_id": "bench"},
    "http": {"method": "GET", "path": "/api/hello", "query": {}, "headers": {}},
    "limits": {"timeout_ms": 30000},
    "providers": ["cap:log.emit"],
})
# The official Runner's figures on this machine (issue text): per-request recompilation.
ANCHOR = {"request_s": 4.1, "rps_8": 0.2, "rss_mb": 630}


def post_execute(addr):
    import http.client
    conn = http.client.HTTPConnection(addr, timeout=120)
    conn.request("POST", "/v1/execute", EXEC_BODY, {"content-type": "application/json",
                                                   "x-alga-tenant": "t1", "x-alga-extension": "e1"})
    resp = conn.getresponse()
    data = json.loads(resp.read())
    conn.close()
    return data


def start_dev(alga, proj):
    p = subprocess.Popen([alga, "dev", "-q", "--listen", "127.0.0.1:0"], cwd=proj,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    addr = line.strip().rsplit("http://", 1)[1].rstrip("/")
    return p, addr


def first_execute_s(alga, proj):
    t = time.perf_counter()
    p, addr = start_dev(alga, proj)
    while True:
        try:
            if post_execute(addr).get("status") == 200:
                break
        except Exception:
            time.sleep(0.005)
    elapsed = time.perf_counter() - t
    return elapsed, p, addr


def wrk(addr, conns, seconds):
    script = os.path.join(tempfile.mkdtemp(), "post.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write('wrk.headers["content-type"] = "application/json"\n')
        f.write('wrk.headers["x-alga-tenant"] = "t1"\n')
        f.write('wrk.headers["x-alga-extension"] = "e1"\n')
        f.write("wrk.body = [[" + EXEC_BODY + "]]\n")
    out = subprocess.run(["wrk", "-t", str(min(conns, 2)), "-c", str(conns), "-d", f"{seconds}s", "--latency",
                          "-s", script, f"http://{addr}/v1/execute"], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def wrk_get(url, conns, seconds):
    out = subprocess.run(["wrk", "-t", str(min(conns, 2)), "-c", str(conns), "-d", f"{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def parse_wrk(out):
    def lat(label):
        for line in out.splitlines():
            parts = line.split()
            if parts and parts[0] == label:
                v = parts[1]
                mult = {"us": 0.001, "ms": 1.0, "s": 1000.0}
                for unit in ("us", "ms", "s"):
                    if v.endswith(unit):
                        return float(v[: -len(unit)]) * mult[unit]
        return float("nan")

    rps = next(float(l.split()[1]) for l in out.splitlines() if l.startswith("Requests/sec"))
    errors = "Non-2xx" in out or "Socket errors" in out
    return {"rps": rps, "p50_ms": lat("50%"), "p99_ms": lat("99%"), "errors": errors}


def baseline_binary(rev):
    """The release binary of `rev`, built in a worktree into target/bench-baseline."""
    tree = os.path.join(ROOT, "target", "bench-baseline-src")
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
    subprocess.run(["git", "worktree", "add", "--detach", "-f", tree, rev], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    target = os.path.join(ROOT, "target", "bench-baseline")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked", "--target-dir", target], cwd=tree, check=True)
    binary = os.path.join(target, "release", "alga")
    kept = os.path.join(ROOT, "target", "bench-baseline", f"alga-{rev}")
    shutil.copy(binary, kept)
    subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, check=False)
    return kept


def bench_devsec(alga, results):
    import threading
    import urllib.request
    if shutil.which("wrk") is None:
        print("devsec: wrk is not installed (apt-get install wrk)")
        return
    work = tempfile.mkdtemp(prefix="alga-bench-devsec-")
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = 5 if QUICK else 10
    try:
        # Runaway guests: the host-api fixture's GET /spin loops until its timeout.
        proj = os.path.join(work, "host-api")
        shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "host-api"), proj)
        subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet)
        p, addr = start_dev(alga, proj)
        ext = f"http://{addr}/api/ext/com.example.host-api"
        try:
            urllib.request.urlopen(f"{ext}/context", timeout=120).read()
            calm_h = wrk_get(f"http://{addr}/healthz", 8, seconds)
            calm_hello = wrk_get(f"{ext}/context", 8, seconds)
            stop = threading.Event()

            def spin():
                while not stop.is_set():
                    try:
                        urllib.request.urlopen(f"{ext}/spin", timeout=60).read()
                    except Exception:
                        pass

            spinners = [threading.Thread(target=spin, daemon=True) for _ in range(4)]
            for t in spinners:
                t.start()
            time.sleep(1)
            busy_h = wrk_get(f"http://{addr}/healthz", 8, seconds)
            busy_hello = wrk_get(f"{ext}/context", 8, seconds)
            stop.set()
        finally:
            p.terminate(); p.wait()
        results.update({
            "devsec_healthz_p99_ms_0_runaway": calm_h["p99_ms"], "devsec_healthz_p99_ms_4_runaway": busy_h["p99_ms"],
            "devsec_hello_p99_ms_0_runaway": calm_hello["p99_ms"], "devsec_hello_p99_ms_4_runaway": busy_hello["p99_ms"],
            "devsec_healthz_rps_4_runaway": busy_h["rps"], "devsec_hello_rps_4_runaway": busy_hello["rps"],
        })
        print(f"GET /healthz at 8 conns: p99 {calm_h['p99_ms']:.2f} ms idle, {busy_h['p99_ms']:.2f} ms with 4 runaway handlers"
              f" ({busy_h['rps']:.0f} req/s)")
        print(f"hello handler at 8 conns: p99 {calm_hello['p99_ms']:.2f} ms idle, {busy_hello['p99_ms']:.2f} ms with 4 runaway handlers"
              f" ({calm_hello['rps']:.0f} -> {busy_hello['rps']:.0f} req/s)")

        # Throughput of the runner, this build against the baseline, alternating.
        worker = os.path.join(work, "worker")
        subprocess.run([alga, "create", "component", "worker", "-q"], cwd=work, check=True, **quiet)
        subprocess.run([alga, "build", "-q"], cwd=worker, check=True, **quiet)
        builds = [("this build", alga)]
        if BASELINE:
            builds.append((f"baseline {BASELINE}", baseline_binary(BASELINE)))
        # Requests/s move with the machine's neighbours by tens of per cent from one minute to
        # the next, so both servers stay up and short wrk runs alternate between them; the
        # ratio is the median of the paired ratios. The server's CPU time per request (user +
        # system, from /proc) is reported beside it.
        servers = {}
        try:
            for name, binary in builds:
                _, p, addr = first_execute_s(binary, worker)
                servers[name] = (p, addr)
            runs = {name: {1: [], 8: []} for name in servers}
            cpu = {name: {1: [], 8: []} for name in servers}
            p99 = {name: {1: [], 8: []} for name in servers}
            for _ in range(3 if QUICK else 12):
                for conns in (1, 8):
                    for name, (p, addr) in servers.items():
                        before = cpu_seconds(p.pid)
                        r = wrk(addr, conns, 3)
                        used = cpu_seconds(p.pid) - before
                        runs[name][conns].append(r["rps"])
                        p99[name][conns].append(r["p99_ms"])
                        cpu[name][conns].append(used * 1000 / max(r["rps"] * 3, 1))
        finally:
            for p, _ in servers.values():
                p.terminate(); p.wait()
        for name in servers:
            key = "devsec_" + ("new" if name == "this build" else "baseline")
            for conns in (1, 8):
                results[f"{key}_rps_{conns}"] = statistics.median(runs[name][conns])
                results[f"{key}_cpu_ms_per_req_{conns}"] = statistics.median(cpu[name][conns])
                results[f"{key}_p99_ms_{conns}"] = statistics.median(p99[name][conns])
            print(f"POST /v1/execute, {name}: {results[key + '_rps_1']:.0f} req/s at 1 conn, "
                  f"{results[key + '_rps_8']:.0f} req/s (p99 {results[key + '_p99_ms_8']:.1f} ms) at 8 conns; "
                  f"server CPU per request "
                  f"{results[key + '_cpu_ms_per_req_1']:.3f} / {results[key + '_cpu_ms_per_req_8']:.3f} ms")
        if BASELINE:
            base = f"baseline {BASELINE}"
            for conns in (1, 8):
                pairs = [n / b for n, b in zip(runs["this build"][conns], runs[base][conns])]
                results[f"devsec_rps_ratio_{conns}"] = statistics.median(pairs)
                results[f"devsec_cpu_ratio_{conns}"] = (results[f"devsec_new_cpu_ms_per_req_{conns}"]
                                                        / results[f"devsec_baseline_cpu_ms_per_req_{conns}"])
            print(f"  this/baseline (median of paired runs): throughput {results['devsec_rps_ratio_1']:.3f}x at 1 conn, "
                  f"{results['devsec_rps_ratio_8']:.3f}x at 8 conns; CPU per request "
                  f"{results['devsec_cpu_ratio_1']:.3f}x / {results['devsec_cpu_ratio_8']:.3f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bench_dev(alga, results):
    if shutil.which("wrk") is None:
        print("dev: wrk is not installed (apt-get install wrk)")
        return
    work = tempfile.mkdtemp(prefix="alga-bench-dev-")
    saved_cache = os.environ.get("XDG_CACHE_HOME")
    try:
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([alga, "create", "component", "worker", "-q"], cwd=work, check=True, **quiet)
        proj = os.path.join(work, "worker")
        subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet)
        seconds = 5 if QUICK else 10

        # A compile cache of this run's own, empty for the cold start.
        os.environ["XDG_CACHE_HOME"] = os.path.join(work, "cache")
        cold, p, _ = first_execute_s(alga, proj)
        p.terminate(); p.wait()
        warm_start, p, addr = first_execute_s(alga, proj)
        try:
            one = wrk(addr, 1, seconds)
            eight = wrk(addr, 8, seconds)
            rss = rss_mb(p.pid)
        finally:
            p.terminate(); p.wait()
        results.update({
            "dev_first_execute_no_cache_s": cold,
            "dev_first_execute_cached_s": warm_start,
            "dev_rps_1": one["rps"], "dev_p50_1_ms": one["p50_ms"], "dev_p99_1_ms": one["p99_ms"],
            "dev_rps_8": eight["rps"], "dev_p50_8_ms": eight["p50_ms"], "dev_p99_8_ms": eight["p99_ms"],
            "dev_rss_mb": rss,
            "dev_errors": one["errors"] or eight["errors"],
            "dev_rps_8_ratio_vs_runner": eight["rps"] / ANCHOR["rps_8"],
        })
        r = results
        print(f"alga dev start -> first execute, no compile cache: {cold * 1000:.0f} ms")
        print(f"alga dev start -> first execute, compile cache:    {warm_start * 1000:.0f} ms"
              f"  (official Runner: {ANCHOR['request_s']} s per request)")
        print(f"POST /v1/execute, 1 conn:  {one['rps']:.0f} req/s, p50 {one['p50_ms']:.2f} ms, p99 {one['p99_ms']:.2f} ms")
        print(f"POST /v1/execute, 8 conns: {eight['rps']:.0f} req/s, p50 {eight['p50_ms']:.2f} ms, p99 {eight['p99_ms']:.2f} ms"
              f"  ({r['dev_rps_8_ratio_vs_runner']:.0f}x the Runner's {ANCHOR['rps_8']} req/s)")
        print(f"RSS after the run: {rss:.0f} MB (Runner: {ANCHOR['rss_mb']} MB)")
        if r["dev_errors"]:
            print("warning: wrk saw errors")
    finally:
        if saved_cache is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved_cache
        shutil.rmtree(work, ignore_errors=True)


def bench_devloop(alga, results):
    import re
    import threading
    import urllib.request
    work = tempfile.mkdtemp(prefix="alga-bench-devloop-")
    dev = None
    try:
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
        subprocess.run([alga, "create", "extension", "gallery", "--template", "ui-gallery", "-q"],
                       cwd=work, check=True, env=env, **quiet)
        proj = os.path.join(work, "gallery")
        subprocess.run([alga, "build", "-q"], cwd=proj, check=True, env=env, **quiet)
        reps = 3 if QUICK else 5
        index = os.path.join(proj, "src", "index.ts")
        with open(index) as f:
            original = f.read()
        marker = 'json(200, { items: load().items })'
        assert marker in original, "the template's GET line moved"
        edits = iter(range(1, 1000))

        def edit_handler():
            n = next(edits)
            with open(index, "w") as f:
                f.write(original.replace(marker, f'json(200, {{ items: load().items, edit: {n} }})'))
            return f'"edit":{n}'

        def invoke(verbose=False):
            args = [alga, "invoke", "GET", "/api/items"] + (["-v"] if verbose else [])
            return subprocess.run(args, cwd=proj, check=False, env=env, capture_output=True, text=True)

        def cold():
            shutil.rmtree(os.path.join(proj, ".alga"), ignore_errors=True)
            shutil.rmtree(os.path.join(proj, "dist"), ignore_errors=True)
            shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
            subprocess.run([alga, "build", "-q"], cwd=proj, check=True, env=env, **quiet)
            invoke()

        cold_s, _ = timed(cold, 2 if QUICK else 3)
        # `alga invoke` after `alga build` of an edit: the compile of the new component.
        invoke_s, build_s, hit = [], [], []
        for _ in range(reps):
            edit_handler()
            build_s.append(timed(lambda: subprocess.run([alga, "build", "-q"], cwd=proj, check=True,
                                                        env=env, **quiet), 1)[0])
            t = time.perf_counter()
            out = invoke(verbose=True)
            invoke_s.append(time.perf_counter() - t)
            m = re.search(r"\((\d+) of (\d+) functions compiled", out.stderr)
            if m:
                hit.append(1 - int(m.group(1)) / int(m.group(2)))

        # The running dev server.
        dev = subprocess.Popen([alga, "dev", "--listen", "127.0.0.1:0"], cwd=proj, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        addr = dev.stdout.readline().strip().rsplit("http://", 1)[1].rstrip("/")
        lines = []
        threading.Thread(target=lambda: [lines.append(l) for l in dev.stderr], daemon=True).start()
        threading.Thread(target=lambda: [None for _ in dev.stdout], daemon=True).start()

        def get(path):
            try:
                with urllib.request.urlopen(f"http://{addr}{path}", timeout=60) as r:
                    return r.read().decode()
            except urllib.error.HTTPError as e:
                return e.read().decode()
            except Exception:
                return ""

        def wait(check, limit=300):
            t = time.perf_counter()
            while not check():
                assert time.perf_counter() - t < limit, "timed out"
                time.sleep(0.01)

        api = "/api/ext/com.example.gallery/api/items"
        wait(lambda: '"items"' in get(api))
        time.sleep(15)  # let the worker warm up, as it does while a person opens the browser
        handler_s = []
        for _ in range(reps):
            want = edit_handler()
            t = time.perf_counter()
            wait(lambda: want in get(api))
            handler_s.append(time.perf_counter() - t)
            time.sleep(1)
        dev_hits = [1 - int(a) / int(b) for a, b in
                    re.findall(r"\((\d+) of (\d+) functions compiled", "".join(lines))]
        app = os.path.join(proj, "web", "src", "style.css")
        with open(app) as f:
            css = f.read()
        ui_s = []
        for i in range(reps):
            before = json.loads(get("/healthz"))["uiHash"]
            with open(app, "w") as f:
                f.write(css + f"\n/* edit {i} */\nbody {{ --bench-edit: {i}; }}\n")
            t = time.perf_counter()
            wait(lambda: json.loads(get("/healthz") or "{}").get("uiHash", before) != before)
            ui_s.append(time.perf_counter() - t)
            time.sleep(1)
        med = statistics.median
        results.update({
            "devloop_handler_edit_s": med(handler_s), "devloop_ui_edit_s": med(ui_s),
            "devloop_build_after_edit_s": med(build_s), "devloop_invoke_after_edit_s": med(invoke_s),
            "devloop_cold_build_invoke_s": cold_s,
            "devloop_handler_ratio_vs_cold": med(handler_s) / cold_s,
            "devloop_function_cache_hit_rate_invoke": med(hit) if hit else None,
            "devloop_function_cache_hit_rate_dev": med(dev_hits) if dev_hits else None,
        })
        r = results
        print(f"handler edit -> new handler answering (alga dev): {med(handler_s):.2f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in handler_s)})")
        print(f"UI edit -> new UI hash served:                    {med(ui_s):.2f} s")
        print(f"alga build after a handler edit:                  {med(build_s):.2f} s")
        print(f"alga invoke right after it (compile, warm cache):  {med(invoke_s):.2f} s")
        print(f"cold alga build + first invoke (anchor):          {cold_s:.2f} s")
        print(f"  handler edit ratio to the cold build + invoke:   {r['devloop_handler_ratio_vs_cold']:.3f}x")
        for name, rate in [("invoke", r["devloop_function_cache_hit_rate_invoke"]),
                           ("dev", r["devloop_function_cache_hit_rate_dev"])]:
            if rate is not None:
                print(f"  functions from the incremental cache ({name}):  {rate * 100:.2f} %")
        with open(index, "w") as f:
            f.write(original)
        with open(app, "w") as f:
            f.write(css)
    finally:
        if dev:
            dev.terminate()
            dev.wait()
        shutil.rmtree(work, ignore_errors=True)


def bench_test(alga, results):
    """`alga test` on component-basic's shipped tests with a warm build, against the same
    requests sent one `alga invoke` each (how a handler is checked without it)."""
    work = tempfile.mkdtemp(prefix="alga-bench-test-")
    env = dict(os.environ, HOME=work, XDG_CACHE_HOME=os.path.join(work, ".cache"))
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        subprocess.run([alga, "create", "component", "worker", "-q"], cwd=work, check=True, **quiet)
        proj = os.path.join(work, "worker")
        subprocess.run([alga, "build", "-q"], cwd=proj, check=True, **quiet)
        out = subprocess.run([alga, "test", "--json"], cwd=proj, check=True, capture_output=True,
                             env=env, text=True).stdout
        report = json.loads(out)
        entries = [e for f in report["files"] for e in f["entries"]]
        files = len(report["files"])
        runs = 3 if QUICK else 7
        med, _ = timed(lambda: subprocess.run([alga, "test", "-q"], cwd=proj, check=True, **quiet), runs)
        med2, _ = timed(lambda: subprocess.run([alga, "test", "-q", "--jobs", "2"], cwd=proj, check=True,
                                               **quiet), runs)

        def invokes():
            for e in entries:
                path = e["url"].replace("http://localhost", "", 1)
                subprocess.run([alga, "invoke", "-q", e["method"], path], cwd=proj, **quiet)
        anchor, _ = timed(invokes, 3 if QUICK else 5)
        results["test_requests"] = len(entries)
        results["test_files"] = files
        results["test_median_s"] = med
        results["test_jobs2_median_s"] = med2
        results["test_jobs2_files_per_s"] = files / med2
        results["test_anchor_invokes_median_s"] = anchor
        results["test_ratio_to_invokes"] = med / anchor
        print(f"alga test, component-basic ({files} files, {len(entries)} requests, warm build, median of {runs}): "
              f"{med:.3f} s; --jobs 2: {med2:.3f} s ({files / med2:.1f} files/s)")
        print(f"  anchor: the same {len(entries)} requests as one `alga invoke` each: {anchor:.3f} s "
              f"(ratio {med / anchor:.3f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_npm(alga, results):
    """The npm distribution: install time of the packages from local tarballs against
    `cargo install` from source, the binary's size with and without the release profile's
    tuning, and `alga --help` through the npm launcher against the bare binary."""
    work = tempfile.mkdtemp(prefix="alga-bench-npm-")
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The release profile as cargo's defaults have it: the size before the tuning.
        # ALGA_BENCH_UNTUNED names one built before, to skip that build.
        untuned = os.environ.get("ALGA_BENCH_UNTUNED")
        if not untuned:
            untuned_dir = os.path.join(ROOT, "target", "bench-untuned")
            sh("cargo build --release --locked --quiet --target-dir " + untuned_dir +
               " --config profile.release.lto=false --config profile.release.codegen-units=16"
               " --config 'profile.release.strip=\"debuginfo\"'", cwd=ROOT)
            untuned = os.path.join(untuned_dir, "release", "alga")
        results["npm_binary_bytes_untuned"] = os.path.getsize(untuned)
        results["npm_binary_bytes_tuned"] = os.path.getsize(alga)
        print(f"release binary: {os.path.getsize(untuned) / 1e6:.1f} MB with cargo's default profile, "
              f"{os.path.getsize(alga) / 1e6:.1f} MB with thin LTO, one codegen unit, stripped")
        for name, binary in (("untuned", untuned), ("tuned", alga)):
            med, _ = timed(lambda: subprocess.run([binary, "--help"], check=True, **quiet), 20)
            results[f"npm_help_bare_{name}_ms"] = med * 1000
            print(f"  alga --help, {name} binary (median of 20): {med * 1000:.2f} ms")

        pkgs = os.path.join(work, "pkgs")
        out = subprocess.run(["node", os.path.join(ROOT, "npm", "build.mjs"), "--out", pkgs,
                              "--binary", f"linux-x64={alga}"], check=True, capture_output=True, text=True)
        tarballs = out.stdout.split()

        def npm_install():
            prefix = tempfile.mkdtemp(dir=work)
            subprocess.run(["npm", "install", "-g", "--offline", "--ignore-scripts", "--no-audit", "--no-fund",
                            "--prefix", prefix] + tarballs, check=True, cwd=work, **quiet,
                           env=dict(os.environ, npm_config_cache=os.path.join(work, "npm-cache")))
            return prefix
        installs = []
        for _ in range(3):
            t = time.perf_counter()
            prefix = npm_install()
            installs.append(time.perf_counter() - t)
        npm_s = statistics.median(installs)
        launcher = os.path.join(prefix, "bin", "alga")
        med_launcher, _ = timed(lambda: subprocess.run([launcher, "--help"], check=True, **quiet), 20)
        med_bare, _ = timed(lambda: subprocess.run([alga, "--help"], check=True, **quiet), 20)
        results["npm_help_launcher_ms"] = med_launcher * 1000
        results["npm_help_bare_ms"] = med_bare * 1000
        print(f"alga --help through the npm launcher: {med_launcher * 1000:.1f} ms, bare binary "
              f"{med_bare * 1000:.1f} ms (ratio {med_launcher / med_bare:.1f}x, median of 20)")

        t = time.perf_counter()
        sh(f"cargo install --locked --quiet --path {ROOT} --root {os.path.join(work, 'cargo-root')}",
           cwd=work, env=dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "cargo-target")))
        cargo_s = time.perf_counter() - t
        results["npm_install_s"] = npm_s
        results["npm_cargo_install_s"] = cargo_s
        results["npm_install_ratio"] = npm_s / cargo_s
        print(f"install from local tarballs (npm install -g, offline, median of 3): {npm_s:.2f} s; "
              f"cargo install from source: {cargo_s:.0f} s (ratio {npm_s / cargo_s:.4f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_inspect(alga, results):
    """`alga inspect --json` of a 12 MB bundle (digests of the file, the tar and every file,
    layout checks), against the peer pipeline `sha256sum` + `zstd -dc | tar -tv` on the same
    file; with --baseline REV, against that build too (paired, alternating runs)."""
    work = tempfile.mkdtemp(prefix="alga-bench-inspect-")
    try:
        proj = os.path.join(work, "proj")
        os.makedirs(os.path.join(proj, "ui"))
        with open(os.path.join(proj, "manifest.json"), "w") as f:
            json.dump({"name": "com.example.bench", "publisher": "Bench", "version": "1.0.0",
                       "runtime": "wasm-js@1", "capabilities": [],
                       "ui": {"type": "iframe", "entry": "ui/index.html"}}, f)
        with open(os.path.join(proj, "ui", "index.html"), "w") as f:
            f.write("<!doctype html><title>bench</title>")
        rng = random.Random(5)
        for i in range(20):
            with open(os.path.join(proj, "ui", f"asset{i}.js"), "wb") as f:
                f.write(rng.randbytes(600_000))
        bundle = os.path.join(work, "b.tar.zst")
        subprocess.run([alga, "pack", "-q", "--fast", "--project", proj, "--out", bundle], check=True)
        reps = 11 if QUICK else 31
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def inspect(binary):
            subprocess.run([binary, "inspect", bundle, "--json"], check=True, **quiet)

        def anchor():
            subprocess.run(["sha256sum", bundle], check=True, **quiet)
            subprocess.run(f"zstd -dc {bundle} | tar -tv", shell=True, check=True, **quiet)

        ours, _ = timed(lambda: inspect(alga), reps)
        peer, _ = timed(anchor, reps)
        results.update({"inspect_median_s": ours, "inspect_anchor_median_s": peer,
                        "inspect_ratio_vs_anchor": ours / peer})
        print(f"alga inspect --json: {ours * 1e3:.1f} ms; sha256sum + zstd -dc | tar -tv (anchor): "
              f"{peer * 1e3:.1f} ms; ratio {ours / peer:.2f}x ({os.path.getsize(bundle) / 1e6:.1f} MB bundle)")
        if BASELINE:
            base = baseline_binary(BASELINE)
            pairs = []
            for _ in range(reps):
                a, _ = timed(lambda: inspect(alga), 1)
                b, _ = timed(lambda: inspect(base), 1)
                pairs.append(a / b)
            ratio = statistics.median(pairs)
            results["inspect_ratio_vs_baseline"] = ratio
            print(f"  this build / {BASELINE}: {ratio:.3f}x (median of {reps} paired runs)")
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


def bench_sign(alga, results):
    work = tempfile.mkdtemp(prefix="alga-bench-sign-")
    reps = 5 if QUICK else 15
    env = dict(os.environ, GNUPGHOME=os.path.join(work, "gnupg"))
    os.makedirs(env["GNUPGHOME"], mode=0o700)

    def run(cmd):
        subprocess.run(cmd, shell=True, check=True, cwd=work, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        proj = os.path.join(work, "p")
        os.makedirs(os.path.join(proj, "ui"))
        with open(os.path.join(proj, "manifest.json"), "w") as f:
            json.dump({"name": "com.example.bench", "publisher": "Bench", "version": "1.0.0",
                       "runtime": "wasm-js@1", "capabilities": [],
                       "ui": {"type": "iframe", "entry": "ui/index.html"}}, f)
        rng = random.Random(3)
        with open(os.path.join(proj, "ui", "index.html"), "w") as f:
            f.write("<!doctype html><title>bench</title>")
        with open(os.path.join(proj, "ui", "blob.bin"), "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(3_000_000)))
        run(f"{alga} pack -q --fast --project p --out b.tar.zst")
        bundle = os.path.join(work, "b.tar.zst")
        results["sign_bundle_bytes"] = os.path.getsize(bundle)
        run(f"{alga} keys generate -q --algorithm x509 --out .")
        run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem"
            " && openssl pkey -in ec.pem -pubout -out ec.pub")
        run(f"{alga} keys generate -q --algorithm pgp --out .")
        run("gpg --batch --passphrase '' --quick-gen-key 'Bench <b@example.com>' ed25519 sign never"
            " && gpg --batch --export > gpg.pub")
        run("COSIGN_PASSWORD=bench " + alga + " keys generate -q --algorithm cosign --out .")

        cases = {
            "x509": (
                f"{alga} sign b.tar.zst --key publisher.key --cert publisher.pem --export",
                f"{alga} verify b.tar.zst --trust ca.pem",
                "openssl cms -sign -binary -in b.tar.zst -signer publisher.pem -inkey publisher.key"
                " -outform PEM -out o.p7s",
                "openssl cms -verify -binary -content b.tar.zst -inform PEM -in o.p7s -CAfile ca.pem"
                " -purpose any -out /dev/null",
            ),
            "pgp": (
                f"{alga} sign b.tar.zst --key pgp.key.asc --export",
                f"{alga} verify b.tar.zst --trust pgp.pub.asc",
                "gpg --batch --yes --detach-sign -o o.sig b.tar.zst",
                "gpgv --keyring ./gpg.pub o.sig b.tar.zst",
            ),
            "cosign": (
                f"{alga} sign b.tar.zst --algorithm cosign --key ec.pem --export",
                f"{alga} verify b.tar.zst --trust ec.pub",
                "openssl dgst -sha256 -sign ec.pem -out o.der b.tar.zst",
                "openssl dgst -sha256 -verify ec.pub -signature o.der b.tar.zst",
            ),
        }
        print(f"bundle: {results['sign_bundle_bytes'] / 1e6:.2f} MB")
        for alg, (sign, verify, psign, pverify) in cases.items():
            row = {}
            # Interleave: each round signs and verifies with both, so noise hits both alike.
            samples = {k: [] for k in ("sign", "sign_only", "verify", "peer_sign", "peer_verify")}
            # `sign_only`: SIGNATURE alone, one file as the peer writes (`--export` adds the
            # peer's files, each written atomically with fsync).
            sign_only = sign.replace(" --export", "")
            for _ in range(reps):
                for key, cmd in (("sign", sign), ("sign_only", sign_only), ("verify", verify),
                                 ("peer_sign", psign), ("peer_verify", pverify)):
                    samples[key].append(timed(lambda: run(cmd), 1)[0])
            for key, vals in samples.items():
                row[key + "_median_s"] = statistics.median(vals)
            row["sign_ratio"] = row["sign_median_s"] / row["peer_sign_median_s"]
            row["sign_only_ratio"] = row["sign_only_median_s"] / row["peer_sign_median_s"]
            row["verify_ratio"] = row["verify_median_s"] / row["peer_verify_median_s"]
            row["total_ratio"] = (row["sign_median_s"] + row["verify_median_s"]) / (
                row["peer_sign_median_s"] + row["peer_verify_median_s"])
            results["sign_" + alg] = row
            print(f"{alg:7} alga sign {row['sign_median_s'] * 1e3:6.1f} ms  verify {row['verify_median_s'] * 1e3:6.1f} ms"
                  f" | peer sign {row['peer_sign_median_s'] * 1e3:6.1f} ms  verify {row['peer_verify_median_s'] * 1e3:6.1f} ms"
                  f" | ratio sign {row['sign_ratio']:.2f}x verify {row['verify_ratio']:.2f}x total {row['total_ratio']:.2f}x"
                  f" | without --export {row['sign_only_median_s'] * 1e3:.1f} ms, {row['sign_only_ratio']:.2f}x")
        enc, _ = timed(lambda: run("COSIGN_PASSWORD=bench " + alga + " sign b.tar.zst --key cosign.key"), reps)
        results["sign_cosign_encrypted_key_median_s"] = enc
        print(f"alga sign with an encrypted cosign.key (scrypt): {enc * 1e3:.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    sh("cargo build --release --quiet", cwd=ROOT)
    alga = os.path.join(ROOT, "target", "release", "alga")
    results = {}
    for name in SECTIONS:
        {"startup": bench_startup, "pack": bench_pack, "build": bench_build, "dev": bench_dev,
         "devloop": bench_devloop,
         "devsec": bench_devsec, "sign": bench_sign, "inspect": bench_inspect,
         "test": bench_test, "npm": bench_npm}[name](alga, results)
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "out", "results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
