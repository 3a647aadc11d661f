#!/usr/bin/env bash
# Runs the load tests (tests/tests/load.rs) longer: `--calls N` contract calls from `--accounts N`
# accounts on the dev chain (12800 from 64 by default, four times the test), and a quarter of the
# calls from half the accounts on two validators, whose blocks come every 6 s and hold about 200
# calls (subxt gives up on a transaction 4 minutes after submitting it). Prints the figures
# docs/PERFORMANCE.md keeps. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

calls=12800
accounts=64
while [ $# -gt 0 ]; do
	case "$1" in
		--calls) calls="$2"; shift 2 ;;
		--accounts) accounts="$2"; shift 2 ;;
		*) echo "usage: scripts/load.sh [--calls N] [--accounts N]" >&2; exit 2 ;;
	esac
done

bash scripts/setup.sh
# The same build as the tests and the node, so nothing is compiled twice.
cargo build --release --locked --workspace --bins --tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
OCOS_LOAD_CALLS="$calls" OCOS_LOAD_ACCOUNTS="$accounts" \
	OCOS_LOAD_LOCAL_CALLS=$((calls / 4)) OCOS_LOAD_LOCAL_ACCOUNTS=$((accounts / 2)) \
	cargo test --release --locked -p ocos-e2e --test load -- --nocapture 2>&1 | tee "$log"
echo
echo "For docs/PERFORMANCE.md ($(nproc) cores, $(date -u +%Y-%m-%d)):"
grep '^load on ' "$log"
