//! The call stack: frames, nested calls, value transfers, and the commit or rollback of each frame.
//!
//! Every frame runs inside its own storage transaction. A frame that returns commits its changes
//! into its caller's; a frame that reverts, traps or runs out of gas rolls back all its changes
//! (storage, balances, events, nested frames) and its caller goes on. A failing top-level frame
//! therefore leaves the chain as it was, except for the fee and the gas used.
//!
//! Storage deposits are settled once, when the whole stack has run: every contract whose storage
//! changed is charged or refunded against the origin's account, within `storage_deposit_limit`.
//! Until then the stack counts each contract's changed items and bytes per frame, in a journal
//! that follows the frames' commits and rollbacks, so a storage write reads and writes only the
//! value itself, and a contract's info is written once per stack.

use crate::{
	address,
	context::{Frame, Origin},
	engine::{CodeShape, EngineCache, EntryPoint, VmEngine},
	gas::{self, GasMeter},
	heap::HeapMeter,
	limits::Limits,
	registry::{self, EngineConfig, Use},
	result::{ExitReason, TrapKind, VmError, VmResult},
	runtime_cost::RuntimeCost,
	storage::{self, CodeHash, ContractInfo, ContractKey, ContractValue, StorageDelta, StorageUsage},
	AccountIdOf, BalanceOf, BlockLogBytes, CodeInfoOf, Config, ContractInfoOf, ContractStorage, Event, HoldReason,
	Pallet, PristineCode, WeightInfo,
};
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec,
	vec::Vec,
};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
	weights::Weight,
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto, Zero};

/// A contract on the stack, whether it allowed its callees to call back into it, and whether it
/// runs read-only (it or a frame below it was called so): a read-only frame changes no state.
struct StackEntry<AccountId> {
	address: AccountId,
	allows_reentry: bool,
	read_only: bool,
}

/// How a frame runs: its entry point, whether it is read-only (it and every frame it calls change
/// no state), and whether its value moves from the caller to the contract (not for a frame that
/// runs another contract's code for the running one, whose value already moved).
#[derive(Clone, Copy)]
struct FrameMode {
	entry: EntryPoint,
	read_only: bool,
	moves_value: bool,
}

/// A contract's transient storage slot (EIP-1153): kept for one call stack, never written to the
/// chain.
type TransientKey<AccountId> = (AccountId, [u8; 32]);

/// The runtime memory one transient slot holds: its key, its value and the map's node.
const TRANSIENT_SLOT_BYTES: u64 = 128;

/// One call stack: everything a top-level call or instantiation runs, nested frames included.
pub struct Stack<T: Config> {
	origin: Origin<AccountIdOf<T>>,
	block_number: u64,
	/// The block's timestamp, read when a contract first asks for it.
	timestamp: Option<u64>,
	limits: Limits,
	entries: Vec<StackEntry<AccountIdOf<T>>>,
	/// Contracts whose storage deposit must be settled when the stack ends.
	touched: BTreeSet<AccountIdOf<T>>,
	/// The items and bytes each contract that ran in the stack had stored when it started, as its
	/// info recorded them; with the journal, what it stores now.
	stored: BTreeMap<AccountIdOf<T>, StorageUsage>,
	/// How each open frame changed contracts' items and bytes, the innermost frame last: a frame's
	/// changes join its caller's when it returns and are dropped when it fails. What the stack
	/// itself holds at the end is settled.
	journal: Vec<BTreeMap<AccountIdOf<T>, StorageDelta>>,
	/// What the origin paid beyond contracts' storage deposits, counted against the deposit
	/// limit: the existential deposit of new contracts, and the deposit of code their
	/// constructors returned.
	endowments: BalanceOf<T>,
	/// What the engines prepared for this stack.
	engine_cache: EngineCache,
	/// The stack's budget of the runtime's memory.
	heap: HeapMeter,
	/// The bytes of logs the stack emitted, frames that failed included.
	log_bytes: u32,
	/// The bytes of logs the block held before the stack, read at the stack's first log.
	block_log_bytes: Option<u32>,
	/// The transient storage of the stack's contracts.
	transient: BTreeMap<TransientKey<AccountIdOf<T>>, [u8; 32]>,
	/// Each transient write with the value it replaced, oldest first: a frame that fails undoes
	/// the writes made since it started.
	transient_journal: Vec<(TransientKey<AccountIdOf<T>>, Option<[u8; 32]>)>,
}

/// What a top-level execution produced: its result, the gas it used and the storage deposit
/// the origin paid (or was refunded, when negative is impossible: refunds make it zero).
pub struct Outcome<T: Config> {
	/// How the top frame ended, or why it could not run.
	pub result: Result<VmResult, VmError>,
	/// The gas the whole stack used.
	pub gas_consumed: Weight,
	/// The gas limit the same execution needs (at least `gas_consumed`).
	pub gas_required: Weight,
	/// The storage deposit the origin paid, net of refunds.
	pub storage_deposit: BalanceOf<T>,
}

impl<T: Config> Stack<T> {
	/// An empty stack for `origin` in the current block.
	pub fn new(origin: Origin<AccountIdOf<T>>) -> Self {
		let limits = Limits::of::<T>();
		Self {
			origin,
			block_number: frame_system::Pallet::<T>::block_number().unique_saturated_into(),
			timestamp: None,
			entries: Vec::new(),
			touched: BTreeSet::new(),
			stored: BTreeMap::new(),
			journal: vec![BTreeMap::new()],
			endowments: Zero::zero(),
			engine_cache: EngineCache::default(),
			heap: HeapMeter::new(limits.stack_memory),
			log_bytes: 0,
			block_log_bytes: None,
			transient: BTreeMap::new(),
			transient_journal: Vec::new(),
			limits,
		}
	}

	/// What the engines prepared for this stack so far.
	pub fn engine_cache(&mut self) -> &mut EngineCache {
		&mut self.engine_cache
	}

	/// The stack's budget of the runtime's memory.
	pub fn heap(&mut self) -> &mut HeapMeter {
		&mut self.heap
	}

	/// How many frames run now: 1 in the frame the origin called.
	pub fn depth(&self) -> usize {
		self.entries.len()
	}

	/// The code stored under `code_hash`.
	pub fn code(&self, code_hash: &CodeHash) -> Option<Vec<u8>> {
		PristineCode::<T>::get(code_hash).map(|code| code.into_inner())
	}

	/// Who started the stack.
	pub fn origin(&self) -> &Origin<AccountIdOf<T>> {
		&self.origin
	}

	/// The number of the block the stack runs in.
	pub fn block_number(&self) -> u64 {
		self.block_number
	}

	/// Whether the block's timestamp has been read yet (the first read costs a storage read).
	pub fn knows_timestamp(&self) -> bool {
		self.timestamp.is_some()
	}

	/// The block's timestamp in milliseconds, as the configured clock reports it.
	pub fn block_timestamp(&mut self) -> u64 {
		use frame_support::traits::Time;
		*self.timestamp.get_or_insert_with(|| T::Time::now().unique_saturated_into())
	}

	/// The chain's limits.
	pub fn limits(&self) -> &Limits {
		&self.limits
	}

	/// Whether one more frame would exceed `MaxCallDepth`.
	pub fn is_full(&self) -> bool {
		self.entries.len() as u32 >= self.limits.call_depth
	}

	/// Whether calling `address` now would re-enter a contract that did not allow it.
	pub fn refuses_reentry(&self, address: &AccountIdOf<T>) -> bool {
		self.entries.iter().any(|entry| &entry.address == address && !entry.allows_reentry)
	}

	/// Sets whether the running frame lets its callees call back into it.
	pub fn allow_reentry(&mut self, allow: bool) {
		if let Some(entry) = self.entries.last_mut() {
			entry.allows_reentry = allow;
		}
	}

	/// Whether the running frame is read-only: it, or a frame below it, was called read-only.
	pub fn is_read_only(&self) -> bool {
		self.entries.last().is_some_and(|entry| entry.read_only)
	}

	/// Refuses a change of state in a read-only frame.
	pub fn ensure_writable(&self) -> Result<(), TrapKind> {
		if self.is_read_only() {
			return Err(TrapKind::StateChangeInReadOnlyCall);
		}
		Ok(())
	}

	/// Whether `address` runs in more than the current frame.
	pub fn is_reentrant(&self, address: &AccountIdOf<T>) -> bool {
		self.entries.iter().filter(|entry| &entry.address == address).count() > 1
	}

	/// Runs a top-level call of `dest` and settles storage deposits.
	pub fn run_call(
		origin: Origin<AccountIdOf<T>>,
		dest: AccountIdOf<T>,
		value: BalanceOf<T>,
		gas_limit: Weight,
		storage_deposit_limit: Option<BalanceOf<T>>,
		input: Vec<u8>,
	) -> Outcome<T> {
		let mut stack = Self::new(origin);
		let mut gas = GasMeter::new(gas_limit, gas::ref_time_per_fuel::<T>());
		let caller = stack.origin.account().clone();
		let result = stack.call(caller, dest, value, input, false, &mut gas);
		stack.finish(result, gas, storage_deposit_limit)
	}

	/// Runs a top-level instantiation and settles storage deposits; the result carries the new
	/// contract's address.
	pub fn run_instantiate(
		origin: Origin<AccountIdOf<T>>,
		code_hash: CodeHash,
		value: BalanceOf<T>,
		gas_limit: Weight,
		storage_deposit_limit: Option<BalanceOf<T>>,
		input: Vec<u8>,
		salt: &[u8],
	) -> (Option<AccountIdOf<T>>, Outcome<T>) {
		let mut stack = Self::new(origin);
		let mut gas = GasMeter::new(gas_limit, gas::ref_time_per_fuel::<T>());
		let deployer = stack.origin.account().clone();
		let address = storage::contract_address::<T>(&deployer, &code_hash, salt);
		let result = stack.instantiate(deployer, address.clone(), code_hash, value, input, &mut gas);
		let outcome = stack.finish(result, gas, storage_deposit_limit);
		let created = matches!(outcome.result, Ok(VmResult { exit: ExitReason::Returned, .. }));
		(created.then_some(address), outcome)
	}

	fn finish(
		mut self,
		result: Result<VmResult, VmError>,
		mut gas: GasMeter,
		storage_deposit_limit: Option<BalanceOf<T>>,
	) -> Outcome<T> {
		let mut storage_deposit = Zero::zero();
		let result = match result {
			Ok(done) if done.exit.is_success() => match self.settle_deposits(storage_deposit_limit, &mut gas) {
				Ok(Some(paid)) => {
					storage_deposit = paid;
					Ok(done)
				}
				Ok(None) => Ok(ExitReason::OutOfGas.into()),
				Err(error) => Err(error),
			},
			other => other,
		};
		// The block counts the logs of stacks that succeeded; the first log paid for this write.
		if let (Ok(VmResult { exit: ExitReason::Returned, .. }), Some(before)) = (&result, self.block_log_bytes) {
			BlockLogBytes::<T>::put(before.saturating_add(self.log_bytes));
		}
		Outcome { result, gas_consumed: gas.consumed(), gas_required: gas.required(), storage_deposit }
	}

	/// Calls `dest` from `caller`, transferring `value`, in a new frame metered by `gas`; a
	/// `read_only` frame, and every frame it calls, changes no state.
	pub fn call(
		&mut self,
		caller: AccountIdOf<T>,
		dest: AccountIdOf<T>,
		value: BalanceOf<T>,
		input: Vec<u8>,
		read_only: bool,
		gas: &mut GasMeter,
	) -> Result<VmResult, VmError> {
		let info = ContractInfoOf::<T>::get(&dest).ok_or(VmError::ContractNotFound)?;
		let engine = registry::engine_for::<T>(info.engine, Use::Call)?;
		let frame = Frame { caller, address: dest, value, input };
		self.run_frame(engine, frame, info, FrameMode { entry: EntryPoint::Call, read_only, moves_value: true }, gas)
	}

	/// Runs the code of the contract `code_of` in a new frame of the contract `frame` names, with
	/// that contract's storage, balance, caller and value (EVM `DELEGATECALL`); the value does
	/// not move again. Only code of the same engine runs so: other code traps with
	/// `NotSupported`.
	pub fn delegate_call(
		&mut self,
		code_of: &AccountIdOf<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> Result<VmResult, VmError> {
		let code = ContractInfoOf::<T>::get(code_of).ok_or(VmError::ContractNotFound)?;
		let mut info = ContractInfoOf::<T>::get(&frame.address).ok_or(VmError::ContractNotFound)?;
		if code.engine != info.engine {
			return Ok(ExitReason::Trapped(TrapKind::NotSupported).into());
		}
		let engine = registry::engine_for::<T>(code.engine, Use::Call)?;
		info.code_hash = code.code_hash;
		info.shape = code.shape;
		let mode = FrameMode { entry: EntryPoint::Call, read_only: false, moves_value: false };
		self.run_frame(engine, frame, info, mode, gas)
	}

	/// Creates the contract `address` from `code_hash` and runs its `deploy` entry point.
	fn instantiate(
		&mut self,
		deployer: AccountIdOf<T>,
		address: AccountIdOf<T>,
		code_hash: CodeHash,
		value: BalanceOf<T>,
		input: Vec<u8>,
		gas: &mut GasMeter,
	) -> Result<VmResult, VmError> {
		let code_info = CodeInfoOf::<T>::get(code_hash).ok_or(VmError::CodeNotFound)?;
		let engine = registry::engine_for::<T>(code_info.engine, Use::NewCode)?;
		// An address is taken while a contract lives there and while the storage of one that
		// terminated there is still being deleted.
		if ContractInfoOf::<T>::contains_key(&address)
			|| ContractStorage::<T>::iter_key_prefix(&address).next().is_some()
		{
			return Err(VmError::DuplicateContract);
		}
		let info = ContractInfo::<T>::new(code_hash, code_info.engine, code_info.shape);
		let payer = self.origin.account().clone();
		with_transaction(|| {
			// A contract account exists from the start: the origin endows it with the
			// existential deposit, which stays there while the contract lives.
			let endowment = T::Currency::minimum_balance();
			if T::Currency::transfer(&payer, &address, endowment, Preservation::Preserve).is_err() {
				return TransactionOutcome::Rollback(Err(VmError::StorageDepositNotEnoughFunds));
			}
			storage::place_contract::<T>(&address, &info);
			// The contract itself is an item that needs a deposit, even with empty storage.
			self.touched.insert(address.clone());
			let frame = Frame { caller: deployer.clone(), address: address.clone(), value, input };
			let mode = FrameMode { entry: EntryPoint::Deploy, read_only: false, moves_value: true };
			let result = self.run_frame(engine, frame, info, mode, gas);
			match result {
				Ok(done) if done.exit.is_success() => {
					self.endowments.saturating_accrue(endowment);
					Pallet::<T>::deposit_event(Event::Instantiated { deployer, contract: address, code_hash });
					TransactionOutcome::Commit(Ok(done))
				}
				other => TransactionOutcome::Rollback(other),
			}
		})
	}

	/// Runs one frame of `info`'s code on `engine` inside its own storage transaction. A value
	/// is paid for (benchmark `transfer`) before it moves; the engine charges for loading the
	/// code; the fixed part of a frame is in the weight of the extrinsic or of the `call` syscall
	/// that opened it.
	fn run_frame(
		&mut self,
		(engine, config): (&dyn VmEngine<T>, EngineConfig),
		frame: Frame<T>,
		info: ContractInfo<T>,
		mode: FrameMode,
		gas: &mut GasMeter,
	) -> Result<VmResult, VmError> {
		let FrameMode { entry, read_only, moves_value } = mode;
		let read_only = read_only || self.is_read_only();
		let moves_value = moves_value && !frame.value.is_zero();
		if moves_value {
			if read_only {
				return Err(VmError::TransferFailed);
			}
			if gas.charge(RuntimeCost::Transfer.weight::<T>()).is_err() {
				return Ok(ExitReason::OutOfGas.into());
			}
		}
		self.stored.entry(frame.address.clone()).or_insert(info.usage());
		with_transaction(|| {
			if moves_value
				&& T::Currency::transfer(&frame.caller, &frame.address, frame.value, Preservation::Preserve).is_err()
			{
				return TransactionOutcome::Rollback(Err(VmError::TransferFailed));
			}
			let (caller, address) = (frame.caller.clone(), frame.address.clone());
			self.entries.push(StackEntry { address: address.clone(), allows_reentry: false, read_only });
			self.journal.push(BTreeMap::new());
			let transient_mark = self.transient_journal.len();
			let result = engine.execute(info.code_hash, &info.shape, &config, entry, self, frame, gas);
			self.entries.pop();
			let changes = self.journal.pop().unwrap_or_default();
			if result.exit.is_success() {
				self.record(changes);
				if entry == EntryPoint::Call && ContractInfoOf::<T>::contains_key(&address) {
					Pallet::<T>::deposit_event(Event::Called { caller, contract: address });
				}
				TransactionOutcome::Commit(Ok(result))
			} else {
				self.undo_transient(transient_mark);
				TransactionOutcome::Rollback(Ok(result))
			}
		})
	}

	/// The running contract's value under `key`.
	pub fn get_storage(&self, contract: &AccountIdOf<T>, key: &ContractKey<T>) -> Option<Vec<u8>> {
		storage::read::<T>(contract, key)
	}

	/// The length of the running contract's value under `key`.
	pub fn storage_len(&self, contract: &AccountIdOf<T>, key: &ContractKey<T>) -> Option<u32> {
		storage::value_len::<T>(contract, key)
	}

	/// Writes (or removes, for `None`) the running contract's value under `key`, and counts the
	/// change in the running frame. Returns the length of the value it replaced, or
	/// [`TrapKind::ContractStorageFull`] (writing nothing) when the contract's count of items or
	/// bytes would overflow.
	pub fn set_storage(
		&mut self,
		contract: &AccountIdOf<T>,
		key: ContractKey<T>,
		value: Option<ContractValue<T>>,
	) -> Result<Option<u32>, TrapKind> {
		self.ensure_writable()?;
		let old_len = storage::value_len::<T>(contract, &key);
		let delta = StorageDelta::of_write(key.len() as u32, old_len, value.as_ref().map(|value| value.len() as u32));
		self.usage(contract).after(delta).ok_or(TrapKind::ContractStorageFull)?;
		self.touched.insert(contract.clone());
		storage::write::<T>(contract, key, value);
		self.record(BTreeMap::from([(contract.clone(), delta)]));
		Ok(old_len)
	}

	/// The items and bytes `contract` stores now: what its info recorded when it started running
	/// in the stack (every frame records it), and what the stack changed since.
	fn usage(&mut self, contract: &AccountIdOf<T>) -> StorageUsage {
		let stored = *self
			.stored
			.entry(contract.clone())
			.or_insert_with(|| ContractInfoOf::<T>::get(contract).map(|info| info.usage()).unwrap_or_default());
		let changed = self.journal.iter().filter_map(|changes| changes.get(contract)).fold(
			StorageDelta::default(),
			|mut total, delta| {
				total.accrue(*delta);
				total
			},
		);
		stored.after(changed).unwrap_or(stored)
	}

	/// Adds `changes` to the innermost open frame's, or the stack's own.
	fn record(&mut self, changes: BTreeMap<AccountIdOf<T>, StorageDelta>) {
		if let Some(open) = self.journal.last_mut() {
			for (contract, delta) in changes {
				open.entry(contract).or_default().accrue(delta);
			}
		}
	}

	/// The value of `contract`'s transient slot `key` (zero when never set in this stack).
	pub fn transient(&self, contract: &AccountIdOf<T>, key: &[u8; 32]) -> [u8; 32] {
		self.transient.get(&(contract.clone(), *key)).copied().unwrap_or_default()
	}

	/// Sets `contract`'s transient slot `key`, taking a new slot's memory from the stack's budget.
	pub fn set_transient(&mut self, contract: &AccountIdOf<T>, key: [u8; 32], value: [u8; 32]) -> Result<(), TrapKind> {
		self.ensure_writable()?;
		let slot = (contract.clone(), key);
		if !self.transient.contains_key(&slot) {
			self.heap.charge(TRANSIENT_SLOT_BYTES.saturating_mul(2)).map_err(|_| TrapKind::MemoryBudgetExhausted)?;
		}
		let replaced = self.transient.insert(slot.clone(), value);
		self.transient_journal.push((slot, replaced));
		Ok(())
	}

	/// Undoes the transient writes made since the journal held `mark` entries.
	fn undo_transient(&mut self, mark: usize) {
		for (slot, replaced) in self.transient_journal.drain(mark..).rev() {
			match replaced {
				Some(value) => self.transient.insert(slot, value),
				None => self.transient.remove(&slot),
			};
		}
	}

	/// Makes `code` the code `contract` runs: stored by hash like uploaded code (its deposit held
	/// from the origin, counted against the stack's deposit limit) unless the same bytes are
	/// stored already, and counted as used by the contract instead of its current code. For
	/// engines whose constructors return the code that calls run (the EVM).
	pub fn replace_code(&mut self, contract: &AccountIdOf<T>, code: Vec<u8>) -> Result<(), TrapKind> {
		let mut info = ContractInfoOf::<T>::get(contract)
			.ok_or_else(|| TrapKind::chain_fault("a running contract has no info"))?;
		let code_len = code.len() as u32;
		let code = BoundedVec::<u8, T::MaxCodeLen>::try_from(code).map_err(|_| TrapKind::RuntimeCodeRejected)?;
		let code_hash = H256(sp_io::hashing::blake2_256(&code));
		let shape = CodeShape { code_len, ..CodeShape::default() };
		if !CodeInfoOf::<T>::contains_key(code_hash) {
			let owner = self.origin.account().clone();
			let deposit = storage::code_deposit::<T>(code_len);
			storage::insert_code::<T>(owner, code_hash, code, info.engine, shape, deposit)
				.map_err(|_| TrapKind::CodeDepositNotEnoughFunds)?;
			self.endowments.saturating_accrue(deposit);
		}
		storage::remove_code_user::<T>(info.code_hash);
		storage::add_code_user::<T>(code_hash);
		info.code_hash = code_hash;
		info.shape = shape;
		ContractInfoOf::<T>::insert(contract, info);
		Ok(())
	}

	/// Transfers `value` of free balance; the sender keeps at least the existential deposit.
	pub fn transfer(&mut self, from: &AccountIdOf<T>, to: &AccountIdOf<T>, value: BalanceOf<T>) -> Result<(), VmError> {
		T::Currency::transfer(from, to, value, Preservation::Preserve).map(|_| ()).map_err(|_| VmError::TransferFailed)
	}

	/// Whether this is the stack's first log: it reads the block's count of log bytes, and
	/// writes it when the stack ends.
	pub fn logs_unread(&self) -> bool {
		self.block_log_bytes.is_none()
	}

	/// Emits a contract's log as a runtime event, if `bytes` more of logs fit in the stack's and
	/// the block's limits; [`TrapKind::LogLimitExceeded`] otherwise.
	pub fn log(
		&mut self,
		contract: AccountIdOf<T>,
		topics: Vec<H256>,
		data: Vec<u8>,
		bytes: u32,
	) -> Result<(), TrapKind> {
		self.ensure_writable()?;
		let block_before = *self.block_log_bytes.get_or_insert_with(BlockLogBytes::<T>::get);
		let stack_after = self.log_bytes.saturating_add(bytes);
		if stack_after > self.limits.log_bytes_per_stack
			|| block_before.saturating_add(stack_after) > self.limits.log_bytes_per_block
		{
			return Err(TrapKind::LogLimitExceeded);
		}
		self.log_bytes = stack_after;
		Pallet::<T>::deposit_event(Event::ContractLog { contract, topics, data });
		Ok(())
	}

	/// Removes `contract`: its info goes, its storage is queued for deletion (worked off by
	/// `on_idle`), its code is released, and its whole balance, storage deposit included, goes to
	/// `beneficiary`.
	pub fn terminate(&mut self, contract: &AccountIdOf<T>, beneficiary: &AccountIdOf<T>) -> Result<(), TrapKind> {
		self.ensure_writable()?;
		if self.is_reentrant(contract) {
			return Err(TrapKind::TerminatedWhileReentrant);
		}
		let Some(info) = ContractInfoOf::<T>::take(contract) else {
			return Err(TrapKind::chain_fault("a running contract has no info"));
		};
		storage::queue_deletion::<T>(contract);
		address::unmap::<T>(contract);
		storage::remove_code_user::<T>(info.code_hash);
		let reason = HoldReason::StorageDeposit.into();
		let held = T::Currency::balance_on_hold(&reason, contract);
		let moved = T::Currency::transfer_on_hold(
			&reason,
			contract,
			beneficiary,
			held,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		);
		let free = T::Currency::balance(contract);
		let swept = T::Currency::transfer(contract, beneficiary, free, Preservation::Expendable);
		if moved.is_err() || swept.is_err() {
			return Err(TrapKind::Other);
		}
		Pallet::<T>::deposit_event(Event::Terminated { contract: contract.clone(), beneficiary: beneficiary.clone() });
		Ok(())
	}

	/// Counts the items and bytes each contract whose storage changed holds now, and charges or
	/// refunds its storage deposit against the origin's account. Returns what the origin paid, net
	/// of refunds, or `None` when `gas` cannot pay for the settlement (nothing is then settled).
	///
	/// The settlement is charged for what it does, before it does it: reading each contract's
	/// info (benchmark `settle_unchanged`), writing it back when its counts changed, and moving a
	/// deposit (benchmark `settle_deposit`) when it changed.
	pub(crate) fn settle_deposits(
		&mut self,
		limit: Option<BalanceOf<T>>,
		gas: &mut GasMeter,
	) -> Result<Option<BalanceOf<T>>, VmError> {
		let database = <T as frame_system::Config>::DbWeight::get();
		let payer = self.origin.account().clone();
		let counted = self.journal.pop().unwrap_or_default();
		let touched = core::mem::take(&mut self.touched);
		if gas.charge(T::WeightInfo::settle_unchanged().saturating_mul(touched.len() as u64)).is_err() {
			return Ok(None);
		}
		// A contract that terminated has no info, and nothing to settle.
		let changes: Vec<_> = touched
			.into_iter()
			.filter_map(|contract| {
				let mut info = ContractInfoOf::<T>::get(&contract)?;
				let delta = counted.get(&contract).copied().unwrap_or_default();
				info.apply(delta);
				(!delta.is_empty() || info.deposit_required() != info.storage_deposit).then_some((contract, info))
			})
			.collect();
		let moves = changes.iter().filter(|(_, info)| info.deposit_required() != info.storage_deposit).count() as u64;
		let cost = T::WeightInfo::settle_deposit()
			.saturating_mul(moves)
			.saturating_add(database.writes(changes.len() as u64 - moves));
		if gas.charge(cost).is_err() {
			return Ok(None);
		}
		let (mut charged, mut refunded) = (self.endowments, BalanceOf::<T>::zero());
		for (_, info) in &changes {
			let required = info.deposit_required();
			if required > info.storage_deposit {
				charged.saturating_accrue(required - info.storage_deposit);
			} else {
				refunded.saturating_accrue(info.storage_deposit - required);
			}
		}
		let net = charged.saturating_sub(refunded);
		if limit.is_some_and(|limit| net > limit) {
			return Err(VmError::StorageDepositLimitExhausted);
		}
		let reason = HoldReason::StorageDeposit.into();
		for (contract, mut info) in changes {
			let required = info.deposit_required();
			if required > info.storage_deposit {
				let amount = required - info.storage_deposit;
				T::Currency::transfer_and_hold(
					&reason,
					&payer,
					&contract,
					amount,
					Precision::Exact,
					Preservation::Preserve,
					Fortitude::Polite,
				)
				.map_err(|_| VmError::StorageDepositNotEnoughFunds)?;
				Pallet::<T>::deposit_event(Event::StorageDepositHeld {
					contract: contract.clone(),
					from: payer.clone(),
					amount,
				});
			} else if required < info.storage_deposit {
				let amount = info.storage_deposit - required;
				T::Currency::transfer_on_hold(
					&reason,
					&contract,
					&payer,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)?;
				Pallet::<T>::deposit_event(Event::StorageDepositReleased {
					contract: contract.clone(),
					to: payer.clone(),
					amount,
				});
			}
			info.storage_deposit = required;
			ContractInfoOf::<T>::insert(&contract, info);
		}
		Ok(Some(net))
	}
}
