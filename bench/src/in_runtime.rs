//! The in-runtime columns: extrinsics executed by a runtime's WebAssembly, as a block author
//! executes them, with the time each takes held against the weight the block charges for it:
//! `ocos-runtime`'s for OCOS-VM's table, and pallet-contracts' beside it ([`side_by_side`]).
//!
//! [`Chain`] loads a runtime blob (the one the node runs, or pallet-contracts' for the
//! comparison: [`BlockRuntime`]), builds the `development` preset's genesis state
//! in memory, and drives blocks through the runtime's own entry points (`Core_initialize_block`,
//! `BlockBuilder_apply_extrinsic`, `BlockBuilder_finalize_block`) on sc-executor's compiled
//! wasmtime with the node's default heap: the code path of the block builder, signed extrinsics
//! included. The weight of an extrinsic is what it added to `System::BlockWeight`; its memory is
//! the runtime heap's high-water mark while it ran.

pub mod side_by_side;

use codec::{Decode, Encode};
use frame_support::{dispatch::PerDispatchClass, weights::Weight};
use ocos_runtime::{Header, Runtime, RuntimeCall};
use sc_executor::{
	error::Error as ExecutorError, with_externalities_safe, WasmExecutionMethod, WasmExecutor,
	WasmtimeInstantiationStrategy, DEFAULT_HEAP_ALLOC_STRATEGY,
};
use sp_core::{
	storage::{well_known_keys, StateVersion},
	traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode},
	Blake2Hasher, Pair, H256,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, traits::Header as _, ApplyExtrinsicResult, DispatchError};
use sp_state_machine::{BasicExternalities, Ext, InMemoryBackend, OverlayedChanges};
use std::{
	borrow::Cow,
	collections::BTreeMap,
	marker::PhantomData,
	time::{Duration, Instant},
};

type Hasher = Blake2Hasher;
type HostFunctions = sp_io::SubstrateHostFunctions;

/// The runtime's heap when it builds a block: sc-executor's default (2048 extra pages).
pub const RUNTIME_HEAP_BYTES: u64 = sc_executor::DEFAULT_HEAP_ALLOC_PAGES as u64 * 64 * 1024;

/// What running one runtime entry point took.
pub struct Ran {
	/// What it returned, SCALE-encoded.
	pub output: Vec<u8>,
	/// Its wall time, instantiation of the runtime included (as for every call a node makes).
	pub time: Duration,
	/// The high-water mark of the runtime's heap, in bytes.
	pub heap: u64,
}

/// What one extrinsic did in a block.
pub struct Applied {
	/// The dispatch result; the extrinsic was valid and included.
	pub result: Result<(), DispatchError>,
	/// Its wall time.
	pub time: Duration,
	/// The weight the block charged for it.
	pub weight: Weight,
	/// The runtime heap's high-water mark while it ran.
	pub heap: u64,
}

/// A runtime whose blocks the harness builds: how its transactions and its timestamp inherent
/// are made. Its blob is given to [`Chain::new`].
pub trait BlockRuntime {
	/// Its calls.
	type Call: Clone;

	/// `call` signed by `signer` as a wallet signs it: immortal, with `nonce`, no tip; encoded.
	fn signed(call: Self::Call, signer: Sr25519Keyring, nonce: u32, genesis_hash: H256) -> Vec<u8>;

	/// The timestamp inherent that sets the time to `now`, encoded.
	fn timestamp(now: u64) -> Vec<u8>;

	/// Whether its blob is a `runtime-benchmarks` build, which imports the benchmark host
	/// functions: nothing but a benchmark calls them (a call would trap).
	const RUNTIME_BENCHMARKS: bool;
}

/// Implements [`BlockRuntime`] for a runtime crate that names its types as `ocos-runtime` does
/// and has the same transaction extensions.
macro_rules! block_runtime {
	($(#[$doc:meta])* $name:ident: $runtime:ident, runtime_benchmarks: $runtime_benchmarks:expr) => {
		$(#[$doc])*
		pub struct $name;

		impl BlockRuntime for $name {
			type Call = $runtime::RuntimeCall;

			const RUNTIME_BENCHMARKS: bool = $runtime_benchmarks;

			fn signed(call: Self::Call, signer: Sr25519Keyring, nonce: u32, genesis_hash: H256) -> Vec<u8> {
				use $runtime::{Address, Runtime, SignedPayload, TxExtension, UncheckedExtrinsic, VERSION};
				let extension: TxExtension = (
					frame_system::AuthorizeCall::<Runtime>::new(),
					frame_system::CheckNonZeroSender::<Runtime>::new(),
					frame_system::CheckSpecVersion::<Runtime>::new(),
					frame_system::CheckTxVersion::<Runtime>::new(),
					frame_system::CheckGenesis::<Runtime>::new(),
					frame_system::CheckEra::<Runtime>::from(Era::Immortal),
					frame_system::CheckNonce::<Runtime>::from(nonce),
					frame_system::CheckWeight::<Runtime>::new(),
					pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
					frame_system::WeightReclaim::<Runtime>::new(),
				);
				let implicit =
					((), (), VERSION.spec_version, VERSION.transaction_version, genesis_hash, genesis_hash, (), (), (), ());
				let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
				let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
				let address = Address::Id(signer.to_account_id());
				UncheckedExtrinsic::new_signed(call, address, sp_runtime::MultiSignature::Sr25519(signature), extension)
					.encode()
			}

			fn timestamp(now: u64) -> Vec<u8> {
				let call = $runtime::RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
				$runtime::UncheckedExtrinsic::new_bare(call).encode()
			}
		}
	};
}

block_runtime!(
	/// `ocos-runtime`: the chain's own runtime, OCOS-VM in it.
	Ocos: ocos_runtime, runtime_benchmarks: false
);
block_runtime!(
	/// `ocos-bench-runtime`: pallet-contracts in a runtime of its own.
	Contracts: ocos_bench_runtime, runtime_benchmarks: true
);

/// A chain in memory, run by the runtime's WebAssembly.
pub struct Chain<R: BlockRuntime> {
	executor: WasmExecutor<HostFunctions>,
	code: Vec<u8>,
	code_hash: Vec<u8>,
	backend: InMemoryBackend<Hasher>,
	/// The changes of the block being built.
	overlay: OverlayedChanges<Hasher>,
	/// The hash the chain's genesis is known by (the parent of block 1).
	genesis_hash: H256,
	number: u32,
	nonces: BTreeMap<[u8; 32], u32>,
	runtime: PhantomData<R>,
}

impl<R: BlockRuntime> Chain<R> {
	/// The genesis of the `development` preset of the runtime `code`, with block 1 started.
	pub fn new(code: Vec<u8>) -> Self {
		let executor = WasmExecutor::<HostFunctions>::builder()
			.with_execution_method(WasmExecutionMethod::Compiled {
				instantiation_strategy: WasmtimeInstantiationStrategy::PoolingCopyOnWrite,
			})
			.with_onchain_heap_alloc_strategy(DEFAULT_HEAP_ALLOC_STRATEGY)
			.with_offchain_heap_alloc_strategy(DEFAULT_HEAP_ALLOC_STRATEGY)
			.with_allow_missing_host_functions(R::RUNTIME_BENCHMARKS)
			.with_max_runtime_instances(2)
			.with_runtime_cache_size(2)
			.build();
		let code_hash = sp_io::hashing::blake2_256(&code).to_vec();
		let mut chain = Chain {
			executor,
			code,
			code_hash,
			backend: InMemoryBackend::default(),
			overlay: OverlayedChanges::default(),
			genesis_hash: H256::repeat_byte(0x0c),
			number: 0,
			nonces: BTreeMap::new(),
			runtime: PhantomData,
		};
		// The development preset patches the default genesis, as a chain spec builds it.
		let mut genesis = BasicExternalities::new_empty();
		let mut preset = |id: Option<&str>| -> serde_json::Value {
			let json = chain.genesis_call(&mut genesis, "GenesisBuilder_get_preset", &id.map(String::from).encode());
			let json = Option::<Vec<u8>>::decode(&mut &json[..]).ok().flatten().expect("a genesis preset");
			serde_json::from_slice(&json).expect("a preset is JSON")
		};
		let mut config = preset(None);
		sc_chain_spec::json_merge(&mut config, preset(Some("development")));
		let config = serde_json::to_vec(&config).expect("JSON");
		let built = chain.genesis_call(&mut genesis, "GenesisBuilder_build_state", &config.encode());
		let built: Result<(), String> = Decode::decode(&mut &built[..]).expect("a genesis result");
		built.expect("the development genesis builds");
		let mut storage = genesis.into_storages();
		storage.top.insert(well_known_keys::CODE.to_vec(), chain.code.clone());
		chain.backend = (storage, StateVersion::V1).into();
		chain.start_block();
		chain
	}

	fn genesis_call(&self, ext: &mut BasicExternalities, method: &str, data: &[u8]) -> Vec<u8> {
		let fetcher = WrappedRuntimeCode(Cow::Borrowed(&self.code));
		let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash: self.code_hash.clone() };
		self.executor.call(ext, &runtime_code, method, data, CallContext::Offchain).0.expect(method)
	}

	/// Runs `method` with `data` on the block being built, keeping its changes.
	pub fn run(&mut self, method: &str, data: &[u8]) -> Ran {
		let fetcher = WrappedRuntimeCode(Cow::Borrowed(&self.code));
		let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash: self.code_hash.clone() };
		let mut extensions = sp_externalities::Extensions::default();
		self.overlay.enter_runtime().expect("not in the runtime");
		let start = Instant::now();
		let result = {
			let mut ext = Ext::new(&mut self.overlay, &self.backend, Some(&mut extensions));
			self.executor.with_instance(
				&runtime_code,
				&mut ext,
				DEFAULT_HEAP_ALLOC_STRATEGY,
				|_, mut instance, _, mut ext| {
					with_externalities_safe(&mut **ext, move || instance.call_with_allocation_stats(method, data))
						.map(Ok)
				},
			)
		};
		let time = start.elapsed();
		self.overlay.exit_runtime().expect("in the runtime");
		let (output, stats) = result.unwrap_or_else(|error: ExecutorError| panic!("{method}: {error}"));
		let output = output.unwrap_or_else(|error| panic!("{method}: {error}"));
		let heap = stats.map_or(0, |stats| u64::from(stats.address_space_used));
		Ran { output, time, heap }
	}

	/// Commits the block being built and starts the next: `finalize_block` runs (what the block
	/// does at its end, `on_idle` included) and is measured, with the weight it added.
	pub fn next_block(&mut self) -> Applied {
		let before = self.block_weight();
		let ran = self.run("BlockBuilder_finalize_block", &[]);
		let finalized = Applied {
			result: Ok(()),
			time: ran.time,
			weight: self.block_weight().saturating_sub(before),
			heap: ran.heap,
		};
		let changes = std::mem::take(&mut self.overlay)
			.drain_storage_changes(&self.backend, StateVersion::V1)
			.expect("no open transaction");
		self.backend.apply_transaction(changes.transaction_storage_root, changes.transaction);
		self.start_block();
		finalized
	}

	fn start_block(&mut self) {
		self.number += 1;
		let parent_hash = if self.number == 1 { self.genesis_hash } else { H256::repeat_byte(self.number as u8) };
		// Aura's slot, as its author puts it in the header, and the time that falls in it: the
		// clock advances a slot per block.
		let slot = 283_333_333u64 + u64::from(self.number);
		let now = slot * ocos_runtime::SLOT_DURATION;
		let digest =
			sp_runtime::generic::Digest { logs: vec![sp_runtime::DigestItem::PreRuntime(*b"aura", slot.encode())] };
		let header = Header::new(self.number, Default::default(), Default::default(), parent_hash, digest);
		self.run("Core_initialize_block", &header.encode());
		// The timestamp inherent every block must have.
		let applied = self.apply_extrinsic(&R::timestamp(now));
		applied.result.expect("the timestamp inherent applies");
	}

	/// The weight the block being built has used so far.
	fn block_weight(&mut self) -> Weight {
		// The key is the same in every runtime whose system pallet is named `System`.
		let key = frame_system::BlockWeight::<Runtime>::hashed_key();
		let bytes = match self.overlay.storage(&key) {
			Some(value) => value.map(<[u8]>::to_vec),
			None => self.backend_storage(&key),
		};
		let weight: PerDispatchClass<Weight> =
			bytes.map(|bytes| Decode::decode(&mut &bytes[..]).expect("a block weight")).unwrap_or_default();
		weight.total()
	}

	fn backend_storage(&self, key: &[u8]) -> Option<Vec<u8>> {
		use sp_state_machine::Backend;
		self.backend.storage(key).expect("the in-memory backend reads")
	}

	fn apply_extrinsic(&mut self, extrinsic: &[u8]) -> Applied {
		let before = self.block_weight();
		let ran = self.run("BlockBuilder_apply_extrinsic", extrinsic);
		let applied: ApplyExtrinsicResult = Decode::decode(&mut &ran.output[..]).expect("an apply result");
		let result = applied.unwrap_or_else(|invalid| {
			panic!("the block builder dropped the extrinsic: {invalid:?} (block weight {before:?})")
		});
		let weight = self.block_weight().saturating_sub(before);
		Applied { result, time: ran.time, weight, heap: ran.heap }
	}

	/// Signs `call` by `signer` with its next nonce and applies it in the block being built,
	/// keeping its changes.
	pub fn apply(&mut self, signer: Sr25519Keyring, call: R::Call) -> Applied {
		let nonce = self.nonces.entry(signer.public().0).or_default();
		let extrinsic = R::signed(call, signer, *nonce, self.genesis_hash);
		*nonce += 1;
		self.apply_extrinsic(&extrinsic)
	}

	/// Keeps the block from filling: a new block unless this one has room for an extrinsic of
	/// the harness's gas limit (a block takes 1.5 s and 7.5 MiB of normal extrinsics).
	pub fn make_room(&mut self) {
		let used = self.block_weight();
		if used.ref_time() > 300_000_000_000 || used.proof_size() > 4 * 1024 * 1024 {
			self.next_block();
		}
	}

	/// Applies `call` by `signer` `samples` times on the same state, in a block with room for
	/// it: the run of median time, with the largest heap of all runs.
	pub fn measure(&mut self, signer: Sr25519Keyring, call: R::Call, samples: usize) -> Applied {
		self.make_room();
		let mut runs: Vec<Applied> = (0..samples).map(|_| self.try_apply(signer, call.clone())).collect();
		let heap = runs.iter().map(|run| run.heap).max().unwrap_or_default();
		runs.sort_by_key(|run| run.time);
		Applied { heap, ..runs.swap_remove(runs.len() / 2) }
	}

	/// Writes `value` under `key` in the block being built, as governance would have.
	pub fn set_storage(&mut self, key: Vec<u8>, value: Vec<u8>) {
		self.overlay.set_storage(key, Some(value));
	}

	/// Applies `call` signed by `signer` as [`apply`](Self::apply) does, then undoes it: the
	/// block and the state stay as they were, so it can be measured again.
	pub fn try_apply(&mut self, signer: Sr25519Keyring, call: R::Call) -> Applied {
		self.overlay.start_transaction();
		let applied = self.apply(signer, call);
		self.overlay.rollback_transaction().expect("the transaction started above");
		*self.nonces.get_mut(&signer.public().0).expect("applied above") -= 1;
		applied
	}
}

/// One row of the in-runtime table.
pub struct Row {
	/// The class of cost it probes.
	pub class: &'static str,
	/// What runs.
	pub case: String,
	/// How the extrinsic ended.
	pub outcome: String,
	/// The median wall time in the runtime.
	pub time: Duration,
	/// The weight the block charged.
	pub weight: Weight,
	/// The runtime heap's high-water mark.
	pub heap: u64,
}

impl Row {
	/// The time over the weight: at most 1 when the weight bounds the time.
	pub fn ratio(&self) -> f64 {
		self.time.as_secs_f64() * 1e12 / self.weight.ref_time().max(1) as f64
	}
}

/// The gas limit of the table's extrinsics: two thirds of what an extrinsic may carry.
fn gas_limit() -> Weight {
	Weight::from_parts(1_000_000_000_000, 2 * 1024 * 1024)
}

/// The index of `OcosVm` in `construct_runtime!`.
const OCOS_VM_INDEX: u8 = 8;

/// How an applied extrinsic ended, with the pallet's error by name.
fn outcome(result: &Result<(), DispatchError>) -> String {
	match result {
		Ok(()) => "Ok".into(),
		Err(DispatchError::Module(error)) if error.index == OCOS_VM_INDEX => {
			match pallet_ocos_vm::Error::<Runtime>::decode(&mut &error.error[..]) {
				Ok(error) => format!("{error:?}"),
				Err(_) => format!("{error:?}"),
			}
		}
		Err(error) => format!("{error:?}"),
	}
}

fn ocos(call: pallet_ocos_vm::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::OcosVm(call)
}

/// The table's chain: contracts deployed by Alice, measured by repeating an extrinsic on the
/// same state.
pub struct Table {
	chain: Chain<Ocos>,
	samples: usize,
	rows: Vec<Row>,
	/// The salt of the last contract deployed.
	salt: u32,
}

const ALICE: Sr25519Keyring = Sr25519Keyring::Alice;

impl Table {
	fn new(samples: usize) -> Self {
		let code = ocos_runtime::WASM_BINARY.expect("the runtime's WebAssembly is built").to_vec();
		Self { chain: Chain::new(code), samples, rows: Vec::new(), salt: 0 }
	}

	/// Uploads and instantiates `code` as Alice, with a salt of its own, keeping it; returns the
	/// contract.
	fn deploy(&mut self, code: Vec<u8>) -> [u8; 32] {
		self.deploy_on(0, code, vec![])
	}

	/// Uploads `code` for `engine` and instantiates it as Alice with `data` and a salt of its
	/// own, keeping it; returns the contract.
	fn deploy_on(&mut self, engine: u32, code: Vec<u8>, data: Vec<u8>) -> [u8; 32] {
		self.chain.make_room();
		self.salt += 1;
		let salt = &self.salt.to_le_bytes()[..];
		let code_hash = sp_io::hashing::blake2_256(&code);
		let applied = self.chain.apply(
			ALICE,
			ocos(pallet_ocos_vm::Call::instantiate_with_code {
				code,
				engine,
				value: 0,
				gas_limit: gas_limit(),
				storage_deposit_limit: None,
				data,
				salt: salt.to_vec(),
			}),
		);
		assert_eq!(applied.result, Ok(()), "a contract of the table deploys");
		let address =
			pallet_ocos_vm::storage::contract_address::<Runtime>(&ALICE.to_account_id(), &H256(code_hash), salt);
		address.into()
	}

	/// Applies `call` by Alice `samples` times on the same state and adds the row.
	fn measure(&mut self, class: &'static str, case: impl Into<String>, call: RuntimeCall) {
		let median = self.chain.measure(ALICE, call, self.samples);
		self.rows.push(Row {
			class,
			case: case.into(),
			outcome: outcome(&median.result),
			time: median.time,
			weight: median.weight,
			heap: median.heap,
		});
	}

	fn call(dest: [u8; 32], value: u128, data: Vec<u8>) -> RuntimeCall {
		ocos(pallet_ocos_vm::Call::call {
			dest: sp_runtime::MultiAddress::Id(dest.into()),
			value,
			gas_limit: gas_limit(),
			storage_deposit_limit: None,
			data,
		})
	}

	fn upload(code: Vec<u8>) -> RuntimeCall {
		ocos(pallet_ocos_vm::Call::upload_code { code, engine: 0, storage_deposit_limit: None })
	}
}

/// The bytes of the largest code the table builds: below the runtime's `MaxCodeLen`.
const LARGE_CODE: usize = 120 * 1024;

/// A contract of the pallet's fixtures, compiled from its `.wat` file (`benchmarks/NAME` for the
/// benchmarks' own).
fn fixture(name: &str) -> Vec<u8> {
	let path = format!("{}/../pallets/ocos-vm/fixtures/{name}.wat", env!("CARGO_MANIFEST_DIR"));
	wat::parse_file(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Runs every workload and hostile shape in the runtime and returns the table's rows; `quick`
/// runs each once, on small inputs.
pub fn run(quick: bool) -> Vec<Row> {
	use crate::workloads::Target;
	use ocos_vm_fixtures as shapes;
	use pallet_ocos_vm::limits::{MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_GLOBALS, MAX_IMPORTS, MAX_SEGMENTS, MAX_TYPES};
	let mut table = Table::new(if quick { 1 } else { 9 });

	for workload in crate::workloads::all() {
		let dest = table.deploy(workload.wasm(Target::Ocos));
		let class = if workload.fuel_gap { "5 fuel gaps" } else { "workloads" };
		table.measure(class, workload.name, Table::call(dest, 0, workload.call_input(quick)));
	}
	let (iterations, chains, calls, depth): (u32, u32, u32, u32) =
		if quick { (100, 10, 10, 10) } else { (100_000, 40_000, 5_000, 1_000) };
	// A fixture's input: a little-endian u32, and for the load benchmark's, the pages it runs across
	// after it.
	let le = |n: u32| n.to_le_bytes().to_vec();
	let chained_loads = |chains: u32, pages: u32| [chains.to_le_bytes(), pages.to_le_bytes()].concat();
	let pages = pallet_ocos_vm::limits::Limits::of::<Runtime>().memory_pages;
	let descents = pallet_ocos_vm::wasm::cost::CALL_DESCENTS;
	for (fixture_name, case, input) in [
		("division_mix", format!("64-bit divisions and remainders (x{iterations})"), le(iterations)),
		("memory_mix", format!("loads and stores of an i64 and a byte (x{iterations})"), le(iterations)),
		("benchmarks/wasm_division", format!("chains of 32 64-bit divisions (x{chains})"), le(chains)),
		("benchmarks/fuel_unary", format!("chains of 32 unary operators (x{chains})"), le(chains)),
		("long_unary_chain", format!("chains of 256 unary operators (x{})", chains / 8), le(chains / 8)),
		("benchmarks/wasm_load", format!("chains of 32 loads across a page (x{chains})"), chained_loads(chains, 1)),
		(
			"benchmarks/wasm_load",
			format!("chains of 32 loads across {pages} pages (x{chains})"),
			chained_loads(chains, pages),
		),
		(
			"scattered_stores",
			format!("32 stores across 1 MiB, each to a line not written lately (x{chains})"),
			le(chains),
		),
		("global_chain", format!("16 reads and writes of a global (x{chains})"), le(chains)),
		("widest_call", format!("calls of a function with 32 parameters and 512 locals (x{calls})"), le(calls)),
		("benchmarks/wasm_call", format!("{descents} descents of {depth} nested calls"), le(depth)),
		("benchmarks/wasm_call_indirect", format!("{descents} descents of {depth} nested indirect calls"), le(depth)),
		("benchmarks/bulk_copy", "memory.copy of 128 KiB".into(), le(128 * 1024)),
		("benchmarks/memory_grow", format!("{} grows of one page", pages - 1), le(pages - 1)),
	] {
		let dest = table.deploy(fixture(fixture_name));
		table.measure("5 fuel gaps", case, Table::call(dest, 0, input));
	}

	let code_len = if quick { 8 * 1024 } else { LARGE_CODE as u32 };
	for body in shapes::Body::ALL {
		let code = shapes::compiled(code_len, body);
		let kib = code.len() / 1024;
		let mut invalid = code.clone();
		invalid.push(0x0b);
		table.measure("7 upload", format!("{} ({kib} KiB)", body.name()), Table::upload(code.clone()));
		table.measure("7 upload", format!("{}, invalid at its end ({kib} KiB)", body.name()), Table::upload(invalid));
		let dest = table.deploy(code);
		table.measure(
			"5 compile",
			format!("{}: first call compiles {kib} KiB", body.name()),
			Table::call(dest, 0, vec![]),
		);
	}

	let data_len = if quick { 1024 } else { LARGE_CODE as u32 };
	let load_shapes: Vec<(String, Vec<u8>)> = vec![
		(format!("{} exports", MAX_EXPORTS), shapes::exports(MAX_EXPORTS - 3)),
		(format!("{MAX_ELEMENT_ITEMS} element items"), shapes::element_items(MAX_ELEMENT_ITEMS)),
		(format!("{MAX_GLOBALS} globals"), shapes::globals(MAX_GLOBALS)),
		(format!("{MAX_TYPES} function types"), shapes::types(MAX_TYPES - 1)),
		(format!("{MAX_IMPORTS} imports"), shapes::imports(MAX_IMPORTS)),
		(format!("{MAX_SEGMENTS} data segments"), shapes::segments(MAX_SEGMENTS)),
		(format!("{pages} pages of memory"), shapes::memory(pages)),
		(format!("{} KiB of data", data_len / 1024), shapes::data(data_len, pages)),
	];
	for (name, code) in load_shapes {
		let code_hash = sp_io::hashing::blake2_256(&code);
		table.measure("3 instantiation", format!("upload: {name}"), Table::upload(code.clone()));
		let dest = table.deploy(code);
		let instantiate = ocos(pallet_ocos_vm::Call::instantiate {
			code_hash: H256(code_hash),
			value: 0,
			gas_limit: gas_limit(),
			storage_deposit_limit: None,
			data: vec![],
			salt: b"instance".to_vec(),
		});
		table.measure("3 instantiation", format!("instantiate: {name}"), instantiate);
		table.measure("3 instantiation", format!("call: {name}"), Table::call(dest, 0, vec![]));
	}

	// Enough to use up the call stack's memory budget, within the proof size of the gas limit.
	let callees = if quick { 3 } else { 12 };
	let mut addresses = Vec::new();
	for index in 0..callees {
		addresses.extend(table.deploy(shapes::distinct(code_len, index)));
	}
	let fanout = table.deploy(fixture("fanout"));
	table.measure(
		"1 memory",
		format!("one call of {callees} distinct {} KiB contracts, each compiled whole", code_len / 1024),
		Table::call(fanout, 0, addresses),
	);

	let log = table.deploy(fixture("log"));
	let log_input = |times: u32, topics: u32, data: usize| {
		let mut input = [times.to_le_bytes(), topics.to_le_bytes()].concat();
		input.extend(vec![0xEE; topics as usize * 32 + data]);
		input
	};
	let limits = pallet_ocos_vm::limits::Limits::of::<Runtime>();
	let (per_stack, data_len) = (limits.log_bytes_per_stack, limits.log_data_len as usize);
	let most = per_stack / (4 * 32 + data_len as u32);
	table.measure(
		"4 logs",
		format!("{most} logs of 4 topics and {data_len} bytes"),
		Table::call(log, 0, log_input(most, 4, data_len)),
	);
	table.measure(
		"4 logs",
		format!("{} logs: one over the call stack's limit", most + 1),
		Table::call(log, 0, log_input(most + 1, 4, data_len)),
	);
	table.measure("4 logs", "1000 logs of no data", Table::call(log, 0, log_input(1000, 0, 0)));

	let dummy = table.deploy(fixture("dummy"));
	table.measure("6 value", "call without value", Table::call(dummy, 0, vec![]));
	table.measure("6 value", "call with value", Table::call(dummy, 1_000_000_000, vec![]));

	let mut rejected = shapes::compiled(code_len, shapes::Body::PopcntChain);
	rejected.push(0x0b);
	let instantiate_rejected = ocos(pallet_ocos_vm::Call::instantiate_with_code {
		code: rejected,
		engine: 0,
		value: 0,
		gas_limit: gas_limit(),
		storage_deposit_limit: None,
		data: vec![],
		salt: vec![],
	});
	table.measure("8 errors", "instantiate_with_code of rejected code, 1 s of gas", instantiate_rejected);

	let items: u32 = if quick { 10 } else { 1_000 };
	let filler = table.deploy(fixture("filler"));
	// A call stores at most as many items as its proof size allows: 100 at a time.
	for start in (0..items).step_by(100) {
		table.chain.make_room();
		let count = (items - start).min(100);
		let input = [count.to_le_bytes(), start.to_le_bytes()].concat();
		let filled = table.chain.apply(ALICE, Table::call(filler, 0, input));
		filled.result.unwrap_or_else(|error| panic!("the filler stores items {start}..{}: {error:?}", start + count));
	}
	table.measure("9 terminate", format!("terminate a contract of {items} items"), Table::call(filler, 0, vec![]));
	// What `on_idle` adds to the end of a block: the end of the block that deletes the storage,
	// less the end of an empty block.
	table.chain.next_block();
	let terminated = table.chain.apply(ALICE, Table::call(filler, 0, vec![]));
	terminated.result.unwrap_or_else(|error| panic!("the filler terminates: {error:?}"));
	let deleting = table.chain.next_block();
	let empty = table.chain.next_block();
	table.rows.push(Row {
		class: "9 terminate",
		case: format!("on_idle deletes the {items} items"),
		outcome: "Ok".into(),
		time: deleting.time.saturating_sub(empty.time),
		weight: deleting.weight.saturating_sub(empty.weight),
		heap: deleting.heap,
	});
	measure_evm(&mut table, quick);
	table.rows
}

/// The EVM engine's id once [`measure_evm`] registered it.
const EVM_ENGINE: u32 = 1;

/// The EVM engine's rows: its gas mixes, and Solidity contracts compiled by solc.
fn measure_evm(table: &mut Table, quick: bool) {
	use codec::Encode;
	use ocos_vm_fixtures::evm::{self, GasMix};
	use pallet_ocos_vm::{evm::EvmConfig, evm::Hardfork, EngineInfo, EngineKind, EngineStatus};
	let config = EvmConfig { chain_id: 420, hardfork: Hardfork::Prague }.encode();
	let info = EngineInfo { kind: EngineKind::Evm, status: EngineStatus::Active, config: config.try_into().unwrap() };
	table.chain.set_storage(pallet_ocos_vm::Engines::<Runtime>::hashed_key_for(EVM_ENGINE), info.encode());
	table.chain.set_storage(pallet_ocos_vm::NextEngineId::<Runtime>::hashed_key().to_vec(), (EVM_ENGINE + 1).encode());

	let word = |value: u128| [[0u8; 16], value.to_be_bytes()].concat();
	let gas: u32 = if quick { 10_000 } else { 10_000_000 };
	for mix in GasMix::ALL {
		let dest = table.deploy_on(EVM_ENGINE, evm::deployer(&evm::gas_loop(mix)), vec![]);
		table.measure(
			"10 evm",
			format!("{mix:?} loop, {gas} gas of opcodes"),
			Table::call(dest, 0, evm::gas_loop_input(mix, gas)),
		);
	}
	let token_code = evm::solidity("Token");
	table.measure(
		"10 evm",
		"ERC-20 (solc): upload and instantiate",
		ocos(pallet_ocos_vm::Call::instantiate_with_code {
			code: token_code.clone(),
			engine: EVM_ENGINE,
			value: 0,
			gas_limit: gas_limit(),
			storage_deposit_limit: None,
			data: word(1_000_000),
			salt: b"measured".to_vec(),
		}),
	);
	let token = table.deploy_on(EVM_ENGINE, token_code, word(1_000_000));
	// To an address of its own.
	let transfer = [selector("transfer(address,uint256)"), word(0x77), word(250)].concat();
	table.measure("10 evm", "ERC-20 (solc): transfer", Table::call(token, 0, transfer));

	let features = table.deploy_on(EVM_ENGINE, evm::solidity("Features"), vec![]);
	let items: u128 = if quick { 5 } else { 200 };
	for key in 0..items {
		let store = [selector("store(uint256,uint256)"), word(key), word(key + 1)].concat();
		table.chain.make_room();
		table.chain.apply(ALICE, Table::call(features, 0, store));
	}
	let sum = selector("sum()");
	table.measure("10 evm", format!("a view summing {items} stored items"), Table::call(features, 0, sum));
	let spins: u128 = if quick { 100 } else { 100_000 };
	let spin = [selector("spin(uint256)"), word(spins)].concat();
	table.measure("10 evm", format!("a loop of {spins} additions"), Table::call(features, 0, spin));
}

/// The ABI selector of a Solidity function.
fn selector(signature: &str) -> Vec<u8> {
	sp_io::hashing::keccak_256(signature.as_bytes())[..4].to_vec()
}

/// Prints the rows as the table `docs/PERFORMANCE.md` keeps.
pub fn print(rows: &[Row]) {
	println!("\n## In the runtime: time against weight\n");
	println!("Each extrinsic applied by the runtime's WebAssembly as the block builder applies it (median of the runs); weight is what the block charged for it, heap the runtime heap's high-water mark ({} MiB in all).\n", RUNTIME_HEAP_BYTES >> 20);
	println!("| class | case | outcome | time µs | weight µs | time / weight | heap MiB |");
	println!("|---|---|---|---:|---:|---:|---:|");
	for row in rows {
		println!(
			"| {} | {} | {} | {:.1} | {:.1} | {:.2} | {:.1} |",
			row.class,
			row.case,
			row.outcome,
			row.time.as_secs_f64() * 1e6,
			row.weight.ref_time() as f64 / 1e6,
			row.ratio(),
			row.heap as f64 / (1024.0 * 1024.0),
		);
	}
	let worst = rows.iter().max_by(|a, b| a.ratio().total_cmp(&b.ratio())).expect("rows");
	let heap = rows.iter().map(|row| row.heap).max().unwrap_or_default();
	let mib = |bytes: f64| bytes / (1024.0 * 1024.0);
	println!(
		"\nWorst: {:.2} ({}: {}). Largest heap: {:.1} MiB of {} MiB.",
		worst.ratio(),
		worst.class,
		worst.case,
		mib(heap as f64),
		RUNTIME_HEAP_BYTES >> 20
	);
	print_block_bounds();
}

/// What the largest block can hold of events and of new state, by the runtime's limits and
/// weights.
fn print_block_bounds() {
	use pallet_ocos_vm::WeightInfo;
	type Weights = <Runtime as pallet_ocos_vm::Config>::WeightInfo;
	let limits = pallet_ocos_vm::limits::Limits::of::<Runtime>();
	let block = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = block.get(frame_support::dispatch::DispatchClass::Normal).max_total.unwrap_or(block.max_block);
	let largest_value = limits.storage_key_len + limits.storage_value_len;
	let write = Weights::storage_write(largest_value, limits.storage_value_len);
	let writes = (normal.ref_time() / write.ref_time()).min(normal.proof_size() / write.proof_size().max(1));
	println!(
		"\nThe largest block holds at most {} KiB of contract logs (`MaxLogBytesPerBlock`), and at most {writes} writes of the largest value ({} MiB of new state): {} by its `ref_time`, {} by its proof size ({} MiB).",
		limits.log_bytes_per_block / 1024,
		u64::from(largest_value) * writes / (1024 * 1024),
		normal.ref_time() / write.ref_time(),
		normal.proof_size() / write.proof_size().max(1),
		normal.proof_size() / (1024 * 1024),
	);
}
