#!/usr/bin/env python3
"""Assembles a pallet's weights.rs from several runs of its benchmarks.

    assemble-weights.py --margin 1.10 --quantile 0.90 RESULTS_DIR > weights.rs

RESULTS_DIR holds what `scripts/benchmark.sh` keeps of each run N: `run-N.json` (the raw times,
`--json-file`) and `weights-N.rs` (the weights rendered from them, by scripts/frame-weight-template.hbs
for OCOS-VM, by the benchmark CLI's own template for pallet-contracts).

A weight must bound the time of its work on a slow day, not its typical time, so each weight
function is made in three steps:
1. **The slowest run.** Of the runs, the one whose median times, summed over the benchmark's
   points, are the highest; its fit (`--output-analysis`: for OCOS-VM `max`, the higher of least
   squares and median slopes) is the starting point.
2. **The spread.** The fit is scaled up until it bounds the `QUANTILE` of every time measured for
   the benchmark in all runs, at the points of the upper half of its range (where the slopes
   decide the weight; at the smallest inputs a fixed jitter of microseconds would dominate): the
   same work took up to twice as long from one execution to the next on the reference machine, and
   the weight is charged for each execution, not for their median.
3. **The margin.** Every `ref_time` (the first argument of `Weight::from_parts`) is then multiplied
   by `MARGIN`, for the days slower than those measured, and rounded up.

The file is the first run's, with every weight function taken from its benchmark's slowest run;
`@MARGIN@` and `@QUANTILE@` in the header become the numbers used. The scale of each benchmark is
printed to standard error.

`--into WEIGHTS_RS` assembles a partial run (`EXTRINSICS=a,b scripts/benchmark.sh`): the file
written is WEIGHTS_RS with the functions of the benchmarks the runs measured replaced, every other
function and the header as they were. A new benchmark needs a full run, which writes its function.

`--proof-from WEIGHTS_RS` takes each function's proof size (its base and its slopes) from another
weights file of the same benchmarks, where the runs could not give it: results re-analysed with
`--json-input` carry no storage layout, so their proof sizes are zero. A proof size is recorded
storage, not time: it does not depend on the machine, and another runtime with the same storage
records nearly the same (pallet-contracts' `call` 553 bytes here against 472 in its own weights).
"""

import argparse
import json
import math
import re
import sys
from fractions import Fraction
from pathlib import Path

# A weight function of the rendered file: its doc comment (the storage it reads, the ranges of its
# components), then `\tfn name(...) -> Weight {` up to the line `\t}`.
FUNCTION = re.compile(r"^(?:\t///.*\n)*\tfn (\w+)\(.*\) -> Weight \{\n(?:.*\n)*?\t\}\n", re.M)
# The ref_time of a `Weight::from_parts(ref_time, proof_size)`.
REF_TIME = re.compile(r"Weight::from_parts\(([0-9_]+),")
# A slope of the ref_time: `Weight::from_parts(slope, 0).saturating_mul(c.into())`.
SLOPE = re.compile(r"Weight::from_parts\(([0-9_]+), 0\)\.saturating_mul\((\w+)\.into\(\)\)")


def number(text):
    return int(text.replace("_", ""))


def grouped(value):
    """`value` grouped by thousands with `_`, as the benchmark CLI writes numbers."""
    return f"{value:,}".replace(",", "_")


def median(values):
    return sorted(values)[len(values) // 2]


def fit_of(function):
    """The base ref_time and the ref_time slope per component of a rendered weight function."""
    base = number(REF_TIME.search(function).group(1))
    slopes = {component: number(slope) for slope, component in SLOPE.findall(function)}
    return base, slopes


# The proof size of a base weight: `Weight::from_parts(ref_time, proof_size)`.
BASE = re.compile(r"Weight::from_parts\(([0-9_]+), ([0-9_]+)\)")
# A proof-size slope: `.saturating_add(Weight::from_parts(0, slope).saturating_mul(c.into()))`.
PROOF_SLOPE = re.compile(r"^\t\t\t\.saturating_add\(Weight::from_parts\(0, [0-9_]+\)\.saturating_mul\(\w+\.into\(\)\)\)\n", re.M)
# The estimated proof size in a function's summary comment.
ESTIMATED = re.compile(r"^\t\t//  Estimated: .*\n", re.M)


def with_proof_of(function, reference):
    """`function` with the proof size of `reference`, the same weight function of another file."""
    function = function.replace("\t\t\t.saturating_add(Weight::from_parts(0, 0))\n", "")
    function = PROOF_SLOPE.sub("", function)
    proof = BASE.search(reference).group(2)
    function = BASE.sub(lambda found: f"Weight::from_parts({found.group(1)}, {proof})", function, count=1)
    estimated = ESTIMATED.search(reference)
    if estimated:
        function = ESTIMATED.sub(lambda _: estimated.group(0), function, count=1)
    slopes = PROOF_SLOPE.findall(reference)
    for slope in slopes:
        # A component the time does not grow with is written `_c`; the proof now uses it.
        component = re.search(r"\((\w+)\.into\(\)\)", slope).group(1)
        function = function.replace(f"_{component}: u32", f"{component}: u32")
    return function[: function.rindex("\t}\n")] + "".join(slopes) + "\t}\n"


def times_by_point(run):
    """The times of one benchmark's run, in picoseconds, by point (a tuple of component values)."""
    points = {}
    for result in run["time_results"]:
        point = tuple((name, value) for name, value in result["components"])
        points.setdefault(point, []).append(result["extrinsic_time"] * 1000)
    return points


def scaled(function, factor):
    """`function` with every ref_time times `factor`, rounded up."""
    return REF_TIME.sub(
        lambda found: f"Weight::from_parts({grouped(math.ceil(number(found.group(1)) * factor))},",
        function,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margin", type=Fraction, required=True)
    parser.add_argument("--quantile", type=Fraction, required=True)
    parser.add_argument("--proof-from", type=Path)
    parser.add_argument("--into", type=Path)
    parser.add_argument("results", type=Path)
    arguments = parser.parse_args()
    if arguments.margin < 1:
        parser.error(f"the margin must be at least 1, not {arguments.margin}")
    if not 0 < arguments.quantile <= 1:
        parser.error(f"the quantile must be in (0, 1], not {arguments.quantile}")

    count = len(list(arguments.results.glob("run-*.json")))
    if count == 0:
        parser.error(f"no run-N.json in {arguments.results}")
    runs, files = [], []
    for run in range(1, count + 1):
        with open(arguments.results / f"run-{run}.json") as results:
            runs.append({entry["benchmark"]: times_by_point(entry) for entry in json.load(results)})
        files.append((arguments.results / f"weights-{run}.rs").read_text())
    if any(run.keys() != runs[0].keys() for run in runs):
        sys.exit("assemble-weights: the runs did not measure the same benchmarks")
    functions = [{} for _ in files]
    for index, text in enumerate(files):
        for found in FUNCTION.finditer(text):
            functions[index].setdefault(found.group(1), []).append(found.group(0))

    references = {}
    if arguments.proof_from:
        for found in FUNCTION.finditer(arguments.proof_from.read_text()):
            references.setdefault(found.group(1), found.group(0))

    factors = {}
    print("benchmark\tslowest run\tscale to the quantile", file=sys.stderr)
    for benchmark in runs[0]:
        totals = [sum(median(times) for times in run[benchmark].values()) for run in runs]
        slowest = totals.index(max(totals))
        base, slopes = fit_of(functions[slowest][benchmark][0])

        def fitted(point):
            return base + sum(slopes.get(name, 0) * value for name, value in point)

        points = sorted(runs[0][benchmark], key=fitted)
        upper = points[len(points) // 2 :]
        ratios = sorted(
            Fraction(time) / max(fitted(point), 1) for run in runs for point in upper for time in run[benchmark][point]
        )
        at_quantile = ratios[min(len(ratios) - 1, math.ceil(arguments.quantile * len(ratios)) - 1)]
        scale = max(Fraction(1), at_quantile)
        factors[benchmark] = (slowest, scale * arguments.margin)
        print(f"{benchmark}\t{slowest + 1}\t{float(scale):.2f}", file=sys.stderr)

    # The first run's file, each function taken from the slowest run of its benchmark, in the
    # order of its impls (the same function appears once in each impl).
    seen = {}

    def replace(found):
        name = found.group(1)
        occurrence = seen.get(name, 0)
        seen[name] = occurrence + 1
        slowest, factor = factors[name]
        function = scaled(functions[slowest][name][occurrence], factor)
        if arguments.proof_from:
            if name not in references:
                sys.exit(f"assemble-weights: {arguments.proof_from} has no weight function {name}")
            function = with_proof_of(function, references[name])
        return function

    if arguments.into:
        # A partial run: the benchmarks it measured replace their functions in the weights file,
        # which keeps every other function and its header, so the header's margin and quantile
        # must be the run's.
        target = arguments.into.read_text()
        header = target[: target.find("\n\n")]
        for name, value in (("margin", arguments.margin), ("quantile", arguments.quantile)):
            if f"{float(value):.2f}" not in header:
                sys.exit(f"assemble-weights: the {name} {float(value):.2f} is not the one {arguments.into} says")
        text = FUNCTION.sub(lambda found: replace(found) if found.group(1) in factors else found.group(0), target)
        missing = [name for name in factors if name not in seen]
        if missing:
            sys.exit(f"assemble-weights: {arguments.into} has no weight function {', '.join(missing)}")
    else:
        text = FUNCTION.sub(replace, files[0])
        text = text.replace("@MARGIN@", f"{float(arguments.margin):.2f}")
        text = text.replace("@QUANTILE@", f"{float(arguments.quantile):.2f}")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
