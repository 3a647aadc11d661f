//! Uploading code: what is accepted, what is refused and why, deposits, removal.

use super::*;

#[test]
fn genesis_registers_the_wasmi_engine_as_engine_zero() {
	ExtBuilder::default().build().execute_with(|| {
		let engine = Engines::<Test>::get(0).unwrap();
		assert_eq!((engine.kind, engine.status), (EngineKind::Wasmi, EngineStatus::Active));
		assert_eq!(NextEngineId::<Test>::get(), 1);
	});
}

#[test]
fn upload_code_stores_code_and_holds_a_deposit_per_item_and_byte() {
	ExtBuilder::default().build().execute_with(|| {
		let code = wasm("counter");
		let code_hash = upload("counter");
		let deposit = DEPOSIT_PER_ITEM + DEPOSIT_PER_BYTE * code.len() as u128;
		let info = CodeInfoOf::<Test>::get(code_hash).unwrap();
		assert_eq!((info.owner, info.engine, info.refcount, info.deposit), (ALICE, 0, 0, deposit));
		assert_eq!(info.shape.code_len as usize, code.len());
		assert_eq!(PristineCode::<Test>::get(code_hash).unwrap().into_inner(), code);
		assert_eq!(held(HoldReason::CodeUploadDeposit, &ALICE), deposit);
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE - deposit);
		assert_eq!(vm_events(), vec![Event::CodeStored { code_hash, engine: 0, owner: ALICE, deposit }]);
	});
}

#[test]
fn uploading_the_same_code_twice_fails() {
	ExtBuilder::default().build().execute_with(|| {
		upload("dummy");
		assert_noop!(Vm::upload_code(signed(&BOB), wasm("dummy"), 0, None), Error::<Test>::CodeAlreadyExists);
	});
}

/// Each module is refused at upload with the reason that names its fault, and nothing changes.
#[test]
fn upload_rejects_invalid_code_with_the_reason_and_changes_nothing() {
	let entry_points = r#"(func (export "deploy")) (func (export "call"))"#;
	let module = |body: &str| wat::parse_str(format!("(module {body})")).unwrap();
	let exported = |body: &str| module(&format!(r#"{body} (memory (export "memory") 1) {entry_points}"#));
	let oversized = exported(&format!(r#"(data (i32.const 0) "{}")"#, "x".repeat(64 * 1024)));
	let cases: Vec<(&str, Vec<u8>, RejectReason)> = vec![
		("not wasm", b"\0asm but not really".to_vec(), RejectReason::InvalidModule),
		("empty", vec![], RejectReason::InvalidModule),
		("larger than MaxCodeLen", oversized, RejectReason::CodeTooLarge),
		("unknown syscall", exported(r#"(import "ocos" "seal_call" (func))"#), RejectReason::UnknownImport),
		("foreign module", exported(r#"(import "env" "abort" (func))"#), RejectReason::UnknownImport),
		("imported global", exported(r#"(import "ocos" "caller" (global i32))"#), RejectReason::UnknownImport),
		(
			"imported memory",
			module(&format!(r#"(import "ocos" "memory" (memory 1)) (export "memory" (memory 0)) {entry_points}"#)),
			RejectReason::UnknownImport,
		),
		(
			"wrong syscall signature",
			exported(r#"(import "ocos" "storage_get" (func (param i32) (result i32)))"#),
			RejectReason::ImportSignatureMismatch,
		),
		("memory not exported", module(&format!("(memory 1) {entry_points}")), RejectReason::MissingMemoryExport),
		(
			"no deploy",
			module(r#"(memory (export "memory") 1) (func (export "call"))"#),
			RejectReason::MissingDeployExport,
		),
		(
			"no call",
			module(r#"(memory (export "memory") 1) (func (export "deploy"))"#),
			RejectReason::MissingCallExport,
		),
		(
			"call with a parameter",
			module(r#"(memory (export "memory") 1) (func (export "deploy")) (func (export "call") (param i32))"#),
			RejectReason::InvalidEntryPointSignature,
		),
		(
			"float arithmetic",
			exported(r#"(func (result f32) (f32.add (f32.const 1) (f32.const 2)))"#),
			RejectReason::FloatsNotAllowed,
		),
		("float local", exported("(func (local f64))"), RejectReason::FloatsNotAllowed),
		("start function", exported("(func $start) (start $start)"), RejectReason::StartFunctionNotAllowed),
		(
			"more pages than MaxMemoryPages",
			module(&format!(r#"(memory (export "memory") 17) {entry_points}"#)),
			RejectReason::TooManyMemoryPages,
		),
		("table too large", exported("(table 5000 funcref)"), RejectReason::InstantiationFailed),
		("data segment out of bounds", exported(r#"(data (i32.const 65535) "ab")"#), RejectReason::InstantiationFailed),
		("simd", exported("(func (drop (v128.const i64x2 0 0)))"), RejectReason::InvalidModule),
		(
			"memory64",
			module(&format!(r#"(memory (export "memory") i64 1) {entry_points}"#)),
			RejectReason::InvalidModule,
		),
		("two memories", exported("(memory 1)"), RejectReason::ModuleTooComplex),
		(
			"a function with 513 locals",
			exported(&format!("(func (local{}))", " i32".repeat(MAX_LOCALS_PER_FUNCTION as usize + 1))),
			RejectReason::TooManyLocals,
		),
		("65 imports", fixtures::imports(MAX_IMPORTS + 1), RejectReason::TooManyImports),
		("65 exports", fixtures::exports(MAX_EXPORTS - 2), RejectReason::TooManyExports),
		("257 globals", fixtures::globals(MAX_GLOBALS + 1), RejectReason::TooManyGlobals),
		("513 function types", fixtures::types(MAX_TYPES), RejectReason::TooManyTypes),
		("4097 element items", fixtures::element_items(MAX_ELEMENT_ITEMS + 1), RejectReason::TooManyElementItems),
		("257 segments", fixtures::segments(MAX_SEGMENTS + 1), RejectReason::TooManySegments),
		(
			"an extended-const global",
			exported("(global i32 (i32.add (i32.const 1) (i32.const 2)))"),
			RejectReason::ExtendedConstNotAllowed,
		),
		(
			"an extended-const data offset",
			exported(r#"(data (i32.add (i32.const 1) (i32.const 2)) "x")"#),
			RejectReason::ExtendedConstNotAllowed,
		),
		("three results", exported("(func (result i32 i32 i32) unreachable)"), RejectReason::TooManyValues),
		(
			"33 parameters",
			exported(&format!("(func (param{}))", " i32".repeat(MAX_PARAMS as usize + 1))),
			RejectReason::TooManyValues,
		),
		(
			"blocks nested 1025 deep",
			exported(&format!("(func {} {})", "(block".repeat(1025), ")".repeat(1025))),
			RejectReason::FunctionTooComplex,
		),
		(
			"1025 operands",
			exported(&format!("(func {} {})", "(i32.const 0)".repeat(1025), "(drop)".repeat(1025))),
			RejectReason::FunctionTooComplex,
		),
		("400 tiny functions", exported(&"(func)".repeat(400)), RejectReason::ModuleTooComplex),
	];
	ExtBuilder::default().build().execute_with(|| {
		for (case, code, reason) in cases {
			let before = state_root();
			assert_eq!(
				Vm::upload_code(signed(&ALICE), code, 0, None),
				Err(Error::<Test>::CodeRejected(reason).into()),
				"{case}"
			);
			assert_eq!(state_root(), before, "{case} changed state");
		}
	});
}

#[test]
fn a_function_may_declare_as_many_locals_as_the_cap_allows() {
	let code = wat::parse_str(format!(
		r#"(module (memory (export "memory") 1) (func (export "deploy")) (func (export "call") (local{})))"#,
		" i64".repeat(MAX_LOCALS_PER_FUNCTION as usize)
	))
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let contract = instantiate(upload_bytes(code), b"");
		assert_ok!(call(&contract, vec![]));
	});
}

#[test]
fn modules_as_current_rust_emits_them_are_accepted_and_run() {
	// Bulk memory, sign extension, multi-value, mutable globals, reference-types encoding of
	// call_indirect and saturating conversions are what rustc emits for wasm32 by default.
	let code = wat::parse_str(
		r#"(module
			(import "ocos" "return" (func $return (param i32 i32 i32)))
			(memory (export "memory") 1)
			(global $sp (mut i32) (i32.const 1024))
			(table 1 funcref) (elem (i32.const 0) $pair)
			(type $pair_type (func (result i32 i32)))
			(func $pair (result i32 i32) (i32.const 7) (i32.const -1))
			(func (export "deploy"))
			(func (export "call")
				(local $a i32) (local $b i32)
				(memory.fill (i32.const 0) (i32.const 0xAB) (i32.const 8))
				(memory.copy (i32.const 8) (i32.const 0) (i32.const 8))
				(call_indirect (type $pair_type) (i32.const 0))
				(local.set $b) (local.set $a)
				(i32.store (i32.const 16) (i32.add (local.get $a) (i32.extend8_s (local.get $b))))
				(global.set $sp (i32.const 2048))
				(call $return (i32.const 0) (i32.const 8) (i32.const 12))))"#,
	)
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let contract = instantiate(upload_bytes(code), b"");
		let result = output(&contract, vec![]);
		assert_eq!(result[..8], [0xAB; 8]);
		assert_eq!(u32_at(&result, 8), 6);
	});
}

/// A contract compiled by stable rustc for `wasm32-unknown-unknown` (`fixtures/rust/adder.rs`,
/// rebuilt with `fixtures/rust/build.sh`) is accepted and runs.
#[test]
fn a_contract_compiled_by_rustc_is_accepted_and_runs() {
	let path = format!("{}/fixtures/rust/adder.wasm", env!("CARGO_MANIFEST_DIR"));
	let code = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
	ExtBuilder::default().build().execute_with(|| {
		let contract = instantiate(upload_bytes(code), b"");
		let input: Vec<u8> = [1u64, 2, 40].iter().flat_map(|n| n.to_le_bytes()).collect();
		assert_ok!(call(&contract, input.clone()));
		assert_eq!(Vm::get_storage(&contract, b"sum"), Some(43u64.to_le_bytes().to_vec()));
		assert_eq!(output(&contract, input), 43u64.to_le_bytes());
	});
}

#[test]
fn upload_fails_beyond_the_deposit_limit_or_the_owners_funds() {
	ExtBuilder::default().build().execute_with(|| {
		let code = wasm("dummy");
		let deposit = DEPOSIT_PER_ITEM + code.len() as u128;
		assert_noop!(
			Vm::upload_code(signed(&ALICE), code.clone(), 0, Some(deposit - 1)),
			Error::<Test>::StorageDepositLimitExhausted
		);
		let poor = AccountId32::new([9; 32]);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), poor.clone(), 500));
		assert_noop!(
			Vm::upload_code(signed(&poor), code.clone(), 0, None),
			Error::<Test>::StorageDepositNotEnoughFunds
		);
		assert_ok!(Vm::upload_code(signed(&ALICE), code, 0, Some(deposit)));
	});
}

#[test]
fn remove_code_by_its_owner_releases_the_deposit_once_no_contract_uses_it() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("terminate");
		let deposit = CodeInfoOf::<Test>::get(code_hash).unwrap().deposit;
		let contract = instantiate(code_hash, b"");
		assert_noop!(Vm::remove_code(signed(&BOB), code_hash), Error::<Test>::NotCodeOwner);
		assert_noop!(Vm::remove_code(signed(&ALICE), code_hash), Error::<Test>::CodeInUse);
		assert_ok!(call(&contract, BOB.encode()));
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 0);
		let free_before = Balances::free_balance(ALICE);
		assert_ok!(Vm::remove_code(signed(&ALICE), code_hash));
		assert!(!CodeInfoOf::<Test>::contains_key(code_hash) && !PristineCode::<Test>::contains_key(code_hash));
		assert_eq!(held(HoldReason::CodeUploadDeposit, &ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), free_before + deposit);
		System::assert_last_event(Event::CodeRemoved { code_hash, owner: ALICE, deposit_released: deposit }.into());
		assert_noop!(Vm::remove_code(signed(&ALICE), code_hash), Error::<Test>::CodeNotFound);
	});
}
