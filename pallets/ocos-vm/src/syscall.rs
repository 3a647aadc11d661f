//! The host functions: the only way a contract reaches the chain.
//!
//! Each syscall's body is a method of [`HostState`], named and typed as the ABI crate's table
//! ([`ocos_vm_uapi`]) declares it; the linker entries that wasmi calls are generated from that
//! table ([`host_function`]), so a syscall the host lacks or types differently does not compile.
//! Every entry wraps its body the same way: the fuel burnt so far is charged, then the cost of
//! entering the host ([`RuntimeCost::SyscallEntry`]), before the body acts; the body charges its
//! own [`RuntimeCost`]s (each syscall's benchmark runs the body alone) before doing the work they
//! pay for. Where a cost depends on what is only known after acting (the length of a stored
//! value), the body charges the largest and refunds the difference. A bad pointer, an oversized
//! buffer or unknown flags trap the contract with a [`TrapKind`].

use crate::{
	context::Frame,
	exec::Stack,
	gas::GasMeter,
	memory::ContractMemory,
	result::{ExitReason, TrapKind, VmError},
	runtime_cost::RuntimeCost,
	storage::{self, ContractKey, ContractValue},
	BalanceOf, Config,
};
use alloc::vec::Vec;
use codec::Encode;
use core::fmt;
use frame_support::{traits::fungible::Inspect, weights::Weight};
use ocos_vm_uapi::{call_flags, return_flags, ReturnCode, Syscall, ACCOUNT_LEN, BALANCE_LEN, SENTINEL};
use sp_core::H256;
use sp_runtime::traits::Zero;
use wasmi::{errors::HostError, Caller, Func, Memory, Store};

/// Why a syscall stopped the contract.
#[derive(Debug)]
pub enum HostExit {
	/// The contract called `return`; the output is in [`HostState::output`].
	Return,
	/// The contract terminated itself.
	Terminate,
	/// The contract did something it may not.
	Trap(TrapKind),
	/// The frame's gas ran out.
	OutOfGas,
}

impl fmt::Display for HostExit {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		fmt::Debug::fmt(self, f)
	}
}

impl HostError for HostExit {}

impl From<TrapKind> for HostExit {
	fn from(kind: TrapKind) -> Self {
		HostExit::Trap(kind)
	}
}

impl From<crate::gas::OutOfGas> for HostExit {
	fn from(_: crate::gas::OutOfGas) -> Self {
		HostExit::OutOfGas
	}
}

/// The state of one running frame, which wasmi hands to every host function.
pub struct HostState<'s, T: Config> {
	/// The call stack, for storage, balances and nested calls.
	pub stack: &'s mut Stack<T>,
	/// The running frame.
	pub frame: Frame<T>,
	/// The frame's gas meter.
	pub gas: &'s mut GasMeter,
	/// The instance's exported memory, set once it is instantiated.
	pub memory: Option<Memory>,
	/// What the frame took from the stack's memory budget, given back when it ends.
	pub heap_charged: u64,
	/// Why the frame's memory or table could not grow, when it could not.
	pub growth_denied: Option<TrapKind>,
	/// The fuel the store held when it last left the host: what it burnt since is
	/// `fuel_at_sync - fuel now`.
	pub fuel_at_sync: u64,
	/// The flags and data the contract returned with.
	pub output: Option<(u32, Vec<u8>)>,
}

type HostResult<R> = Result<R, HostExit>;

impl<'s, T: Config> HostState<'s, T> {
	/// Charges the fuel the store burnt since the last sync.
	pub fn charge_fuel_since_sync(&mut self, fuel_now: u64) -> HostResult<()> {
		let burnt = self.fuel_at_sync.saturating_sub(fuel_now);
		self.fuel_at_sync = fuel_now;
		Ok(self.gas.charge_fuel(burnt)?)
	}

	fn charge(&mut self, cost: RuntimeCost) -> HostResult<()> {
		Ok(self.gas.charge(cost.weight::<T>())?)
	}

	/// Gives back what `charged` weighs over `cost`, once the work turned out to cost that.
	fn refund(&mut self, charged: RuntimeCost, cost: RuntimeCost) {
		self.gas.refund(charged.weight::<T>().saturating_sub(cost.weight::<T>()));
	}

	/// Reads with `read` what the running contract stores under `key`: charged for the longest
	/// value first, as its length is known only once it is read (and proved), then refunded to
	/// the length `len` finds.
	fn read_storage<R>(
		&mut self,
		key: &ContractKey<T>,
		read: impl FnOnce(&Stack<T>, &crate::AccountIdOf<T>, &ContractKey<T>) -> Option<R>,
		len: impl FnOnce(&R) -> u32,
	) -> HostResult<Option<R>> {
		let largest = RuntimeCost::StorageRead(self.stack.limits().storage_value_len);
		self.charge(largest)?;
		let found = read(self.stack, &self.frame.address, key);
		let cost = RuntimeCost::StorageRead(found.as_ref().map_or(0, len));
		self.refund(largest, cost);
		Ok(found)
	}

	/// Writes the value `value` makes (or, for `None`, removes the one) under `key` in the
	/// running contract's storage, `written` bytes with the key: charged over the longest value
	/// before `value` is made, then refunded to the length the write replaced, which it returns.
	fn write_storage(
		&mut self,
		key: ContractKey<T>,
		written: u32,
		value: impl FnOnce() -> HostResult<Option<ContractValue<T>>>,
	) -> HostResult<Option<u32>> {
		let largest = RuntimeCost::StorageWrite { written, replaced: self.stack.limits().storage_value_len };
		self.charge(largest)?;
		let replaced = self.stack.set_storage(&self.frame.address, key, value()?)?;
		self.refund(largest, RuntimeCost::StorageWrite { written, replaced: replaced.unwrap_or(0) });
		Ok(replaced)
	}

	fn account(&self, bytes: &[u8; ACCOUNT_LEN]) -> HostResult<crate::AccountIdOf<T>> {
		storage::account_from_bytes::<T>(bytes)
			.ok_or_else(|| HostExit::Trap(TrapKind::chain_fault("32 bytes do not decode to an account")))
	}

	fn read_balance(&self, memory: &ContractMemory, ptr: u32) -> HostResult<BalanceOf<T>> {
		let value = memory.read_u128(ptr)?;
		BalanceOf::<T>::try_from(value).map_err(|_| HostExit::Trap(TrapKind::Other))
	}

	/// Refuses a length from the contract above `limit` before anything is charged or copied.
	fn check_len(&self, len: u32, limit: u32, too_long: TrapKind) -> HostResult<()> {
		if len > limit {
			return Err(too_long.into());
		}
		Ok(())
	}

	fn storage_key(&self, memory: &ContractMemory, ptr: u32, len: u32) -> HostResult<ContractKey<T>> {
		self.check_len(len, self.stack.limits().storage_key_len, TrapKind::StorageKeyTooLong)?;
		Ok(ContractKey::<T>::truncate_from(memory.slice(ptr, len)?.to_vec()))
	}

	fn hash(
		&mut self,
		memory: &mut ContractMemory,
		input: (u32, u32),
		out_ptr: u32,
		cost: fn(u32) -> RuntimeCost,
		hash: fn(&[u8]) -> [u8; 32],
	) -> HostResult<()> {
		let (input_ptr, input_len) = input;
		self.check_len(input_len, self.stack.limits().buffer_len, TrapKind::BufferTooLarge)?;
		self.charge(cost(input_len))?;
		let digest = hash(memory.slice(input_ptr, input_len)?);
		Ok(memory.write(out_ptr, &digest)?)
	}

	fn message<'m>(
		&mut self,
		memory: &'m ContractMemory,
		ptr: u32,
		len: u32,
		cost: fn(u32) -> RuntimeCost,
	) -> HostResult<&'m [u8]> {
		self.check_len(len, self.stack.limits().buffer_len, TrapKind::BufferTooLarge)?;
		self.charge(cost(len))?;
		Ok(memory.slice(ptr, len)?)
	}
}

fn code(success: bool, failure: ReturnCode) -> u32 {
	if success {
		ReturnCode::Success.as_u32()
	} else {
		failure.as_u32()
	}
}

/// Generates [`host_function`] from the ABI table of [`ocos_vm_uapi`] (through
/// [`ocos_vm_uapi::for_each_syscall`]): each syscall's linker entry takes the parameters the table
/// declares and calls the [`HostState`] method of the table's name with them, so that a syscall
/// the host does not implement, or implements with another signature, does not compile.
macro_rules! host_functions {
	($( $syscall:ident $name:ident( $($arg:ident: $ty:ident),* ) $( -> $ret:ident )?; )*) => {
		/// The host function of `syscall` in `store`, which charges before it acts. A frame
		/// creates the host functions of the syscalls its module imports, and no others.
		pub fn host_function<'s, T: Config>(store: &mut Store<HostState<'s, T>>, syscall: Syscall) -> Func {
			match syscall {
				$(
					Syscall::$syscall => Func::wrap(
						&mut *store,
						|mut caller: Caller<'_, HostState<'s, T>> $(, $arg: host_functions!(@type $ty))*|
							-> Result<host_functions!(@result $($ret)?), wasmi::Error> {
							let fuel_now = caller.get_fuel().unwrap_or_default();
							let memory = caller.data().memory.ok_or_else(|| {
								wasmi::Error::host(HostExit::Trap(TrapKind::chain_fault("uploaded code exports no memory")))
							})?;
							let (bytes, state) = memory.data_and_store_mut(&mut caller);
							let result = state
								.charge_fuel_since_sync(fuel_now)
								.and_then(|()| state.charge(RuntimeCost::SyscallEntry))
								.and_then(|()| state.$name(ContractMemory::new(bytes) $(, $arg)*));
							let fuel_left = state.gas.fuel_left();
							state.fuel_at_sync = fuel_left;
							caller.set_fuel(fuel_left).map_err(|_| wasmi::Error::host(HostExit::OutOfGas))?;
							result.map_err(wasmi::Error::host)
						},
					),
				)*
			}
		}

		/// The syscalls [`host_function`] defines, in the order it defines them.
		#[cfg(test)]
		pub const LINKED: &[Syscall] = &[ $( Syscall::$syscall, )* ];
	};
	(@type i32) => { u32 };
	(@type i64) => { u64 };
	(@result) => { () };
	(@result $ty:ident) => { host_functions!(@type $ty) };
}

ocos_vm_uapi::for_each_syscall!(host_functions);

/// The syscalls' bodies, one method each, named and typed as the ABI table declares them:
/// [`host_function`], generated from that table, calls them.
impl<'s, T: Config> HostState<'s, T> {
	/// [`Syscall::Input`].
	pub(crate) fn input(&mut self, mut memory: ContractMemory, out_ptr: u32, out_len_ptr: u32) -> HostResult<()> {
		self.charge(RuntimeCost::Copy(self.frame.input.len() as u32))?;
		Ok(memory.write_sized(out_ptr, out_len_ptr, &self.frame.input)?)
	}

	/// [`Syscall::Return`].
	pub(crate) fn return_(
		&mut self,
		memory: ContractMemory,
		flags: u32,
		data_ptr: u32,
		data_len: u32,
	) -> HostResult<()> {
		if flags & !return_flags::ALL != 0 {
			return Err(TrapKind::InvalidFlags.into());
		}
		self.check_len(data_len, self.stack.limits().buffer_len, TrapKind::BufferTooLarge)?;
		self.charge(RuntimeCost::Copy(data_len))?;
		self.output = Some((flags, memory.slice(data_ptr, data_len)?.to_vec()));
		Err(HostExit::Return)
	}

	/// [`Syscall::StorageGet`].
	pub(crate) fn storage_get(
		&mut self,
		mut memory: ContractMemory,
		key_ptr: u32,
		key_len: u32,
		out_ptr: u32,
		out_len_ptr: u32,
	) -> HostResult<u32> {
		let key = self.storage_key(&memory, key_ptr, key_len)?;
		match self.read_storage(&key, Stack::get_storage, |value| value.len() as u32)? {
			Some(value) => {
				memory.write_sized(out_ptr, out_len_ptr, &value)?;
				Ok(ReturnCode::Success.as_u32())
			}
			None => Ok(ReturnCode::KeyNotFound.as_u32()),
		}
	}

	/// [`Syscall::StorageSet`].
	pub(crate) fn storage_set(
		&mut self,
		memory: ContractMemory,
		key_ptr: u32,
		key_len: u32,
		value_ptr: u32,
		value_len: u32,
	) -> HostResult<u32> {
		let key = self.storage_key(&memory, key_ptr, key_len)?;
		self.check_len(value_len, self.stack.limits().storage_value_len, TrapKind::StorageValueTooLarge)?;
		let value = || Ok(Some(ContractValue::<T>::truncate_from(memory.slice(value_ptr, value_len)?.to_vec())));
		Ok(self.write_storage(key, key_len.saturating_add(value_len), value)?.unwrap_or(SENTINEL))
	}

	/// [`Syscall::StorageRemove`].
	pub(crate) fn storage_remove(&mut self, memory: ContractMemory, key_ptr: u32, key_len: u32) -> HostResult<u32> {
		let key = self.storage_key(&memory, key_ptr, key_len)?;
		Ok(self.write_storage(key, key_len, || Ok(None))?.unwrap_or(SENTINEL))
	}

	/// [`Syscall::StorageContains`].
	pub(crate) fn storage_contains(&mut self, memory: ContractMemory, key_ptr: u32, key_len: u32) -> HostResult<u32> {
		let key = self.storage_key(&memory, key_ptr, key_len)?;
		// Learning a value's length reads the whole value (and proves it): charged as a read.
		Ok(self.read_storage(&key, Stack::storage_len, |len| *len)?.unwrap_or(SENTINEL))
	}

	/// [`Syscall::Log`].
	pub(crate) fn log(
		&mut self,
		memory: ContractMemory,
		topics_ptr: u32,
		topics_count: u32,
		data_ptr: u32,
		data_len: u32,
	) -> HostResult<()> {
		self.charge(RuntimeCost::log(self.stack, topics_count, data_len)?)?;
		let topics = memory.slice(topics_ptr, topics_count * 32)?.chunks_exact(32).map(H256::from_slice).collect();
		let data = memory.slice(data_ptr, data_len)?.to_vec();
		Ok(self.stack.log(self.frame.address.clone(), topics, data, topics_count * 32 + data_len)?)
	}

	/// [`Syscall::Caller`].
	pub(crate) fn caller(&mut self, mut memory: ContractMemory, out_ptr: u32) -> HostResult<()> {
		Ok(memory.write(out_ptr, &storage::account_to_bytes::<T>(&self.frame.caller))?)
	}

	/// [`Syscall::Address`].
	pub(crate) fn address(&mut self, mut memory: ContractMemory, out_ptr: u32) -> HostResult<()> {
		Ok(memory.write(out_ptr, &storage::account_to_bytes::<T>(&self.frame.address))?)
	}

	/// [`Syscall::ValueTransferred`].
	pub(crate) fn value_transferred(&mut self, mut memory: ContractMemory, out_ptr: u32) -> HostResult<()> {
		Ok(memory.write(out_ptr, &balance_bytes::<T>(self.frame.value))?)
	}

	/// [`Syscall::Balance`].
	pub(crate) fn balance(&mut self, mut memory: ContractMemory, out_ptr: u32) -> HostResult<()> {
		self.charge(RuntimeCost::Balance)?;
		let balance = T::Currency::balance(&self.frame.address);
		Ok(memory.write(out_ptr, &balance_bytes::<T>(balance))?)
	}

	/// [`Syscall::BalanceOf`].
	pub(crate) fn balance_of(&mut self, mut memory: ContractMemory, account_ptr: u32, out_ptr: u32) -> HostResult<()> {
		let account = self.account(&memory.read_array(account_ptr)?)?;
		self.charge(RuntimeCost::Balance)?;
		let balance = T::Currency::balance(&account);
		Ok(memory.write(out_ptr, &balance_bytes::<T>(balance))?)
	}

	/// [`Syscall::Transfer`].
	pub(crate) fn transfer(&mut self, memory: ContractMemory, account_ptr: u32, value_ptr: u32) -> HostResult<u32> {
		let to = self.account(&memory.read_array(account_ptr)?)?;
		let value = self.read_balance(&memory, value_ptr)?;
		self.stack.ensure_writable()?;
		self.charge(RuntimeCost::Transfer)?;
		let sent = self.stack.transfer(&self.frame.address, &to, value).is_ok();
		Ok(code(sent, ReturnCode::TransferFailed))
	}

	/// [`Syscall::BlockNumber`].
	pub(crate) fn block_number(&mut self, _memory: ContractMemory) -> HostResult<u64> {
		Ok(self.stack.block_number())
	}

	/// [`Syscall::BlockTimestamp`].
	pub(crate) fn block_timestamp(&mut self, _memory: ContractMemory) -> HostResult<u64> {
		self.charge(RuntimeCost::block_timestamp(self.stack))?;
		Ok(self.stack.block_timestamp())
	}

	/// [`Syscall::GasLeft`].
	pub(crate) fn gas_left(&mut self, _memory: ContractMemory) -> HostResult<u64> {
		Ok(self.gas.gas_left().ref_time())
	}

	/// [`Syscall::Call`].
	pub(crate) fn call(
		&mut self,
		mut memory: ContractMemory,
		flags: u32,
		callee_ptr: u32,
		gas_limit: u64,
		value_ptr: u32,
		input_ptr: u32,
		input_len: u32,
		out_ptr: u32,
		out_len_ptr: u32,
	) -> HostResult<u32> {
		if flags & !call_flags::ALL != 0 {
			return Err(TrapKind::InvalidFlags.into());
		}
		let callee = self.account(&memory.read_array(callee_ptr)?)?;
		let value = self.read_balance(&memory, value_ptr)?;
		if !value.is_zero() {
			self.stack.ensure_writable()?;
		}
		self.check_len(input_len, self.stack.limits().buffer_len, TrapKind::BufferTooLarge)?;
		self.charge(RuntimeCost::CallBase(input_len))?;
		let input = memory.slice(input_ptr, input_len)?.to_vec();
		if self.stack.is_full() {
			return Ok(ReturnCode::MaxCallDepthReached.as_u32());
		}
		// This frame's own permission counts: a callee may call back only if it was given.
		self.stack.allow_reentry(flags & call_flags::ALLOW_REENTRY != 0);
		if self.stack.refuses_reentry(&callee) {
			self.stack.allow_reentry(false);
			return Ok(ReturnCode::ReentranceDenied.as_u32());
		}
		// The ABI limits `ref_time` only; a nested frame may use all the proof size that is left.
		let limit = if gas_limit == 0 {
			Weight::zero()
		} else {
			Weight::from_parts(gas_limit, self.gas.gas_left().proof_size())
		};
		let mut nested = self.gas.nested(limit);
		let read_only = flags & call_flags::READ_ONLY != 0;
		let result = self.stack.call(self.frame.address.clone(), callee, value, input, read_only, &mut nested);
		self.gas.absorb(nested);
		self.stack.allow_reentry(false);
		let (code, output) = match result {
			Ok(done) => match done.exit {
				ExitReason::Returned => (ReturnCode::Success, done.output),
				ExitReason::Reverted => (ReturnCode::CalleeReverted, done.output),
				ExitReason::Trapped(_) | ExitReason::OutOfGas => (ReturnCode::CalleeTrapped, Vec::new()),
			},
			Err(VmError::ContractNotFound) => (ReturnCode::NotAContract, Vec::new()),
			Err(VmError::TransferFailed) => (ReturnCode::TransferFailed, Vec::new()),
			Err(_) => (ReturnCode::CalleeTrapped, Vec::new()),
		};
		if matches!(code, ReturnCode::Success | ReturnCode::CalleeReverted) {
			self.charge(RuntimeCost::Copy(output.len() as u32))?;
			memory.write_sized(out_ptr, out_len_ptr, &output)?;
		}
		Ok(code.as_u32())
	}

	/// [`Syscall::Terminate`].
	pub(crate) fn terminate(&mut self, memory: ContractMemory, beneficiary_ptr: u32) -> HostResult<()> {
		let beneficiary = self.account(&memory.read_array(beneficiary_ptr)?)?;
		self.charge(RuntimeCost::Terminate)?;
		self.stack.terminate(&self.frame.address, &beneficiary)?;
		Err(HostExit::Terminate)
	}

	/// [`Syscall::HashBlake2_256`].
	pub(crate) fn hash_blake2_256(
		&mut self,
		mut memory: ContractMemory,
		input_ptr: u32,
		input_len: u32,
		out_ptr: u32,
	) -> HostResult<()> {
		self.hash(&mut memory, (input_ptr, input_len), out_ptr, RuntimeCost::Blake2_256, sp_io::hashing::blake2_256)
	}

	/// [`Syscall::HashKeccak256`].
	pub(crate) fn hash_keccak_256(
		&mut self,
		mut memory: ContractMemory,
		input_ptr: u32,
		input_len: u32,
		out_ptr: u32,
	) -> HostResult<()> {
		self.hash(&mut memory, (input_ptr, input_len), out_ptr, RuntimeCost::Keccak256, sp_io::hashing::keccak_256)
	}

	/// [`Syscall::HashSha2_256`].
	pub(crate) fn hash_sha2_256(
		&mut self,
		mut memory: ContractMemory,
		input_ptr: u32,
		input_len: u32,
		out_ptr: u32,
	) -> HostResult<()> {
		self.hash(&mut memory, (input_ptr, input_len), out_ptr, RuntimeCost::Sha2_256, sp_io::hashing::sha2_256)
	}

	/// [`Syscall::EcdsaRecover`].
	pub(crate) fn ecdsa_recover(
		&mut self,
		mut memory: ContractMemory,
		signature_ptr: u32,
		message_hash_ptr: u32,
		out_ptr: u32,
	) -> HostResult<u32> {
		let signature = memory.read_array::<65>(signature_ptr)?;
		let message_hash = memory.read_array::<32>(message_hash_ptr)?;
		self.charge(RuntimeCost::EcdsaRecover)?;
		match sp_io::crypto::secp256k1_ecdsa_recover_compressed(&signature, &message_hash) {
			Ok(public_key) => {
				memory.write(out_ptr, &public_key)?;
				Ok(ReturnCode::Success.as_u32())
			}
			Err(_) => Ok(ReturnCode::InvalidSignature.as_u32()),
		}
	}

	/// [`Syscall::Sr25519Verify`].
	pub(crate) fn sr25519_verify(
		&mut self,
		memory: ContractMemory,
		signature_ptr: u32,
		public_key_ptr: u32,
		message_ptr: u32,
		message_len: u32,
	) -> HostResult<u32> {
		let signature = sp_core::sr25519::Signature::from_raw(memory.read_array(signature_ptr)?);
		let public_key = sp_core::sr25519::Public::from_raw(memory.read_array(public_key_ptr)?);
		let message = self.message(&memory, message_ptr, message_len, RuntimeCost::Sr25519Verify)?;
		Ok(code(sp_io::crypto::sr25519_verify(&signature, message, &public_key), ReturnCode::InvalidSignature))
	}

	/// [`Syscall::Ed25519Verify`].
	pub(crate) fn ed25519_verify(
		&mut self,
		memory: ContractMemory,
		signature_ptr: u32,
		public_key_ptr: u32,
		message_ptr: u32,
		message_len: u32,
	) -> HostResult<u32> {
		let signature = sp_core::ed25519::Signature::from_raw(memory.read_array(signature_ptr)?);
		let public_key = sp_core::ed25519::Public::from_raw(memory.read_array(public_key_ptr)?);
		let message = self.message(&memory, message_ptr, message_len, RuntimeCost::Ed25519Verify)?;
		Ok(code(sp_io::crypto::ed25519_verify(&signature, message, &public_key), ReturnCode::InvalidSignature))
	}

	/// [`Syscall::DaoContext`].
	pub(crate) fn dao_context(
		&mut self,
		mut memory: ContractMemory,
		out_ptr: u32,
		out_len_ptr: u32,
	) -> HostResult<u32> {
		// The DAO's approval is the authority of the contract the DAO called, and of no contract
		// that one calls in turn.
		match self.stack.origin().dao_context().filter(|_| self.stack.depth() == 1) {
			Some(context) => {
				memory.write_sized(out_ptr, out_len_ptr, &context.encode())?;
				Ok(ReturnCode::Success.as_u32())
			}
			None => Ok(ReturnCode::NoDaoContext.as_u32()),
		}
	}
}

/// A balance as contracts see it: 16 bytes, little-endian.
fn balance_bytes<T: Config>(balance: BalanceOf<T>) -> [u8; BALANCE_LEN] {
	use sp_runtime::SaturatedConversion;
	balance.saturated_into::<u128>().to_le_bytes()
}
