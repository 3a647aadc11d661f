//! The engine registry: which execution engines the chain runs, each under an id that code records
//! when it is uploaded, with a status that governance sets.
//!
//! Two things make an engine usable: an implementation compiled into the runtime
//! ([`implementation`]), and an entry in the governed [`Engines`](crate::Engines) storage that
//! `register_engine` adds. Adding an EVM or MoveVM engine later means adding its
//! [`EngineKind`] arm here; the pallet's calls do not change.

use crate::{engine::VmEngine, result::VmError, Config, Engines};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// An engine's id in the registry. Genesis registers the wasmi engine as id 0.
pub type EngineId = u32;

/// The longest engine configuration in bytes.
pub const MAX_ENGINE_CONFIG_LEN: u32 = 1_024;

/// An engine's configuration bytes, whose meaning the engine defines.
pub type EngineConfig = BoundedVec<u8, ConstU32<MAX_ENGINE_CONFIG_LEN>>;

/// The kinds of execution engine the registry knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum EngineKind {
	/// WebAssembly executed by the wasmi interpreter, metered with fuel.
	Wasmi,
	/// Ethereum bytecode executed by revm's interpreter, metered with EVM gas.
	Evm,
	/// The Move virtual machine (not compiled into this runtime yet).
	MoveVm,
	/// A zero-knowledge virtual machine (not compiled into this runtime yet).
	ZkVm,
}

/// What an engine may do. Governance moves engines between these with `set_engine_status`.
///
/// The lifecycle: `Active`, `UploadsFrozen` and `Disabled` are an engine's working states, and
/// governance moves it between them freely (`Disabled` is the emergency stop: reversible). Any of
/// them may become `Deprecated`, which announces the end: a deprecated engine runs calls but
/// takes no new code, and can only become `Retired`, which runs nothing and never changes again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum EngineStatus {
	/// Uploads, instantiations and calls all run.
	Active,
	/// No new code or instances; existing contracts are called as before. Reversible.
	UploadsFrozen,
	/// Like `UploadsFrozen`, announcing retirement: a deprecated engine can only be retired.
	Deprecated,
	/// Nothing runs: calls to the engine's contracts are rejected. Reversible.
	Disabled,
	/// The end of a deprecated engine: nothing runs, for good.
	Retired,
}

impl EngineStatus {
	/// Whether new code may be uploaded and new contracts instantiated.
	pub fn accepts_new_code(self) -> bool {
		self == EngineStatus::Active
	}

	/// Whether existing contracts may be called.
	pub fn runs_calls(self) -> bool {
		!matches!(self, EngineStatus::Disabled | EngineStatus::Retired)
	}

	/// Whether governance may move an engine from `self` to `next` (see the lifecycle above).
	pub fn may_become(self, next: EngineStatus) -> bool {
		use EngineStatus::*;
		match self {
			Active | UploadsFrozen | Disabled => next != Retired,
			Deprecated => next == Retired,
			Retired => false,
		}
	}
}

/// A registered engine.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct EngineInfo {
	/// Which implementation runs the engine's code.
	pub kind: EngineKind,
	/// What the engine may do.
	pub status: EngineStatus,
	/// The engine's configuration, as accepted by its implementation.
	pub config: EngineConfig,
}

/// The implementation of `kind` compiled into this runtime, if there is one.
pub fn implementation<T: Config>(kind: EngineKind) -> Option<&'static dyn VmEngine<T>> {
	match kind {
		EngineKind::Wasmi => Some(&crate::wasm::WasmiEngine),
		EngineKind::Evm => Some(&crate::evm::EvmEngine),
		EngineKind::MoveVm | EngineKind::ZkVm => None,
	}
}

/// What the caller wants to do with an engine, which decides the statuses that allow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
	/// Upload code or instantiate a contract.
	NewCode,
	/// Call an existing contract.
	Call,
}

/// The implementation of registered engine `id` and its configuration, if its status allows
/// `purpose`.
pub fn engine_for<T: Config>(id: EngineId, purpose: Use) -> Result<(&'static dyn VmEngine<T>, EngineConfig), VmError> {
	let info = Engines::<T>::get(id).ok_or(VmError::EngineNotFound)?;
	match purpose {
		Use::NewCode if !info.status.accepts_new_code() => {
			return Err(if info.status.runs_calls() { VmError::EngineUploadsFrozen } else { VmError::EngineDisabled })
		}
		Use::Call if !info.status.runs_calls() => return Err(VmError::EngineDisabled),
		_ => {}
	}
	Ok((implementation::<T>(info.kind).ok_or(VmError::EngineNotFound)?, info.config))
}
