//! The wasmi engine: WebAssembly contracts interpreted by wasmi with fuel metering.
//!
//! Every frame gets a fresh [`wasmi::Store`] and instance, so no memory, global or table survives
//! a frame or is seen by another. The engine is configured for determinism: floats, SIMD,
//! threads and start functions are off (SIMD and memory64 are not compiled in); memory growth past `MaxMemoryPages` and
//! recursion past [`MAX_RECURSION_DEPTH`] trap.
//!
//! Code is validated whole when it is uploaded. A call stack parses each code it runs once
//! ([`StackCache`]), and compiles a function only when it is first called, charging fuel for
//! validating and translating its bytes: a call pays for the code it runs, not for the size of
//! the contract.

mod prepare;

use crate::{
	context::Frame,
	engine::{EntryPoint, VmEngine},
	exec::Stack,
	gas::GasMeter,
	limits::{
		Limits, BYTES_PER_FUEL, CALL_FUEL, MAX_RECURSION_DEPTH, MAX_TABLE_ELEMENTS, TRANSLATION_FUEL_PER_BYTE,
		VALIDATION_FUEL_PER_BYTE,
	},
	result::{ExitReason, RejectReason, TrapKind, VmResult},
	storage::CodeHash,
	syscall::{self, HostExit, HostState},
	Config,
};
use alloc::{collections::BTreeMap, vec::Vec};
use ocos_vm_uapi::{exports, return_flags, Syscall};
use wasmi::{
	CompilationMode, CustomFuelCosts, EnforcedLimits, Engine, Extern, Instance, Module, OperatorCost, Store,
	StoreLimits, StoreLimitsBuilder, TrapCode,
};

/// The wasmi engine, [`EngineKind::Wasmi`](crate::registry::EngineKind::Wasmi).
pub struct WasmiEngine;

/// What the wasmi engine keeps for one call stack: its wasmi engine and every module it parsed,
/// by code hash, so that frames after the first of the same code reuse them. It lives no longer
/// than the stack, so every extrinsic pays the same whatever ran before it in the block.
#[derive(Default)]
pub struct StackCache {
	engine: Option<Engine>,
	modules: BTreeMap<CodeHash, Module>,
}

/// Whether the engine checks code being uploaded or runs stored code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
	/// Validates every function now.
	Upload,
	/// Validates and translates a function when it is first called, for fuel.
	Execution,
}

/// The WebAssembly features and execution settings of the wasmi engine. `relax` loosens a rule
/// only to tell an author which rule their code broke.
fn engine_config(purpose: Purpose, relax: Option<Relax>) -> wasmi::Config {
	let mut config = wasmi::Config::default();
	let compilation_mode = match purpose {
		Purpose::Upload => CompilationMode::LazyTranslation,
		Purpose::Execution => CompilationMode::Lazy,
	};
	let operator_cost = OperatorCost { call: CALL_FUEL, call_indirect: CALL_FUEL, ..OperatorCost::default() };
	config
		.consume_fuel(true)
		.operator_cost(operator_cost)
		.fuel_cost(CustomFuelCosts {
			bytes_copied_per_fuel: BYTES_PER_FUEL,
			fuel_per_bytes_translated: TRANSLATION_FUEL_PER_BYTE,
			fuel_per_bytes_validated: VALIDATION_FUEL_PER_BYTE,
		})
		.compilation_mode(compilation_mode)
		.enforced_limits(EnforcedLimits::strict())
		.set_max_recursion_depth(MAX_RECURSION_DEPTH as usize)
		.wasm_mutable_global(true)
		.wasm_sign_extension(true)
		.wasm_saturating_float_to_int(true)
		.wasm_multi_value(true)
		.wasm_bulk_memory(true)
		.wasm_reference_types(true)
		.wasm_extended_const(true)
		.wasm_multi_memory(false)
		.wasm_tail_call(false)
		.wasm_custom_page_sizes(false)
		.wasm_wide_arithmetic(false)
		.floats(relax == Some(Relax::Floats))
		.allow_start_fn(relax == Some(Relax::StartFunction))
		.ignore_custom_sections(true);
	config
}

/// What one frame's instance may allocate: one memory of at most `MaxMemoryPages` (growing past
/// it traps), one table of at most [`MAX_TABLE_ELEMENTS`].
fn store_limits(limits: &Limits) -> StoreLimits {
	StoreLimitsBuilder::new()
		.memory_size((limits.memory_pages as usize).saturating_mul(64 * 1024))
		.table_elements(MAX_TABLE_ELEMENTS as usize)
		.instances(1)
		.memories(1)
		.tables(1)
		.trap_on_grow_failure(true)
		.build()
}

/// A rule [`engine_config`] can loosen to find out which one a module broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relax {
	Floats,
	StartFunction,
}

impl<T: Config> VmEngine<T> for WasmiEngine {
	fn accepts_config(&self, config: &[u8]) -> bool {
		// The wasmi engine has no settings yet; the bytes are reserved for later versions.
		config.is_empty()
	}

	fn prepare(&self, code: &[u8], limits: &Limits) -> Result<(), RejectReason> {
		prepare::check(code, limits)
	}

	fn execute(
		&self,
		code_hash: CodeHash,
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult {
		let exit = |exit| VmResult { exit, output: Vec::new() };
		// Code is checked at upload, so a failure to load it is a fault of the chain, not of the
		// caller: the frame traps and charges what it used.
		let Some(module) = module(stack, code_hash) else {
			return exit(ExitReason::Trapped(TrapKind::Other));
		};
		let fuel = gas.fuel_left();
		let store_limits = store_limits(stack.limits());
		let state = HostState { stack, frame, gas, memory: None, store_limits, fuel_at_sync: fuel, output: None };
		let mut store = Store::new(module.engine(), state);
		store.limiter(|state| &mut state.store_limits);
		if store.set_fuel(fuel).is_err() {
			return exit(ExitReason::Trapped(TrapKind::Other));
		}
		// Host functions for exactly the syscalls the module imports (upload checked them all).
		let imports: Option<Vec<Extern>> = module
			.imports()
			.map(|import| {
				Syscall::from_name(import.name()).map(|syscall| syscall::host_function(&mut store, syscall).into())
			})
			.collect();
		let Some(imports) = imports else {
			return exit(ExitReason::Trapped(TrapKind::Other));
		};
		let name = match entry {
			EntryPoint::Deploy => exports::DEPLOY,
			EntryPoint::Call => exports::CALL,
		};
		let result = Instance::new(&mut store, &module, &imports).and_then(|instance| {
			store.data_mut().memory = instance.get_memory(&store, exports::MEMORY);
			instance.get_typed_func::<(), ()>(&store, name)?.call(&mut store, ())
		});
		let fuel_now = store.get_fuel().unwrap_or_default();
		let fuel_charged = store.data_mut().charge_fuel_since_sync(fuel_now);
		let state = store.into_data();
		let exit_reason = match (result, fuel_charged) {
			(_, Err(_)) => ExitReason::OutOfGas,
			(Ok(()), Ok(())) => ExitReason::Returned,
			(Err(error), Ok(())) => exit_reason(error),
		};
		if exit_reason == ExitReason::OutOfGas {
			state.gas.exhaust();
		}
		match (exit_reason, state.output) {
			(ExitReason::Returned, Some((flags, output))) => VmResult {
				exit: if flags & return_flags::REVERT != 0 { ExitReason::Reverted } else { ExitReason::Returned },
				output,
			},
			(exit_reason, _) => exit(exit_reason),
		}
	}
}

/// The module of `code_hash`, parsed by the stack's engine on its first frame in the stack.
fn module<T: Config>(stack: &mut Stack<T>, code_hash: CodeHash) -> Option<Module> {
	if let Some(module) = stack.engine_cache().wasmi.modules.get(&code_hash) {
		return Some(module.clone());
	}
	let code = stack.code(&code_hash)?;
	let cache = &mut stack.engine_cache().wasmi;
	let engine = cache.engine.get_or_insert_with(|| Engine::new(&engine_config(Purpose::Execution, None)));
	let module = Module::new(engine, &code).ok()?;
	cache.modules.insert(code_hash, module.clone());
	Some(module)
}

/// How a wasmi error ends the frame.
fn exit_reason(error: wasmi::Error) -> ExitReason {
	if let Some(host) = error.downcast_ref::<HostExit>() {
		return match host {
			HostExit::Return | HostExit::Terminate => ExitReason::Returned,
			HostExit::Trap(kind) => ExitReason::Trapped(*kind),
			HostExit::OutOfGas => ExitReason::OutOfGas,
		};
	}
	let kind = match error.as_trap_code() {
		Some(TrapCode::OutOfFuel) => return ExitReason::OutOfGas,
		Some(TrapCode::UnreachableCodeReached) => TrapKind::Unreachable,
		Some(TrapCode::MemoryOutOfBounds) => TrapKind::MemoryOutOfBounds,
		Some(TrapCode::TableOutOfBounds) => TrapKind::TableOutOfBounds,
		Some(TrapCode::IndirectCallToNull) | Some(TrapCode::BadSignature) => TrapKind::IndirectCallFailed,
		Some(TrapCode::IntegerDivisionByZero) => TrapKind::IntegerDivisionByZero,
		Some(TrapCode::IntegerOverflow) | Some(TrapCode::BadConversionToInteger) => TrapKind::IntegerOverflow,
		Some(TrapCode::StackOverflow) => TrapKind::StackOverflow,
		Some(TrapCode::GrowthOperationLimited) => TrapKind::MemoryLimitExceeded,
		_ => TrapKind::Other,
	};
	ExitReason::Trapped(kind)
}
