//! The limits every engine enforces, read once from the pallet's [`Config`].
//!
//! They are consensus-visible: code that was accepted under a limit must keep running under it, so
//! never lower a limit on a live chain without a migration that re-checks existing code.
//! [`Limits::check`] holds the relations between them that `integrity_test` enforces.

use crate::Config;

/// The largest value `MaxCallDepth` may have: every frame opens a storage transaction, and the
/// runtime allows 255 nested transactions in one extrinsic.
pub const MAX_CALL_DEPTH_CEILING: u32 = 64;

/// The most memory pages (64 KiB each) `MaxMemoryPages` may allow per frame: with
/// `MAX_CALL_DEPTH_CEILING` frames live at once this keeps a call stack within the runtime's heap.
pub const MAX_MEMORY_PAGES_CEILING: u32 = 16;

/// The most elements a contract's (single) table may have.
pub const MAX_TABLE_ELEMENTS: u32 = 4_096;

/// How deep wasm functions may recurse inside one frame before the engine traps with
/// `StackOverflow`.
pub const MAX_RECURSION_DEPTH: u32 = 1_024;

/// The most locals one function may declare, its parameters not counted. Every call zeroes its
/// callee's locals, which fuel does not price: with this cap and [`CALL_FUEL`], a call of the
/// widest function costs at most about 8x the median time per unit of fuel (`ocos-bench`).
pub const MAX_LOCALS_PER_FUNCTION: u32 = 512;

/// The fuel of `call` and `call_indirect` (other instructions cost 1): setting up a frame costs
/// about as much as 16 simple instructions in wasmi.
pub const CALL_FUEL: u8 = 16;

/// How many bytes `memory.copy`, `memory.fill`, `memory.grow` and the table operations move per
/// unit of fuel; a large `memory.copy` is the slowest of them per byte.
pub const BYTES_PER_FUEL: u32 = 16;

/// The fuel of validating one byte of a function's code, charged when the function is first
/// called in a call stack.
pub const VALIDATION_FUEL_PER_BYTE: u32 = 2;

/// The fuel of translating one byte of a function's code into wasmi's instructions, charged when
/// the function is first called in a call stack.
pub const TRANSLATION_FUEL_PER_BYTE: u32 = 7;

/// The limits of one chain, as its runtime configures them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
	/// The largest code in bytes.
	pub code_len: u32,
	/// The most 64 KiB pages a contract's memory may have.
	pub memory_pages: u32,
	/// The longest storage key in bytes.
	pub storage_key_len: u32,
	/// The longest storage value in bytes.
	pub storage_value_len: u32,
	/// The most topics one log may have.
	pub log_topics: u32,
	/// The longest log data in bytes.
	pub log_data_len: u32,
	/// The longest input, output or hashed buffer in bytes.
	pub buffer_len: u32,
	/// The most frames on one call stack, the first included.
	pub call_depth: u32,
}

impl Limits {
	/// The limits `T` configures.
	pub fn of<T: Config>() -> Self {
		Self {
			code_len: T::MaxCodeLen::get(),
			memory_pages: T::MaxMemoryPages::get(),
			storage_key_len: T::MaxStorageKeyLen::get(),
			storage_value_len: T::MaxStorageValueLen::get(),
			log_topics: T::MaxLogTopics::get(),
			log_data_len: T::MaxLogDataLen::get(),
			buffer_len: T::MaxBufferLen::get(),
			call_depth: T::MaxCallDepth::get(),
		}
	}

	/// Checks that the limits fit together and in the runtime; `Err` names the first that does
	/// not.
	pub fn check(&self) -> Result<(), &'static str> {
		if self.call_depth == 0 || self.call_depth > MAX_CALL_DEPTH_CEILING {
			return Err("MaxCallDepth must be between 1 and 64");
		}
		if self.memory_pages == 0 || self.memory_pages > MAX_MEMORY_PAGES_CEILING {
			return Err("MaxMemoryPages must be between 1 and 16");
		}
		if self.storage_key_len == 0 || self.storage_value_len > self.buffer_len {
			return Err("storage keys must be allowed and values must fit in MaxBufferLen");
		}
		if self.log_topics > 16 {
			return Err("MaxLogTopics must be at most 16");
		}
		let memory_bytes = self.memory_pages.saturating_mul(64 * 1024);
		if self.buffer_len >= memory_bytes || self.code_len >= 4 * 1024 * 1024 {
			return Err("MaxBufferLen must be below the memory size and MaxCodeLen below 4 MiB");
		}
		Ok(())
	}
}

use frame_support::traits::Get;
