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
# measured, and for every execution, not for their median: on the reference machine (a shared
# 2-vCPU VM) the same work took up to twice as long from one execution to the next. So the
# benchmarks run RUNS times (3 unless set), and scripts/assemble-weights.py makes each weight from
# the run that was the slowest at its benchmark (its fit: the higher of least squares and median
# slopes, `--output-analysis max`), scaled up to bound the QUANTILE (0.95 unless set) of every
# time measured for the benchmark in all runs, times MARGIN (1.10 unless set) for the days slower
# than those measured. `scripts/assemble-weights.py --margin M --quantile Q RESULTS` reassembles
# weights.rs from the last runs' results without running them again.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# The node with `benchmark pallet` (a `runtime-benchmarks` build, which also builds the runtime's
# WebAssembly with its benchmarks). Keep both apart: the next normal build puts the chain's own
# node and runtime back in release/.
cargo build --release --locked -p ocos-node --features runtime-benchmarks
mkdir -p "$CARGO_TARGET_DIR/benchmarks"
runtime="$CARGO_TARGET_DIR/benchmarks/ocos_runtime.compact.compressed.wasm"
node="$CARGO_TARGET_DIR/benchmarks/ocos-node"
cp "$CARGO_TARGET_DIR/release/wbuild/ocos-runtime/ocos_runtime.compact.compressed.wasm" "$runtime"
cp "$CARGO_TARGET_DIR/release/ocos-node" "$node"

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
python3 scripts/assemble-weights.py --margin "${MARGIN:-1.10}" --quantile "${QUANTILE:-0.95}" "$results" \
	>pallets/ocos-vm/src/weights.rs
