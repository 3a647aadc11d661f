//! How contract execution ends: [`VmResult`] with its [`ExitReason`], the [`TrapKind`] of a trap,
//! the [`RejectReason`] of refused code, and [`VmError`] for failures outside the contract's own
//! code. The mapping of all of them to the pallet's [`Error`] lives here, in one place.

use crate::{Config, Error};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::PalletError;
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// Why code was refused at upload. Each reason names what the author has to change.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, PalletError,
)]
pub enum RejectReason {
	/// The code is larger than `MaxCodeLen`.
	CodeTooLarge,
	/// The bytes are not a valid WebAssembly module, or use a feature the engine does not enable
	/// (SIMD, threads, memory64, multiple memories, tail calls, exceptions, GC).
	InvalidModule,
	/// The module uses floating point types or instructions, whose NaN results are not
	/// deterministic across machines.
	FloatsNotAllowed,
	/// The module has a start function; contracts run only through `deploy` and `call`.
	StartFunctionNotAllowed,
	/// The module has more than one memory or table, more than 10,000 functions, or functions
	/// of less than 40 bytes on average (in more than a kilobyte of code), which compiling them
	/// lazily could abuse.
	ModuleTooComplex,
	/// An import is not a function of module `ocos` that the ABI defines.
	UnknownImport,
	/// An `ocos` function is imported with a signature other than the ABI's.
	ImportSignatureMismatch,
	/// The module does not export its linear memory as `memory` (memories must not be imported).
	MissingMemoryExport,
	/// The module does not export a `deploy` function.
	MissingDeployExport,
	/// The module does not export a `call` function.
	MissingCallExport,
	/// `deploy` or `call` takes parameters or returns results; both must be `(func)`.
	InvalidEntryPointSignature,
	/// The module's memory starts with more pages than `MaxMemoryPages`.
	TooManyMemoryPages,
	/// The module cannot be instantiated within a frame's limits: a table above 4096 elements,
	/// or a data or element segment out of its memory or table.
	InstantiationFailed,
	/// A function declares more than 512 locals (its parameters not counted); split it or keep
	/// values in memory.
	TooManyLocals,
	/// The module imports more than 64 functions.
	TooManyImports,
	/// The module has more than 64 exports; a contract needs `memory`, `deploy` and `call`.
	TooManyExports,
	/// The module defines more than 256 globals.
	TooManyGlobals,
	/// The module declares more than 512 function types.
	TooManyTypes,
	/// The module's element segments hold more than 4096 items together.
	TooManyElementItems,
	/// The module has more than 256 element and data segments together.
	TooManySegments,
	/// A function or block type has more than 32 parameters or more than 2 results.
	TooManyValues,
	/// A function nests blocks more than 1024 deep, or keeps more than 1024 values on its
	/// operand stack; split it.
	FunctionTooComplex,
	/// A global, element or data segment is initialised by an expression of more than one
	/// constant (the extended-const proposal, which stable Rust does not emit); compute the value
	/// in `deploy` instead.
	ExtendedConstNotAllowed,
	/// EVM code that is empty or starts with `0xEF` (EOF, which the EVM engine does not run).
	InvalidBytecode,
}

/// Why a contract trapped. Every fault of a contract's own code ends with one of these, and so
/// does a broken guarantee of the chain ([`TrapKind::ChainFault`]).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, PalletError,
)]
pub enum TrapKind {
	/// `unreachable` was executed.
	Unreachable,
	/// A load or store instruction accessed memory out of bounds.
	MemoryOutOfBounds,
	/// A table access was out of bounds.
	TableOutOfBounds,
	/// `call_indirect` hit a null entry or a function of the wrong type.
	IndirectCallFailed,
	/// Integer division or remainder by zero.
	IntegerDivisionByZero,
	/// Integer overflow in division or a conversion.
	IntegerOverflow,
	/// The wasm call stack grew past the engine's recursion limit, or EVM code pushed more than
	/// 1024 values on its stack.
	StackOverflow,
	/// `memory.grow` asked for more than `MaxMemoryPages`.
	MemoryLimitExceeded,
	/// A pointer passed to a syscall does not lie inside the contract's memory.
	SyscallOutOfBounds,
	/// A syscall's output buffer is smaller than the data it had to receive.
	OutputBufferTooSmall,
	/// A syscall was passed flags it does not know.
	InvalidFlags,
	/// A storage key is longer than `MaxStorageKeyLen`.
	StorageKeyTooLong,
	/// A storage value is longer than `MaxStorageValueLen`.
	StorageValueTooLarge,
	/// A log has more than `MaxLogTopics` topics.
	TooManyTopics,
	/// A log's data is longer than `MaxLogDataLen`.
	LogDataTooLarge,
	/// An input, output or hashed buffer is longer than `MaxBufferLen`.
	BufferTooLarge,
	/// A contract tried to terminate while it is also further up the call stack.
	TerminatedWhileReentrant,
	/// The call stack used up its share of the runtime's memory (`MaxStackMemory`): the code its
	/// frames loaded, their memories and buffers. Call fewer distinct or smaller contracts in one
	/// transaction.
	MemoryBudgetExhausted,
	/// The logs of the call stack (`MaxLogBytesPerStack`) or of the block
	/// (`MaxLogBytesPerBlock`) would exceed their limit.
	LogLimitExceeded,
	/// The contract's storage would exceed 4 GiB of keys and values, or 2^32 keys.
	ContractStorageFull,
	/// A read-only frame (an EVM `STATICCALL`, or a call with the `READ_ONLY` flag, and all it
	/// calls) tried to change state: storage, logs, values, transient storage, termination.
	StateChangeInReadOnlyCall,
	/// EVM code executed an opcode that does not exist, or `INVALID` (`0xFE`).
	InvalidOpcode,
	/// EVM code jumped to a destination that is not a `JUMPDEST`.
	InvalidJump,
	/// EVM code took more values from its stack than it held.
	StackUnderflow,
	/// The contract used an operation the engine does not support (see its documentation).
	NotSupported,
	/// An EVM constructor returned code longer than 24,576 bytes or starting with `0xEF`.
	RuntimeCodeRejected,
	/// The origin cannot pay the deposit for the code an EVM constructor returned.
	CodeDepositNotEnoughFunds,
	/// Any other trap the engine reports (kept for engines added later).
	Other,
	/// Something the chain guarantees was missing or broken while the frame ran (code checked
	/// at upload that does not load, a running contract without its info): a defect of the
	/// chain, not of the contract. The frame traps, its changes roll back, and the transaction
	/// pays for what ran.
	ChainFault,
}

impl TrapKind {
	/// The trap for a broken guarantee of the chain, `what` (logged, and a panic in debug builds).
	pub fn chain_fault(what: &'static str) -> Self {
		frame_support::defensive!(what);
		TrapKind::ChainFault
	}
}

/// How a call frame ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ExitReason {
	/// The contract returned (or finished its entry point); its changes are kept.
	Returned,
	/// The contract returned with the revert flag; its changes are rolled back, its output is
	/// passed on.
	Reverted,
	/// The contract trapped; its changes are rolled back and the gas it used is charged.
	Trapped(TrapKind),
	/// The contract ran out of gas; its changes are rolled back and its whole gas limit is charged.
	OutOfGas,
}

impl ExitReason {
	/// Whether the frame's changes are kept.
	pub fn is_success(&self) -> bool {
		matches!(self, ExitReason::Returned)
	}
}

/// What a call frame that ran produced.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct VmResult {
	/// How the frame ended.
	pub exit: ExitReason,
	/// The output the contract returned (empty unless it returned or reverted with data).
	pub output: Vec<u8>,
}

/// A frame that ended as `exit` with no output.
impl From<ExitReason> for VmResult {
	fn from(exit: ExitReason) -> Self {
		Self { exit, output: Vec::new() }
	}
}

/// A failure before or around a contract's execution that is not the fault of its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmError {
	/// The destination account is not a contract.
	ContractNotFound,
	/// No code is stored under the hash.
	CodeNotFound,
	/// The engine id is not registered.
	EngineNotFound,
	/// The engine is disabled: its contracts cannot run.
	EngineDisabled,
	/// The engine accepts no new code or instances.
	EngineUploadsFrozen,
	/// A contract already exists at the address derived from deployer, code and salt.
	DuplicateContract,
	/// The sender's free balance cannot cover a value transfer.
	TransferFailed,
	/// The storage deposit the call needs exceeds the limit the caller set.
	StorageDepositLimitExhausted,
	/// The origin cannot pay the storage deposit the call needs.
	StorageDepositNotEnoughFunds,
	/// A runtime error from another pallet.
	Dispatch(DispatchError),
}

impl From<DispatchError> for VmError {
	fn from(error: DispatchError) -> Self {
		VmError::Dispatch(error)
	}
}

/// The pallet error a failed top-level execution reports: the one place where [`VmError`] and
/// [`ExitReason`] become [`Error`]s. `Ok` for a frame that returned.
pub fn check_outcome<T: Config>(outcome: &Result<VmResult, VmError>) -> Result<(), DispatchError> {
	let error: Error<T> = match outcome {
		Ok(VmResult { exit: ExitReason::Returned, .. }) => return Ok(()),
		Ok(VmResult { exit: ExitReason::Reverted, .. }) => Error::ContractReverted,
		Ok(VmResult { exit: ExitReason::Trapped(kind), .. }) => Error::ContractTrapped(*kind),
		Ok(VmResult { exit: ExitReason::OutOfGas, .. }) => Error::OutOfGas,
		Err(VmError::ContractNotFound) => Error::ContractNotFound,
		Err(VmError::CodeNotFound) => Error::CodeNotFound,
		Err(VmError::EngineNotFound) => Error::EngineNotFound,
		Err(VmError::EngineDisabled) => Error::EngineDisabled,
		Err(VmError::EngineUploadsFrozen) => Error::EngineUploadsFrozen,
		Err(VmError::DuplicateContract) => Error::DuplicateContract,
		Err(VmError::TransferFailed) => Error::TransferFailed,
		Err(VmError::StorageDepositLimitExhausted) => Error::StorageDepositLimitExhausted,
		Err(VmError::StorageDepositNotEnoughFunds) => Error::StorageDepositNotEnoughFunds,
		Err(VmError::Dispatch(error)) => return Err(*error),
	};
	Err(error.into())
}
