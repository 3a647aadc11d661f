# Which of several runs of `benchmark pallet --json-file` was the slowest at each benchmark: the
# one whose median times, summed over the benchmark's points, are the highest. Reads the runs'
# results slurped in order (`jq --slurp --raw-output --from-file`), prints `benchmark<TAB>run`
# (runs counted from 1) for scripts/slowest-weights.awk.
def median: sort | .[length / 2 | floor];
. as $runs
| range($runs[0] | length) as $b
| if ($runs | map(.[$b].benchmark) | unique | length) != 1
	then error("the runs did not measure the same benchmarks in the same order") else . end
| [$runs[] | .[$b].time_results | group_by(.components) | map(map(.extrinsic_time) | median) | add]
| . as $totals
| "\($runs[0][$b].benchmark)\t\(($totals | index($totals | max)) + 1)"
