//! Upload-time checks of wasm code: everything that would make a module fail on every run, or
//! run differently on different machines, is refused here with a [`RejectReason`] that names it.

use super::{engine_config, Purpose, Relax};
use crate::{
	limits::{Limits, MAX_LOCALS_PER_FUNCTION},
	result::RejectReason,
};
use ocos_vm_uapi::{exports, Syscall, ValType, IMPORT_MODULE};
use wasmi::{errors::ErrorKind, Caller, Engine, ExternType, FuncType, Linker, Module, Store, StoreLimits, Val};

/// Checks `code` against the ABI and `limits`.
pub fn check(code: &[u8], limits: &Limits) -> Result<(), RejectReason> {
	if code.len() > limits.code_len as usize {
		return Err(RejectReason::CodeTooLarge);
	}
	let engine = Engine::new(&engine_config(Purpose::Upload, None));
	let module = Module::new(&engine, code).map_err(|error| classify(code, error))?;
	check_locals(code)?;
	check_imports(&module)?;
	check_exports(&module)?;
	check_instantiation(&engine, &module, limits)
}

/// Finds the rule a module that wasmi refused broke: a rule the engine enforces on purpose if
/// the module passes with that rule loosened, else the module is simply invalid.
fn classify(code: &[u8], error: wasmi::Error) -> RejectReason {
	if matches!(error.kind(), ErrorKind::UserLimits(_)) {
		return RejectReason::ModuleTooComplex;
	}
	let passes_with = |relax| Module::new(&Engine::new(&engine_config(Purpose::Upload, Some(relax))), code).is_ok();
	if passes_with(Relax::Floats) {
		RejectReason::FloatsNotAllowed
	} else if passes_with(Relax::StartFunction) {
		RejectReason::StartFunctionNotAllowed
	} else {
		RejectReason::InvalidModule
	}
}

/// Refuses a function with more than [`MAX_LOCALS_PER_FUNCTION`] locals. The module is valid by
/// now, so its code section parses.
fn check_locals(code: &[u8]) -> Result<(), RejectReason> {
	for payload in wasmparser::Parser::new(0).parse_all(code) {
		let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else { continue };
		let mut locals = 0u32;
		for declared in body.get_locals_reader().map_err(|_| RejectReason::InvalidModule)? {
			let (count, _) = declared.map_err(|_| RejectReason::InvalidModule)?;
			locals = locals.saturating_add(count);
		}
		if locals > MAX_LOCALS_PER_FUNCTION {
			return Err(RejectReason::TooManyLocals);
		}
	}
	Ok(())
}

fn check_imports(module: &Module) -> Result<(), RejectReason> {
	for import in module.imports() {
		let syscall = (import.module() == IMPORT_MODULE)
			.then(|| Syscall::from_name(import.name()))
			.flatten()
			.ok_or(RejectReason::UnknownImport)?;
		let ExternType::Func(func_type) = import.ty() else {
			return Err(RejectReason::UnknownImport);
		};
		if !matches_abi(func_type, syscall) {
			return Err(RejectReason::ImportSignatureMismatch);
		}
	}
	Ok(())
}

/// Whether `func_type` is the signature the ABI gives `syscall`.
pub fn matches_abi(func_type: &FuncType, syscall: Syscall) -> bool {
	let (params, result) = syscall.signature();
	let wasm = |ty: &ValType| match ty {
		ValType::I32 => wasmi::ValType::I32,
		ValType::I64 => wasmi::ValType::I64,
	};
	func_type.params().iter().copied().eq(params.iter().map(wasm))
		&& func_type.results().iter().copied().eq(result.iter().map(wasm))
}

fn check_exports(module: &Module) -> Result<(), RejectReason> {
	match module.get_export(exports::MEMORY) {
		Some(ExternType::Memory(_)) => {}
		_ => return Err(RejectReason::MissingMemoryExport),
	}
	for (name, missing) in
		[(exports::DEPLOY, RejectReason::MissingDeployExport), (exports::CALL, RejectReason::MissingCallExport)]
	{
		match module.get_export(name) {
			Some(ExternType::Func(func_type)) => {
				if !func_type.params().is_empty() || !func_type.results().is_empty() {
					return Err(RejectReason::InvalidEntryPointSignature);
				}
			}
			_ => return Err(missing),
		}
	}
	Ok(())
}

/// Instantiates the module once, without running any of its code, under the limits a frame has:
/// a memory larger than `MaxMemoryPages`, a table too large or a segment out of bounds would make
/// every run fail, so such code is refused now.
fn check_instantiation(engine: &Engine, module: &Module, limits: &Limits) -> Result<(), RejectReason> {
	if let Some(ExternType::Memory(memory)) = module.get_export(exports::MEMORY) {
		if memory.minimum() > u64::from(limits.memory_pages) {
			return Err(RejectReason::TooManyMemoryPages);
		}
	}
	let mut store = Store::new(engine, super::store_limits(limits));
	store.limiter(|store_limits| store_limits);
	let mut linker = Linker::<StoreLimits>::new(engine);
	for import in module.imports() {
		if let ExternType::Func(func_type) = import.ty() {
			let unreachable =
				|_: Caller<'_, StoreLimits>, _: &[Val], _: &mut [Val]| Err(wasmi::Error::new("not callable at upload"));
			linker
				.func_new(import.module(), import.name(), func_type.clone(), unreachable)
				.map_err(|_| RejectReason::InvalidModule)?;
		}
	}
	store.set_fuel(u64::MAX).map_err(|_| RejectReason::InvalidModule)?;
	linker.instantiate_and_start(&mut store, module).map_err(|_| RejectReason::InstantiationFailed)?;
	Ok(())
}
