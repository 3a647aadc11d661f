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

/// What the engines keep while one call stack runs, such as the code they prepared: each
/// engine's own cache, dropped with the stack. An engine added to the registry adds its cache
/// here.
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

/// An execution engine.
pub trait VmEngine<T: Config> {
	/// Whether the engine understands `config`; checked before governance registers it.
	fn accepts_config(&self, config: &[u8]) -> bool;

	/// Checks code at upload: everything that would make it fail on every run, or run
	/// non-deterministically, is refused here with the reason.
	fn prepare(&self, code: &[u8], limits: &Limits) -> Result<(), RejectReason>;

	/// Runs `entry` of the code stored under `code_hash` in a fresh instance for `frame`,
	/// charging `gas`. The stack gives access to the chain (the code, storage, balances, nested
	/// calls) and to the engine's [`EngineCache`]; the engine must not reach the chain any other
	/// way.
	fn execute(
		&self,
		code_hash: CodeHash,
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult;
}
