#!/usr/bin/env bash
# Long fuzz runs: every target at once (one process each) for `--minutes N` (10 by default), from
# `--seed S` (the time by default). Inputs that break a promise or panic are saved under
# fuzz/corpus/<target>/, where `cargo test -p ocos-fuzz` replays them.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

minutes=10
seed=$(date +%s)
while [ $# -gt 0 ]; do
	case "$1" in
		--minutes) minutes="$2"; shift 2 ;;
		--seed) seed="$2"; shift 2 ;;
		*) echo "usage: scripts/fuzz.sh [--minutes N] [--seed S]" >&2; exit 2 ;;
	esac
done

bash scripts/setup.sh
# The whole workspace, as scripts/test.sh builds it: one resolution of features, nothing rebuilt.
cargo build --release --locked --workspace --bins
for target in $("$CARGO_TARGET_DIR/release/ocos-fuzz" list); do
	"$CARGO_TARGET_DIR/release/ocos-fuzz" "$target" --seconds $((minutes * 60)) --seed "$seed" --corpus fuzz/corpus &
done
wait
