//! The differential target's two engines: OCOS-VM's wasmi, configured as the pallet configures it
//! ([`pallet_ocos_vm::wasm::engine_config`]), and wasmtime run the same contract with the same
//! host functions, stubbed deterministically ([`host_call`]). What a run leaves — how it ended,
//! every host call with its arguments and the bytes it was pointed at, and the final memory —
//! must be the same in both.

use ocos_runtime::Runtime;
use pallet_ocos_vm::{
	limits::{Limits, MAX_TABLE_ELEMENTS},
	wasm::{cost::FuelPrices, engine_config},
};
use std::cell::RefCell;

/// Fuel for the wasmi run: far more than a terminating contract's fuel global lets it use, so
/// that running out is a sign of an engine's bug, reported as [`Outcome::Exhausted`].
const WASMI_FUEL: u64 = 10_000_000_000;

/// The most bytes a host call's log keeps from the memory its first arguments point at.
const LOGGED_BYTES: u32 = 64;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
	/// The entry point returned.
	Returned,
	/// The module trapped with the named trap (the engines name them alike).
	Trapped(String),
	/// A host function ended the run, as a contract's `return` does.
	HostExit,
	/// A limit the engines set differently by design: wasmi's fuel or recursion depth, wasmtime's
	/// native stack. Runs that end so are not compared.
	Exhausted,
}

/// A host function call as the contract made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostCall {
	/// The syscall's name.
	pub name: String,
	/// The arguments, zero-extended to 64 bits.
	pub args: Vec<u64>,
	/// The memory the first two arguments point at, as `(pointer, length)`, when in bounds.
	pub pointed_at: Vec<u8>,
}

/// What a run leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
	/// How it ended.
	pub outcome: Outcome,
	/// Every host call, in order.
	pub host_calls: Vec<HostCall>,
	/// The exported memory at the end.
	pub memory: Vec<u8>,
}

/// What a run's store holds: the host calls so far, and the limits to the growth of memory and
/// tables the pallet sets (growth past them fails in both engines).
struct HostState<GrowthLimits> {
	host_calls: Vec<HostCall>,
	limits: GrowthLimits,
}

/// The most bytes of memory a contract may have.
fn memory_limit(limits: &Limits) -> usize {
	limits.memory_pages as usize * 64 * 1024
}

/// A value of an engine as a syscall takes or returns it: an `i32` or an `i64`.
trait IntegerVal {
	/// The value's bits, an `i32`'s zero-extended.
	fn bits(&self) -> u64;
	/// The `i32` (when `is_i32`) or `i64` of the low `bits`.
	fn of_bits(bits: u64, is_i32: bool) -> Self;
}

/// What each engine needs to run the stubs: its values as [`IntegerVal`]s, and [`host_call`] as
/// one of its host functions. The two engines' APIs are alike but share no types.
macro_rules! engine_stubs {
	($engine:ident, $exit:expr) => {
		impl IntegerVal for $engine::Val {
			fn bits(&self) -> u64 {
				match self {
					$engine::Val::I32(value) => *value as u32 as u64,
					$engine::Val::I64(value) => *value as u64,
					other => panic!("a syscall takes integers, not {other:?}"),
				}
			}

			fn of_bits(bits: u64, is_i32: bool) -> Self {
				if is_i32 {
					$engine::Val::I32(bits as i32)
				} else {
					$engine::Val::I64(bits as i64)
				}
			}
		}

		impl HostState<$engine::StoreLimits> {
			/// [`host_call`] as the host function `name`, whose results are `i32`s where
			/// `results_i32` says.
			fn stub(
				name: String,
				results_i32: Vec<bool>,
			) -> impl Fn($engine::Caller<'_, Self>, &[$engine::Val], &mut [$engine::Val]) -> Result<(), $engine::Error>
			       + Send
			       + Sync
			       + 'static {
				move |mut caller, params, results| {
					let memory =
						caller.get_export(ocos_vm_uapi::exports::MEMORY).and_then($engine::Extern::into_memory);
					let (memory, state) = match memory {
						Some(memory) => memory.data_and_store_mut(&mut caller),
						None => (&mut [][..], caller.data_mut()),
					};
					host_call(&mut state.host_calls, &name, memory, (params, &results_i32), results).map_err(|()| $exit)
				}
			}
		}
	};
}

engine_stubs!(wasmi, wasmi::Error::host(HostExit));
engine_stubs!(wasmtime, wasmtime::Error::new(HostExit));

/// The stub of every host function: logs the call to `name` with `params` and the memory they
/// point at, writes eight bytes derived from the calls so far at its first argument when that is
/// in bounds, and returns values derived from them (`i32`s where `results_i32` says); one call in
/// 32 ends the run, as `return` does. `Err` is that exit.
fn host_call<V: IntegerVal>(
	log: &mut Vec<HostCall>,
	name: &str,
	memory: &mut [u8],
	(params, results_i32): (&[V], &[bool]),
	results: &mut [V],
) -> Result<(), ()> {
	let args: Vec<u64> = params.iter().map(IntegerVal::bits).collect();
	let window = |pointer: u64, len: u64| {
		let start = usize::try_from(pointer as u32).ok()?;
		let end = start.checked_add(usize::try_from(len.min(LOGGED_BYTES.into())).ok()?)?;
		(end <= memory.len()).then_some(start..end)
	};
	let pointed_at = match args.as_slice() {
		[pointer, len, ..] => window(*pointer, *len).map(|range| memory[range].to_vec()).unwrap_or_default(),
		_ => Vec::new(),
	};
	log.push(HostCall { name: name.into(), args, pointed_at });
	let digest = sp_io::hashing::twox_64(&format!("{log:?}").into_bytes());
	let value = u64::from_le_bytes(digest);
	if let Some(range) = log.last().and_then(|call| call.args.first()).and_then(|pointer| window(*pointer, 8)) {
		if range.len() == 8 {
			memory[range].copy_from_slice(&digest);
		}
	}
	for (index, (result, is_i32)) in results.iter_mut().zip(results_i32).enumerate() {
		*result = V::of_bits(value.rotate_left(index as u32 * 8), *is_i32);
	}
	if value % 32 == 0 {
		return Err(());
	}
	Ok(())
}

/// The error a stub raises to end a run.
#[derive(Debug)]
struct HostExit;

impl std::fmt::Display for HostExit {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		f.write_str("the host ended the run")
	}
}

impl std::error::Error for HostExit {}
impl wasmi::errors::HostError for HostExit {}

/// Runs export `entry` of `code` in OCOS-VM's wasmi configuration. `Err` when wasmi refuses the
/// module, which the upload check accepted.
pub fn wasmi(code: &[u8], entry: &str, limits: &Limits) -> Result<Run, String> {
	use wasmi::{Engine, Func, Instance, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};
	let engine = Engine::new(&engine_config(&FuelPrices::of::<Runtime>()));
	let module = Module::new(&engine, code).map_err(|error| format!("wasmi refused the module: {error}"))?;
	let limits =
		StoreLimitsBuilder::new().memory_size(memory_limit(limits)).table_elements(MAX_TABLE_ELEMENTS as usize).build();
	let mut store = Store::new(&engine, HostState { host_calls: Vec::new(), limits });
	store.limiter(|state| &mut state.limits);
	store.set_fuel(WASMI_FUEL).expect("fuel is metered; qed");
	let mut linker = Linker::new(&engine);
	for import in module.imports() {
		let ty = import.ty().func().expect("the upload check admits only function imports; qed").clone();
		let name = import.name().to_string();
		let results_i32: Vec<bool> = ty.results().iter().map(|ty| *ty == wasmi::ValType::I32).collect();
		let stub = Func::new(&mut store, ty, HostState::<StoreLimits>::stub(name, results_i32));
		linker.define(import.module(), import.name(), stub).expect("each import is defined once; qed");
	}
	let result = linker.instantiate_and_start(&mut store, &module).and_then(|instance: Instance| {
		let memory = instance.get_memory(&store, ocos_vm_uapi::exports::MEMORY);
		let run = instance.get_typed_func::<(), ()>(&store, entry).and_then(|func| func.call(&mut store, ()));
		Ok((memory, run))
	});
	let (memory, outcome) = match result {
		Ok((memory, run)) => (memory, run.err().map_or(Outcome::Returned, |error| wasmi_outcome(&error))),
		Err(error) => (None, wasmi_outcome(&error)),
	};
	let memory = memory.map(|memory| memory.data(&store).to_vec()).unwrap_or_default();
	Ok(Run { outcome, host_calls: store.into_data().host_calls, memory })
}

/// How a wasmi run that failed with `error` ended.
fn wasmi_outcome(error: &wasmi::Error) -> Outcome {
	use wasmi::TrapCode;
	if error.downcast_ref::<HostExit>().is_some() {
		return Outcome::HostExit;
	}
	match error.as_trap_code() {
		Some(TrapCode::OutOfFuel | TrapCode::StackOverflow) => Outcome::Exhausted,
		Some(code) => Outcome::Trapped(format!("{code:?}")),
		None => Outcome::Trapped(format!("not a trap: {error}")),
	}
}

thread_local! {
	/// One wasmtime engine per thread: creating one costs more than a run.
	static WASMTIME: RefCell<wasmtime::Engine> = RefCell::new(wasmtime::Engine::new(
		wasmtime::Config::new().parallel_compilation(false),
	).expect("wasmtime's default configuration is valid; qed"));
}

/// Runs export `entry` of `code` in wasmtime, with the same host stubs. `Err` when wasmtime
/// refuses the module.
pub fn wasmtime(code: &[u8], entry: &str, limits: &Limits) -> Result<Run, String> {
	use wasmtime::{Func, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};
	let engine = WASMTIME.with_borrow(Clone::clone);
	let module = Module::new(&engine, code).map_err(|error| format!("wasmtime refused the module: {error:#}"))?;
	let limits =
		StoreLimitsBuilder::new().memory_size(memory_limit(limits)).table_elements(MAX_TABLE_ELEMENTS as usize).build();
	let mut store = Store::new(&engine, HostState { host_calls: Vec::new(), limits });
	store.limiter(|state| &mut state.limits);
	// wasmtime 36 copies within an `externref` table through the store's GC heap, which it
	// allocates only when a reference is made, and panics without it: make one first.
	wasmtime::ExternRef::new(&mut store, ()).map_err(|error| format!("wasmtime's GC heap: {error:#}"))?;
	let mut linker = Linker::new(&engine);
	for import in module.imports() {
		let ty = import.ty().func().expect("the upload check admits only function imports; qed").clone();
		let name = import.name().to_string();
		let results_i32: Vec<bool> = ty.results().map(|ty| matches!(ty, wasmtime::ValType::I32)).collect();
		let stub = Func::new(&mut store, ty, HostState::<StoreLimits>::stub(name, results_i32));
		linker.define(&store, import.module(), import.name(), stub).expect("each import is defined once; qed");
	}
	let result = linker.instantiate(&mut store, &module).map(|instance| {
		let memory = instance.get_memory(&mut store, ocos_vm_uapi::exports::MEMORY);
		let run = instance.get_typed_func::<(), ()>(&mut store, entry).and_then(|func| func.call(&mut store, ()));
		(memory, run)
	});
	let (memory, outcome) = match result {
		Ok((memory, run)) => (memory, run.err().map_or(Outcome::Returned, |error| wasmtime_outcome(&error))),
		Err(error) => (None, wasmtime_outcome(&error)),
	};
	let memory = memory.map(|memory| memory.data(&store).to_vec()).unwrap_or_default();
	Ok(Run { outcome, host_calls: store.into_data().host_calls, memory })
}

/// How a wasmtime run that failed with `error` ended.
fn wasmtime_outcome(error: &wasmtime::Error) -> Outcome {
	if error.downcast_ref::<HostExit>().is_some() {
		return Outcome::HostExit;
	}
	match error.downcast_ref::<wasmtime::Trap>() {
		Some(wasmtime::Trap::StackOverflow) => Outcome::Exhausted,
		Some(trap) => Outcome::Trapped(format!("{trap:?}")),
		None => Outcome::Trapped(format!("not a trap: {error:#}")),
	}
}
