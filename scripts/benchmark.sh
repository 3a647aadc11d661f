#!/usr/bin/env bash
# Generates pallets/ocos-vm/src/weights.rs from the pallet's benchmarks: builds the runtime with
# `runtime-benchmarks`, runs every benchmark with `ocos-node benchmark pallet` on that WebAssembly
# runtime (as the chain executes it), and writes the weights through
# scripts/frame-weight-template.hbs. Run it on the reference machine with nothing else running.
# `RUNS=1 STEPS=5 scripts/benchmark.sh` is a quick check that every benchmark runs; extra arguments go to
# the benchmark command.
#
# `scripts/benchmark.sh contracts` generates pallet-contracts' weights the same way, on the same
# machine, for the in-runtime comparison: bench/runtime/src/contracts_weights.rs, from its own
# benchmarks in ocos-bench-runtime's WebAssembly (with the benchmark CLI's own template). Each run
# only records its times; they are then fitted from the record (`--json-input`), as a fit that
# fails (with few STEPS some of its migration benchmarks keep one value of a component) would lose
# the run, and the proof sizes, which a record does not carry, are pallet-contracts' own
# (`--proof-from`). `RUNS=2 STEPS=2 ANALYSIS=median-slopes`: about 13 minutes a run.
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
# the weights from the last runs' results without running them again. With STEPS=2 (each
# component at its two ends) least squares has no degrees of freedom left: ANALYSIS=median-slopes.
# `EXTRINSICS=a,b` runs only those benchmarks and replaces only their weight functions (those whose
# benchmark changed; a new benchmark needs a full run).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
if [ "${1:-}" = contracts ]; then
	shift
	pallet=pallet_contracts
	crate=ocos-bench-runtime
	blob=ocos_bench_runtime.compact.compressed.wasm
	weights=bench/runtime/src/contracts_weights.rs
	template=()
	manifest=$(cargo metadata --format-version 1 --locked |
		python3 -c 'import json, sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "pallet-contracts"))')
	published="$(dirname "$manifest")/src/weights.rs"
	[ -f "$published" ] || { echo "benchmark: no weights of pallet-contracts at $published" >&2; exit 1; }
	proof_from=(--proof-from "$published")
	# The node for its benchmark CLI, and pallet-contracts' runtime (its `blob` is always a
	# `runtime-benchmarks` build).
	features=ocos-node/runtime-benchmarks,ocos-bench-runtime/blob
else
	pallet=pallet_ocos_vm
	crate=ocos-runtime
	blob=ocos_runtime.compact.compressed.wasm
	weights=pallets/ocos-vm/src/weights.rs
	template=(--template scripts/frame-weight-template.hbs)
	proof_from=()
	features=ocos-node/runtime-benchmarks
fi
# The benchmark CLI's test runtime serves only `benchmark storage`, which the weights do not use;
# its build would look for it in the workspace's metadata, where the optional CLI is not.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
# The node with `benchmark pallet` (a `runtime-benchmarks` build, which also builds the runtime's
# WebAssembly with its benchmarks). Keep both apart: the next normal build puts the chain's own
# node and runtime back in release/.
cargo build --release --locked -p ocos-node -p "$crate" --features "$features"
mkdir -p "$CARGO_TARGET_DIR/benchmarks"
runtime="$CARGO_TARGET_DIR/benchmarks/$blob"
node="$CARGO_TARGET_DIR/benchmarks/ocos-node"
cp "$CARGO_TARGET_DIR/release/wbuild/$crate/$blob" "$runtime"
cp "$CARGO_TARGET_DIR/release/ocos-node" "$node"

# All the benchmarks, or only those EXTRINSICS names, whose functions then replace theirs.
extrinsics="${EXTRINSICS:-*}"
if [ "$extrinsics" = all ]; then
	extrinsics='*'
fi
partial=()
if [ "$extrinsics" != '*' ]; then
	partial=(--into "$weights")
fi
results="$CARGO_TARGET_DIR/benchmarks/results-$pallet"
rm -rf "$results"
mkdir -p "$results"
runs="${RUNS:-3}"
for run in $(seq "$runs"); do
	echo "benchmark: $pallet, run $run of $runs"
	measure=(
		"$node" benchmark pallet
		--runtime "$runtime"
		--genesis-builder runtime
		--genesis-builder-preset development
		--pallet "$pallet"
		--extrinsic "$extrinsics"
		--wasm-execution compiled
		--heap-pages 4096
		--steps "${STEPS:-50}"
		--repeat 1
		--output-analysis "${ANALYSIS:-max}"
		"${template[@]}"
		"$@"
	)
	if [ "$pallet" = pallet_contracts ]; then
		"${measure[@]}" --no-median-slopes --no-min-squares --json-file "$results/run-$run.json"
		"${measure[@]}" --json-input "$results/run-$run.json" --output "$results/weights-$run.rs"
	else
		"${measure[@]}" --output "$results/weights-$run.rs" --json-file "$results/run-$run.json"
	fi
done
# Written aside first: a failure leaves the committed weights as they were.
python3 scripts/assemble-weights.py --margin "${MARGIN:-1.10}" --quantile "${QUANTILE:-0.95}" "${proof_from[@]}" \
	"${partial[@]}" "$results" >"$results/weights.rs"
mv "$results/weights.rs" "$weights"
