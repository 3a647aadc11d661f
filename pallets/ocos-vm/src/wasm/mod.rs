//! The wasmi engine: WebAssembly contracts interpreted by wasmi with fuel metering.
//!
//! Every frame gets a fresh [`wasmi::Store`] and instance, so no memory, global or table survives
//! a frame or is seen by another. The engine is configured for determinism: floats, SIMD,
//! threads, extended constant expressions and start functions are off (SIMD and memory64 are not
//! compiled in); memory growth past `MaxMemoryPages`, recursion past [`MAX_RECURSION_DEPTH`] and a
//! value stack past [`cost::MAX_VALUE_STACK_BYTES`] trap.
//!
//! Code is validated whole when it is uploaded, and its [`CodeShape`] measured. A frame is charged
//! for loading its code by that shape before the code is read ([`cost::load_weight`]), and the
//! stack's memory budget for what loading keeps ([`cost::module_footprint`],
//! [`cost::frame_footprint`]). A call stack parses each code it runs once ([`StackCache`]), and
//! compiles a function only when it is first called, charging fuel for validating and translating
//! its bytes: a call pays for the code it runs, not for the size of the contract.

pub mod cost;
pub mod prepare;

use crate::{
	context::Frame,
	engine::{CodeShape, EntryPoint, VmEngine},
	exec::Stack,
	gas::GasMeter,
	limits::{Limits, MAX_RECURSION_DEPTH, MAX_TABLE_ELEMENTS, PAGE_BYTES},
	result::{ExitReason, RejectReason, TrapKind, VmResult},
	storage::CodeHash,
	syscall::{self, HostExit, HostState},
	Config,
};
use alloc::{collections::BTreeMap, vec::Vec};
use cost::FuelPrices;
use ocos_vm_uapi::{exports, return_flags, Syscall};
use wasmi::{
	CompilationMode, CustomFuelCosts, EnforcedLimits, Engine, Extern, Instance, Module, OperatorCost, ResourceLimiter,
	Store, TrapCode,
};
use wasmi_core::LimiterError;

/// The wasmi engine, [`EngineKind::Wasmi`](crate::registry::EngineKind::Wasmi).
pub struct WasmiEngine;

/// What the wasmi engine keeps for one call stack: its wasmi engine and every module it parsed,
/// by code hash, so that frames after the first of the same code reuse them. It lives no longer
/// than the stack, so every extrinsic pays the same whatever ran before it in the block.
#[derive(Default)]
pub struct StackCache {
	engine: Option<Engine>,
	modules: BTreeMap<CodeHash, Module>,
	/// The largest code loaded so far, whose compiler scratch space the stack paid for.
	largest_code: u32,
}

/// The WebAssembly features and execution settings of the wasmi engine, with fuel at `prices`.
/// Code was validated whole at upload ([`prepare`], with the same features): a function is
/// validated and translated when it is first called, for fuel.
pub fn engine_config(prices: &FuelPrices) -> wasmi::Config {
	let mut config = wasmi::Config::default();
	let (load, division) = (prices.load, prices.division);
	let operator_cost = OperatorCost {
		i32_load: load,
		i64_load: load,
		i32_load8_s: load,
		i32_load8_u: load,
		i32_load16_s: load,
		i32_load16_u: load,
		i64_load8_s: load,
		i64_load8_u: load,
		i64_load16_s: load,
		i64_load16_u: load,
		i64_load32_s: load,
		i64_load32_u: load,
		i32_div_s: division,
		i32_div_u: division,
		i32_rem_s: division,
		i32_rem_u: division,
		i64_div_s: division,
		i64_div_u: division,
		i64_rem_s: division,
		i64_rem_u: division,
		call: prices.call,
		call_indirect: prices.call_indirect,
		..OperatorCost::default()
	};
	config
		.consume_fuel(true)
		.operator_cost(operator_cost)
		.fuel_per_locals(prices.fuel_per_locals, cost::LOCALS_PRICED)
		.fuel_cost(CustomFuelCosts {
			bytes_copied_per_fuel: prices.bytes_per_fuel,
			fuel_per_bytes_translated: prices.compile_per_byte,
			// Translation is priced for both: a function is validated as it is translated.
			fuel_per_bytes_validated: 0,
		})
		.compilation_mode(CompilationMode::Lazy)
		.enforced_limits(EnforcedLimits::strict())
		.set_max_recursion_depth(MAX_RECURSION_DEPTH as usize)
		.set_max_stack_height(cost::MAX_VALUE_STACK_BYTES as usize)
		.wasm_mutable_global(true)
		.wasm_sign_extension(true)
		.wasm_saturating_float_to_int(true)
		.wasm_multi_value(true)
		.wasm_bulk_memory(true)
		.wasm_reference_types(true)
		.wasm_extended_const(false)
		.wasm_multi_memory(false)
		.wasm_tail_call(false)
		.wasm_custom_page_sizes(false)
		.wasm_wide_arithmetic(false)
		.floats(false)
		.allow_start_fn(false)
		.ignore_custom_sections(true);
	config
}

impl<T: Config> VmEngine<T> for WasmiEngine {
	fn accepts_config(&self, config: &[u8]) -> bool {
		// The wasmi engine has no settings yet; the bytes are reserved for later versions.
		config.is_empty()
	}

	fn prepare(&self, code: &[u8], limits: &Limits) -> Result<CodeShape, RejectReason> {
		prepare::check(code, limits)
	}

	fn execute(
		&self,
		code_hash: CodeHash,
		shape: &CodeShape,
		_config: &[u8],
		entry: EntryPoint,
		stack: &mut Stack<T>,
		frame: Frame<T>,
		gas: &mut GasMeter,
	) -> VmResult {
		if gas.charge(cost::load_weight::<T>(shape)).is_err() {
			return ExitReason::OutOfGas.into();
		}
		let module = match module(stack, code_hash, shape) {
			Ok(module) => module,
			Err(kind) => return ExitReason::Trapped(kind).into(),
		};
		let frame_bytes = cost::frame_footprint(shape, stack.limits());
		if stack.heap().charge(frame_bytes).is_err() {
			return ExitReason::Trapped(TrapKind::MemoryBudgetExhausted).into();
		}
		let fuel = gas.fuel_left();
		let state = HostState {
			stack,
			frame,
			gas,
			memory: None,
			heap_charged: frame_bytes,
			growth_denied: None,
			fuel_at_sync: fuel,
			output: None,
		};
		let mut store = Store::new(module.engine(), state);
		store.limiter(|state| state);
		let result = if store.set_fuel(fuel).is_err() {
			Err(wasmi::Error::host(HostExit::Trap(TrapKind::chain_fault("wasmi meters no fuel"))))
		} else {
			instantiate_and_run(&mut store, &module, entry)
		};
		let fuel_now = store.get_fuel().unwrap_or_default();
		let fuel_charged = store.data_mut().charge_fuel_since_sync(fuel_now);
		let state = store.into_data();
		state.stack.heap().release(state.heap_charged);
		let exit_reason = match (result, fuel_charged, state.growth_denied) {
			(_, Err(_), _) => ExitReason::OutOfGas,
			(Ok(()), Ok(()), _) => ExitReason::Returned,
			(Err(_), Ok(()), Some(denied)) => ExitReason::Trapped(denied),
			(Err(error), Ok(()), None) => exit_reason(error),
		};
		if exit_reason == ExitReason::OutOfGas {
			state.gas.exhaust();
		}
		match (exit_reason, state.output) {
			(ExitReason::Returned, Some((flags, output))) => VmResult {
				exit: if flags & return_flags::REVERT != 0 { ExitReason::Reverted } else { ExitReason::Returned },
				output,
			},
			(exit_reason, _) => exit_reason.into(),
		}
	}
}

/// Creates host functions for exactly the syscalls `module` imports (upload checked them all),
/// instantiates it and runs `entry`.
fn instantiate_and_run<T: Config>(
	store: &mut Store<HostState<'_, T>>,
	module: &Module,
	entry: EntryPoint,
) -> Result<(), wasmi::Error> {
	let imports: Option<Vec<Extern>> = module
		.imports()
		.map(|import| Syscall::from_name(import.name()).map(|syscall| syscall::host_function(store, syscall).into()))
		.collect();
	let imports = imports.ok_or_else(|| {
		wasmi::Error::host(HostExit::Trap(TrapKind::chain_fault("uploaded code imports a function that is no syscall")))
	})?;
	let name = match entry {
		EntryPoint::Deploy => exports::DEPLOY,
		EntryPoint::Call => exports::CALL,
	};
	let instance = Instance::new(&mut *store, module, &imports)?;
	store.data_mut().memory = instance.get_memory(&*store, exports::MEMORY);
	instance.get_typed_func::<(), ()>(&*store, name)?.call(store, ())
}

/// The module of `code_hash`, parsed by the stack's engine on its first frame in the stack, after
/// its footprint is charged to the stack's memory budget: the module's, the engine's for the
/// stack's first module, and the compiler's scratch space for the largest code so far.
fn module<T: Config>(stack: &mut Stack<T>, code_hash: CodeHash, shape: &CodeShape) -> Result<Module, TrapKind> {
	let cache = &stack.engine_cache().wasmi;
	if let Some(module) = cache.modules.get(&code_hash) {
		return Ok(module.clone());
	}
	let engine_bytes = if cache.engine.is_none() { cost::ENGINE_FOOTPRINT } else { 0 };
	let scratch_bytes =
		cost::scratch_footprint(shape.code_len).saturating_sub(cost::scratch_footprint(cache.largest_code));
	let bytes = cost::module_footprint(shape).saturating_add(engine_bytes).saturating_add(scratch_bytes);
	stack.heap().charge(bytes).map_err(|_| TrapKind::MemoryBudgetExhausted)?;
	let cache = &mut stack.engine_cache().wasmi;
	cache.largest_code = cache.largest_code.max(shape.code_len);
	// Code is checked at upload, so a failure to load it is a fault of the chain, not of the
	// caller: the frame traps and charges what it used.
	let code = stack.code(&code_hash).ok_or_else(|| TrapKind::chain_fault("a contract's code is not stored"))?;
	let cache = &mut stack.engine_cache().wasmi;
	let engine = cache.engine.get_or_insert_with(|| Engine::new(&engine_config(&FuelPrices::of::<T>())));
	let module = Module::new(engine, &code).map_err(|_| TrapKind::chain_fault("uploaded code does not parse"))?;
	cache.modules.insert(code_hash, module.clone());
	Ok(module)
}

/// A frame's memory and table grow within the frame's limits and the stack's memory budget; what
/// the budget gives is given back when the frame ends. The first growth is the instantiation.
impl<T: Config> ResourceLimiter for HostState<'_, T> {
	fn memory_growing(
		&mut self,
		current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> Result<bool, LimiterError> {
		let limit = (self.stack.limits().memory_pages as usize).saturating_mul(PAGE_BYTES as usize);
		let bytes = (desired.saturating_sub(current) as u64).saturating_mul(cost::MEMORY_BYTES_PER_BYTE);
		self.grow(desired <= limit, bytes, TrapKind::MemoryLimitExceeded)
	}

	fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> Result<bool, LimiterError> {
		let bytes = (desired.saturating_sub(current) as u64).saturating_mul(cost::TABLE_BYTES_PER_ELEMENT);
		self.grow(desired <= MAX_TABLE_ELEMENTS as usize, bytes, TrapKind::TableOutOfBounds)
	}

	fn instances(&self) -> usize {
		1
	}

	fn tables(&self) -> usize {
		1
	}

	fn memories(&self) -> usize {
		1
	}
}

impl<T: Config> HostState<'_, T> {
	/// Lets a memory or table grow by `bytes` of runtime memory if `within_limit` and the
	/// stack's budget has them; otherwise the frame traps, with `over_limit` or
	/// `MemoryBudgetExhausted`.
	fn grow(&mut self, within_limit: bool, bytes: u64, over_limit: TrapKind) -> Result<bool, LimiterError> {
		let denied = if !within_limit {
			over_limit
		} else if self.stack.heap().charge(bytes).is_err() {
			TrapKind::MemoryBudgetExhausted
		} else {
			self.heap_charged = self.heap_charged.saturating_add(bytes);
			return Ok(true);
		};
		self.growth_denied = Some(denied);
		Err(LimiterError::ResourceLimiterDeniedAllocation)
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
