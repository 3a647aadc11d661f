//! What wasm code costs the runtime: the gas of loading a module into a frame, the prices that
//! wasmi's fuel puts on what its instructions do beyond one step, and the runtime memory a
//! module and a frame take, all before the work or the allocation is done.
//!
//! Every gas figure comes from a benchmark (`weights.rs`); every memory figure is a bound that
//! the test `the_memory_model_bounds_what_wasmi_allocates` checks against what wasmi actually
//! allocates for the costliest shape of each item (natively, where pointers are twice the size
//! they have in the runtime).

use crate::{
	engine::CodeShape,
	gas::{self, marginal},
	limits::{Limits, MAX_LOCALS_PER_FUNCTION, PAGE_BYTES},
	Config, WeightInfo,
};
use core::num::NonZeroU32;
use frame_support::{traits::Get, weights::Weight};

/// How wasmi's fuel prices what an instruction does beyond one step, in units of fuel, so that no
/// instruction runs longer than the gas it burns. Each price comes from a benchmark of the
/// instruction's worst case held against the price of one unit of fuel
/// ([`gas::ref_time_per_fuel`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuelPrices {
	/// The fuel of a load (`i32.load`, `i64.load8_u` and the others): the price of one in a
	/// chain of loads each waiting for the one before it.
	pub load: u8,
	/// The fuel of a division or remainder (`i32.div_s`, `i64.rem_u` and the others): the price
	/// of a 64-bit division in a chain of them.
	pub division: u8,
	/// The fuel of `call`: a call where calls cost the most, deep in a stack and passing its
	/// callee's result back, besides the fuel of its callee's local slots and operators.
	pub call: u8,
	/// The fuel of `call_indirect`: the same call through a table, its type checked, besides the
	/// fuel of its table index and its callee's local slots and operators.
	pub call_indirect: u8,
	/// The fuel a function's entry pays per [`LOCALS_PRICED`] of its local slots, parameters
	/// included: a call zeroes its callee's locals, so each call pays for the frame it sets up,
	/// not for the widest.
	pub fuel_per_locals: u32,
	/// The bytes `memory.copy`, `memory.fill`, `memory.init`, `memory.grow` and the table
	/// operations may move for one unit of fuel: the fewer of those a copy moves in the time of a
	/// unit and of those a memory grows by, a page at a time and on heap no frame touched before.
	pub bytes_per_fuel: u32,
	/// The fuel of validating and translating one byte of a function, charged when the function
	/// is first called in a call stack.
	pub compile_per_byte: u32,
}

/// The descents of nested calls the `wasm_call` and `wasm_call_indirect` benchmarks make, each as
/// deep as their component: a call is priced where calls were measured to cost the most, nested
/// and passing their callee's result back, not in a loop at one depth.
pub const CALL_DESCENTS: u32 = 10;

/// The fuel each level of a `wasm_call` descent charges besides its call, but for its one local
/// slot (priced by [`FuelPrices::locals_fuel`]): its block's start, the test of its depth
/// (`local.get`, `if`), the start of the `if`'s branch and the depth it passes on (`local.get`,
/// `i32.const`, `i32.sub`). The benchmark's time per level includes what they cost, so the price
/// of a call is its benchmark less them (`fixtures/benchmarks/wasm_call.wat`).
pub const CALL_LEVEL_OTHER_FUEL: u32 = 7;

/// The same for `wasm_call_indirect`, whose table index (`i32.const`) is one unit more
/// (`fixtures/benchmarks/wasm_call_indirect.wat`).
pub const CALL_INDIRECT_LEVEL_OTHER_FUEL: u32 = 8;

/// The local slots of a level of the call benchmarks' descents: the depth left.
pub const CALL_LEVEL_LOCALS: u32 = 1;

/// The operators in a chain of the `wasm_load` and `wasm_division` benchmarks: each iteration
/// runs one chain.
pub const OPERATORS_PER_CHAIN: u32 = 32;

/// The fuel one iteration of the `wasm_load` benchmark charges besides its chain's loads: the
/// loop's eight operators (`br_if`, `i32.eqz`, `local.get`, `local.set`, `i32.sub`, `local.get`,
/// `i32.const`, `br`), the start of its body's block, and the `local.get` and `local.set` of the
/// address (`fixtures/benchmarks/wasm_load.wat`).
pub const LOAD_BENCHMARK_OTHER_FUEL: u32 = 8 + 1 + 2;

/// The fuel one iteration of the `wasm_division` benchmark charges besides its chain's divisions:
/// the same loop and block start, a `local.get` of the dividend per division, the chain's first
/// divisor (`local.get`, `i64.extend_i32_u`, `i64.const`, `i64.or`) and the `local.set` of the
/// last quotient (`fixtures/benchmarks/wasm_division.wat`).
pub const DIVISION_BENCHMARK_OTHER_FUEL: u32 = 8 + 1 + OPERATORS_PER_CHAIN + 4 + 1;

/// The calls `wasm_call_locals` makes of a function of many locals: enough that their frames, not
/// the rest of the call, decide its time.
pub const CALLS_OF_LOCALS: u32 = 1_000;

/// The local slots [`FuelPrices::fuel_per_locals`] is the price of: a local costs about a unit of
/// fuel, so its price is kept in sixteenths of a unit.
pub const LOCALS_PRICED: NonZeroU32 = NonZeroU32::new(16).expect("16 is not zero; qed");

/// The lengths over which per-byte benchmarks are read, so that prices below a picosecond per
/// byte are not rounded away.
const BYTES_MEASURED: u32 = 64 * 1024;

impl FuelPrices {
	/// The prices `T`'s weights give.
	pub fn of<T: Config>() -> Self {
		let per_fuel = gas::ref_time_per_fuel::<T>();
		// The fuel of each of an iteration's `operators` that, with the fuel the rest of the
		// iteration charges, covers one iteration of the benchmark: what code runs around an
		// operator pays for itself.
		let operator_fuel = |weight: fn(u32) -> Weight, operators: u32, other_fuel: u32| {
			let iteration = marginal(weight, 1).ref_time().div_ceil(per_fuel);
			let fuel = iteration.saturating_sub(other_fuel.into()).div_ceil(operators.into()).max(1);
			u8::try_from(fuel).unwrap_or(u8::MAX)
		};
		let per_bytes = |weight: fn(u32) -> Weight| marginal(weight, BYTES_MEASURED).ref_time().max(1);
		// wasmi charges growing memory at the price of copying its new bytes: the price is the
		// dearer of the two, read over all the pages a memory may grow by.
		let copied_per_fuel = per_fuel.saturating_mul(BYTES_MEASURED.into()) / per_bytes(T::WeightInfo::bulk_copy);
		let pages_grown = T::MaxMemoryPages::get().saturating_sub(1).max(1);
		let grown_per_fuel = per_fuel.saturating_mul(u64::from(pages_grown) * u64::from(PAGE_BYTES))
			/ marginal(T::WeightInfo::memory_grow, pages_grown).ref_time().max(1);
		let bytes_per_fuel = copied_per_fuel.min(grown_per_fuel);
		let compile_per_byte =
			per_bytes(T::WeightInfo::compile).div_ceil(per_fuel.saturating_mul(BYTES_MEASURED.into()));
		// Read over the most locals a function may declare, so that the price of one is not
		// rounded away, and rounded up.
		let zeroing = marginal(T::WeightInfo::wasm_call_locals, MAX_LOCALS_PER_FUNCTION).ref_time();
		let locals_measured = u64::from(MAX_LOCALS_PER_FUNCTION) * u64::from(CALLS_OF_LOCALS);
		let fuel_per_locals =
			zeroing.saturating_mul(LOCALS_PRICED.get().into()).div_ceil(per_fuel.saturating_mul(locals_measured));
		let fuel_per_locals = u32::try_from(fuel_per_locals).unwrap_or(u32::MAX);
		// A level of a call benchmark's descent also pays for its one local on entry.
		let level_locals = locals_fuel(fuel_per_locals, CALL_LEVEL_LOCALS);
		let call_fuel = |weight: fn(u32) -> Weight, other_fuel: u32| {
			operator_fuel(weight, CALL_DESCENTS, CALL_DESCENTS.saturating_mul(other_fuel.saturating_add(level_locals)))
		};
		Self {
			load: operator_fuel(T::WeightInfo::wasm_load, OPERATORS_PER_CHAIN, LOAD_BENCHMARK_OTHER_FUEL),
			division: operator_fuel(T::WeightInfo::wasm_division, OPERATORS_PER_CHAIN, DIVISION_BENCHMARK_OTHER_FUEL),
			call: call_fuel(T::WeightInfo::wasm_call, CALL_LEVEL_OTHER_FUEL),
			call_indirect: call_fuel(T::WeightInfo::wasm_call_indirect, CALL_INDIRECT_LEVEL_OTHER_FUEL),
			fuel_per_locals,
			bytes_per_fuel: u32::try_from(bytes_per_fuel.max(1)).unwrap_or(u32::MAX),
			compile_per_byte: u32::try_from(compile_per_byte.max(1)).unwrap_or(u32::MAX),
		}
	}

	/// The fuel a function's entry pays for its `slots` local slots, parameters included.
	pub fn locals_fuel(&self, slots: u32) -> u32 {
		locals_fuel(self.fuel_per_locals, slots)
	}
}

/// The fuel of `slots` local slots at `fuel_per_locals` for every [`LOCALS_PRICED`] of them,
/// rounded up as wasmi rounds it (`Config::fuel_per_locals` of the vendored wasmi).
fn locals_fuel(fuel_per_locals: u32, slots: u32) -> u32 {
	let fuel = (u64::from(slots) * u64::from(fuel_per_locals)).div_ceil(LOCALS_PRICED.get().into());
	u32::try_from(fuel).unwrap_or(u32::MAX)
}

/// The gas of loading a module of `shape` into a frame: parsing it (the first time in a stack)
/// and instantiating it, each item at the price of its benchmark.
pub fn load_weight<T: Config>(shape: &CodeShape) -> Weight {
	type W<T> = <T as Config>::WeightInfo;
	[
		marginal(W::<T>::load_code, shape.code_len),
		marginal(W::<T>::load_functions, shape.functions),
		marginal(W::<T>::load_types, shape.types),
		marginal(W::<T>::load_imports, shape.imports),
		marginal(W::<T>::load_exports, shape.exports),
		marginal(W::<T>::load_globals, shape.globals),
		marginal(W::<T>::load_element_items, shape.element_items),
		marginal(W::<T>::load_segments, shape.segments),
		marginal(W::<T>::load_data, shape.data_bytes),
		marginal(W::<T>::load_memory, shape.memory_pages),
		marginal(W::<T>::load_table, shape.table_elements),
	]
	.into_iter()
	.fold(Weight::zero(), Weight::saturating_add)
}

/// The most bytes of values (operands and locals) one frame's wasm execution may keep on its
/// value stack; beyond it the frame traps with `StackOverflow`. wasmi grows the stack by doubling,
/// so it may hold up to twice this.
pub const MAX_VALUE_STACK_BYTES: u32 = 256 * 1024;

/// What a call stack's wasmi engine holds before any module: its tables, and the value stacks it
/// caches between frames (two, each of at most twice [`MAX_VALUE_STACK_BYTES`]).
pub const ENGINE_FOOTPRINT: u64 = 64 * 1024 + 4 * MAX_VALUE_STACK_BYTES as u64;

/// Bytes of runtime memory per byte of the largest code a stack loaded: what wasmi's compiler
/// keeps for the next function, as large as it had to be for the largest so far (a frame per
/// pending branch, per open block, per operand). Charged once per stack, for its largest code.
pub const SCRATCH_BYTES_PER_CODE_BYTE: u64 = 64;

/// The bytes of runtime memory each item of a module's shape takes, in one of the two places that
/// hold them: the parsed and compiled module, or a frame's instance.
pub struct ItemBytes {
	/// What does not depend on the shape.
	pub base: u64,
	/// A byte of code: in a module, the copy of each function body wasmi keeps until the function
	/// is compiled, the header's copies of names, and the compiled code, which wasmi's
	/// instructions make larger than the wasm (most of all for branches that carry values).
	pub code_byte: u64,
	/// A function: its entry in the engine and the module, or in the store.
	pub function: u64,
	/// A function type: kept twice by the engine, with its parameters and results.
	pub function_type: u64,
	/// An import, with its names, or its host function.
	pub import: u64,
	/// An export, with (a copy of) its name.
	pub export: u64,
	/// A global: its type and init expression, or its value.
	pub global: u64,
	/// An element item: its init expression, or the reference it evaluates to.
	pub element_item: u64,
	/// A segment.
	pub segment: u64,
	/// A data byte, kept in one buffer that may be twice the size of the data.
	pub data_byte: u64,
}

impl ItemBytes {
	/// The bytes the items of `shape` take.
	pub fn of(&self, shape: &CodeShape) -> u64 {
		let per = |count: u32, bytes: u64| u64::from(count).saturating_mul(bytes);
		[
			self.base,
			per(shape.code_len, self.code_byte),
			per(shape.functions, self.function),
			per(shape.types, self.function_type),
			per(shape.imports, self.import),
			per(shape.exports, self.export),
			per(shape.globals, self.global),
			per(shape.element_items, self.element_item),
			per(shape.segments, self.segment),
			per(shape.data_bytes, self.data_byte),
		]
		.into_iter()
		.fold(0, u64::saturating_add)
	}
}

/// What a parsed and fully compiled module holds, kept until the stack ends.
pub const MODULE_BYTES: ItemBytes = ItemBytes {
	base: 4 * 1024,
	code_byte: 24,
	function: 128,
	function_type: 256,
	import: 160,
	export: 96,
	global: 48,
	element_item: 32,
	segment: 96,
	data_byte: 2,
};

/// What a frame's instance holds while the frame runs (its store, host state and items).
pub const INSTANCE_BYTES: ItemBytes = ItemBytes {
	base: 8 * 1024,
	code_byte: 0,
	function: 48,
	function_type: 0,
	import: 96,
	export: 96,
	global: 32,
	element_item: 16,
	segment: 64,
	data_byte: 0,
};

/// The runtime memory a module of `shape` takes once parsed and fully compiled: charged when a
/// stack first loads it, kept until the stack ends. The compiler's scratch space is charged
/// apart ([`scratch_footprint`]).
pub fn module_footprint(shape: &CodeShape) -> u64 {
	MODULE_BYTES.of(shape)
}

/// What wasmi's compiler keeps once it compiled the functions of code of `code_len` bytes.
pub fn scratch_footprint(code_len: u32) -> u64 {
	u64::from(code_len).saturating_mul(SCRATCH_BYTES_PER_CODE_BYTE)
}

/// The runtime memory a frame of `shape` takes while it runs, but for its memory and table
/// (charged as they grow, instantiation included): its instance, value stack, and the input,
/// output and storage value buffers a frame may hold.
pub fn frame_footprint(shape: &CodeShape, limits: &Limits) -> u64 {
	let buffers = 2 * u64::from(limits.buffer_len) + u64::from(limits.storage_value_len);
	INSTANCE_BYTES.of(shape).saturating_add(2 * u64::from(MAX_VALUE_STACK_BYTES)).saturating_add(buffers)
}

/// Runtime memory per byte a linear memory grows by: wasmi keeps it in a buffer that grows by
/// doubling, so it may hold twice its size.
pub const MEMORY_BYTES_PER_BYTE: u64 = 2;

/// Runtime memory per element a table grows by (a reference, in a buffer that grows by doubling).
pub const TABLE_BYTES_PER_ELEMENT: u64 = 16;

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		limits::{MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_GLOBALS, MAX_IMPORTS, MAX_SEGMENTS, MAX_TYPES},
		mock::Test,
		wasm::{engine_config, prepare},
	};
	use ocos_vm_fixtures as fixtures;
	use std::{
		alloc::{GlobalAlloc, Layout, System},
		cell::Cell,
	};
	use wasmi::{CompilationMode, Engine, Extern, Func, Instance, Module, Store};

	thread_local! {
		/// Bytes this thread holds since [`Counted::start`], and the most it held.
		static COUNTED: Cell<Option<(i64, i64)>> = const { Cell::new(None) };
	}

	/// The system allocator, counting what the thread that asked for it allocates while a count
	/// runs on it.
	struct CountingAllocator;

	fn count(change: i64) {
		let _ = COUNTED.try_with(|counted| {
			if let Some((live, peak)) = counted.get() {
				counted.set(Some((live + change, peak.max(live + change))));
			}
		});
	}

	// SAFETY: every call forwards to the system allocator unchanged; counting only updates a
	// thread-local cell that never allocates.
	unsafe impl GlobalAlloc for CountingAllocator {
		unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
			count(layout.size() as i64);
			unsafe { System.alloc(layout) }
		}

		unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
			count(-(layout.size() as i64));
			unsafe { System.dealloc(ptr, layout) }
		}

		unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
			// The old and the new block exist at once while the bytes are copied.
			count(new_size as i64);
			let new = unsafe { System.realloc(ptr, layout, new_size) };
			count(-(layout.size() as i64));
			new
		}
	}

	#[global_allocator]
	static ALLOCATOR: CountingAllocator = CountingAllocator;

	/// What `run` allocated on this thread: the bytes still held when it returned, and the most
	/// held at once.
	fn allocated_by<R>(run: impl FnOnce() -> R) -> (R, u64, u64) {
		COUNTED.with(|counted| counted.set(Some((0, 0))));
		let result = run();
		let (live, peak) = COUNTED.with(|counted| counted.take()).unwrap_or_default();
		(result, live.max(0) as u64, peak.max(0) as u64)
	}

	/// Loads `code` as a call stack does, but compiles every function at once (the most a stack
	/// can come to hold), then instantiates it and runs `call`. Returns what the engine and the
	/// module hold afterwards, and the most held while the frame ran.
	fn load_and_run(code: &[u8]) -> (u64, u64) {
		let mut config = engine_config(&FuelPrices::of::<Test>());
		config.compilation_mode(CompilationMode::Eager);
		let ((engine, module), kept, _) = allocated_by(|| {
			let engine = Engine::new(&config);
			let module = Module::new(&engine, code).expect("the shape is valid");
			(engine, module)
		});
		let ((), _, frame_peak) = allocated_by(|| {
			let mut store = Store::new(&engine, ());
			store.set_fuel(u64::MAX).expect("fuel is on");
			// A host function per import, as a frame makes them.
			let imports: Vec<Extern> = module
				.imports()
				.map(|import| {
					let ty = import.ty().func().expect("imports are functions").clone();
					Func::new(&mut store, ty, |_, _, _| Ok(())).into()
				})
				.collect();
			let instance = Instance::new(&mut store, &module, &imports).expect("the shape instantiates");
			instance.get_typed_func::<(), ()>(&store, "call").expect("a call export").call(&mut store, ()).ok();
		});
		drop((module, engine));
		(kept, frame_peak)
	}

	#[test]
	fn the_memory_model_bounds_what_wasmi_allocates() {
		let limits = Limits::of::<Test>();
		let len = limits.code_len - 1024;
		let mut shapes: Vec<(String, Vec<u8>)> = vec![
			("code".into(), fixtures::sized(len)),
			("functions".into(), fixtures::functions(len / (fixtures::MIN_FUNCTION_LEN + 10))),
			("types".into(), fixtures::types(MAX_TYPES - 1)),
			("imports".into(), fixtures::imports(MAX_IMPORTS)),
			("exports".into(), fixtures::exports(MAX_EXPORTS - 3)),
			("globals".into(), fixtures::globals(MAX_GLOBALS)),
			("element items".into(), fixtures::element_items(MAX_ELEMENT_ITEMS)),
			("segments".into(), fixtures::segments(MAX_SEGMENTS)),
			("data".into(), fixtures::data(len - 1024, 1)),
			("memory".into(), fixtures::memory(limits.memory_pages)),
			("table".into(), fixtures::table(crate::limits::MAX_TABLE_ELEMENTS)),
			("distinct".into(), fixtures::distinct(len, 7)),
		];
		shapes.extend(fixtures::Body::ALL.map(|body| (body.name().into(), fixtures::compiled(len, body))));
		let mut over = Vec::new();
		for (name, code) in shapes {
			let shape = prepare::check(&code, &limits).unwrap_or_else(|reason| panic!("{name}: {reason:?}"));
			let (kept, frame_peak) = load_and_run(&code);
			let module = ENGINE_FOOTPRINT + scratch_footprint(shape.code_len) + module_footprint(&shape);
			let memory = u64::from(shape.memory_pages) * u64::from(fixtures::PAGE_SIZE) * MEMORY_BYTES_PER_BYTE
				+ u64::from(shape.table_elements) * TABLE_BYTES_PER_ELEMENT;
			let frame = frame_footprint(&shape, &limits) + memory;
			println!("{name}: module {kept} of {module} bytes, frame {frame_peak} of {frame}");
			if kept > module || frame_peak > frame {
				over.push(name);
			}
		}
		assert!(over.is_empty(), "wasmi allocated more than the model for {over:?}");
	}
}
