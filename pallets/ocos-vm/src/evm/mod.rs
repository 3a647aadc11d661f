//! The EVM engine: Ethereum bytecode (as solc emits it) interpreted by `revm-interpreter`.
//!
//! Code is uploaded as init code. Instantiating runs it with the constructor's arguments appended,
//! as Ethereum does; the runtime code it returns is stored as code of its own (by hash, with a
//! deposit from the origin, shared by every contract that returns the same bytes), and the
//! contract runs it from then on. Calls run the runtime code with the call's input as calldata.
//!
//! A frame reaches the chain only through the pallet's call stack ([`host::EvmHost`]): storage
//! slots are the contract's key/value storage (a slot set to zero is removed and its deposit
//! refunded), logs are `ContractLog` events, balances are the native currency, and a `CALL` to any
//! contract, of any engine, is a nested frame of the same stack. Addresses are the 20-byte
//! addresses of [`crate::address`].
//!
//! Gas: the interpreter counts EVM gas; one unit costs the benchmarked `ref_time` of the dearest
//! opcode mix ([`ref_time_per_gas`]). Opcodes that reach the chain (storage, logs, balances,
//! calls, block hashes, code sizes, hashing) are charged their benchmarked weights as well, before
//! they act ([`instructions`]): `KECCAK256` hashes through the host, as the `hash_keccak_256`
//! syscall does. A frame's memory is bounded by the gas it has and by the frame's limit,
//! and taken from the stack's memory budget up front.
//!
//! The precompiles `ecrecover`, `sha256`, `ripemd160` and `identity` are there ([`precompiles`]).
//! `DELEGATECALL` runs another EVM contract's code as a frame of the caller. Not supported yet,
//! failing cleanly: `CREATE`/`CREATE2` (push zero, as a failed creation), `CALLCODE`,
//! `EXTCODECOPY` and `SELFDESTRUCT` (the frame traps with [`TrapKind::NotSupported`]), and the other
//! precompiles (their calls fail).

pub mod host;
pub mod instructions;
pub mod precompiles;

use crate::{
	context::Frame,
	engine::{CodeShape, EntryPoint, VmEngine},
	exec::Stack,
	gas::{self, GasMeter},
	limits::{Limits, PAGE_BYTES},
	result::{ExitReason, RejectReason, TrapKind, VmResult},
	storage::CodeHash,
	Config, WeightInfo,
};
use codec::{Decode, DecodeAll, Encode};
use host::EvmHost;
use revm_interpreter::{
	bytecode::Bytecode,
	interpreter::{EthInterpreter, ExtBytecode},
	primitives::{hardfork::SpecId, Bytes, U256},
	CallInput, FrameInput, InputsImpl, InstructionResult, Interpreter, InterpreterAction, SharedMemory,
};
use scale_info::TypeInfo;

/// The EVM engine, [`EngineKind::Evm`](crate::registry::EngineKind::Evm).
pub struct EvmEngine;

/// The longest init code (EIP-3860).
pub const MAX_INIT_CODE_LEN: u32 = 49_152;

/// The longest runtime code a constructor may return (EIP-170).
pub const MAX_RUNTIME_CODE_LEN: u32 = 24_576;

/// The first byte of EOF code (EIP-3541), which the engine does not run.
const EOF_MAGIC: u8 = 0xEF;

/// The bytes of the runtime's memory a frame holds besides its EVM memory and code: the operand
/// stack (1024 words of 32 bytes), the interpreter and its buffers.
const FRAME_OVERHEAD_BYTES: u64 = 64 * 1024;

/// The hardforks whose rules the engine can follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Hardfork {
	/// Cancun: transient storage, `MCOPY`, `PUSH0` (solc's default target up to 0.8.24).
	Cancun,
	/// Prague (solc's default target since 0.8.30).
	Prague,
}

impl Hardfork {
	/// The interpreter's rules for the hardfork.
	pub fn spec(self) -> SpecId {
		match self {
			Hardfork::Cancun => SpecId::CANCUN,
			Hardfork::Prague => SpecId::PRAGUE,
		}
	}
}

/// The EVM engine's configuration, SCALE-encoded in the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct EvmConfig {
	/// What `CHAINID` returns.
	pub chain_id: u64,
	/// The rules the engine follows.
	pub hardfork: Hardfork,
}

impl EvmConfig {
	/// The configuration encoded in `bytes`, which must hold exactly one.
	pub fn decode_from(bytes: &[u8]) -> Option<Self> {
		Self::decode_all(&mut &bytes[..]).ok()
	}
}

/// The `ref_time` one unit of EVM gas costs: the higher price of the benchmarked opcode mixes
/// (dispatch, wide arithmetic), so that no mix of them runs below its cost. Hashing is the host's
/// and charged its own benchmark. Never zero.
pub fn ref_time_per_gas<T: Config>() -> u64 {
	let mixes: [fn(u32) -> frame_support::weights::Weight; 2] =
		[T::WeightInfo::evm_jumpdest, T::WeightInfo::evm_mulmod];
	mixes.into_iter().map(|mix| gas::marginal(mix, 1).ref_time()).max().unwrap_or_default().max(1)
}

impl<T: Config> VmEngine<T> for EvmEngine {
	fn accepts_config(&self, config: &[u8]) -> bool {
		EvmConfig::decode_from(config).is_some()
	}

	fn prepare(&self, code: &[u8], _limits: &Limits) -> Result<CodeShape, RejectReason> {
		if code.len() > MAX_INIT_CODE_LEN as usize {
			return Err(RejectReason::CodeTooLarge);
		}
		if code.is_empty() || code[0] == EOF_MAGIC {
			return Err(RejectReason::InvalidBytecode);
		}
		Ok(CodeShape { code_len: code.len() as u32, ..CodeShape::default() })
	}

	fn execute(
		&self,
		code_hash: CodeHash,
		shape: &CodeShape,
		config: &[u8],
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult {
		let Some(config) = EvmConfig::decode_from(config) else {
			return ExitReason::Trapped(TrapKind::chain_fault("a registered EVM engine's config does not decode"))
				.into();
		};
		// A constructor's arguments are analysed with its code.
		let arguments = if entry == EntryPoint::Deploy { frame.input.len() as u32 } else { 0 };
		let code_len = shape.code_len.saturating_add(arguments);
		if gas.charge(gas::marginal(T::WeightInfo::load_code, code_len)).is_err() {
			return ExitReason::OutOfGas.into();
		}
		let price = ref_time_per_gas::<T>();
		let gas_limit = gas.gas_left().ref_time() / price;
		let memory_limit = memory_within(gas_limit, stack.limits());
		let heap_bytes = memory_limit
			.saturating_mul(2)
			.saturating_add((u64::from(code_len) + frame.input.len() as u64).saturating_mul(2))
			.saturating_add(FRAME_OVERHEAD_BYTES);
		if stack.heap().charge(heap_bytes).is_err() {
			return ExitReason::Trapped(TrapKind::MemoryBudgetExhausted).into();
		}
		let result = run(stack, frame, code_hash, entry, config, gas, GasPlan { gas_limit, price, memory_limit });
		stack.heap().release(heap_bytes);
		result
	}
}

/// What a frame may spend: EVM gas, at its price in `ref_time`, and memory.
#[derive(Clone, Copy)]
struct GasPlan {
	gas_limit: u64,
	price: u64,
	memory_limit: u64,
}

/// Runs the frame's code in a fresh interpreter until it returns, handling the calls it makes.
fn run<T: Config>(
	stack: &mut Stack<T>,
	frame: Frame<T>,
	code_hash: CodeHash,
	entry: EntryPoint,
	config: EvmConfig,
	gas: &mut GasMeter,
	plan: GasPlan,
) -> VmResult {
	// Code is checked at upload, so a failure to load it is a fault of the chain: the frame traps.
	let Some(mut code) = stack.code(&code_hash) else {
		return ExitReason::Trapped(TrapKind::chain_fault("a contract's code is not stored")).into();
	};
	// A constructor reads its arguments after its code, as on Ethereum; a call reads calldata.
	let calldata = match entry {
		EntryPoint::Deploy => {
			code.extend_from_slice(&frame.input);
			Bytes::new()
		}
		EntryPoint::Call => Bytes::copy_from_slice(&frame.input),
	};
	let spec = config.hardfork.spec();
	let inputs = InputsImpl {
		target_address: crate::address::to_address::<T>(&frame.address).0.into(),
		bytecode_address: None,
		caller_address: crate::address::to_address::<T>(&frame.caller).0.into(),
		input: CallInput::Bytes(calldata),
		call_value: U256::from(sp_runtime::SaturatedConversion::saturated_into::<u128>(frame.value)),
		depth: stack.depth(),
	};
	let mut memory = SharedMemory::new();
	memory.set_memory_limit(plan.memory_limit);
	let mut interpreter = Interpreter::<EthInterpreter>::new(
		memory,
		ExtBytecode::new(Bytecode::new_legacy(code.into())),
		inputs,
		stack.is_read_only(),
		spec,
		plan.gas_limit,
	);
	let table = instructions::table::<T>();
	let gas_table = revm_interpreter::instructions::gas_table_spec(spec);
	let mut host = EvmHost::new(stack, frame, gas, config, plan.price);
	let result = loop {
		match interpreter.run_plain(&table, &gas_table, &mut host) {
			InterpreterAction::Return(result) => break result,
			InterpreterAction::NewFrame(FrameInput::Call(inputs)) => host.call(&mut interpreter, *inputs),
			// CREATE and CREATE2 never suspend: their instructions fail in place.
			InterpreterAction::NewFrame(_) => {
				break revm_interpreter::InterpreterResult::new(
					InstructionResult::FatalExternalError,
					Bytes::new(),
					interpreter.gas,
				)
			}
		}
	};
	let exit_reason = host.exit_reason(result.result);
	if host.settle(result.gas.total_gas_spent()).is_err() || exit_reason == ExitReason::OutOfGas {
		host.exhaust();
		return ExitReason::OutOfGas.into();
	}
	match exit_reason {
		ExitReason::Returned if entry == EntryPoint::Deploy => match host.store_runtime_code(result.output.to_vec()) {
			Ok(()) => ExitReason::Returned.into(),
			Err(error) => error.into(),
		},
		ExitReason::Returned | ExitReason::Reverted => VmResult { exit: exit_reason, output: result.output.to_vec() },
		other => other.into(),
	}
}

/// The most EVM memory a frame with `gas_limit` can pay for (memory costs `3 * words +
/// words² / 512` gas), within the frame's limit of `MaxMemoryPages`.
fn memory_within(gas_limit: u64, limits: &Limits) -> u64 {
	let cost = |words: u128| words.saturating_mul(3).saturating_add(words.saturating_mul(words) / 512);
	// `words² + 1536 * words <= 512 * gas_limit` bounds it within a word (the quadratic term is
	// rounded down); then the last words that still fit.
	let budget = u128::from(gas_limit).saturating_mul(512);
	let mut words = (budget.saturating_add(768 * 768).isqrt()).saturating_sub(768);
	while cost(words + 1) <= u128::from(gas_limit) {
		words += 1;
	}
	let bytes = u64::try_from(words.saturating_mul(32)).unwrap_or(u64::MAX);
	bytes.min(u64::from(limits.memory_pages).saturating_mul(PAGE_BYTES.into()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_memory_a_frame_can_pay_for_matches_the_evm_memory_cost() {
		let limits = Limits { memory_pages: 16, ..Limits::of::<crate::mock::Test>() };
		let cost = |bytes: u64| {
			let words = bytes / 32;
			3 * words + words * words / 512
		};
		for gas in [0, 3, 100, 10_000, 100_000] {
			let bytes = memory_within(gas, &limits);
			assert!(cost(bytes) <= gas, "{gas}: {bytes}");
			assert!(cost(bytes + 32) > gas, "{gas}: {bytes}");
		}
		assert_eq!(memory_within(u64::MAX, &limits), 16 * 64 * 1024);
	}

	#[test]
	fn a_config_is_one_encoded_evm_config() {
		let config = EvmConfig { chain_id: 42, hardfork: Hardfork::Cancun };
		assert_eq!(EvmConfig::decode_from(&config.encode()), Some(config));
		assert_eq!(EvmConfig::decode_from(&[]), None);
		assert_eq!(EvmConfig::decode_from(&[config.encode(), vec![0]].concat()), None);
	}
}
