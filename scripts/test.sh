#!/usr/bin/env bash
# Runs every test: the pallet's, the runtime's, and the end-to-end tests against the real node.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# The end-to-end tests start this binary.
cargo build --release --locked -p ocos-node
cargo test --release --locked --workspace "$@"
