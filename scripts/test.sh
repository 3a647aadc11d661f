#!/usr/bin/env bash
# Runs every test: the pallet's, the runtime's, and the end-to-end tests against the real node.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# One build of every target (the end-to-end tests start the node binary), so the node and the
# tests share one resolution of features and nothing is compiled twice.
cargo build --release --locked --workspace --bins --tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --release --locked --workspace "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The pallet's benchmarks, each run once on the mock runtime (`runtime-benchmarks` is a build of
# its own, so they are not in the workspace's tests): a benchmark that no longer runs fails here,
# not in the next run of scripts/benchmark.sh.
cargo test --release --locked -p pallet-ocos-vm --features runtime-benchmarks benchmarking:: 2>&1 | tee -a "$log"
benchmarks=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && status=$benchmarks
set -e
# One closing line for the whole run: cargo prints a result per test binary, the last one often
# for doc-tests with nothing to run.
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "tests: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
