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

/// The most bytes `MaxStackMemory` may allow: half of the runtime's heap when it builds a block
/// (128 MiB: 2048 pages, sc-executor's default), the other half left to the rest of the block
/// and to the allocator's rounding.
pub const MAX_STACK_MEMORY_CEILING: u32 = 64 * 1024 * 1024;

/// The most elements a contract's (single) table may have.
pub const MAX_TABLE_ELEMENTS: u32 = 4_096;

/// The most imports a module may have: every syscall, with room for those added later.
pub const MAX_IMPORTS: u32 = 64;

/// The most exports a module may have. Contracts need three (`memory`, `deploy`, `call`); every
/// export's name is copied into each instance.
pub const MAX_EXPORTS: u32 = 64;

/// The most globals a module may define; each is evaluated when a frame is instantiated.
pub const MAX_GLOBALS: u32 = 256;

/// The most function types a module may declare.
pub const MAX_TYPES: u32 = 512;

/// The most items all element segments of a module may hold together: no more than its table.
pub const MAX_ELEMENT_ITEMS: u32 = MAX_TABLE_ELEMENTS;

/// The most element and data segments a module may have together.
pub const MAX_SEGMENTS: u32 = 256;

/// The most functions a module may define (wasmi's own limit).
pub const MAX_FUNCTIONS: u32 = 10_000;

/// The fewest bytes of code a module's functions may have on average once its code section is a
/// kilobyte or more (wasmi's own limit, against compiling many tiny functions lazily).
pub const MIN_AVERAGE_FUNCTION_LEN: u32 = 40;

/// The most parameters of a function or block type (wasmi's own limit).
pub const MAX_PARAMS: u32 = 32;

/// The most results of a function or block type. Every branch out of a block, and every return,
/// copies its results: wasmi compiles a one-byte `return` of `n` results into `n` copies, so the
/// compiled code of a function grows with this. Rust emits at most two (a pair of scalars).
pub const MAX_RESULTS: u32 = 2;

/// How deep blocks may nest in a function: compiling a function holds a frame per open block.
pub const MAX_BLOCK_NESTING: u32 = 1_024;

/// The most values a function may keep on its operand stack: compiling it holds each of them.
pub const MAX_OPERAND_STACK: u32 = 1_024;

/// The longest `salt` of an instantiation, in bytes.
pub const MAX_SALT_LEN: u32 = 32;

/// The bytes of a page of wasm memory.
pub const PAGE_BYTES: u32 = 64 * 1024;

/// How deep wasm functions may recurse inside one frame before the engine traps with
/// `StackOverflow`.
pub const MAX_RECURSION_DEPTH: u32 = 1_024;

/// The most locals one function may declare, its parameters not counted. Every call zeroes its
/// callee's locals; the callee's entry pays for them
/// ([`FuelPrices::fuel_per_locals`](crate::wasm::cost::FuelPrices::fuel_per_locals)), so a call
/// costs what its callee declares and this cap bounds the most one call can cost.
pub const MAX_LOCALS_PER_FUNCTION: u32 = 512;

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
	/// The most bytes of the runtime's memory one call stack may take.
	pub stack_memory: u32,
	/// The most bytes of logs (topics and data) one call stack may emit.
	pub log_bytes_per_stack: u32,
	/// The most bytes of logs all call stacks of one block may emit together.
	pub log_bytes_per_block: u32,
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
			stack_memory: T::MaxStackMemory::get(),
			log_bytes_per_stack: T::MaxLogBytesPerStack::get(),
			log_bytes_per_block: T::MaxLogBytesPerBlock::get(),
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
		let memory_bytes = self.memory_pages.saturating_mul(PAGE_BYTES);
		if self.buffer_len >= memory_bytes || self.code_len >= 4 * 1024 * 1024 {
			return Err("MaxBufferLen must be below the memory size and MaxCodeLen below 4 MiB");
		}
		if self.stack_memory > MAX_STACK_MEMORY_CEILING {
			return Err("MaxStackMemory must leave half of the runtime's heap to the rest of the block");
		}
		let topics = self.log_topics.saturating_mul(32);
		if self.log_bytes_per_stack < self.log_data_len.saturating_add(topics)
			|| self.log_bytes_per_block < self.log_bytes_per_stack
		{
			return Err("one largest log must fit in MaxLogBytesPerStack, and that in MaxLogBytesPerBlock");
		}
		Ok(())
	}
}

use frame_support::traits::Get;
