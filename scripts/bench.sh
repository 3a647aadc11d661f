#!/usr/bin/env bash
# Runs the side-by-side harness (bench/): the same workloads through OCOS-VM and pallet-contracts
# inside WebAssembly runtimes (ocos-runtime and ocos-bench-runtime, each pallet charged by weights
# generated on this machine: scripts/benchmark.sh), then natively in one mock runtime, through
# wasmi 2 without and with fuel, wasmtime and native Rust; prints the tables docs/PERFORMANCE.md
# keeps. `--in-runtime` runs only the in-runtime tables; `--quick` only checks that everything
# runs. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# The same build as the tests and the node, so nothing is compiled twice, and pallet-contracts'
# runtime (its `blob`), which only the comparison runs.
cargo build --release --locked --workspace --bins --tests --features ocos-bench/blob
exec "$CARGO_TARGET_DIR/release/ocos-bench" "$@"
