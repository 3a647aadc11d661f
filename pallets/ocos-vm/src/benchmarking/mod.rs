//! Benchmarks of `pallet-ocos-vm` (frame-benchmarking v2). `scripts/benchmark.sh` runs them with
//! `ocos-node benchmark pallet` on the runtime's WebAssembly build and writes `weights.rs`.
//!
//! There are four kinds:
//! - **Extrinsics**, on the smallest contract; `upload_code` on code that costs the most per byte
//!   to validate.
//! - **Execution**, measured through whole calls and used by their growth only
//!   ([`gas::marginal`]), since the fixed part of a call is in `call` (or `call_base` for a nested
//!   call): the price of fuel on three instruction mixes (`fuel_*`, the component counts units of
//!   fuel), what costs more than a unit (`wasm_load`, `wasm_division`, `wasm_call`,
//!   `wasm_call_indirect`, a callee's locals `wasm_call_locals`, `bulk_copy` per byte,
//!   `compile` per byte of the dearest body), entering the host (`syscall_entry`, the component
//!   counts syscalls), and loading code by its shape (`load_*`, the component counts bytes or
//!   items of one kind); the price of EVM gas on three opcode mixes (`evm_*`, the component
//!   counts units of gas).
//! - **Syscalls**, each run directly on a frame's state, in its worst case: the largest key, an
//!   existing value to replace, a new account to transfer to, a log into a block full of them;
//!   and settling a contract's storage deposit when it moves (`settle_deposit`).
//! - **Hooks**: deleting a terminated contract's storage (`delete_queued`, per key).

mod code;

use crate::{
	address,
	context::{Frame, Origin},
	evm::{EvmConfig, Hardfork},
	exec::{Outcome, Stack},
	gas::{self, GasMeter},
	limits::{
		MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_GLOBALS, MAX_IMPORTS, MAX_LOCALS_PER_FUNCTION, MAX_RECURSION_DEPTH,
		MAX_SEGMENTS, MAX_TABLE_ELEMENTS, MAX_TYPES,
	},
	memory::ContractMemory,
	registry::{EngineId, EngineKind, EngineStatus},
	storage::{self, ContractInfo, ContractKey, ContractValue, StorageDelta},
	syscall::{HostExit, HostState},
	wasm::cost::CALLS_OF_LOCALS,
	AccountIdOf, BalanceOf, BlockLogBytes, Call, CodeInfoOf, Config, ContractInfoOf, ContractStorage, DeletionQueue,
	Engines, ExitReason, OriginalAccount, Pallet,
};
use alloc::{vec, vec::Vec};
use code::evm::GasMix;
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::traits::{Bounded, StaticLookup, Zero};

/// The most fuel a `fuel_*` benchmark burns.
const MAX_FUEL: u32 = 2_000_000;
/// The most syscalls `syscall_entry` makes.
const MAX_SYSCALLS: u32 = 10_000;
/// The deepest descent of nested calls `wasm_call` and `wasm_call_indirect` make: under
/// [`MAX_RECURSION_DEPTH`] with the frames that start them.
const MAX_CALL_DEPTH: u32 = 1_000;
const _: () = assert!(MAX_CALL_DEPTH + 2 <= MAX_RECURSION_DEPTH);
/// The most chains of operators `wasm_load` and `wasm_division` run.
const MAX_CHAINS: u32 = 10_000;
/// The most EVM gas an `evm_*` gas benchmark burns.
const MAX_EVM_GAS: u32 = 2_400_000;
/// The most storage keys `delete_queued` deletes.
const MAX_DELETED_KEYS: u32 = 1_000;
/// The longest `memory.copy` `bulk_copy` makes (its fixture's memory holds twice this).
const MAX_COPY: u32 = 128 * 1024;
/// The key type the signature benchmarks sign with.
const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"ocos");

/// Registers the EVM engine, following Prague.
fn evm_engine<T: Config>() -> EngineId {
	let config = EvmConfig { chain_id: 1, hardfork: Hardfork::Prague }.encode();
	Pallet::<T>::add_engine(EngineKind::Evm, config.try_into().expect("an EVM config is a few bytes; qed"))
}

/// An EVM contract running `mix`'s loop, and the input that makes it burn about `gas`.
fn evm_gas_mix<T: Config>(mix: GasMix, gas: u32) -> Result<(Contract<T>, Vec<u8>), BenchmarkError> {
	let code = code::evm::deployer(&code::evm::gas_loop(mix));
	Ok((Contract::<T>::on_engine(evm_engine::<T>(), &code, &[])?, code::evm::gas_loop_input(mix, gas)))
}

/// Gives `who` funds for any deposit or transfer a benchmark makes.
fn fund<T: Config>(who: &AccountIdOf<T>) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
}

/// Uploads `code` for `engine` from `deployer` unless it is stored; its hash.
fn upload<T: Config>(deployer: &AccountIdOf<T>, engine: EngineId, code: &[u8]) -> Result<H256, BenchmarkError> {
	let code_hash = H256(sp_io::hashing::blake2_256(code));
	if !CodeInfoOf::<T>::contains_key(code_hash) {
		Pallet::<T>::store_code(deployer.clone(), code.to_vec(), engine, None)
			.map_err(|_| BenchmarkError::Stop("the benchmark's code is refused"))?;
	}
	Ok(code_hash)
}

/// A funded account.
fn funded<T: Config>(name: &'static str) -> AccountIdOf<T> {
	let who = account(name, 0, 0);
	fund::<T>(&who);
	who
}

/// A contract deployed from `code` by a funded account.
struct Contract<T: Config> {
	deployer: AccountIdOf<T>,
	address: AccountIdOf<T>,
}

impl<T: Config> Contract<T> {
	/// Uploads `code` unless it is stored and instantiates it with `salt`, on the wasmi engine.
	fn new(code: &[u8], salt: &[u8]) -> Result<Self, BenchmarkError> {
		Self::on_engine(0, code, salt)
	}

	/// Uploads `code` for `engine` unless it is stored and instantiates it with `salt`.
	fn on_engine(engine: EngineId, code: &[u8], salt: &[u8]) -> Result<Self, BenchmarkError> {
		let deployer = funded::<T>("deployer");
		let code_hash = upload::<T>(&deployer, engine, code)?;
		let zero = 0u32.into();
		let (address, _) =
			Pallet::<T>::bare_instantiate(deployer.clone(), code_hash, zero, Weight::MAX, None, vec![], salt.to_vec());
		let address = address.ok_or(BenchmarkError::Stop("the benchmark's contract does not deploy"))?;
		Ok(Self { deployer, address })
	}

	/// Uploads wasm `code` unless it is stored and places a contract of it as instantiating it
	/// would, but without running its constructor. The call a benchmark then measures is the
	/// code's first frame in the runtime instance, so the heap its memory takes was never touched:
	/// as in the block builder, which applies each extrinsic in a fresh instance, where the first
	/// touch of every page costs the host far more than touching it again.
	fn unrun(code: &[u8]) -> Result<Self, BenchmarkError> {
		let deployer = funded::<T>("deployer");
		let code_hash = upload::<T>(&deployer, 0, code)?;
		let code = CodeInfoOf::<T>::get(code_hash).ok_or(BenchmarkError::Stop("the benchmark's code is stored"))?;
		let address = storage::contract_address::<T>(&deployer, &code_hash, &[]);
		T::Currency::set_balance(&address, T::Currency::minimum_balance());
		storage::place_contract::<T>(&address, &ContractInfo::<T>::new(code_hash, code.engine, code.shape));
		Ok(Self { deployer, address })
	}

	/// Calls the contract with `input` and all the gas it needs.
	fn call(&self, input: Vec<u8>) -> Outcome<T> {
		Pallet::<T>::bare_call(self.deployer.clone(), self.address.clone(), 0u32.into(), Weight::MAX, None, input)
	}

	/// Calls the contract with `input`; fails the benchmark unless it returned.
	fn returns(&self, input: Vec<u8>) -> Result<(), BenchmarkError> {
		returned(&self.call(input))
	}

	/// A frame of this contract called by its deployer with `input`.
	fn frame(&self, input: Vec<u8>) -> Frame<T> {
		Frame { caller: self.deployer.clone(), address: self.address.clone(), value: 0u32.into(), input }
	}

	/// Stores `value_len` bytes under `key`, counted in the contract's info as a settled call would.
	fn store(&self, key: Vec<u8>, value_len: u32) {
		let key = ContractKey::<T>::truncate_from(key);
		let old_len = storage::value_len::<T>(&self.address, &key);
		let delta = StorageDelta::of_write(key.len() as u32, old_len, Some(value_len));
		let value = ContractValue::<T>::truncate_from(vec![0xAB; value_len as usize]);
		storage::write::<T>(&self.address, key, Some(value));
		ContractInfoOf::<T>::mutate(&self.address, |info| info.as_mut().map(|info| info.apply(delta)));
	}

	/// Stores `count` keys of `key_len` bytes with values of `value_len` bytes.
	fn fill_storage(&self, count: u32, key_len: u32, value_len: u32) {
		for index in 0..count {
			let mut key = vec![0xEE; key_len as usize];
			let index_bytes = index.to_le_bytes();
			let prefix = index_bytes.len().min(key.len());
			key[..prefix].copy_from_slice(&index_bytes[..prefix]);
			self.store(key, value_len);
		}
	}
}

/// A fuel benchmark's contract and the input that makes it burn about `fuel` units: the number of
/// loop iterations, found from what one iteration burns.
fn fuel_mix<T: Config>(code: &[u8], fuel: u32) -> Result<(Contract<T>, Vec<u8>), BenchmarkError> {
	let contract = Contract::<T>::new(code, &[])?;
	let used = |iterations: u32| contract.call(iterations.to_le_bytes().to_vec()).gas_consumed.ref_time();
	const PROBE: u32 = 1_000;
	let per_iteration = used(PROBE).saturating_sub(used(0)) / u64::from(PROBE) / gas::ref_time_per_fuel::<T>();
	let iterations = u64::from(fuel) / per_iteration.max(1);
	Ok((contract, (iterations as u32).to_le_bytes().to_vec()))
}

/// A frame of a new contract with the smallest code, for running syscalls directly: a call stack
/// for it and a gas meter that never runs out.
struct SyscallFrame<T: Config> {
	contract: Contract<T>,
	stack: Stack<T>,
	gas: GasMeter,
}

impl<T: Config> SyscallFrame<T> {
	fn new() -> Result<Self, BenchmarkError> {
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		let stack = Stack::new(Origin::Signed(contract.deployer.clone()));
		let gas = GasMeter::new(Weight::MAX, gas::ref_time_per_fuel::<T>());
		Ok(Self { contract, stack, gas })
	}

	/// The frame's state as wasmi hands it to host functions, the call's input being `input`.
	fn state(&mut self, input: Vec<u8>) -> HostState<'_, T> {
		let frame = self.contract.frame(input);
		HostState {
			stack: &mut self.stack,
			frame,
			gas: &mut self.gas,
			memory: None,
			heap_charged: 0,
			growth_denied: None,
			fuel_at_sync: 0,
			output: None,
		}
	}
}

/// Runs `f` under `depth` storage transactions, as a syscall of the `depth`-th frame runs.
fn within_frames<R>(depth: u32, f: impl FnOnce() -> R) -> R {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	match depth {
		0 => f(),
		_ => with_transaction(|| {
			TransactionOutcome::Commit(Ok::<_, sp_runtime::DispatchError>(within_frames(depth - 1, f)))
		})
		.expect("MaxCallDepth storage transactions fit in the runtime's limit"),
	}
}

/// A contract memory of `len` bytes with `parts` written at their offsets.
fn memory(len: u32, parts: &[(u32, &[u8])]) -> Vec<u8> {
	let mut bytes = vec![0u8; len as usize];
	for (offset, data) in parts {
		bytes[*offset as usize..*offset as usize + data.len()].copy_from_slice(data);
	}
	bytes
}

/// The largest storage key.
fn max_key<T: Config>() -> Vec<u8> {
	vec![0x11; T::MaxStorageKeyLen::get() as usize]
}

/// Fails the benchmark unless the call returned.
fn returned<T: Config>(outcome: &Outcome<T>) -> Result<(), BenchmarkError> {
	match &outcome.result {
		Ok(done) if done.exit == ExitReason::Returned => Ok(()),
		_ => Err(BenchmarkError::Stop("the benchmark's call did not return")),
	}
}

/// Fails the benchmark unless the syscall returned `expected`.
fn answered<R: PartialEq>(result: Result<R, HostExit>, expected: R) -> Result<(), BenchmarkError> {
	match result {
		Ok(value) if value == expected => Ok(()),
		_ => Err(BenchmarkError::Stop("the syscall did not answer as expected")),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// ---- Extrinsics ----

	/// Code of `c` bytes, `t` of them in function types (the dearest items to check per byte),
	/// the rest the dearest code to validate.
	#[benchmark]
	fn upload_code(c: Linear<0, { T::MaxCodeLen::get() }>, t: Linear<0, { MAX_TYPES - 3 }>) {
		let owner: AccountIdOf<T> = whitelisted_caller();
		fund::<T>(&owner);
		let code = code::compiled_with_types(c, code::DEAREST_TO_VALIDATE, t);
		let code_hash = H256(sp_io::hashing::blake2_256(&code));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), code, 0, None);

		assert!(CodeInfoOf::<T>::contains_key(code_hash));
	}

	/// The code's proof is measured here for the small code the benchmark runs: each frame is
	/// charged its own code's length on top (`load_code`'s per-byte weight, proof included), so
	/// a call is not charged the proof of the longest code there could be.
	#[benchmark(pov_mode = MaxEncodedLen { OcosVm::PristineCode: Measured })]
	fn instantiate() {
		let deployer: AccountIdOf<T> = whitelisted_caller();
		fund::<T>(&deployer);
		let (code_hash, ..) = Pallet::<T>::store_code(deployer.clone(), code::sized(0), 0, None).unwrap();
		let address = storage::contract_address::<T>(&deployer, &code_hash, &[]);

		#[extrinsic_call]
		_(RawOrigin::Signed(deployer), code_hash, 0u32.into(), Weight::MAX, None, vec![], vec![]);

		assert!(ContractInfoOf::<T>::contains_key(&address));
	}

	/// The code's proof as for `instantiate`.
	#[benchmark(pov_mode = MaxEncodedLen { OcosVm::PristineCode: Measured })]
	fn call() -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		let caller: AccountIdOf<T> = whitelisted_caller();
		fund::<T>(&caller);
		let dest = T::Lookup::unlookup(contract.address);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), dest, 0u32.into(), Weight::MAX, None, vec![]);

		Ok(())
	}

	/// The code's proof as for `instantiate`.
	#[benchmark(pov_mode = MaxEncodedLen { OcosVm::PristineCode: Measured })]
	fn dao_call() -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		let origin = T::DaoOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fund::<T>(&T::DaoAccount::get());
		let dest = T::Lookup::unlookup(contract.address);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, dest, 0u32.into(), Weight::MAX, BalanceOf::<T>::max_value(), vec![]);

		Ok(())
	}

	#[benchmark]
	fn remove_code() {
		let owner: AccountIdOf<T> = whitelisted_caller();
		fund::<T>(&owner);
		let (code_hash, ..) = Pallet::<T>::store_code(owner.clone(), code::sized(0), 0, None).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), code_hash);

		assert!(!CodeInfoOf::<T>::contains_key(code_hash));
	}

	#[benchmark]
	fn register_engine() -> Result<(), BenchmarkError> {
		let origin = T::EngineAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, EngineKind::Wasmi, vec![]);

		assert!(Engines::<T>::contains_key(1));
		Ok(())
	}

	#[benchmark]
	fn set_engine_status() -> Result<(), BenchmarkError> {
		let origin = T::EngineAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, EngineStatus::UploadsFrozen);

		assert_eq!(Engines::<T>::get(0).map(|info| info.status), Some(EngineStatus::UploadsFrozen));
		Ok(())
	}

	#[benchmark]
	fn map_account() -> Result<(), BenchmarkError> {
		let account = funded::<T>("mapper");

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()));

		assert_eq!(OriginalAccount::<T>::get(address::to_address::<T>(&account)), Some(account));
		Ok(())
	}

	#[benchmark]
	fn unmap_account() -> Result<(), BenchmarkError> {
		let account = funded::<T>("mapper");
		Pallet::<T>::map_account(RawOrigin::Signed(account.clone()).into())
			.map_err(|_| BenchmarkError::Stop("the account does not map"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()));

		assert_eq!(OriginalAccount::<T>::get(address::to_address::<T>(&account)), None);
		Ok(())
	}

	// ---- Execution, used by growth only ----

	#[benchmark(pov_mode = Ignored)]
	fn fuel_arithmetic(r: Linear<0, MAX_FUEL>) -> Result<(), BenchmarkError> {
		let (contract, input) = fuel_mix::<T>(code::FUEL_ARITHMETIC, r)?;
		#[block]
		{
			contract.returns(input)?;
		}
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn fuel_unary(r: Linear<0, MAX_FUEL>) -> Result<(), BenchmarkError> {
		let (contract, input) = fuel_mix::<T>(code::FUEL_UNARY, r)?;
		#[block]
		{
			contract.returns(input)?;
		}
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn fuel_control(r: Linear<0, MAX_FUEL>) -> Result<(), BenchmarkError> {
		let (contract, input) = fuel_mix::<T>(code::FUEL_CONTROL, r)?;
		#[block]
		{
			contract.returns(input)?;
		}
		Ok(())
	}

	/// The price of a load: `r` chains of dependent loads, each missing the cache, across as much
	/// memory as a frame may have (the largest power of two of pages within `MaxMemoryPages`).
	#[benchmark(pov_mode = Ignored)]
	fn wasm_load(r: Linear<0, MAX_CHAINS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::WASM_LOAD, &[])?;
		let pages = 1u32 << T::MaxMemoryPages::get().ilog2();
		#[block]
		{
			contract.returns([r.to_le_bytes(), pages.to_le_bytes()].concat())?;
		}
		Ok(())
	}

	/// The price of a division or remainder: `r` chains of dependent 64-bit divisions.
	#[benchmark(pov_mode = Ignored)]
	fn wasm_division(r: Linear<0, MAX_CHAINS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::WASM_DIVISION, &[])?;
		#[block]
		{
			contract.returns(r.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	/// The price of EVM gas dispatching the cheapest opcode: `r` units burnt by `JUMPDEST`s.
	#[benchmark(pov_mode = Ignored)]
	fn evm_jumpdest(r: Linear<0, MAX_EVM_GAS>) -> Result<(), BenchmarkError> {
		let (contract, input) = evm_gas_mix::<T>(GasMix::Jumpdest, r)?;
		#[block]
		{
			contract.returns(input)?;
		}
		Ok(())
	}

	/// The price of EVM gas in wide arithmetic: `r` units burnt by `MULMOD`s of 256-bit values.
	#[benchmark(pov_mode = Ignored)]
	fn evm_mulmod(r: Linear<0, MAX_EVM_GAS>) -> Result<(), BenchmarkError> {
		let (contract, input) = evm_gas_mix::<T>(GasMix::MulMod, r)?;
		#[block]
		{
			contract.returns(input)?;
		}
		Ok(())
	}

	/// The fixed part of a call: [`CALL_DESCENTS`](crate::wasm::cost::CALL_DESCENTS) descents of
	/// `r` nested calls of a function whose one local is the depth left.
	#[benchmark(pov_mode = Ignored)]
	fn wasm_call(r: Linear<0, MAX_CALL_DEPTH>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::WASM_CALL, &[])?;
		#[block]
		{
			contract.returns(r.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	/// The fixed part of an indirect call: [`CALL_DESCENTS`](crate::wasm::cost::CALL_DESCENTS)
	/// descents of `r` nested calls, through a table, of a function whose one local is the depth
	/// left.
	#[benchmark(pov_mode = Ignored)]
	fn wasm_call_indirect(r: Linear<0, MAX_CALL_DEPTH>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::WASM_CALL_INDIRECT, &[])?;
		#[block]
		{
			contract.returns(r.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	/// What a callee's locals add to a call: [`CALLS_OF_LOCALS`] calls of a function of `l`
	/// locals, each zeroed by every call.
	#[benchmark(pov_mode = Ignored)]
	fn wasm_call_locals(l: Linear<0, MAX_LOCALS_PER_FUNCTION>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::calls_of_locals(l, CALLS_OF_LOCALS), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn bulk_copy(n: Linear<0, MAX_COPY>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::BULK_COPY, &[])?;
		#[block]
		{
			contract.returns(n.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	/// Growing a memory of one page by `p` pages, one at a time, in the contract's first frame in
	/// the runtime instance: on heap no frame touched before.
	#[benchmark(pov_mode = Ignored)]
	fn memory_grow(p: Linear<0, { T::MaxMemoryPages::get() - 1 }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::unrun(code::MEMORY_GROW)?;
		#[block]
		{
			contract.returns(p.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn compile(c: Linear<0, { T::MaxCodeLen::get() }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::compiled(c, code::DEAREST_TO_COMPILE), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn syscall_entry(r: Linear<0, MAX_SYSCALLS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(code::SYSCALL_ENTRY, &[])?;
		#[block]
		{
			contract.returns(r.to_le_bytes().to_vec())?;
		}
		Ok(())
	}

	/// Loading a contract with `c` bytes of function bodies, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_code(c: Linear<0, { T::MaxCodeLen::get() }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::sized(c), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` functions, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_functions(
		n: Linear<0, { T::MaxCodeLen::get() / (code::MIN_FUNCTION_LEN + 10) }>,
	) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::functions(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` function types, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_types(n: Linear<0, { MAX_TYPES - 1 }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::types(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` imports, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_imports(n: Linear<0, MAX_IMPORTS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::imports(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` exports, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_exports(n: Linear<0, { MAX_EXPORTS - 3 }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::exports(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` globals, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_globals(n: Linear<0, MAX_GLOBALS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::globals(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` element items, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_element_items(n: Linear<0, MAX_ELEMENT_ITEMS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::element_items(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` data segments, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_segments(n: Linear<0, MAX_SEGMENTS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::segments(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` bytes of data, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_data(n: Linear<0, { T::MaxCodeLen::get() / 2 }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::data(n, T::MaxMemoryPages::get()), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `p` pages of memory, and calling it: its first frame in the
	/// runtime instance, whose pages are heap no frame touched before.
	#[benchmark(pov_mode = Measured)]
	fn load_memory(p: Linear<0, { T::MaxMemoryPages::get() }>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::unrun(&code::memory(p))?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	/// Loading a contract with `n` table elements, and calling it.
	#[benchmark(pov_mode = Measured)]
	fn load_table(n: Linear<0, MAX_TABLE_ELEMENTS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::table(n), &[])?;
		#[block]
		{
			contract.returns(vec![])?;
		}
		Ok(())
	}

	// ---- Syscalls, run directly ----

	#[benchmark(pov_mode = Measured)]
	fn copy(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let mut state = frame.state(vec![0xAB; n as usize]);
		let mut memory = memory(n + 4, &[(0, &n.to_le_bytes())]);
		let result;
		#[block]
		{
			result = state.input(ContractMemory::new(&mut memory), 4, 0);
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Measured)]
	fn storage_read(n: Linear<0, { T::MaxStorageValueLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let key = max_key::<T>();
		frame.contract.store(key.clone(), n);
		let mut state = frame.state(vec![]);
		let key_len = key.len() as u32;
		let capacity = T::MaxStorageValueLen::get();
		let mut memory = memory(key_len + 4 + capacity, &[(0, &key), (key_len, &capacity.to_le_bytes())]);
		let result;
		#[block]
		{
			result = state.storage_get(ContractMemory::new(&mut memory), 0, key_len, key_len + 4, key_len);
		}
		answered(result, 0)
	}

	/// Writing `n` bytes over a value of `o` bytes: the replaced value is read (and proved) for
	/// its length.
	#[benchmark(pov_mode = Measured)]
	fn storage_write(
		n: Linear<0, { T::MaxStorageValueLen::get() }>,
		o: Linear<0, { T::MaxStorageValueLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let key = max_key::<T>();
		frame.contract.store(key.clone(), o);
		let mut state = frame.state(vec![]);
		let key_len = key.len() as u32;
		let mut memory = memory(key_len + n, &[(0, &key), (key_len, &vec![0xCD; n as usize])]);
		let result;
		#[block]
		{
			result = state.storage_set(ContractMemory::new(&mut memory), 0, key_len, key_len, n);
		}
		answered(result, o)
	}

	#[benchmark(pov_mode = Measured)]
	fn settle_unchanged() -> Result<(), BenchmarkError> {
		// A contract the stack touched without changing what it stores: its info is read.
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		let mut stack = Stack::<T>::new(Origin::Signed(contract.deployer.clone()));
		stack
			.set_storage(&contract.address, ContractKey::<T>::truncate_from(max_key::<T>()), None)
			.map_err(|_| BenchmarkError::Stop("the key is not removed"))?;
		let mut gas = GasMeter::new(Weight::MAX, gas::ref_time_per_fuel::<T>());
		let result;
		#[block]
		{
			result = stack.settle_deposits(None, &mut gas);
		}
		assert!(result.is_ok_and(|paid| paid.is_some_and(|paid| paid.is_zero())));
		Ok(())
	}

	#[benchmark(pov_mode = Measured)]
	fn settle_deposit() -> Result<(), BenchmarkError> {
		// The worst case: a new item of the largest size, whose deposit moves from the origin.
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		let mut stack = Stack::<T>::new(Origin::Signed(contract.deployer.clone()));
		let value = ContractValue::<T>::truncate_from(vec![0xAB; T::MaxStorageValueLen::get() as usize]);
		stack
			.set_storage(&contract.address, ContractKey::<T>::truncate_from(max_key::<T>()), Some(value))
			.map_err(|_| BenchmarkError::Stop("the value is not stored"))?;
		let mut gas = GasMeter::new(Weight::MAX, gas::ref_time_per_fuel::<T>());
		let result;
		#[block]
		{
			result = stack.settle_deposits(None, &mut gas);
		}
		assert!(result.is_ok_and(|paid| paid.is_some_and(|paid| !paid.is_zero())));
		assert_eq!(ContractInfoOf::<T>::get(&contract.address).map(|info| info.storage_items), Some(1));
		Ok(())
	}

	/// A log at the worst moment: the block holds as many logs as it may, and the log is made in
	/// the deepest frame, under as many storage transactions as frames.
	#[benchmark(pov_mode = Measured)]
	fn log(
		t: Linear<0, { T::MaxLogTopics::get() }>,
		n: Linear<0, { T::MaxLogDataLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let largest = T::MaxLogTopics::get() * 32 + T::MaxLogDataLen::get();
		for _ in 0..T::MaxLogBytesPerBlock::get() / largest {
			Pallet::<T>::deposit_event(crate::Event::ContractLog {
				contract: frame.contract.address.clone(),
				topics: vec![H256::repeat_byte(0x77); T::MaxLogTopics::get() as usize],
				data: vec![0x88; T::MaxLogDataLen::get() as usize],
			});
		}
		let mut state = frame.state(vec![]);
		let data_ptr = t * 32;
		let mut memory =
			memory(data_ptr + n, &[(0, &vec![0x77; data_ptr as usize]), (data_ptr, &vec![0x88; n as usize])]);
		// The stack's first log reads the block's count of log bytes (`log_block_count`).
		answered(state.log(ContractMemory::new(&mut memory), 0, 0, 0, 0), ())?;
		let result;
		#[block]
		{
			result = within_frames(T::MaxCallDepth::get(), || {
				state.log(ContractMemory::new(&mut memory), 0, t, data_ptr, n)
			});
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Measured)]
	fn log_block_count() {
		BlockLogBytes::<T>::put(1);
		#[block]
		{
			let bytes = BlockLogBytes::<T>::get();
			BlockLogBytes::<T>::put(bytes + 1);
		}
		assert_eq!(BlockLogBytes::<T>::get(), 2);
	}

	#[benchmark(pov_mode = Measured)]
	fn block_timestamp() -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(0, &[]);
		let result;
		#[block]
		{
			result = state.block_timestamp(ContractMemory::new(&mut memory));
		}
		answered(result.map(|_| ()), ())
	}

	/// Reading the hash of a recent block (EVM `BLOCKHASH`).
	/// RIPEMD-160 of `n` bytes, the EVM's `ripemd160` precompile (computed in the runtime).
	#[benchmark(pov_mode = Ignored)]
	fn ripemd_160(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let input = vec![0xAB; n as usize];
		let digest;
		#[block]
		{
			digest = crate::evm::precompiles::ripemd_160(&input);
		}
		if digest == [0; 32] {
			return Err(BenchmarkError::Stop("RIPEMD-160 did not run"));
		}
		Ok(())
	}

	#[benchmark(pov_mode = Measured)]
	fn block_hash() -> Result<(), BenchmarkError> {
		let number = frame_system::Pallet::<T>::block_number();
		frame_system::BlockHash::<T>::insert(number, T::Hash::default());
		let hash;
		#[block]
		{
			hash = frame_system::Pallet::<T>::block_hash(number);
		}
		if hash != T::Hash::default() {
			return Err(BenchmarkError::Stop("the block hash written is not read"));
		}
		Ok(())
	}

	#[benchmark(pov_mode = Measured)]
	fn balance_of() -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let account = funded::<T>("holder");
		let mut state = frame.state(vec![]);
		let mut memory = memory(48, &[(0, &storage::account_to_bytes::<T>(&account))]);
		let result;
		#[block]
		{
			result = state.balance_of(ContractMemory::new(&mut memory), 0, 32);
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Measured)]
	fn transfer() -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		fund::<T>(&frame.contract.address);
		let to: AccountIdOf<T> = account("recipient", 0, 0);
		let value: u128 = sp_runtime::SaturatedConversion::saturated_into(T::Currency::minimum_balance());
		let mut state = frame.state(vec![]);
		let mut memory =
			memory(48, &[(0, &storage::account_to_bytes::<T>(&to)), (32, &value.saturating_mul(10).to_le_bytes())]);
		let result;
		#[block]
		{
			result = state.transfer(ContractMemory::new(&mut memory), 0, 32);
		}
		answered(result, 0)?;
		assert!(!T::Currency::balance(&to).is_zero());
		Ok(())
	}

	#[benchmark(pov_mode = Measured)]
	fn call_base(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let callee = Contract::<T>::new(&code::sized(0), b"callee")?;
		let mut state = frame.state(vec![]);
		let (input_ptr, out_len_ptr) = (48, 48 + n);
		let mut memory = memory(
			out_len_ptr + 8,
			&[(0, &storage::account_to_bytes::<T>(&callee.address)), (input_ptr, &vec![0x42; n as usize])],
		);
		let result;
		#[block]
		{
			result =
				state.call(ContractMemory::new(&mut memory), 0, 0, 0, 32, input_ptr, n, out_len_ptr + 4, out_len_ptr);
		}
		answered(result, 0)
	}

	#[benchmark(pov_mode = Measured)]
	fn terminate() -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		frame.contract.fill_storage(1, T::MaxStorageKeyLen::get(), 32);
		let beneficiary: AccountIdOf<T> = account("beneficiary", 0, 0);
		let mut state = frame.state(vec![]);
		let mut memory = memory(32, &[(0, &storage::account_to_bytes::<T>(&beneficiary))]);
		let result;
		#[block]
		{
			result = state.terminate(ContractMemory::new(&mut memory), 0);
		}
		assert!(matches!(result, Err(HostExit::Terminate)));
		assert!(!ContractInfoOf::<T>::contains_key(&frame.contract.address));
		Ok(())
	}

	// ---- Hooks ----

	#[benchmark(pov_mode = Measured)]
	fn delete_queued(k: Linear<0, MAX_DELETED_KEYS>) -> Result<(), BenchmarkError> {
		let contract = Contract::<T>::new(&code::sized(0), &[])?;
		contract.fill_storage(k, T::MaxStorageKeyLen::get(), 32);
		storage::queue_deletion::<T>(&contract.address);
		#[block]
		{
			storage::work_off_deletion_queue::<T>(Weight::MAX);
		}
		assert_eq!(DeletionQueue::<T>::get(0), None);
		assert_eq!(ContractStorage::<T>::iter_key_prefix(&contract.address).count(), 0);
		Ok(())
	}

	#[benchmark(pov_mode = Ignored)]
	fn hash_blake2_256(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(32 + n, &[]);
		let result;
		#[block]
		{
			result = state.hash_blake2_256(ContractMemory::new(&mut memory), 32, n, 0);
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Ignored)]
	fn hash_keccak_256(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(32 + n, &[]);
		let result;
		#[block]
		{
			result = state.hash_keccak_256(ContractMemory::new(&mut memory), 32, n, 0);
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Ignored)]
	fn hash_sha2_256(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(32 + n, &[]);
		let result;
		#[block]
		{
			result = state.hash_sha2_256(ContractMemory::new(&mut memory), 32, n, 0);
		}
		answered(result, ())
	}

	#[benchmark(pov_mode = Ignored)]
	fn ecdsa_recover() -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let message_hash = sp_io::hashing::blake2_256(b"ocos-vm benchmark");
		let public = sp_io::crypto::ecdsa_generate(KEY_TYPE, None);
		let signature = sp_io::crypto::ecdsa_sign_prehashed(KEY_TYPE, &public, &message_hash)
			.ok_or(BenchmarkError::Stop("the keystore does not sign"))?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(160, &[(0, &signature.0), (65, &message_hash)]);
		let result;
		#[block]
		{
			result = state.ecdsa_recover(ContractMemory::new(&mut memory), 0, 65, 100);
		}
		answered(result, 0)
	}

	#[benchmark(pov_mode = Ignored)]
	fn sr25519_verify(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let message = vec![0x5A; n as usize];
		let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
		let signature = sp_io::crypto::sr25519_sign(KEY_TYPE, &public, &message)
			.ok_or(BenchmarkError::Stop("the keystore does not sign"))?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(96 + n, &[(0, &signature.0), (64, &public.0), (96, &message)]);
		let result;
		#[block]
		{
			result = state.sr25519_verify(ContractMemory::new(&mut memory), 0, 64, 96, n);
		}
		answered(result, 0)
	}

	#[benchmark(pov_mode = Ignored)]
	fn ed25519_verify(n: Linear<0, { T::MaxBufferLen::get() }>) -> Result<(), BenchmarkError> {
		let mut frame = SyscallFrame::<T>::new()?;
		let message = vec![0x5A; n as usize];
		let public = sp_io::crypto::ed25519_generate(KEY_TYPE, None);
		let signature = sp_io::crypto::ed25519_sign(KEY_TYPE, &public, &message)
			.ok_or(BenchmarkError::Stop("the keystore does not sign"))?;
		let mut state = frame.state(vec![]);
		let mut memory = memory(96 + n, &[(0, &signature.0), (64, &public.0), (96, &message)]);
		let result;
		#[block]
		{
			result = state.ed25519_verify(ContractMemory::new(&mut memory), 0, 64, 96, n);
		}
		answered(result, 0)
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::default().build(), crate::mock::Test);
}
