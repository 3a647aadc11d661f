#!/usr/bin/env bash
# Runs the side-by-side harness (bench/): the same workloads through OCOS-VM and pallet-contracts in
# one mock runtime, wasmi 2 without and with fuel, wasmtime and native Rust; prints the tables
# docs/PERFORMANCE.md keeps. `--quick` only checks that everything runs. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# The same build as the tests and the node, so nothing is compiled twice.
cargo build --release --locked --workspace --bins --tests
exec "$CARGO_TARGET_DIR/release/ocos-bench" "$@"
