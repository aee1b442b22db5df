#!/usr/bin/env bash
# Fuzzes SIGNATURE / peer signature parsing and manifest parsing with libFuzzer.
#   fuzz/run.sh [signature|manifest|all] [SECONDS per target, default 60]
# New inputs go to fuzz/corpus/<target>; fuzz/seeds/<target> is the checked-in seed corpus;
# crashes land in fuzz/artifacts/<target>.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
seconds=${2:-60}
case "$which" in
  signature|manifest) targets=("$which") ;;
  all) targets=(signature manifest) ;;
  *) echo "usage: fuzz/run.sh [signature|manifest|all] [SECONDS]" >&2; exit 2 ;;
esac
# cargo-fuzz passes nightly flags (-Zsanitizer=address). Use a nightly toolchain when one is
# installed or can be; otherwise the stable one with RUSTC_BOOTSTRAP=1 (its rust-std ships the
# sanitizer runtimes too).
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly' \
  || rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
  toolchain=(+nightly)
else
  echo "fuzz/run.sh: no nightly toolchain; using the stable one with RUSTC_BOOTSTRAP=1" >&2
  export RUSTC_BOOTSTRAP=1
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  cargo "${toolchain[@]}" fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10
done
