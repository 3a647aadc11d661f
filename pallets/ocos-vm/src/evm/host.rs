//! The chain as one EVM frame sees it: [`EvmHost`] answers the interpreter's questions through the
//! pallet's call stack, runs the calls the frame makes as nested frames of that stack, and keeps
//! the frame's gas meter in step with the interpreter's gas.
//!
//! Within a frame the interpreter's gas counts all `ref_time` (opcodes at [`ref_time_per_gas`],
//! host operations converted at the same price), and the frame's meter is charged for it when the
//! frame calls out and when it ends ([`EvmHost::settle`]). Proof size, which EVM gas has no
//! dimension for, is charged on the meter as each host operation happens.
//!
//! [`ref_time_per_gas`]: super::ref_time_per_gas

use super::{precompiles::Precompile, EvmConfig, MAX_INIT_CODE_LEN, MAX_RUNTIME_CODE_LEN};
use crate::{
	address,
	context::Frame,
	exec::Stack,
	gas::{GasMeter, OutOfGas},
	result::{ExitReason, TrapKind, VmError, VmResult},
	runtime_cost::RuntimeCost,
	storage::{ContractKey, ContractValue},
	AccountIdOf, BalanceOf, Config,
};
use alloc::{borrow::Cow, vec::Vec};
use frame_support::weights::Weight;
use revm_interpreter::{
	context_interface::{cfg::GasParams, host::LoadError, journaled_state::AccountInfoLoad},
	interpreter::EthInterpreter,
	interpreter_types::ReturnData,
	primitives::{Address, Log, StorageKey, StorageValue, B256, U256},
	state::AccountInfo,
	CallInputs, CallScheme, Gas, Host, InstructionResult, Interpreter, InterpreterResult, SStoreResult,
	SelfDestructResult, StateLoad,
};
use sp_core::{H160, H256};
use sp_runtime::traits::Zero;

/// One EVM frame's view of the chain.
pub struct EvmHost<'s, T: Config> {
	stack: &'s mut Stack<T>,
	frame: Frame<T>,
	gas: &'s mut GasMeter,
	config: EvmConfig,
	gas_params: GasParams,
	/// The `ref_time` of one unit of EVM gas.
	price: u64,
	/// The interpreter's gas already charged on the meter.
	settled: u64,
	/// Why the frame must trap, when an operation of the host found out.
	trap: Option<TrapKind>,
}

impl<'s, T: Config> EvmHost<'s, T> {
	/// The host of `frame`, charging `gas`, converting EVM gas at `price`.
	pub fn new(stack: &'s mut Stack<T>, frame: Frame<T>, gas: &'s mut GasMeter, config: EvmConfig, price: u64) -> Self {
		let gas_params = GasParams::new_spec(config.hardfork.spec());
		Self { stack, frame, gas, config, gas_params, price, settled: 0, trap: None }
	}

	/// The call stack.
	pub fn stack(&mut self) -> &mut Stack<T> {
		self.stack
	}

	/// The running frame.
	pub fn frame(&self) -> &Frame<T> {
		&self.frame
	}

	/// Charges `weight` before a host operation acts: its `ref_time` as EVM gas on the
	/// interpreter's `gas` (rounded up), its proof size on the meter.
	pub fn charge(&mut self, gas: &mut Gas, weight: Weight) -> Result<(), InstructionResult> {
		if !gas.record_regular_cost(weight.ref_time().div_ceil(self.price)) {
			return Err(InstructionResult::OutOfGas);
		}
		self.gas.charge(Weight::from_parts(0, weight.proof_size())).map_err(|_| InstructionResult::OutOfGas)
	}

	/// Ends the frame with `kind` at the next instruction boundary.
	pub fn fail(&mut self, kind: TrapKind) -> InstructionResult {
		self.trap = Some(kind);
		InstructionResult::FatalExternalError
	}

	/// Whether an operation of the host failed in a way the interpreter could not be told.
	pub fn failed(&self) -> bool {
		self.trap.is_some()
	}

	/// Charges the meter for the interpreter's gas up to `spent` units.
	pub fn settle(&mut self, spent: u64) -> Result<(), OutOfGas> {
		let unsettled = spent.saturating_sub(self.settled);
		self.settled = self.settled.max(spent);
		self.gas.charge(Weight::from_parts(unsettled.saturating_mul(self.price), 0))
	}

	/// Marks the frame's whole gas as used: it ran out.
	pub fn exhaust(&mut self) {
		self.gas.exhaust();
	}

	/// How the interpreter's `result` ends the frame.
	pub fn exit_reason(&self, result: InstructionResult) -> ExitReason {
		use InstructionResult::*;
		let kind = match result {
			Stop | Return => return ExitReason::Returned,
			Revert => return ExitReason::Reverted,
			OutOfGas | MemoryOOG | PrecompileOOG | InvalidOperandOOG | ReentrancySentryOOG => {
				return ExitReason::OutOfGas
			}
			MemoryLimitOOG => TrapKind::MemoryLimitExceeded,
			OpcodeNotFound | InvalidFEOpcode | InvalidImmediateEncoding => TrapKind::InvalidOpcode,
			NotActivated => TrapKind::NotSupported,
			InvalidJump => TrapKind::InvalidJump,
			StackUnderflow => TrapKind::StackUnderflow,
			StackOverflow => TrapKind::StackOverflow,
			OutOfOffset => TrapKind::MemoryOutOfBounds,
			CallNotAllowedInsideStatic | StateChangeDuringStaticCall => TrapKind::StateChangeInReadOnlyCall,
			FatalExternalError => self.trap.unwrap_or_else(|| TrapKind::chain_fault("the host failed without a trap")),
			_ => TrapKind::Other,
		};
		ExitReason::Trapped(kind)
	}

	/// Makes `code`, which the constructor returned, the contract's code: charged as an upload
	/// of its length, refused over 24,576 bytes (EIP-170) or when it starts with `0xEF`
	/// (EIP-3541).
	pub fn store_runtime_code(&mut self, code: Vec<u8>) -> Result<(), ExitReason> {
		if code.len() > MAX_RUNTIME_CODE_LEN as usize || code.first() == Some(&0xEF) {
			return Err(ExitReason::Trapped(TrapKind::RuntimeCodeRejected));
		}
		if self.gas.charge(RuntimeCost::StoreCode(code.len() as u32).weight::<T>()).is_err() {
			return Err(ExitReason::OutOfGas);
		}
		self.stack.replace_code(&self.frame.address, code).map_err(ExitReason::Trapped)
	}

	/// Runs the call `inputs` describes (a `CALL`, `STATICCALL` or `DELEGATECALL` the interpreter
	/// suspended on) as a nested frame of the stack, and resumes `interpreter` with its outcome.
	pub fn call(&mut self, interpreter: &mut Interpreter<EthInterpreter>, inputs: CallInputs) {
		let forwarded = inputs.gas_limit;
		// What the frame spent before the call is charged now; the forwarded gas is the callee's.
		let spent = interpreter.gas.total_gas_spent().saturating_sub(forwarded);
		let (result, output, used) = if self.settle(spent).is_err() {
			(InstructionResult::OutOfGas, Vec::new(), forwarded)
		} else {
			let input = if inputs.input.is_empty() {
				Vec::new()
			} else {
				inputs.input.as_bytes_memory(&interpreter.memory).to_vec()
			};
			let limit = Weight::from_parts(forwarded.saturating_mul(self.price), self.gas.gas_left().proof_size());
			let mut nested = self.gas.nested(limit);
			let (result, output) = self.run_call(&inputs, input, &mut nested);
			let used = nested.consumed().ref_time().div_ceil(self.price).min(forwarded);
			self.gas.absorb(nested);
			(result, output, used)
		};
		let mut callee_gas = Gas::new(forwarded);
		let _ = callee_gas.record_regular_cost(used);
		resume(interpreter, InterpreterResult::new(result, output.into(), callee_gas), &inputs);
		self.settled = interpreter.gas.total_gas_spent();
	}

	/// The outcome of the call `inputs` describes, with `input`, metered by `gas`: a precompile, a
	/// frame of the callee's engine when the callee is a contract (of the running contract, with
	/// the callee's code, for a `DELEGATECALL`), a plain transfer otherwise.
	fn run_call(&mut self, inputs: &CallInputs, input: Vec<u8>, gas: &mut GasMeter) -> (InstructionResult, Vec<u8>) {
		if let Some(precompile) = Precompile::at(&inputs.bytecode_address) {
			return run_precompile::<T>(precompile, inputs, &input, gas);
		}
		let callee = address::to_account::<T>(&H160(inputs.bytecode_address.0 .0));
		// A `DELEGATECALL`'s value is the running frame's, which moved already.
		let value = inputs.value.transfer().unwrap_or_default().saturating_to::<u128>();
		let Ok(value) = BalanceOf::<T>::try_from(value) else {
			return (InstructionResult::OutOfFunds, Vec::new());
		};
		if self.stack.is_full() {
			return (InstructionResult::CallTooDeep, Vec::new());
		}
		let caller = self.frame.address.clone();
		let result = if inputs.scheme == CallScheme::DelegateCall {
			let frame =
				Frame { caller: self.frame.caller.clone(), address: caller.clone(), value: self.frame.value, input };
			self.stack.delegate_call(&callee, frame, gas)
		} else {
			// EVM code may be re-entered, as on Ethereum; a contract further up that forbade it is
			// not.
			self.stack.allow_reentry(true);
			if self.stack.refuses_reentry(&callee) {
				return (InstructionResult::Revert, Vec::new());
			}
			self.stack.call(caller.clone(), callee.clone(), value, input, inputs.is_static, gas)
		};
		match result {
			Ok(VmResult { exit: ExitReason::Returned, output }) => (InstructionResult::Return, output),
			Ok(VmResult { exit: ExitReason::Reverted, output }) => (InstructionResult::Revert, output),
			Ok(VmResult { exit: ExitReason::OutOfGas, .. }) => (InstructionResult::OutOfGas, Vec::new()),
			Ok(VmResult { exit: ExitReason::Trapped(_), .. }) => (InstructionResult::InvalidFEOpcode, Vec::new()),
			Err(VmError::ContractNotFound) => (self.transfer(&caller, &callee, value, gas), Vec::new()),
			Err(VmError::TransferFailed) => (InstructionResult::OutOfFunds, Vec::new()),
			Err(_) => (InstructionResult::Revert, Vec::new()),
		}
	}

	/// A call of an account that is not a contract: the value moves, and the call succeeds.
	fn transfer(
		&mut self,
		from: &AccountIdOf<T>,
		to: &AccountIdOf<T>,
		value: BalanceOf<T>,
		gas: &mut GasMeter,
	) -> InstructionResult {
		if value.is_zero() {
			return InstructionResult::Stop;
		}
		if gas.charge(RuntimeCost::Transfer.weight::<T>()).is_err() {
			return InstructionResult::OutOfGas;
		}
		match self.stack.transfer(from, to, value) {
			Ok(()) => InstructionResult::Stop,
			Err(_) => InstructionResult::OutOfFunds,
		}
	}

	fn storage_key(key: StorageKey) -> ContractKey<T> {
		ContractKey::<T>::truncate_from(key.to_be_bytes::<32>().to_vec())
	}

	fn read_slot(&self, key: &ContractKey<T>) -> U256 {
		self.stack
			.get_storage(&self.frame.address, key)
			.map(|value| U256::from_be_slice(&value[..value.len().min(32)]))
			.unwrap_or_default()
	}
}

/// The outcome of calling `precompile` with `input`, charged on `gas` before it runs. A precompile
/// takes no value.
fn run_precompile<T: Config>(
	precompile: Precompile,
	inputs: &CallInputs,
	input: &[u8],
	gas: &mut GasMeter,
) -> (InstructionResult, Vec<u8>) {
	let Some(weight) = precompile.weight::<T>(input.len() as u32) else {
		return (InstructionResult::PrecompileError, Vec::new());
	};
	if inputs.transfers_value() {
		return (InstructionResult::Revert, Vec::new());
	}
	if gas.charge(weight).is_err() {
		return (InstructionResult::PrecompileOOG, Vec::new());
	}
	(InstructionResult::Return, precompile.run(input))
}

/// Resumes `parent` after the call `inputs` ended with `result`: the success flag on its stack, the
/// output in its return data and in the memory the call named, and the callee's unused gas back.
fn resume(parent: &mut Interpreter<EthInterpreter>, result: InterpreterResult, inputs: &CallInputs) {
	let code = result.result;
	parent.return_data.set_buffer(result.output);
	let _ = parent.stack.push(U256::from(code.is_ok() as u8));
	if code.is_ok_or_revert() {
		let target = &inputs.return_memory_offset;
		let len = target.len().min(parent.return_data.buffer().len());
		if len > 0 {
			let output = parent.return_data.buffer().slice(..len);
			parent.memory.set(target.start, &output);
		}
		parent.gas.erase_cost(result.gas.remaining());
	}
}

impl<T: Config> Host for EvmHost<'_, T> {
	fn basefee(&self) -> U256 {
		U256::ZERO
	}

	fn blob_gasprice(&self) -> U256 {
		U256::ZERO
	}

	fn gas_limit(&self) -> U256 {
		U256::from(self.gas.gas_left().ref_time() / self.price)
	}

	fn difficulty(&self) -> U256 {
		U256::ZERO
	}

	fn prevrandao(&self) -> Option<U256> {
		Some(U256::ZERO)
	}

	fn block_number(&self) -> U256 {
		U256::from(self.stack.block_number())
	}

	fn timestamp(&self) -> U256 {
		// `TIMESTAMP` is the engine's own instruction, which reads the clock through the stack.
		U256::ZERO
	}

	fn beneficiary(&self) -> Address {
		Address::ZERO
	}

	fn slot_num(&self) -> U256 {
		U256::ZERO
	}

	fn chain_id(&self) -> U256 {
		U256::from(self.config.chain_id)
	}

	fn effective_gas_price(&self) -> U256 {
		U256::ZERO
	}

	fn caller(&self) -> Address {
		address::to_address::<T>(self.stack.origin().account()).0.into()
	}

	fn blob_hash(&self, _number: usize) -> Option<U256> {
		None
	}

	fn max_initcode_size(&self) -> usize {
		MAX_INIT_CODE_LEN as usize
	}

	fn gas_params(&self) -> &GasParams {
		&self.gas_params
	}

	fn is_amsterdam_eip8037_enabled(&self) -> bool {
		false
	}

	fn block_hash(&mut self, number: u64) -> Option<B256> {
		let number: frame_system::pallet_prelude::BlockNumberFor<T> =
			sp_runtime::SaturatedConversion::saturated_into(number);
		let hash = frame_system::Pallet::<T>::block_hash(number);
		let bytes: &[u8] = hash.as_ref();
		Some(if bytes.len() == 32 { B256::from_slice(bytes) } else { B256::ZERO })
	}

	fn selfdestruct(
		&mut self,
		_address: Address,
		_target: Address,
		_skip_cold_load: bool,
	) -> Result<StateLoad<SelfDestructResult>, LoadError> {
		self.trap = Some(TrapKind::NotSupported);
		Err(LoadError::DBError)
	}

	fn log(&mut self, log: Log) {
		let topics: Vec<H256> = log.data.topics().iter().map(|topic| H256(topic.0)).collect();
		let bytes = (topics.len() * 32 + log.data.data.len()) as u32;
		let contract = self.frame.address.clone();
		if let Err(kind) = self.stack.log(contract, topics, log.data.data.to_vec(), bytes) {
			self.trap = Some(kind);
		}
	}

	fn sstore_skip_cold_load(
		&mut self,
		_address: Address,
		key: StorageKey,
		value: StorageValue,
		_skip_cold_load: bool,
	) -> Result<StateLoad<SStoreResult>, LoadError> {
		let key = Self::storage_key(key);
		let present = self.read_slot(&key);
		let new = (!value.is_zero()).then(|| ContractValue::<T>::truncate_from(value.to_be_bytes::<32>().to_vec()));
		let contract = self.frame.address.clone();
		if let Err(kind) = self.stack.set_storage(&contract, key, new) {
			self.trap = Some(kind);
			return Err(LoadError::DBError);
		}
		let result = SStoreResult { original_value: present, present_value: present, new_value: value };
		Ok(StateLoad::new(result, false))
	}

	fn sload_skip_cold_load(
		&mut self,
		_address: Address,
		key: StorageKey,
		_skip_cold_load: bool,
	) -> Result<StateLoad<StorageValue>, LoadError> {
		Ok(StateLoad::new(self.read_slot(&Self::storage_key(key)), false))
	}

	fn tstore(&mut self, _address: Address, key: StorageKey, value: StorageValue) {
		let contract = self.frame.address.clone();
		if let Err(kind) = self.stack.set_transient(&contract, key.to_be_bytes(), value.to_be_bytes()) {
			self.trap = Some(kind);
		}
	}

	fn tload(&mut self, _address: Address, key: StorageKey) -> StorageValue {
		U256::from_be_bytes(self.stack.transient(&self.frame.address, &key.to_be_bytes()))
	}

	fn load_account_info_skip_cold_load(
		&mut self,
		_address: Address,
		_load_code: bool,
		_skip_cold_load: bool,
	) -> Result<AccountInfoLoad<'_>, LoadError> {
		// Only `CALL`s reach this (the engine's own instructions read balances and code), and the
		// call itself finds its callee: nothing is read here.
		Ok(AccountInfoLoad { account: Cow::Owned(AccountInfo::default()), is_cold: false, is_empty: false })
	}
}
