#!/usr/bin/env bash
# Generates pallets/ocos-vm/src/weights.rs from the pallet's benchmarks: builds the runtime with
# `runtime-benchmarks`, runs every benchmark with `ocos-node benchmark pallet` on that WebAssembly
# runtime (as the chain executes it), and writes the weights through
# scripts/frame-weight-template.hbs. Run it on the reference machine with nothing else running.
# `RUNS=1 STEPS=5 scripts/benchmark.sh` is a quick check that every benchmark runs; extra arguments go to
# the benchmark command.
#
# Every measurement runs in a fresh runtime instance (`--repeat 1`; the command runs all repeats of
# a step in one instance): the block builder applies every extrinsic in a fresh instance, whose
# heap pages are new, and the first touch of a page is part of what an extrinsic costs.
#
# A weight must bound the time of its work on this machine on a slow day, not on the day it was
# measured: a benchmark's slope moved by up to 10 % from one run to the next. So the benchmarks run
# RUNS times (3 unless set), each weight is the higher of the least-squares and the median-slopes
# fit of its run (`--output-analysis max`), and weights.rs takes each weight function from the run
# that was the slowest at its benchmark (scripts/slowest-run.jq, scripts/slowest-weights.awk).
# The slowest run still bounds only the runs it was drawn from: a contract shaped like a
# benchmark's own code, timed in the runtime later, ran at up to 1.01 of such a weight. So every
# `ref_time` is that fit times MARGIN (1.10 unless set).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# The node as the tests and the chain build it (one resolution of features, nothing built twice),
# then the runtime alone with its benchmarks.
cargo build --release --locked --workspace --bins --tests
cargo build --release --locked -p ocos-runtime --features runtime-benchmarks
# Keep this runtime apart: the next normal build puts the chain's own runtime back in wbuild/.
runtime="$CARGO_TARGET_DIR/benchmarks/ocos_runtime.compact.compressed.wasm"
mkdir -p "$(dirname "$runtime")"
cp "$CARGO_TARGET_DIR/release/wbuild/ocos-runtime/ocos_runtime.compact.compressed.wasm" "$runtime"

node="$CARGO_TARGET_DIR/release/ocos-node"
results="$CARGO_TARGET_DIR/benchmarks/results"
rm -rf "$results"
mkdir -p "$results"
runs="${RUNS:-3}"
for run in $(seq "$runs"); do
	echo "benchmark: run $run of $runs"
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet pallet_ocos_vm \
		--extrinsic '*' \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--steps "${STEPS:-50}" \
		--repeat 1 \
		--output-analysis max \
		--template scripts/frame-weight-template.hbs \
		--output "$results/weights-$run.rs" \
		--json-file "$results/run-$run.json" \
		"$@"
done
jq --slurp --raw-output --from-file scripts/slowest-run.jq "$results"/run-*.json >"$results/slowest.tsv"
awk -v margin="${MARGIN:-1.10}" -f scripts/slowest-weights.awk "$results/slowest.tsv" \
	$(for run in $(seq "$runs"); do echo "$results/weights-$run.rs"; done) >pallets/ocos-vm/src/weights.rs
echo "benchmark: the slowest run of each benchmark (run 1 to $runs):"
cat "$results/slowest.tsv"
