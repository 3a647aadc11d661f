//! OCOS-VM against pallet-contracts inside WebAssembly: every workload of the harness applied as
//! a signed extrinsic by `ocos-runtime` (OCOS-VM) and by `ocos-bench-runtime` (pallet-contracts
//! 51, wasmi 0.32), on the same executor, with the same block limits and database weights. Each
//! pallet is charged by weights its own benchmarks generated on this machine, in its runtime's
//! WebAssembly. A row gives the time of each, the weight each block charged, and how many such
//! transactions a block holds by its weight.

use super::{gas_limit, outcome, Applied, Chain, Contracts, Table, ALICE};
use crate::workloads::{self, Target};
use frame_support::{dispatch::DispatchClass, weights::Weight};

/// pallet-contracts' runtime, in a build with the `blob` feature (`scripts/bench.sh`).
pub fn contracts_runtime() -> Option<Vec<u8>> {
	#[cfg(feature = "blob")]
	let blob = ocos_bench_runtime::WASM_BINARY.map(<[u8]>::to_vec);
	#[cfg(not(feature = "blob"))]
	let blob = None;
	blob
}

/// One workload through both pallets.
pub struct Compared {
	/// The workload.
	pub name: String,
	/// Through OCOS-VM.
	pub ocos: Applied,
	/// Through pallet-contracts.
	pub contracts: Applied,
}

/// pallet-contracts' chain: contracts deployed by Alice, each with a salt of its own.
struct ContractsChain {
	chain: Chain<Contracts>,
	salt: u32,
}

impl ContractsChain {
	/// Uploads and instantiates `code` as Alice, keeping it; returns the contract.
	fn deploy(&mut self, code: Vec<u8>) -> ocos_bench_runtime::AccountId {
		self.chain.make_room();
		self.salt += 1;
		let salt = self.salt.to_le_bytes().to_vec();
		let code_hash = sp_core::H256(sp_io::hashing::blake2_256(&code));
		let address = ocos_bench_runtime::Contracts::contract_address(&ALICE.to_account_id(), &code_hash, &[], &salt);
		let applied = self.chain.apply(
			ALICE,
			ocos_bench_runtime::RuntimeCall::Contracts(pallet_contracts::Call::instantiate_with_code {
				value: 0,
				gas_limit: gas_limit(),
				storage_deposit_limit: None,
				code,
				data: vec![],
				salt,
			}),
		);
		assert_eq!(applied.result, Ok(()), "a contract of the comparison deploys on pallet-contracts");
		address
	}

	fn call(dest: &ocos_bench_runtime::AccountId, data: Vec<u8>) -> ocos_bench_runtime::RuntimeCall {
		ocos_bench_runtime::RuntimeCall::Contracts(pallet_contracts::Call::call {
			dest: sp_runtime::MultiAddress::Id(dest.clone()),
			value: 0,
			gas_limit: gas_limit(),
			storage_deposit_limit: None,
			data,
		})
	}
}

/// Both chains of the comparison.
struct Pair {
	ocos: Table,
	contracts: ContractsChain,
	rows: Vec<Compared>,
}

impl Pair {
	/// Applies `ours` on OCOS-VM's chain and `theirs` on pallet-contracts', each `samples` times on
	/// the same state, and adds the row; both must succeed.
	fn compare(&mut self, name: impl Into<String>, ours: super::RuntimeCall, theirs: ocos_bench_runtime::RuntimeCall) {
		let name = name.into();
		let samples = self.ocos.samples;
		let ocos = self.ocos.chain.measure(ALICE, ours, samples);
		let contracts = self.contracts.chain.measure(ALICE, theirs, samples);
		assert_eq!(ocos.result, Ok(()), "{name} on OCOS-VM: {}", outcome(&ocos.result));
		assert_eq!(contracts.result, Ok(()), "{name} on pallet-contracts: {:?}", contracts.result);
		self.rows.push(Compared { name, ocos, contracts });
	}
}

/// Runs every workload that both pallets run (not the fuel-gap probes, which pallet-contracts'
/// engine does not meter as OCOS-VM does) through both, then a transfer of the SDK's token
/// against the WAT token on pallet-contracts; `quick` runs each once, on small inputs.
pub fn run(quick: bool, contracts_runtime: Vec<u8>) -> Vec<Compared> {
	let samples = if quick { 1 } else { 9 };
	let contracts = ContractsChain { chain: Chain::new(contracts_runtime), salt: 0 };
	let mut pair = Pair { ocos: Table::new(samples), contracts, rows: Vec::new() };
	// The WAT token on pallet-contracts, and its transfer: held against the SDK's token below.
	let mut wat_token = None;
	for workload in workloads::all().iter().filter(|workload| !workload.fuel_gap) {
		let input = workload.call_input(quick);
		let ours = pair.ocos.deploy(workload.wasm(Target::Ocos));
		let theirs = pair.contracts.deploy(workload.wasm(Target::Contracts));
		let call = ContractsChain::call(&theirs, input.clone());
		if workload.name.starts_with("token transfer") {
			wat_token = Some(call.clone());
		}
		pair.compare(workload.name, Table::call(ours, 0, input), call);
	}

	let token = crate::sdk_token();
	let constructor = token::token::TokenRef::new(1_000_000_000_000_000_000).input();
	let ours = pair.ocos.deploy_on(0, token.wasm, constructor);
	let bob = ocos_contract::AccountId(*AsRef::<[u8; 32]>::as_ref(&crate::runtime::BOB));
	let transfer = token::token::TokenRef::at(ocos_contract::AccountId(ours)).transfer(bob, 1);
	pair.compare(
		"token transfer: the SDK's token (OCOS-VM), the WAT token (pallet-contracts)",
		Table::call(ours, 0, transfer.input()),
		wat_token.expect("the WAT token is a workload"),
	);
	pair.rows
}

/// How many extrinsics of `weight` a block holds (normal extrinsics' share of its `ref_time` and
/// proof size, the same in both runtimes), and whether the proof size is what limits it.
fn per_block(weight: Weight) -> (u64, bool) {
	let block = <ocos_runtime::Runtime as frame_system::Config>::BlockWeights::get();
	let normal = block.get(DispatchClass::Normal).max_total.unwrap_or(block.max_block);
	let by_time = normal.ref_time() / weight.ref_time().max(1);
	let by_proof = normal.proof_size() / weight.proof_size().max(1);
	(by_time.min(by_proof), by_proof < by_time)
}

/// `per_block` as a cell: the count, marked when the proof size limits it.
fn per_block_cell(weight: Weight) -> String {
	match per_block(weight) {
		(count, true) => format!("{count} (proof)"),
		(count, false) => count.to_string(),
	}
}

/// Prints the comparison as `docs/PERFORMANCE.md` keeps it.
pub fn print(rows: &[Compared]) {
	println!("\n## In the runtime: OCOS-VM against pallet-contracts\n");
	println!("Each workload applied as a signed extrinsic by its runtime's WebAssembly (median of the runs): OCOS-VM in `ocos-runtime`, pallet-contracts 51 in `ocos-bench-runtime`, each charged by weights its benchmarks generated on this machine. Ratios are OCOS-VM over pallet-contracts. Per block: how many such transactions a block's normal share holds (1.5 s of `ref_time`, 7.5 MiB of proof), marked (proof) where the proof size is the limit.\n");
	println!("| workload | OCOS-VM µs | pallet-contracts µs | time ratio | OCOS-VM weight µs | pallet-contracts weight µs | weight ratio | OCOS-VM proof KiB | pallet-contracts proof KiB | OCOS-VM per block | pallet-contracts per block |");
	println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
	let (mut faster, mut lighter) = (0, 0);
	for row in rows {
		let (ours, theirs) = (&row.ocos, &row.contracts);
		let time_ratio = ours.time.as_secs_f64() / theirs.time.as_secs_f64();
		let weight_ratio = ours.weight.ref_time() as f64 / theirs.weight.ref_time() as f64;
		faster += usize::from(time_ratio <= 1.0);
		lighter += usize::from(weight_ratio <= 1.0);
		println!(
			"| {} | {:.1} | {:.1} | {time_ratio:.2} | {:.1} | {:.1} | {weight_ratio:.2} | {:.1} | {:.1} | {} | {} |",
			row.name,
			ours.time.as_secs_f64() * 1e6,
			theirs.time.as_secs_f64() * 1e6,
			ours.weight.ref_time() as f64 / 1e6,
			theirs.weight.ref_time() as f64 / 1e6,
			ours.weight.proof_size() as f64 / 1024.0,
			theirs.weight.proof_size() as f64 / 1024.0,
			per_block_cell(ours.weight),
			per_block_cell(theirs.weight),
		);
	}
	println!(
		"\nOCOS-VM as fast or faster on {faster} of {} workloads, charged as much `ref_time` or less on {lighter}.",
		rows.len()
	);
}
