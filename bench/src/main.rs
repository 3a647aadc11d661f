//! `ocos-bench`: the same contract workloads run through OCOS-VM and pallet-contracts in one mock
//! runtime, through wasmi 2 alone (without and with fuel) and wasmtime, and as native Rust, all in
//! one run on this machine; printed as tables with the ratios between them and the weights the
//! two pallets charge.
//!
//! `--quick` runs every workload once on small inputs: a check that everything still runs and
//! agrees, not a measurement. Every run checks that all columns compute the same results.

mod chain;
mod engines;
mod in_runtime;
mod native;
mod runtime;
mod workloads;

use chain::Pallet;
use frame_support::weights::{constants::ExtrinsicBaseWeight, Weight};
use std::time::{Duration, Instant};
use workloads::{Target, Workload};

/// A block's ref_time for normal extrinsics in `ocos-runtime`: 2 s, 75% of it.
const NORMAL_BLOCK_REF_TIME: u64 = 1_500_000_000_000;
/// The code sizes of the upload sweep, in bytes.
const CODE_SIZES: [usize; 5] = [1 << 10, 4 << 10, 16 << 10, 64 << 10, 120 << 10];

/// How a run measures.
#[derive(Clone, Copy)]
struct Options {
	quick: bool,
	samples: usize,
}

/// The median of `samples` timed runs of `run`, after one untimed run that warms caches.
fn median_time(samples: usize, mut run: impl FnMut()) -> Duration {
	run();
	median(
		(0..samples)
			.map(|_| {
				let start = Instant::now();
				run();
				start.elapsed()
			})
			.collect(),
	)
}

fn median(mut times: Vec<Duration>) -> Duration {
	times.sort();
	times[times.len() / 2]
}

/// A workload run through a pallet: time per call, the weight charged, and the part of it that is
/// not database weight.
struct OnChain {
	time: Duration,
	weight: Weight,
	compute_weight: Weight,
}

/// One row of the table.
struct Row {
	name: &'static str,
	needs_chain: bool,
	fuel_gap: bool,
	ocos: OnChain,
	/// None for the fuel-gap probes, which pallet-contracts' engine does not run.
	contracts: Option<OnChain>,
	wasmi: Option<Duration>,
	wasmi_fuel: Option<Duration>,
	wasmtime: Option<Duration>,
	native: Option<Duration>,
}

fn on_chain(pallet: Pallet, workload: &Workload, options: Options, expected: Option<i64>) -> OnChain {
	let input = workload.call_input(options.quick);
	runtime::new_state().execute_with(|| {
		let dest = pallet.deploy(workload.wasm(pallet.target()));
		if let Some(expected) = expected {
			let output = pallet.output(&dest, input.clone());
			assert_eq!(result_of(&output), expected, "{} on {pallet:?} computes a wrong result", workload.name);
		}
		let mut weight = Weight::zero();
		let time = median_time(options.samples, || weight = pallet.call(&dest, input.clone()));
		let compute_weight = pallet.compute_weight(&dest, input.clone());
		OnChain { time, weight, compute_weight }
	})
}

fn result_of(output: &[u8]) -> i64 {
	i64::from_le_bytes(output.try_into().expect("a computation returns 8 bytes"))
}

fn measure(workload: &Workload, options: Options) -> Row {
	let n = workload.n(options.quick);
	let expected = workload.native.zip(n).map(|(native, n)| native(n));
	let timed = |mut run: Box<dyn FnMut() -> i64>| {
		let result = run();
		if let Some(expected) = expected {
			assert_eq!(result, expected, "{} computes a wrong result", workload.name);
		}
		median_time(options.samples, || {
			std::hint::black_box(run());
		})
	};
	let engine_columns = (!workload.needs_chain).then(|| {
		let n = n.expect("computations have an n");
		let raw = workload.wasm(Target::Raw);
		let mut wasmi = engines::Wasmi::new(&raw, false);
		let mut wasmi_fuel = engines::Wasmi::new(&raw, true);
		let mut wasmtime = engines::Wasmtime::new(&raw);
		(
			timed(Box::new(move || wasmi.run(n))),
			timed(Box::new(move || wasmi_fuel.run(n))),
			timed(Box::new(move || wasmtime.run(n))),
		)
	});
	let native = workload.native.zip(n).map(|(native, n)| timed(Box::new(move || native(std::hint::black_box(n)))));
	Row {
		name: workload.name,
		needs_chain: workload.needs_chain,
		fuel_gap: workload.fuel_gap,
		ocos: on_chain(Pallet::Ocos, workload, options, expected),
		contracts: (!workload.fuel_gap).then(|| on_chain(Pallet::Contracts, workload, options, expected)),
		wasmi: engine_columns.map(|columns| columns.0),
		wasmi_fuel: engine_columns.map(|columns| columns.1),
		wasmtime: engine_columns.map(|columns| columns.2),
		native,
	}
}

fn micros(duration: Duration) -> String {
	format!("{:.1}", duration.as_secs_f64() * 1e6)
}

fn weight_micros(weight: Weight) -> String {
	format!("{:.1}", weight.ref_time() as f64 / 1e6)
}

fn ratio(numerator: f64, denominator: f64) -> String {
	format!("{:.2}x", numerator / denominator)
}

fn optional(duration: Option<Duration>) -> String {
	duration.map(micros).unwrap_or_else(|| "-".into())
}

/// The geometric mean of `values`.
fn geometric_mean(values: &[f64]) -> f64 {
	(values.iter().map(|value| value.ln()).sum::<f64>() / values.len() as f64).exp()
}

/// The rows comparing the two pallets: every workload but the fuel-gap probes.
fn compared(rows: &[Row]) -> impl Iterator<Item = (&Row, &OnChain)> {
	rows.iter().filter_map(|row| Some((row, row.contracts.as_ref()?)))
}

fn print_times(rows: &[Row]) {
	println!("## Time per call (µs, median)\n");
	println!("| workload | OCOS-VM | pallet-contracts | OCOS speedup vs contracts | wasmi 2 | wasmi 2 + fuel | wasmtime | native | OCOS / wasmi 2 + fuel | OCOS / wasmtime |");
	println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
	for (row, contracts) in compared(rows) {
		let ocos = row.ocos.time.as_secs_f64();
		let versus =
			|column: Option<Duration>| column.map(|time| ratio(ocos, time.as_secs_f64())).unwrap_or("-".into());
		println!(
			"| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
			row.name,
			micros(row.ocos.time),
			micros(contracts.time),
			ratio(contracts.time.as_secs_f64(), ocos),
			optional(row.wasmi),
			optional(row.wasmi_fuel),
			optional(row.wasmtime),
			optional(row.native),
			versus(row.wasmi_fuel),
			versus(row.wasmtime),
		);
	}
}

/// How much `side` is charged per unit of the time it takes: compute weight (ps) over time (ps).
fn weight_per_time(side: &OnChain) -> f64 {
	side.compute_weight.ref_time() as f64 / (side.time.as_secs_f64() * 1e12)
}

fn print_weights(rows: &[Row]) {
	println!("\n## Weight charged per call (µs of ref_time)\n");
	println!("Weight includes ParityDB database weights (the sample runtime's); compute weight is the same call with the database weights zeroed, held against the time above (measured natively, in memory).\n");
	println!("| workload | OCOS-VM | pallet-contracts | OCOS / contracts | OCOS compute weight | OCOS compute weight / time | contracts compute weight / time |");
	println!("|---|---:|---:|---:|---:|---:|---:|");
	for (row, contracts) in compared(rows) {
		println!(
			"| {} | {} | {} | {} | {} | {:.2}x | {:.2}x |",
			row.name,
			weight_micros(row.ocos.weight),
			weight_micros(contracts.weight),
			ratio(row.ocos.weight.ref_time() as f64, contracts.weight.ref_time() as f64),
			weight_micros(row.ocos.compute_weight),
			weight_per_time(&row.ocos),
			weight_per_time(contracts),
		);
	}
}

/// The gas-fairness table: the time per unit of gas of every computing workload and fuel-gap
/// probe against the median of the computing workloads. A probe far above 1x runs more than its
/// gas pays for.
fn print_fuel_gaps(rows: &[Row]) {
	let time_per_gas = |row: &Row| 1.0 / weight_per_time(&row.ocos);
	let mut baseline: Vec<f64> =
		rows.iter().filter(|row| !row.needs_chain && !row.fuel_gap).map(time_per_gas).collect();
	baseline.sort_by(f64::total_cmp);
	let median = baseline[baseline.len() / 2];
	println!("\n## Gas fairness: time per unit of gas against the computing workloads' median\n");
	println!("| workload | OCOS-VM µs | compute weight µs | time per gas vs median |");
	println!("|---|---:|---:|---:|");
	let mut worst = 0f64;
	for row in rows.iter().filter(|row| !row.needs_chain) {
		let relative = time_per_gas(row) / median;
		worst = worst.max(relative);
		println!(
			"| {} | {} | {} | {relative:.2}x |",
			row.name,
			micros(row.ocos.time),
			weight_micros(row.ocos.compute_weight)
		);
	}
	println!("\nWorst case: {worst:.2}x the median time per unit of gas (target: at most 10x).");
}

fn print_summary(rows: &[Row]) {
	let compute: Vec<(&Row, &OnChain)> = compared(rows).filter(|(row, _)| !row.needs_chain).collect();
	let speedups: Vec<f64> =
		compute.iter().map(|(row, contracts)| contracts.time.as_secs_f64() / row.ocos.time.as_secs_f64()).collect();
	let fuel_overheads: Vec<f64> = compute
		.iter()
		.filter_map(|(row, _)| Some(row.wasmi_fuel?.as_secs_f64() / row.wasmi?.as_secs_f64() - 1.0))
		.collect();
	println!("\n## Summary\n");
	println!(
		"- Compute workloads, OCOS-VM speedup vs pallet-contracts: geometric mean {:.2}x, lowest {:.2}x.",
		geometric_mean(&speedups),
		speedups.iter().copied().fold(f64::INFINITY, f64::min)
	);
	println!(
		"- Fuel metering overhead of wasmi 2 (fuel vs none): mean {:+.0}%, worst {:+.0}%.",
		100.0 * fuel_overheads.iter().sum::<f64>() / fuel_overheads.len() as f64,
		100.0 * fuel_overheads.iter().copied().fold(f64::NEG_INFINITY, f64::max)
	);
	let by_name =
		|prefix: &str| compared(rows).find(|(row, _)| row.name.starts_with(prefix)).expect("a known workload");
	let (empty, empty_contracts) = by_name("empty call");
	println!(
		"- Empty call weight: OCOS-VM {} µs, pallet-contracts {} µs ({} of it).",
		weight_micros(empty.ocos.weight),
		weight_micros(empty_contracts.weight),
		ratio(empty.ocos.weight.ref_time() as f64, empty_contracts.weight.ref_time() as f64)
	);
	// Fuel above the empty call's weight, at the price the runtime benchmarks measured per unit.
	let price = pallet_ocos_vm::gas::ref_time_per_fuel::<runtime::Runtime>() as f64;
	let native_per_fuel: Vec<f64> = compute
		.iter()
		.map(|(row, _)| {
			let fuel = row.ocos.compute_weight.saturating_sub(empty.ocos.compute_weight).ref_time() as f64 / price;
			row.ocos.time.as_secs_f64() * 1e12 / fuel
		})
		.collect();
	println!(
		"- In the runtime vs natively: the runtime's benchmarks price fuel at {:.2} ns per unit; these workloads run {:.2} to {:.2} ns per unit natively, {:.1}x to {:.1}x faster.",
		price / 1e3,
		native_per_fuel.iter().copied().fold(f64::INFINITY, f64::min) / 1e3,
		native_per_fuel.iter().copied().fold(0.0, f64::max) / 1e3,
		price / native_per_fuel.iter().copied().fold(0.0, f64::max),
		price / native_per_fuel.iter().copied().fold(f64::INFINITY, f64::min),
	);
	let (token, token_contracts) = by_name("token transfer");
	let per_block =
		|weight: Weight| NORMAL_BLOCK_REF_TIME / weight.saturating_add(ExtrinsicBaseWeight::get()).ref_time();
	let (ocos_transfers, contracts_transfers) = (per_block(token.ocos.weight), per_block(token_contracts.weight));
	println!(
		"- Token transfers per block (1.5 s of ref_time, with the extrinsic base weight): OCOS-VM {ocos_transfers}, pallet-contracts {contracts_transfers} ({}).",
		ratio(ocos_transfers as f64, contracts_transfers as f64)
	);
}

fn print_code_sizes(options: Options) {
	println!("\n## Code size: upload, instantiate and first call\n");
	println!("| size | OCOS upload µs | contracts upload µs | OCOS upload weight µs | contracts upload weight µs | OCOS instantiate + first call µs | contracts instantiate + first call µs | OCOS first call weight µs | contracts first call weight µs |");
	println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
	let sizes: &[usize] = if options.quick { &CODE_SIZES[..2] } else { &CODE_SIZES };
	for &size in sizes {
		let mut cells = Vec::new();
		for pallet in [Pallet::Ocos, Pallet::Contracts] {
			let code = workloads::sized(pallet.target(), size);
			let (mut upload, mut call_weight) = (Weight::zero(), Weight::zero());
			let (mut upload_times, mut first_call_times) = (Vec::new(), Vec::new());
			// Every sample on fresh state: the upload and the first call are what is measured.
			for _ in 0..options.samples {
				runtime::new_state().execute_with(|| {
					let start = Instant::now();
					upload = pallet.upload(code.clone());
					upload_times.push(start.elapsed());
					let start = Instant::now();
					let (dest, _) = pallet.instantiate(&code);
					call_weight = pallet.call(&dest, Vec::new());
					first_call_times.push(start.elapsed());
				})
			}
			let (upload_time, first_call) = (median(upload_times), median(first_call_times));
			cells.push((upload_time, upload, first_call, call_weight));
		}
		let (ocos, contracts) = (&cells[0], &cells[1]);
		println!(
			"| {} KiB | {} | {} | {} | {} | {} | {} | {} | {} |",
			size >> 10,
			micros(ocos.0),
			micros(contracts.0),
			weight_micros(ocos.1),
			weight_micros(contracts.1),
			micros(ocos.2),
			micros(contracts.2),
			weight_micros(ocos.3),
			weight_micros(contracts.3),
		);
	}
}

/// The token written with `ocos-contract` (`examples/token`, built by `ocos-contract-build`)
/// against the hand-written WAT token, on OCOS-VM: the code each uploads and what a transfer of
/// each charges and takes, the first to a new holder and then to an existing one.
fn print_sdk_token(options: Options) {
	let built = sdk_token();
	let wat = workloads::all()
		.into_iter()
		.find(|workload| workload.name.starts_with("token transfer"))
		.expect("the WAT token");
	let wat_code = wat.wasm(Target::Ocos);
	println!("\n## The SDK's token against the WAT token\n");
	println!("Code: SDK {} bytes, WAT {} bytes.\n", built.wasm.len(), wat_code.len());
	println!("| transfer | SDK weight µs | WAT weight µs | weight ratio | SDK µs | WAT µs | time ratio |");
	println!("|---|---:|---:|---:|---:|---:|---:|");
	let bob = token::token::TokenRef::at(ocos_contract::AccountId(*AsRef::<[u8; 32]>::as_ref(&runtime::BOB)));
	runtime::new_state().execute_with(|| {
		let wat_token = Pallet::Ocos.deploy(wat_code);
		Pallet::Ocos.upload(built.wasm.clone());
		let constructor = token::token::TokenRef::new(1_000_000_000_000_000_000).input();
		let (sdk_token, _) = Pallet::Ocos.instantiate_with(&built.wasm, constructor);
		let sdk_input = token::token::TokenRef::at(ocos_contract::AccountId(*AsRef::<[u8; 32]>::as_ref(&sdk_token)))
			.transfer(bob.0, 1)
			.input();
		let wat_input = (wat.input)();
		for (round, samples) in [("to a new holder", 1), ("to a holder", options.samples)] {
			let (mut sdk_weight, mut wat_weight) = (Weight::zero(), Weight::zero());
			let sdk_time = median_time(samples, || sdk_weight = Pallet::Ocos.call(&sdk_token, sdk_input.clone()));
			let wat_time = median_time(samples, || wat_weight = Pallet::Ocos.call(&wat_token, wat_input.clone()));
			println!(
				"| {round} | {} | {} | {} | {} | {} | {} |",
				weight_micros(sdk_weight),
				weight_micros(wat_weight),
				ratio(sdk_weight.ref_time() as f64, wat_weight.ref_time() as f64),
				micros(sdk_time),
				micros(wat_time),
				ratio(sdk_time.as_secs_f64(), wat_time.as_secs_f64()),
			);
		}
	});
}

/// The token written with `ocos-contract` (`examples/token`), built by `ocos-contract-build`.
fn sdk_token() -> ocos_contract_build::Contract {
	ocos_contract_build::Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/token"))
		.run()
		.unwrap_or_else(|error| panic!("the SDK's token does not build: {error}"))
}

/// The in-runtime tables: OCOS-VM's time against its weight, then OCOS-VM against
/// pallet-contracts when `scripts/bench.sh` has built pallet-contracts' runtime.
fn print_in_runtime(quick: bool) {
	in_runtime::print(&in_runtime::run(quick));
	match in_runtime::side_by_side::contracts_runtime() {
		Some(code) => in_runtime::side_by_side::print(&in_runtime::side_by_side::run(quick, code)),
		None => println!(
			"\n(No comparison with pallet-contracts in the runtime: a build with the `blob` feature has it, as `scripts/bench.sh` builds.)"
		),
	}
}

fn main() {
	let arguments: Vec<String> = std::env::args().skip(1).collect();
	let quick = arguments.iter().any(|argument| argument == "--quick");
	// `--only NAME` runs the workloads whose name starts with NAME, for profiling one of them.
	let only = arguments.iter().position(|argument| argument == "--only").and_then(|at| arguments.get(at + 1));
	let options = Options { quick, samples: if quick { 1 } else { 15 } };
	println!("# ocos-bench{}\n", if quick { " (quick: a check, not a measurement)" } else { "" });
	// `--in-runtime` runs only the in-runtime table.
	if arguments.iter().any(|argument| argument == "--in-runtime") {
		print_in_runtime(quick);
		return;
	}
	// `--sdk-token` runs only the SDK's token against the WAT token.
	if arguments.iter().any(|argument| argument == "--sdk-token") {
		print_sdk_token(options);
		return;
	}
	let rows: Vec<Row> = workloads::all()
		.iter()
		.filter(|workload| only.is_none_or(|name| workload.name.starts_with(name.as_str())))
		.map(|workload| measure(workload, options))
		.collect();
	print_times(&rows);
	print_weights(&rows);
	if only.is_none() {
		print_fuel_gaps(&rows);
		print_summary(&rows);
		print_code_sizes(options);
		print_sdk_token(options);
		print_in_runtime(quick);
	}
}
