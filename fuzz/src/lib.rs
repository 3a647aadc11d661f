//! Fuzz targets of OCOS-VM, on stable Rust. Each target turns arbitrary bytes into a case
//! (`arbitrary`, and `wasm-smith` for modules), runs it through the sample runtime's own pallet
//! (the dev genesis, as `ocos-sandbox` builds it) and checks the promises the chain makes; a broken
//! promise is a [`Finding`], and so is a panic (the driver catches it).
//!
//! Every case runs in a storage transaction that is rolled back afterwards, so cases are
//! independent and a case replays the same way alone or in a run.

mod call_stacks;
mod differential;
mod modules;

use arbitrary::Unstructured;
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	traits::{fungible::InspectHold, UnfilteredDispatchable},
};
use ocos_runtime::{Balances, Runtime, RuntimeCall, RuntimeHoldReason, RuntimeOrigin};
use ocos_sandbox::{alice, bob, AccountId, Sandbox};
use ocos_vm_uapi::exports;
use pallet_ocos_vm::{limits::Limits, storage::CodeHash, ContractInfoOf, HoldReason};
use sp_runtime::{DispatchError, DispatchErrorWithPostInfo, ModuleError, StateVersion};
use std::cell::RefCell;

/// A promise the chain broke, with what shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding(pub String);

/// What a case may yield: nothing wrong, or a finding.
pub type Checked = Result<(), Finding>;

/// The fuzz targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
	/// Random bytes and generated modules (most breaking the ABI) through `upload_code`: it never
	/// panics, returns `Ok` or a named rejection, and a rejection changes nothing.
	Upload,
	/// Modules the ABI accepts, terminating, instantiated and called with random input, value and
	/// gas: every extrinsic ends in a defined result within its declared weight, a failed one
	/// changes nothing, total issuance is conserved, and a contract's held deposit is what its
	/// `ContractInfo` records.
	Execute,
	/// Contracts the upload check accepts, terminating, run by OCOS-VM's wasmi configuration and
	/// by wasmtime with the same host stubs: they end alike (out of fuel or stack aside), make the
	/// same host calls with the same arguments and memory, and leave the same memory.
	Differential,
	/// Random sequences of uploads, instantiations, nested calls, terminations, code removals,
	/// engine status changes and idle-time deletions from a few accounts: after every step, code
	/// refcounts and deposits, and each contract's item and byte counts and deposit, are what is
	/// stored.
	CallStacks,
}

impl Target {
	/// Every target.
	pub const ALL: [Target; 4] = [Target::Upload, Target::Execute, Target::Differential, Target::CallStacks];

	/// The target's name, as the driver and the corpus name it.
	pub fn name(self) -> &'static str {
		match self {
			Target::Upload => "upload",
			Target::Execute => "execute",
			Target::Differential => "differential",
			Target::CallStacks => "call-stacks",
		}
	}

	/// The target called `name`.
	pub fn from_name(name: &str) -> Option<Target> {
		Target::ALL.into_iter().find(|target| target.name() == name)
	}

	/// Runs the case `data` describes.
	pub fn run(self, data: &[u8]) -> Checked {
		with_chain(|| match self {
			Target::Upload => upload(&mut Unstructured::new(data)),
			Target::Execute => execute(&mut Unstructured::new(data)),
			Target::Differential => differential(&mut Unstructured::new(data)),
			Target::CallStacks => call_stacks::run(&mut Unstructured::new(data)),
		})
	}
}

thread_local! {
	/// The dev genesis, built once per thread.
	static CHAIN: RefCell<Sandbox> = RefCell::new(Sandbox::new());
}

/// Builds this thread's chain afresh: after a case panicked, its storage transaction was never
/// rolled back.
pub fn reset() {
	CHAIN.set(Sandbox::new());
}

/// Runs `case` on the dev genesis and rolls back whatever it changed.
fn with_chain(case: impl FnOnce() -> Checked) -> Checked {
	CHAIN.with_borrow_mut(|chain| {
		chain.execute_with(|| {
			sp_io::storage::start_transaction();
			let checked = case();
			sp_io::storage::rollback_transaction();
			checked
		})
	})
}

/// The input of run `seed`: random bytes of a random length up to `max_len`, the same for the
/// same seed everywhere (a xorshift generator), so a run is reproduced from its seed.
pub fn input(seed: u64, max_len: usize) -> Vec<u8> {
	let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
	let mut next = move || {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		state
	};
	let len = (next() % (max_len as u64 + 1)) as usize;
	(0..len).map(|_| next() as u8).collect()
}

/// The file name a case is saved under in the corpus: its hash.
pub fn case_name(data: &[u8]) -> String {
	sp_io::hashing::blake2_128(data).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Fails with `message` unless `holds`.
fn ensure(holds: bool, message: impl FnOnce() -> String) -> Checked {
	if holds {
		Ok(())
	} else {
		Err(Finding(message()))
	}
}

/// The upload target.
fn upload(u: &mut Unstructured) -> Checked {
	let code = modules::any_code(u).unwrap_or_default();
	let call = pallet_ocos_vm::Call::upload_code { code: code.clone(), engine: 0, storage_deposit_limit: None };
	let result = dispatch(RuntimeOrigin::signed(alice()), call.into())?;
	let code_hash = CodeHash::from(sp_io::hashing::blake2_256(&code));
	let stored = pallet_ocos_vm::CodeInfoOf::<Runtime>::contains_key(code_hash);
	ensure(result.is_ok() == stored, || format!("upload returned {result:?} but the code stored is {stored}"))
}

/// The execute target.
fn execute(u: &mut Unstructured) -> Checked {
	let Ok(code) = modules::terminating_contract(u) else { return Ok(()) };
	let upload = pallet_ocos_vm::Call::upload_code { code: code.clone(), engine: 0, storage_deposit_limit: None };
	if dispatch(RuntimeOrigin::signed(alice()), upload.into())?.is_err() {
		return Ok(());
	}
	let code_hash = CodeHash::from(sp_io::hashing::blake2_256(&code));
	let salt: Vec<u8> = u.arbitrary().unwrap_or_default();
	let instantiate = pallet_ocos_vm::Call::instantiate {
		code_hash,
		value: u.int_in_range(0..=1_000).unwrap_or_default(),
		gas_limit: modules::gas_limit(u),
		storage_deposit_limit: None,
		data: u.arbitrary().unwrap_or_default(),
		salt: salt.clone(),
	};
	if dispatch(RuntimeOrigin::signed(alice()), instantiate.into())?.is_err() {
		return Ok(());
	}
	let contract = pallet_ocos_vm::storage::contract_address::<Runtime>(&alice(), &code_hash, &salt);
	check_deposit(&contract)?;
	for caller in [alice(), bob()] {
		let call = pallet_ocos_vm::Call::call {
			dest: contract.clone().into(),
			value: u.int_in_range(0..=1_000).unwrap_or_default(),
			gas_limit: modules::gas_limit(u),
			storage_deposit_limit: None,
			data: u.arbitrary().unwrap_or_default(),
		};
		// A call may fail: `dispatch` has checked that a failure changed nothing.
		let _ = dispatch(RuntimeOrigin::signed(caller), call.into())?;
		check_deposit(&contract)?;
	}
	Ok(())
}

/// The differential target.
fn differential(u: &mut Unstructured) -> Checked {
	let Ok(code) = modules::terminating_contract(u) else { return Ok(()) };
	let limits = Limits::of::<Runtime>();
	if pallet_ocos_vm::wasm::prepare::check(&code, &limits).is_err() {
		return Ok(());
	}
	let entry = if u.arbitrary().unwrap_or_default() { exports::DEPLOY } else { exports::CALL };
	let by_wasmi = differential::wasmi(&code, entry, &limits).map_err(Finding)?;
	let by_wasmtime = differential::wasmtime(&code, entry, &limits).map_err(Finding)?;
	if [&by_wasmi, &by_wasmtime].iter().any(|run| run.outcome == differential::Outcome::Exhausted) {
		return Ok(());
	}
	ensure(by_wasmi.outcome == by_wasmtime.outcome, || {
		format!("{entry} ended as {:?} in wasmi, {:?} in wasmtime", by_wasmi.outcome, by_wasmtime.outcome)
	})?;
	let first_difference = by_wasmi.host_calls.iter().zip(&by_wasmtime.host_calls).position(|(a, b)| a != b);
	ensure(first_difference.is_none() && by_wasmi.host_calls.len() == by_wasmtime.host_calls.len(), || {
		let index = first_difference.unwrap_or(by_wasmi.host_calls.len().min(by_wasmtime.host_calls.len()));
		format!(
			"host call {index} of {entry} differs: {:?} in wasmi, {:?} in wasmtime",
			by_wasmi.host_calls.get(index),
			by_wasmtime.host_calls.get(index)
		)
	})?;
	let first_byte = by_wasmi.memory.iter().zip(&by_wasmtime.memory).position(|(a, b)| a != b);
	ensure(first_byte.is_none() && by_wasmi.memory.len() == by_wasmtime.memory.len(), || {
		format!(
			"{entry} left different memories: {} bytes in wasmi, {} in wasmtime, first differing byte {first_byte:?}",
			by_wasmi.memory.len(),
			by_wasmtime.memory.len()
		)
	})
}

/// Dispatches `call` from `origin` as an extrinsic would, and checks what every extrinsic
/// promises: it stays within its declared weight; it fails only with an error of a pallet (never
/// a panic, an arithmetic or storage corruption error); a failure changes nothing; and total
/// issuance is conserved (no fees are charged here).
fn dispatch(origin: RuntimeOrigin, call: RuntimeCall) -> Result<Result<PostDispatchInfo, DispatchError>, Finding> {
	let declared = call.get_dispatch_info().call_weight;
	let root_before = sp_io::storage::root(StateVersion::V1);
	let issuance_before = Balances::total_issuance();
	let result = frame_support::storage::with_storage_layer(|| call.clone().dispatch_bypass_filter(origin));
	let (post_info, error) = match result {
		Ok(post_info) => (post_info, None),
		Err(DispatchErrorWithPostInfo { post_info, error }) => (post_info, Some(error)),
	};
	let name = call_name(&call);
	let charged = post_info.actual_weight.unwrap_or(declared);
	ensure(charged.all_lte(declared), || format!("{name} charged {charged} over its declared {declared}"))?;
	ensure(Balances::total_issuance() == issuance_before, || {
		format!("{name} changed the total issuance: {issuance_before} to {}", Balances::total_issuance())
	})?;
	if let Some(error) = error {
		ensure(matches!(error, DispatchError::Module(ModuleError { .. })), || {
			format!("{name} failed with {error:?}, not a pallet's error")
		})?;
		let root_after = sp_io::storage::root(StateVersion::V1);
		ensure(root_after == root_before, || format!("{name} failed with {error:?} but changed the state"))?;
		return Ok(Err(error));
	}
	Ok(Ok(post_info))
}

/// `Pallet.call` of `call`, for findings.
fn call_name(call: &RuntimeCall) -> String {
	use frame_support::traits::GetCallMetadata;
	let metadata = call.get_call_metadata();
	format!("{}.{}", metadata.pallet_name, metadata.function_name)
}

/// Checks that the deposit held for `contract`'s storage is what its `ContractInfo` records.
fn check_deposit(contract: &AccountId) -> Checked {
	let Some(info) = ContractInfoOf::<Runtime>::get(contract) else { return Ok(()) };
	let reason = RuntimeHoldReason::OcosVm(HoldReason::StorageDeposit);
	let held = Balances::balance_on_hold(&reason, contract);
	ensure(held == info.storage_deposit, || {
		format!("{} holds {held} for storage, its ContractInfo records {}", contract, info.storage_deposit)
	})
}
