//! The wasmi engine: WebAssembly contracts interpreted by wasmi with fuel metering.
//!
//! Every frame gets a fresh [`wasmi::Store`] and instance, so no memory, global or table survives
//! a frame or is seen by another. The engine is configured for determinism: floats, SIMD,
//! threads and start functions are off (SIMD and memory64 are not compiled in); memory growth past `MaxMemoryPages` and
//! recursion past [`MAX_RECURSION_DEPTH`] trap.

mod prepare;

use crate::{
	context::Frame,
	engine::{EntryPoint, VmEngine},
	exec::Stack,
	gas::GasMeter,
	limits::{Limits, MAX_RECURSION_DEPTH, MAX_TABLE_ELEMENTS},
	result::{ExitReason, RejectReason, TrapKind, VmResult},
	syscall::{self, HostExit, HostState},
	Config,
};
use alloc::vec::Vec;
use ocos_vm_uapi::{exports, return_flags};
use wasmi::{
	CompilationMode, EnforcedLimits, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, TrapCode,
};

/// The wasmi engine, [`EngineKind::Wasmi`](crate::registry::EngineKind::Wasmi).
pub struct WasmiEngine;

/// The WebAssembly features and execution settings of the wasmi engine. `relax` loosens a rule
/// only to tell an author which rule their code broke.
fn engine_config(relax: Option<Relax>) -> wasmi::Config {
	let mut config = wasmi::Config::default();
	config
		.consume_fuel(true)
		.compilation_mode(CompilationMode::LazyTranslation)
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
		code: &[u8],
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult {
		let exit = |exit| VmResult { exit, output: Vec::new() };
		let engine = Engine::new(&engine_config(None));
		// Code is checked at upload, so a failure here is a fault of the chain, not of the
		// caller: the frame traps and charges what it used.
		let Ok(module) = Module::new(&engine, code) else {
			return exit(ExitReason::Trapped(TrapKind::Other));
		};
		let fuel = gas.fuel_left();
		let store_limits = store_limits(stack.limits());
		let state = HostState { stack, frame, gas, memory: None, store_limits, fuel_at_sync: fuel, output: None };
		let mut store = Store::new(&engine, state);
		store.limiter(|state| &mut state.store_limits);
		if store.set_fuel(fuel).is_err() {
			return exit(ExitReason::Trapped(TrapKind::Other));
		}
		let mut linker = Linker::new(&engine);
		if syscall::link(&mut linker).is_err() {
			return exit(ExitReason::Trapped(TrapKind::Other));
		}
		let name = match entry {
			EntryPoint::Deploy => exports::DEPLOY,
			EntryPoint::Call => exports::CALL,
		};
		let result = linker.instantiate_and_start(&mut store, &module).and_then(|instance| {
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
