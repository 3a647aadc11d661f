//! The runtime API clients use to dry-run contracts: estimate gas and deposits, read output and
//! logs, and read contract storage, without submitting a transaction.
//!
//! A dry run executes exactly what the extrinsic would, on the state of the block it is called at,
//! and its changes are discarded by the node. The transaction runs in the next block, so the
//! runtime first makes that state look as the next block will ([`Pallet::enter_next_block`], and
//! the runtime's clock a slot ahead): a contract that reads or stores the block number or time
//! sees, and pays for, what it will in that block. `gas_required` is the `gas_limit` with which
//! the same extrinsic on the same state succeeds.

use crate::{
	context::{DaoContext, Origin},
	exec::{Outcome, Stack},
	result::check_outcome,
	storage::CodeHash,
	AccountIdOf, BalanceOf, Config, EngineId, Event, ExitReason, Pallet, VmResult, WeightInfo,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{
	dispatch::DispatchClass,
	traits::{Get, Hooks},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{
	traits::{One, Saturating},
	DispatchError,
};

/// What a dry run reports.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct DryRun<R, AccountId, Balance> {
	/// The gas the execution used.
	pub gas_consumed: Weight,
	/// The smallest `gas_limit` with which the execution succeeds on this state.
	pub gas_required: Weight,
	/// The storage deposit the origin would pay, net of refunds.
	pub storage_deposit: Balance,
	/// The logs the contracts emitted, in order: contract, topics, data.
	pub logs: Vec<(AccountId, Vec<H256>, Vec<u8>)>,
	/// The result: `Ok` for a contract that returned or reverted, else the error the extrinsic
	/// would fail with.
	pub result: Result<R, DispatchError>,
}

/// What a contract's entry point returned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ExecReturn {
	/// Whether it returned with the revert flag (its changes would be rolled back and the
	/// extrinsic fail with `ContractReverted`).
	pub reverted: bool,
	/// The output data.
	pub data: Vec<u8>,
}

/// What a dry-run instantiation returned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct InstantiateReturn<AccountId> {
	/// What `deploy` returned.
	pub result: ExecReturn,
	/// The new contract's address.
	pub account_id: AccountId,
}

/// What a dry-run upload returned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct UploadReturn<Balance> {
	/// The code's hash.
	pub code_hash: CodeHash,
	/// The deposit the upload holds.
	pub deposit: Balance,
}

sp_api::decl_runtime_apis! {
	/// Dry runs and storage reads of OCOS-VM contracts. A dry run of a contract executes as the
	/// next block would, with its number and its earliest time: implementations call
	/// [`Pallet::enter_next_block`] and move the clock first.
	pub trait OcosVmApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Dry-runs `call`. Without a `gas_limit`, the largest an extrinsic can carry is the
		/// limit.
		fn call(
			origin: AccountId,
			dest: AccountId,
			value: Balance,
			gas_limit: Option<Weight>,
			storage_deposit_limit: Option<Balance>,
			input_data: Vec<u8>,
		) -> DryRun<ExecReturn, AccountId, Balance>;

		/// Dry-runs `dao_call` as a motion approved by `context` would run it: the contract sees
		/// the DAO's account as its caller and `context` through `dao_context`. The gas limit
		/// defaults as for `call`.
		fn dao_call(
			context: DaoContext,
			dest: AccountId,
			value: Balance,
			gas_limit: Option<Weight>,
			storage_deposit_limit: Option<Balance>,
			input_data: Vec<u8>,
		) -> DryRun<ExecReturn, AccountId, Balance>;

		/// Dry-runs `instantiate` of stored code; the gas limit defaults as for `call`.
		fn instantiate(
			origin: AccountId,
			code_hash: CodeHash,
			value: Balance,
			gas_limit: Option<Weight>,
			storage_deposit_limit: Option<Balance>,
			data: Vec<u8>,
			salt: Vec<u8>,
		) -> DryRun<InstantiateReturn<AccountId>, AccountId, Balance>;

		/// Dry-runs `upload_code`: checks the code and reports its hash and deposit.
		fn upload_code(
			origin: AccountId,
			code: Vec<u8>,
			engine: EngineId,
			storage_deposit_limit: Option<Balance>,
		) -> Result<UploadReturn<Balance>, DispatchError>;

		/// The value `address` stores under `key`.
		fn get_storage(address: AccountId, key: Vec<u8>) -> Option<Vec<u8>>;
	}
}

impl<T: Config> Pallet<T> {
	/// Makes the state look as the next block's will while its transactions run: the system's
	/// start of that block (its number, an empty block weight) and this pallet's (the block's log
	/// counter starts again). The runtime calls it before a dry run, on state it discards; it moves
	/// its clock itself, the pallet's `Time` being only a reader. The hash of the current block is
	/// not known to the runtime: in the dry run, `BLOCKHASH` of it is zero.
	pub fn enter_next_block() {
		let next = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
		frame_system::Pallet::<T>::initialize(&next, &Default::default(), &Default::default());
		<Self as Hooks<BlockNumberFor<T>>>::on_initialize(next);
	}

	/// The implementation of [`OcosVmApi::call`].
	pub fn dry_run_call(
		origin: AccountIdOf<T>,
		dest: AccountIdOf<T>,
		value: BalanceOf<T>,
		gas_limit: Option<Weight>,
		storage_deposit_limit: Option<BalanceOf<T>>,
		input_data: Vec<u8>,
	) -> DryRun<ExecReturn, AccountIdOf<T>, BalanceOf<T>> {
		let base = T::WeightInfo::call();
		Self::dry_run_as(Origin::Signed(origin), base, dest, value, gas_limit, storage_deposit_limit, input_data)
	}

	/// The implementation of [`OcosVmApi::dao_call`].
	pub fn dry_run_dao_call(
		context: DaoContext,
		dest: AccountIdOf<T>,
		value: BalanceOf<T>,
		gas_limit: Option<Weight>,
		storage_deposit_limit: Option<BalanceOf<T>>,
		input_data: Vec<u8>,
	) -> DryRun<ExecReturn, AccountIdOf<T>, BalanceOf<T>> {
		let origin = Origin::Dao { account: T::DaoAccount::get(), context };
		let base = T::WeightInfo::dao_call();
		Self::dry_run_as(origin, base, dest, value, gas_limit, storage_deposit_limit, input_data)
	}

	/// Dry-runs a call of `dest` as `origin`, by an extrinsic of `base` weight.
	fn dry_run_as(
		origin: Origin<AccountIdOf<T>>,
		base: Weight,
		dest: AccountIdOf<T>,
		value: BalanceOf<T>,
		gas_limit: Option<Weight>,
		storage_deposit_limit: Option<BalanceOf<T>>,
		input_data: Vec<u8>,
	) -> DryRun<ExecReturn, AccountIdOf<T>, BalanceOf<T>> {
		let events_before = frame_system::Pallet::<T>::event_count();
		let gas_limit = gas_limit.unwrap_or_else(|| Self::max_gas(base));
		let outcome = Stack::<T>::run_call(origin, dest, value, gas_limit, storage_deposit_limit, input_data);
		Self::report(events_before, outcome, |result| result)
	}

	/// The implementation of [`OcosVmApi::instantiate`].
	pub fn dry_run_instantiate(
		origin: AccountIdOf<T>,
		code_hash: CodeHash,
		value: BalanceOf<T>,
		gas_limit: Option<Weight>,
		storage_deposit_limit: Option<BalanceOf<T>>,
		data: Vec<u8>,
		salt: Vec<u8>,
	) -> DryRun<InstantiateReturn<AccountIdOf<T>>, AccountIdOf<T>, BalanceOf<T>> {
		let events_before = frame_system::Pallet::<T>::event_count();
		let gas_limit = gas_limit.unwrap_or_else(|| Self::max_gas(T::WeightInfo::instantiate()));
		let account_id = crate::storage::contract_address::<T>(&origin, &code_hash, &salt);
		let (_, outcome) =
			Self::bare_instantiate(origin, code_hash, value, gas_limit, storage_deposit_limit, data, salt);
		Self::report(events_before, outcome, |result| InstantiateReturn { result, account_id })
	}

	/// The implementation of [`OcosVmApi::upload_code`].
	pub fn dry_run_upload_code(
		origin: AccountIdOf<T>,
		code: Vec<u8>,
		engine: EngineId,
		storage_deposit_limit: Option<BalanceOf<T>>,
	) -> Result<UploadReturn<BalanceOf<T>>, DispatchError> {
		let (code_hash, deposit, _) = Self::store_code(origin, code, engine, storage_deposit_limit)?;
		Ok(UploadReturn { code_hash, deposit })
	}

	/// The largest gas limit an extrinsic of `base` weight can carry: a normal extrinsic's
	/// maximum weight less its base.
	pub fn max_gas(base: Weight) -> Weight {
		let weights = <T as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let max_extrinsic = normal.max_extrinsic.unwrap_or(weights.max_block);
		max_extrinsic.saturating_sub(normal.base_extrinsic).saturating_sub(base)
	}

	/// Turns an execution into what a client sees: the output (a revert is a result, not an
	/// error), the gas, the deposit and the logs emitted since `events_before`.
	fn report<R>(
		events_before: u32,
		outcome: Outcome<T>,
		wrap: impl FnOnce(ExecReturn) -> R,
	) -> DryRun<R, AccountIdOf<T>, BalanceOf<T>> {
		let logs = frame_system::Pallet::<T>::read_events_no_consensus()
			.skip(events_before as usize)
			.filter_map(|record| match record.event.try_into() {
				Ok(Event::<T>::ContractLog { contract, topics, data }) => Some((contract, topics, data)),
				_ => None,
			})
			.collect();
		let Outcome { result, gas_consumed, gas_required, storage_deposit } = outcome;
		let result = match result {
			Ok(VmResult { exit: exit @ (ExitReason::Returned | ExitReason::Reverted), output }) => {
				Ok(wrap(ExecReturn { reverted: exit == ExitReason::Reverted, data: output }))
			}
			failed => {
				Err(check_outcome::<T>(&failed).expect_err("returned and reverted frames are matched above; qed"))
			}
		};
		// The meter never charges more than the limit, and charges depend only on the state, so
		// the gas consumed is exactly the limit that suffices.
		DryRun { gas_consumed, gas_required, storage_deposit, logs, result }
	}
}
