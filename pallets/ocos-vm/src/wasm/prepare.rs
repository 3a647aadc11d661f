//! Upload-time checks of wasm code: everything that would make a module fail on every run, run
//! differently on different machines, or cost the runtime more to load and compile than its shape
//! is charged for, is refused here with a [`RejectReason`] that names it.
//!
//! The code is read once. wasmparser's validator, with the features the engine enables,
//! validates every section and every operator, while the same pass measures the module's
//! [`CodeShape`], enforces the caps of [`limits`](crate::limits) and the ABI, and bounds what
//! compiling a function holds in memory: its nesting of blocks and the height of its operand
//! stack. Nothing is instantiated.

use crate::{
	engine::CodeShape,
	limits::{
		Limits, MAX_BLOCK_NESTING, MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_FUNCTIONS, MAX_GLOBALS, MAX_IMPORTS,
		MAX_LOCALS_PER_FUNCTION, MAX_OPERAND_STACK, MAX_PARAMS, MAX_RESULTS, MAX_SEGMENTS, MAX_TABLE_ELEMENTS,
		MAX_TYPES, MIN_AVERAGE_FUNCTION_LEN, PAGE_BYTES,
	},
	result::RejectReason,
};
use alloc::vec::Vec;
use core::mem;
use ocos_vm_uapi::{exports, Syscall, IMPORT_MODULE};
use wasmparser::{
	BinaryReaderError, CompositeInnerType, ConstExpr, DataKind, ElementItems, ElementKind, ExternalKind, FuncType,
	FuncValidatorAllocations, FunctionBody, Operator, Parser, Payload, TypeRef, ValType, ValidPayload, Validator,
	WasmFeatures,
};

/// The WebAssembly features of the wasmi engine ([`super::engine_config`]), as wasmparser names
/// them: what upload validates is what the engine runs.
pub fn features() -> WasmFeatures {
	let mut features = WasmFeatures::empty();
	for feature in [
		WasmFeatures::MUTABLE_GLOBAL,
		WasmFeatures::MULTI_VALUE,
		WasmFeatures::SATURATING_FLOAT_TO_INT,
		WasmFeatures::SIGN_EXTENSION,
		WasmFeatures::BULK_MEMORY,
		WasmFeatures::REFERENCE_TYPES,
		// wasmparser's reference types need the GC proposal's types (not its instructions).
		WasmFeatures::GC_TYPES,
	] {
		features.set(feature, true);
	}
	features
}

/// Checks `code` against the ABI and `limits`; returns its shape.
pub fn check(code: &[u8], limits: &Limits) -> Result<CodeShape, RejectReason> {
	if code.len() > limits.code_len as usize {
		return Err(RejectReason::CodeTooLarge);
	}
	let mut module = ModuleReader::default();
	module.shape.code_len = code.len() as u32;
	let mut validator = Validator::new_with_features(features());
	let mut allocations = FuncValidatorAllocations::default();
	for payload in Parser::new(0).parse_all(code) {
		let payload = payload.map_err(|_| RejectReason::InvalidModule)?;
		module.read(&payload)?;
		if let ValidPayload::Func(function, body) = validator.payload(&payload).map_err(classify)? {
			let mut function = function.into_validator(mem::take(&mut allocations));
			check_function(&mut function, &body)?;
			allocations = function.into_allocations();
		}
	}
	module.finish(limits)
}

/// What the single pass learns of a module, section by section.
#[derive(Default)]
struct ModuleReader {
	shape: CodeShape,
	/// The function types.
	types: Vec<FuncType>,
	/// The type of every function, imports first.
	functions: Vec<u32>,
	memories: u32,
	tables: u32,
	/// The size of the code section.
	code_len: u32,
	/// Exports seen: `memory`, `deploy`, `call`.
	entry_points: [bool; 3],
}

impl ModuleReader {
	/// Reads what `payload` adds to the shape and refuses what breaks a cap or the ABI. A
	/// malformed section is refused as invalid.
	fn read(&mut self, payload: &Payload<'_>) -> Result<(), RejectReason> {
		let invalid = |_: BinaryReaderError| RejectReason::InvalidModule;
		let shape = &mut self.shape;
		match payload {
			Payload::TypeSection(types) => {
				shape.types = capped(types.count(), MAX_TYPES, RejectReason::TooManyTypes)?;
				for group in types.clone() {
					for sub_type in group.map_err(invalid)?.types() {
						let CompositeInnerType::Func(ty) = &sub_type.composite_type.inner else {
							return Err(RejectReason::InvalidModule);
						};
						if ty.params().len() > MAX_PARAMS as usize || ty.results().len() > MAX_RESULTS as usize {
							return Err(RejectReason::TooManyValues);
						}
						self.types.push(ty.clone());
					}
				}
			}
			Payload::ImportSection(imports) => {
				shape.imports = capped(imports.count(), MAX_IMPORTS, RejectReason::TooManyImports)?;
				for import in imports.clone() {
					let import = import.map_err(invalid)?;
					let TypeRef::Func(index) = import.ty else { return Err(RejectReason::UnknownImport) };
					let syscall = (import.module == IMPORT_MODULE)
						.then(|| Syscall::from_name(import.name))
						.flatten()
						.ok_or(RejectReason::UnknownImport)?;
					let ty = self.types.get(index as usize).ok_or(RejectReason::InvalidModule)?;
					if !matches_abi(ty, syscall) {
						return Err(RejectReason::ImportSignatureMismatch);
					}
					self.functions.push(index);
				}
			}
			Payload::FunctionSection(functions) => {
				shape.functions = capped(functions.count(), MAX_FUNCTIONS, RejectReason::ModuleTooComplex)?;
				for ty in functions.clone() {
					self.functions.push(ty.map_err(invalid)?);
				}
			}
			Payload::TableSection(tables) => {
				for table in tables.clone() {
					let initial = u32::try_from(table.map_err(invalid)?.ty.initial).unwrap_or(u32::MAX);
					shape.table_elements = shape.table_elements.saturating_add(initial);
					self.tables += 1;
					capped(self.tables, 1, RejectReason::ModuleTooComplex)?;
				}
			}
			Payload::MemorySection(memories) => {
				for memory in memories.clone() {
					let initial = u32::try_from(memory.map_err(invalid)?.initial).unwrap_or(u32::MAX);
					shape.memory_pages = shape.memory_pages.saturating_add(initial);
					self.memories += 1;
					capped(self.memories, 1, RejectReason::ModuleTooComplex)?;
				}
			}
			Payload::GlobalSection(globals) => {
				shape.globals = capped(globals.count(), MAX_GLOBALS, RejectReason::TooManyGlobals)?;
				for global in globals.clone() {
					single_constant(&global.map_err(invalid)?.init_expr)?;
				}
			}
			Payload::ExportSection(exports) => {
				shape.exports = capped(exports.count(), MAX_EXPORTS, RejectReason::TooManyExports)?;
				for export in exports.clone() {
					self.read_export(export.map_err(invalid)?)?;
				}
			}
			Payload::StartSection { .. } => return Err(RejectReason::StartFunctionNotAllowed),
			Payload::ElementSection(elements) => {
				for element in elements.clone() {
					let element = element.map_err(invalid)?;
					let offset = Self::read_segment(
						shape,
						match &element.kind {
							ElementKind::Active { offset_expr, .. } => Some(offset_expr),
							_ => None,
						},
					)?;
					let items = match element.items {
						ElementItems::Functions(items) => items.count(),
						ElementItems::Expressions(_, items) => {
							for item in items.clone() {
								single_constant(&item.map_err(invalid)?)?;
							}
							items.count()
						}
					};
					shape.element_items = capped(
						shape.element_items.saturating_add(items),
						MAX_ELEMENT_ITEMS,
						RejectReason::TooManyElementItems,
					)?;
					fits(offset, items, shape.table_elements)?;
				}
			}
			Payload::DataSection(data) => {
				for segment in data.clone() {
					let segment = segment.map_err(invalid)?;
					let offset = Self::read_segment(
						shape,
						match &segment.kind {
							DataKind::Active { offset_expr, .. } => Some(offset_expr),
							DataKind::Passive => None,
						},
					)?;
					let len = segment.data.len() as u32;
					shape.data_bytes = shape.data_bytes.saturating_add(len);
					fits(offset, len, shape.memory_pages.saturating_mul(PAGE_BYTES))?;
				}
			}
			Payload::CodeSectionStart { size, .. } => self.code_len = *size,
			_ => {}
		}
		Ok(())
	}

	/// Counts an element or data segment, and reads its offset when it is active.
	fn read_segment(shape: &mut CodeShape, offset: Option<&ConstExpr<'_>>) -> Result<Option<i64>, RejectReason> {
		shape.segments = capped(shape.segments + 1, MAX_SEGMENTS, RejectReason::TooManySegments)?;
		offset.map(single_constant).transpose()
	}

	/// Checks an entry point's export against the ABI.
	fn read_export(&mut self, export: wasmparser::Export<'_>) -> Result<(), RejectReason> {
		let seen = match export.name {
			exports::MEMORY if export.kind == ExternalKind::Memory => 0,
			exports::MEMORY => return Err(RejectReason::MissingMemoryExport),
			exports::DEPLOY | exports::CALL => {
				if export.kind != ExternalKind::Func {
					return Err(RejectReason::InvalidEntryPointSignature);
				}
				let ty = self
					.functions
					.get(export.index as usize)
					.and_then(|ty| self.types.get(*ty as usize))
					.ok_or(RejectReason::InvalidModule)?;
				if !ty.params().is_empty() || !ty.results().is_empty() {
					return Err(RejectReason::InvalidEntryPointSignature);
				}
				if export.name == exports::DEPLOY {
					1
				} else {
					2
				}
			}
			_ => return Ok(()),
		};
		self.entry_points[seen] = true;
		Ok(())
	}

	/// The shape, once the whole module is read and valid, if it has what a contract needs and
	/// fits in a frame.
	fn finish(self, limits: &Limits) -> Result<CodeShape, RejectReason> {
		let shape = self.shape;
		// wasmi's own rule against lazy compilation of many tiny functions.
		if self.code_len >= 1_000 && self.code_len / shape.functions.max(1) < MIN_AVERAGE_FUNCTION_LEN {
			return Err(RejectReason::ModuleTooComplex);
		}
		let [memory, deploy, call] = self.entry_points;
		for (found, missing) in [
			(memory, RejectReason::MissingMemoryExport),
			(deploy, RejectReason::MissingDeployExport),
			(call, RejectReason::MissingCallExport),
		] {
			if !found {
				return Err(missing);
			}
		}
		if shape.memory_pages > limits.memory_pages {
			return Err(RejectReason::TooManyMemoryPages);
		}
		if shape.table_elements > MAX_TABLE_ELEMENTS {
			return Err(RejectReason::InstantiationFailed);
		}
		Ok(shape)
	}
}

/// Validates a function's body operator by operator, refusing too many locals, blocks nested
/// too deep, and an operand stack too high: what compiling it would hold in memory.
fn check_function(
	function: &mut wasmparser::FuncValidator<wasmparser::ValidatorResources>,
	body: &FunctionBody<'_>,
) -> Result<(), RejectReason> {
	if locals_declared(body)? > MAX_LOCALS_PER_FUNCTION {
		return Err(RejectReason::TooManyLocals);
	}
	let mut reader = body.get_binary_reader();
	function.read_locals(&mut reader).map_err(classify)?;
	while !reader.eof() {
		let offset = reader.original_position();
		let operator = reader.read_operator().map_err(classify)?;
		function.op(offset, &operator).map_err(classify)?;
		if function.control_stack_height() > MAX_BLOCK_NESTING || function.operand_stack_height() > MAX_OPERAND_STACK {
			return Err(RejectReason::FunctionTooComplex);
		}
	}
	function.finish(reader.original_position()).map_err(classify)
}

/// The locals a body declares, its parameters not counted.
fn locals_declared(body: &FunctionBody<'_>) -> Result<u32, RejectReason> {
	let mut locals = 0u32;
	for declared in body.get_locals_reader().map_err(|_| RejectReason::InvalidModule)? {
		let (count, _) = declared.map_err(|_| RejectReason::InvalidModule)?;
		locals = locals.saturating_add(count);
	}
	Ok(locals)
}

/// `count`, or `reason` when it is above `cap`.
fn capped(count: u32, cap: u32, reason: RejectReason) -> Result<u32, RejectReason> {
	if count > cap {
		Err(reason)
	} else {
		Ok(count)
	}
}

/// Refuses an init expression of more than one operator before its `end`: wasmi evaluates
/// (and drops) longer ones recursively, one native stack level per operator. Returns the value
/// of an `i32.const` (an offset); other constants are left to validation.
fn single_constant(expr: &ConstExpr<'_>) -> Result<i64, RejectReason> {
	let mut operators = expr.get_operators_reader();
	let first = operators.read().map_err(|_| RejectReason::InvalidModule)?;
	match (operators.read(), first) {
		(Ok(_), Operator::End) | (Err(_), _) => Err(RejectReason::InvalidModule),
		(Ok(Operator::End), Operator::I32Const { value }) => Ok(i64::from(value as u32)),
		(Ok(Operator::End), _) => Ok(-1),
		(Ok(_), _) => Err(RejectReason::ExtendedConstNotAllowed),
	}
}

/// Refuses an active segment of `len` items at `offset` that does not fit in `size` (of its
/// memory or table): instantiating the module would fail every time. Without imported globals,
/// a valid active offset is an `i32.const`.
fn fits(offset: Option<i64>, len: u32, size: u32) -> Result<(), RejectReason> {
	match offset {
		Some(offset) if offset < 0 || offset + i64::from(len) > i64::from(size) => {
			Err(RejectReason::InstantiationFailed)
		}
		_ => Ok(()),
	}
}

/// The reason for an error of wasmparser's validator: floats, which the engine disallows on
/// purpose, or else the module is simply invalid.
fn classify(error: BinaryReaderError) -> RejectReason {
	// wasmparser's words for a float type or instruction when floats are disabled.
	if error.message().contains("floating-point") {
		RejectReason::FloatsNotAllowed
	} else {
		RejectReason::InvalidModule
	}
}

/// Whether `ty` is the signature the ABI gives `syscall`.
pub fn matches_abi(ty: &FuncType, syscall: Syscall) -> bool {
	let (params, result) = syscall.signature();
	let wasm = |ty: &ocos_vm_uapi::ValType| match ty {
		ocos_vm_uapi::ValType::I32 => ValType::I32,
		ocos_vm_uapi::ValType::I64 => ValType::I64,
	};
	ty.params().iter().copied().eq(params.iter().map(wasm)) && ty.results().iter().copied().eq(result.iter().map(wasm))
}
