//! The engine trait: what every execution engine (wasmi today; EVM, MoveVM or a zkVM later) does
//! for the pallet. The pallet stores code, keeps the call stack and state; an engine checks code
//! at upload and runs an entry point of it, reaching the chain only through the [`Stack`] it is
//! given.

use crate::{
	context::Frame,
	exec::Stack,
	gas::GasMeter,
	limits::Limits,
	result::{RejectReason, VmResult},
	storage::CodeHash,
	Config,
};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// What the engines keep while one call stack runs, such as the code they prepared: each
/// engine's own cache, dropped with the stack. An engine added to the registry that needs one
/// adds its cache here.
#[derive(Default)]
pub struct EngineCache {
	/// The wasmi engine's modules.
	pub wasmi: crate::wasm::StackCache,
}

/// The entry points every contract has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryPoint {
	/// Runs once, when the contract is instantiated.
	Deploy,
	/// Runs on every call.
	Call,
}

/// What a code turns into when its engine loads it into a frame: its length and the items that
/// loading parses, allocates and initialises one by one.
///
/// The engine measures the shape once, when the code is uploaded; it is stored with the code and
/// copied into every contract of it, so that a frame is charged for loading its code (in gas and in
/// the runtime's memory) before a byte of it is read. An engine whose code has no such items
/// reports zero for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct CodeShape {
	/// The code's length in bytes.
	pub code_len: u32,
	/// Functions the code defines.
	pub functions: u32,
	/// Function types the code declares.
	pub types: u32,
	/// Imports (syscalls).
	pub imports: u32,
	/// Exports.
	pub exports: u32,
	/// Globals the code defines.
	pub globals: u32,
	/// Items of all element segments.
	pub element_items: u32,
	/// Element and data segments.
	pub segments: u32,
	/// Bytes of all data segments.
	pub data_bytes: u32,
	/// Pages (64 KiB) of memory every instance starts with.
	pub memory_pages: u32,
	/// Elements of the table every instance starts with.
	pub table_elements: u32,
}

/// An execution engine.
pub trait VmEngine<T: Config> {
	/// Whether the engine understands `config`; checked before governance registers it.
	fn accepts_config(&self, config: &[u8]) -> bool;

	/// Checks code at upload: everything that would make it fail on every run, run
	/// non-deterministically, or cost more to load than its shape says, is refused here with the
	/// reason. Returns the code's shape.
	fn prepare(&self, code: &[u8], limits: &Limits) -> Result<CodeShape, RejectReason>;

	/// Runs `entry` of the code stored under `code_hash`, of `shape`, in a fresh instance for
	/// `frame`, with the engine's registered `config`, charging `gas`, and the stack's memory
	/// budget for what it loads. The stack gives access to the chain (the code, storage,
	/// balances, nested calls) and to the engine's [`EngineCache`]; the engine must not reach
	/// the chain any other way.
	#[allow(clippy::too_many_arguments)]
	fn execute(
		&self,
		code_hash: CodeHash,
		shape: &CodeShape,
		config: &[u8],
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult;
}
