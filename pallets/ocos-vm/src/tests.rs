//! The pallet's behaviour, one specification per test. Fixtures are the `.wat` files in
//! `fixtures/`, each showing one behaviour; rejected modules are written inline next to the
//! reason they are rejected for.

use crate::{
	gas,
	limits::{
		MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_GLOBALS, MAX_IMPORTS, MAX_LOCALS_PER_FUNCTION, MAX_PARAMS, MAX_SEGMENTS,
		MAX_TYPES,
	},
	mock::*,
	storage::{self, CodeHash},
	uapi::{call_flags, wat_imports, ReturnCode, Syscall, SENTINEL},
	wasm::cost::{self, FuelPrices},
	CodeInfoOf, ContractInfoOf, ContractStorage, DeletionQueue, EngineKind, EngineStatus, Engines, Error, Event,
	ExitReason, HoldReason, NextEngineId, PristineCode, RejectReason, TrapKind, VmResult, WeightInfo,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchErrorWithPostInfo, DispatchResultWithPostInfo},
	traits::{
		fungible::{Inspect, InspectHold},
		Get, Hooks,
	},
	weights::Weight,
};
use ocos_vm_fixtures as fixtures;
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::{AccountId32, DispatchError};

mod evm;

type Vm = crate::Pallet<Test>;
type Weights = ();

const GAS_LIMIT: Weight = Weight::from_parts(100_000_000_000, 4 * 1024 * 1024);

/// What the DAO lets a contract it calls spend of its funds on storage deposits.
const DAO_DEPOSIT_LIMIT: u128 = 1_000_000;

fn wasm(name: &str) -> Vec<u8> {
	let path = format!("{}/fixtures/{name}.wat", env!("CARGO_MANIFEST_DIR"));
	wat::parse_file(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn code_hash_of(code: &[u8]) -> CodeHash {
	H256(sp_io::hashing::blake2_256(code))
}

/// Uploads `code` for engine 0 as Alice.
fn upload_bytes(code: Vec<u8>) -> CodeHash {
	assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), 0, None));
	code_hash_of(&code)
}

fn upload(name: &str) -> CodeHash {
	upload_bytes(wasm(name))
}

fn instantiate(code_hash: CodeHash, salt: &[u8]) -> AccountId32 {
	assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], salt.to_vec()));
	storage::contract_address::<Test>(&ALICE, &code_hash, salt)
}

/// Uploads and instantiates a fixture as Alice.
fn deploy(name: &str) -> AccountId32 {
	instantiate(upload(name), b"")
}

fn call(dest: &AccountId32, input: Vec<u8>) -> DispatchResultWithPostInfo {
	Vm::call(signed(&ALICE), dest.clone(), 0, GAS_LIMIT, None, input)
}

/// What a call of `dest` by Alice returns, run as a dry run whose changes are discarded.
fn dry_run(dest: &AccountId32, input: Vec<u8>) -> VmResult {
	dry_run_outcome(ALICE, dest, 0, input).result.expect("the call runs")
}

fn dry_run_outcome(origin: AccountId32, dest: &AccountId32, value: u128, input: Vec<u8>) -> crate::exec::Outcome<Test> {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	with_transaction(|| {
		let outcome = Vm::bare_call(origin, dest.clone(), value, GAS_LIMIT, None, input);
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(outcome))
	})
	.unwrap()
}

fn output(dest: &AccountId32, input: Vec<u8>) -> Vec<u8> {
	let result = dry_run(dest, input);
	assert_eq!(result.exit, ExitReason::Returned);
	result.output
}

fn state_root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Runs `f`, asserts it failed with `error`, and that no storage (balances, contracts, events)
/// changed. Returns the failure's post-dispatch info.
fn assert_fails_unchanged(
	f: impl FnOnce() -> DispatchResultWithPostInfo,
	error: impl Into<DispatchError>,
) -> frame_support::dispatch::PostDispatchInfo {
	let before = state_root();
	let result = f();
	assert_eq!(state_root(), before, "a failed call changed state");
	match result {
		Err(DispatchErrorWithPostInfo { error: actual, post_info }) => {
			assert_eq!(actual, error.into());
			post_info
		}
		Ok(_) => panic!("expected the call to fail"),
	}
}

fn vm_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::OcosVm(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn held(reason: HoldReason, who: &AccountId32) -> u128 {
	Balances::balance_on_hold(&reason.into(), who)
}

fn key_input(op: u8, key: &[u8], value: &[u8]) -> Vec<u8> {
	let mut input = vec![op];
	input.extend((key.len() as u32).to_le_bytes());
	input.extend(key);
	input.extend(value);
	input
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
	u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Input for `log.wat`: emit `times` logs of `topics` topics and `data` bytes, all 0xEE.
fn log_input(times: u32, topics: u32, data: usize) -> Vec<u8> {
	let mut input = [times.to_le_bytes(), topics.to_le_bytes()].concat();
	input.extend(vec![0xEE; topics as usize * 32 + data]);
	input
}

/// Input for `proxy.wat`: call `callee` with `flags`, `value`, `gas` and `input`.
fn proxy_input(flags: u32, callee: &AccountId32, value: u128, gas: u64, input: &[u8]) -> Vec<u8> {
	let mut bytes = flags.to_le_bytes().to_vec();
	bytes.extend(AsRef::<[u8]>::as_ref(callee));
	bytes.extend(value.to_le_bytes());
	bytes.extend(gas.to_le_bytes());
	bytes.extend(input);
	bytes
}

// ---------------------------------------------------------------------------------------------
// Upload and removal of code
// ---------------------------------------------------------------------------------------------

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
			module(&format!(r#"(memory (export "memory") 5) {entry_points}"#)),
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

/// A contract whose `call` export has `body`, with functions for it to call: `$empty`, also
/// element 0 of its table, and `$locals` of [`MAX_LOCALS_PER_FUNCTION`] locals.
fn contract_with_body(body: &str) -> Vec<u8> {
	wat::parse_str(format!(
		r#"(module (memory (export "memory") 2) (table 1 funcref) (elem (i32.const 0) $empty)
			(func $empty) (func $locals (local {locals}))
			(func (export "deploy")) (func (export "call") {body}))"#,
		locals = "i64 ".repeat(MAX_LOCALS_PER_FUNCTION as usize),
	))
	.unwrap()
}

/// The gas of calling [`contract_with_body`]`(body)` in a fresh call stack. Bodies compared must
/// encode to the same length, or loading and compiling them costs differently.
fn gas_of_body(body: &str) -> Weight {
	let contract = instantiate(upload_bytes(contract_with_body(body)), &sp_io::hashing::blake2_256(body.as_bytes()));
	let outcome = dry_run_outcome(ALICE, &contract, 0, vec![]);
	assert_eq!(outcome.result.map(|done| done.exit), Ok(ExitReason::Returned), "{body}");
	outcome.gas_consumed
}

#[test]
fn a_call_costs_a_fixed_price_and_its_callees_locals() {
	ExtBuilder::default().build().execute_with(|| {
		let price = gas::ref_time_per_fuel::<Test>();
		let prices = FuelPrices::of::<Test>();
		let (call, call_indirect) = (u64::from(prices.call), u64::from(prices.call_indirect));
		// With what the rest of its benchmark's loop charges, a call pays for an iteration of it.
		let (call_other, call_indirect_other): (u64, u64) =
			(cost::CALL_BENCHMARK_OTHER_FUEL.into(), cost::CALL_INDIRECT_BENCHMARK_OTHER_FUEL.into());
		assert!((call + call_other) * price >= gas::marginal(Weights::wasm_call, 1).ref_time());
		assert!(
			(call_indirect + call_indirect_other) * price >= gas::marginal(Weights::wasm_call_indirect, 1).ref_time()
		);
		// That is what an iteration of each benchmark's contract charges (past the first, which
		// also compiles the callee).
		for (fixture, fuel) in
			[("wasm_call", call + call_other), ("wasm_call_indirect", call_indirect + call_indirect_other)]
		{
			let contract = instantiate(upload_bytes(wasm(&format!("benchmarks/{fixture}"))), fixture.as_bytes());
			let gas_of =
				|iterations: u32| dry_run_outcome(ALICE, &contract, 0, iterations.to_le_bytes().to_vec()).gas_consumed;
			assert_eq!((gas_of(2_000) - gas_of(1_000)).ref_time(), 1_000 * fuel * price, "{fixture}");
		}
		// Both bodies are 4 bytes; `nop` is free. The callee's body, like every block of code,
		// starts at one unit.
		let extra = gas_of_body("(call $empty) (call $empty)") - gas_of_body("(call $empty) (nop) (nop)");
		assert_eq!(extra.ref_time(), (call + 1) * price);
		// Through the table: five bytes, of which `i32.const` costs a unit.
		let indirect = "(call_indirect (i32.const 0))";
		let extra =
			gas_of_body(&format!("{indirect} {indirect}")) - gas_of_body(&format!("{indirect} {}", "(nop) ".repeat(5)));
		assert_eq!(extra.ref_time(), (call_indirect + 2) * price);
		// A callee of many locals pays `fuel_per_locals` for every `LOCALS_PRICED` of them on entry...
		let locals = u64::from(MAX_LOCALS_PER_FUNCTION);
		let locals_fuel = (locals * u64::from(prices.fuel_per_locals)).div_ceil(cost::LOCALS_PRICED.get().into());
		let extra = gas_of_body("(call $locals) (call $locals)") - gas_of_body("(call $locals) (nop) (nop)");
		assert_eq!(extra.ref_time(), (call + 1 + locals_fuel) * price);
		// ...which covers what zeroing them costs.
		let zeroing = gas::marginal(Weights::wasm_call_locals, MAX_LOCALS_PER_FUNCTION).ref_time();
		assert!(locals_fuel * price * u64::from(cost::CALLS_OF_LOCALS) >= zeroing);
	});
}

#[test]
fn loads_and_divisions_cost_the_price_of_their_chains() {
	ExtBuilder::default().build().execute_with(|| {
		let price = gas::ref_time_per_fuel::<Test>();
		let prices = FuelPrices::of::<Test>();
		let chain = u64::from(cost::OPERATORS_PER_CHAIN);
		// The load benchmark's contract takes the pages its chains run across after their number.
		let pages = 4u32.to_le_bytes();
		for (fixture, operator, other, weight, input_tail) in [
			("wasm_load", prices.load, cost::LOAD_BENCHMARK_OTHER_FUEL, Weights::wasm_load as fn(u32) -> Weight, &pages[..]),
			("wasm_division", prices.division, cost::DIVISION_BENCHMARK_OTHER_FUEL, Weights::wasm_division, &[]),
		] {
			// With what the rest of its benchmark's loop charges, a chain pays for an iteration.
			let iteration = chain * u64::from(operator) + u64::from(other);
			assert!(iteration * price >= gas::marginal(weight, 1).ref_time(), "{fixture}");
			// That is what an iteration of the benchmark's contract charges.
			let contract = instantiate(upload_bytes(wasm(&format!("benchmarks/{fixture}"))), fixture.as_bytes());
			let gas_of = |iterations: u32| {
				dry_run_outcome(ALICE, &contract, 0, [&iterations.to_le_bytes()[..], input_tail].concat()).gas_consumed
			};
			assert_eq!((gas_of(2_000) - gas_of(1_000)).ref_time(), 1_000 * iteration * price, "{fixture}");
		}
		// Every load and every division or remainder costs its price: a body with one more of
		// them, against one of the same length with six free `nop`s instead, costs that price
		// and its constant operands' units (a unit each) more.
		let load = |op: &str| format!("(drop ({op} (i32.const 0)))");
		for op in [
			"i32.load",
			"i64.load",
			"i32.load8_s",
			"i32.load8_u",
			"i32.load16_s",
			"i32.load16_u",
			"i64.load8_s",
			"i64.load8_u",
			"i64.load16_s",
			"i64.load16_u",
			"i64.load32_s",
			"i64.load32_u",
		] {
			let extra = gas_of_body(&format!("{} {}", load(op), load(op)))
				- gas_of_body(&format!("{} {}", load(op), "(nop) ".repeat(6)));
			assert_eq!(extra.ref_time(), (u64::from(prices.load) + 1) * price, "{op}");
		}
		for (width, ops) in [
			("i32", ["i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u"]),
			("i64", ["i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u"]),
		] {
			let division = |op: &str| format!("(drop ({op} ({width}.const 7) ({width}.const 3)))");
			for op in ops {
				let extra = gas_of_body(&format!("{} {}", division(op), division(op)))
					- gas_of_body(&format!("{} {}", division(op), "(nop) ".repeat(6)));
				assert_eq!(extra.ref_time(), (u64::from(prices.division) + 2) * price, "{op}");
			}
		}
	});
}

#[test]
fn a_function_is_compiled_for_fuel_per_byte_when_first_called() {
	ExtBuilder::default().build().execute_with(|| {
		let price = gas::ref_time_per_fuel::<Test>();
		// `nop` is free to run: one more is one more byte to load, validate and translate.
		let code_len = |body: &str| contract_with_body(body).len() as u32;
		let load = gas::marginal(Weights::load_code, code_len("(nop) (nop)"))
			- gas::marginal(Weights::load_code, code_len("(nop)"));
		let prices = FuelPrices::of::<Test>();
		assert!(
			u64::from(prices.compile_per_byte) * price * 65_536 >= gas::marginal(Weights::compile, 65_536).ref_time()
		);
		let compile = u64::from(prices.compile_per_byte) * price;
		assert_eq!(gas_of_body("(nop) (nop)") - gas_of_body("(nop)"), load + Weight::from_parts(compile, 0));
	});
}

#[test]
fn bulk_memory_operations_are_charged_per_byte() {
	ExtBuilder::default().build().execute_with(|| {
		let price = gas::ref_time_per_fuel::<Test>();
		let bytes_per_fuel = FuelPrices::of::<Test>().bytes_per_fuel;
		assert!(price * 65_536 >= gas::marginal(Weights::bulk_copy, 65_536).ref_time() * u64::from(bytes_per_fuel));
		// 65536 and 16384 take the same three bytes to encode: only the length differs.
		let copy = |len: u32| gas_of_body(&format!("(memory.copy (i32.const 0) (i32.const 8) (i32.const {len}))"));
		let fill = |len: u32| gas_of_body(&format!("(memory.fill (i32.const 0) (i32.const 7) (i32.const {len}))"));
		let per_48_kib = u64::from(65_536 / bytes_per_fuel - 16_384 / bytes_per_fuel) * price;
		assert_eq!((copy(65_536) - copy(16_384)).ref_time(), per_48_kib);
		assert_eq!((fill(65_536) - fill(16_384)).ref_time(), per_48_kib);
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

// ---------------------------------------------------------------------------------------------
// Instantiation
// ---------------------------------------------------------------------------------------------

#[test]
fn instantiate_runs_deploy_endows_the_contract_and_charges_its_storage_deposit() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("counter");
		let free_before = Balances::free_balance(ALICE);
		System::reset_events();
		let contract = instantiate(code_hash, b"salt");
		assert_eq!(contract, storage::contract_address::<Test>(&ALICE, &code_hash, b"salt"));
		// deploy stored 8 bytes under "count": the contract and one key are two items.
		let deposit = 2 * DEPOSIT_PER_ITEM + DEPOSIT_PER_BYTE * (5 + 8);
		let info = ContractInfoOf::<Test>::get(&contract).unwrap();
		assert_eq!(
			(info.code_hash, info.storage_items, info.storage_bytes, info.storage_deposit),
			(code_hash, 1, 13, deposit)
		);
		assert_eq!(Vm::get_storage(&contract, b"count"), Some(0u64.to_le_bytes().to_vec()));
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 1);
		assert_eq!(held(HoldReason::StorageDeposit, &contract), deposit);
		assert_eq!(Balances::free_balance(&contract), EXISTENTIAL_DEPOSIT);
		assert_eq!(Balances::free_balance(ALICE), free_before - EXISTENTIAL_DEPOSIT - deposit);
		assert_eq!(
			vm_events(),
			vec![
				Event::Instantiated { deployer: ALICE, contract: contract.clone(), code_hash },
				Event::StorageDepositHeld { contract, from: ALICE, amount: deposit },
			]
		);
	});
}

#[test]
fn instantiate_transfers_the_value_to_the_new_contract() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("dummy");
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 5_000, GAS_LIMIT, None, vec![], vec![]));
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash, b"");
		assert_eq!(Balances::free_balance(&contract), EXISTENTIAL_DEPOSIT + 5_000);
	});
}

#[test]
fn instantiating_twice_with_the_same_salt_fails_and_another_salt_works() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("dummy");
		instantiate(code_hash, b"one");
		assert_fails_unchanged(
			|| Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], b"one".to_vec()),
			Error::<Test>::DuplicateContract,
		);
		instantiate(code_hash, b"two");
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 2);
	});
}

#[test]
fn instantiate_fails_for_unknown_code_and_when_deploy_traps() {
	ExtBuilder::default().build().execute_with(|| {
		assert_fails_unchanged(
			|| Vm::instantiate(signed(&ALICE), H256::repeat_byte(7), 0, GAS_LIMIT, None, vec![], vec![]),
			Error::<Test>::CodeNotFound,
		);
		let trapping = wat::parse_str(
			r#"(module (memory (export "memory") 1) (func (export "deploy") unreachable) (func (export "call")))"#,
		)
		.unwrap();
		let code_hash = upload_bytes(trapping);
		assert_fails_unchanged(
			|| Vm::instantiate(signed(&ALICE), code_hash, 1_000, GAS_LIMIT, None, vec![], vec![]),
			Error::<Test>::ContractTrapped(TrapKind::Unreachable),
		);
		assert!(!ContractInfoOf::<Test>::contains_key(storage::contract_address::<Test>(&ALICE, &code_hash, b"")));
	});
}

#[test]
fn instantiate_with_code_uploads_and_instantiates_in_one_go() {
	ExtBuilder::default().build().execute_with(|| {
		let code = wasm("counter");
		assert_ok!(Vm::instantiate_with_code(signed(&ALICE), code.clone(), 0, 0, GAS_LIMIT, None, vec![], vec![]));
		let code_hash = code_hash_of(&code);
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash, b"");
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 1);
		assert_eq!(output(&contract, vec![]), 1u64.to_le_bytes());
		// Stored code is reused rather than uploaded again.
		assert_ok!(Vm::instantiate_with_code(signed(&BOB), code, 0, 0, GAS_LIMIT, None, vec![], vec![]));
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 2);
	});
}

// ---------------------------------------------------------------------------------------------
// Calls, storage, logs and deposits
// ---------------------------------------------------------------------------------------------

#[test]
fn call_runs_the_contract_emits_its_log_and_keeps_its_state() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		System::reset_events();
		assert_ok!(call(&contract, vec![]));
		assert_ok!(call(&contract, vec![]));
		assert_eq!(Vm::get_storage(&contract, b"count"), Some(2u64.to_le_bytes().to_vec()));
		let mut topic = [0u8; 32];
		topic[..11].copy_from_slice(b"incremented");
		assert_eq!(
			vm_events()[2..],
			[
				Event::ContractLog {
					contract: contract.clone(),
					topics: vec![H256(topic)],
					data: 2u64.to_le_bytes().to_vec()
				},
				Event::Called { caller: ALICE, contract: contract.clone() },
			]
		);
		assert_eq!(output(&contract, vec![]), 3u64.to_le_bytes());
	});
}

#[test]
fn storage_syscalls_set_get_contain_and_remove_values() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		let get = |key: &[u8]| output(&contract, key_input(1, key, &[]));
		assert_eq!(get(b"k"), ReturnCode::KeyNotFound.as_u32().to_le_bytes());
		assert_eq!(output(&contract, key_input(3, b"k", &[])), SENTINEL.to_le_bytes());
		assert_ok!(call(&contract, key_input(0, b"k", b"hello")));
		let mut found = 0u32.to_le_bytes().to_vec();
		found.extend(b"hello");
		assert_eq!(get(b"k"), found);
		assert_eq!(output(&contract, key_input(3, b"k", &[])), 5u32.to_le_bytes());
		assert_eq!(output(&contract, key_input(0, b"k", b"hi")), 5u32.to_le_bytes());
		assert_eq!(output(&contract, key_input(2, b"k", &[])), 5u32.to_le_bytes());
		assert_ok!(call(&contract, key_input(2, b"k", &[])));
		assert_eq!(ContractStorage::<Test>::iter_prefix(&contract).count(), 0);
		assert_eq!(output(&contract, key_input(2, b"k", &[])), SENTINEL.to_le_bytes());
	});
}

#[test]
fn storage_deposits_follow_the_state_and_are_refunded_when_it_shrinks() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		let base = DEPOSIT_PER_ITEM;
		assert_eq!(held(HoldReason::StorageDeposit, &contract), base);
		let value = vec![7u8; 300];
		let alice_before = Balances::free_balance(ALICE);
		System::reset_events();
		assert_ok!(call(&contract, key_input(0, b"key", &value)));
		let grown = base + DEPOSIT_PER_ITEM + 303;
		assert_eq!(held(HoldReason::StorageDeposit, &contract), grown);
		assert_eq!(Balances::free_balance(ALICE), alice_before - (grown - base));
		assert!(vm_events().contains(&Event::StorageDepositHeld {
			contract: contract.clone(),
			from: ALICE,
			amount: grown - base
		}));
		// Bob frees the state and gets the deposit it held.
		let bob_before = Balances::free_balance(BOB);
		assert_ok!(Vm::call(signed(&BOB), contract.clone(), 0, GAS_LIMIT, None, key_input(2, b"key", &[])));
		assert_eq!(held(HoldReason::StorageDeposit, &contract), base);
		assert_eq!(Balances::free_balance(BOB), bob_before + grown - base);
		System::assert_has_event(
			Event::StorageDepositReleased { contract: contract.clone(), to: BOB, amount: grown - base }.into(),
		);
	});
}

#[test]
fn a_call_needing_more_deposit_than_its_limit_fails_and_changes_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		let needed = DEPOSIT_PER_ITEM + 4;
		assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), 0, GAS_LIMIT, Some(needed - 1), key_input(0, b"ab", b"cd")),
			Error::<Test>::StorageDepositLimitExhausted,
		);
		assert_ok!(Vm::call(signed(&ALICE), contract.clone(), 0, GAS_LIMIT, Some(needed), key_input(0, b"ab", b"cd")));
	});
}

#[test]
fn contracts_read_caller_address_value_balance_block_and_gas() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("environment");
		System::set_block_number(42);
		let result = dry_run_outcome(BOB, &contract, 700, vec![]);
		let out = result.result.unwrap().output;
		assert_eq!(&out[0..32], AsRef::<[u8]>::as_ref(&BOB));
		assert_eq!(&out[32..64], AsRef::<[u8]>::as_ref(&contract));
		assert_eq!(u128::from_le_bytes(out[64..80].try_into().unwrap()), 700);
		assert_eq!(u128::from_le_bytes(out[80..96].try_into().unwrap()), EXISTENTIAL_DEPOSIT + 700);
		assert_eq!(u64::from_le_bytes(out[96..104].try_into().unwrap()), 42);
		assert_eq!(u64::from_le_bytes(out[104..112].try_into().unwrap()), 1_700_000_000_000);
		let gas_left = u64::from_le_bytes(out[112..120].try_into().unwrap());
		assert!(gas_left > 0 && gas_left < GAS_LIMIT.ref_time() - result.gas_consumed.ref_time() / 2);
	});
}

#[test]
fn transfer_syscall_moves_value_and_reports_a_transfer_it_cannot_make() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("transfer");
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 1_000, GAS_LIMIT, None, vec![], vec![]));
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash, b"");
		let input = |value: u128| [CHARLIE.encode(), value.to_le_bytes().to_vec()].concat();
		let out = output(&contract, input(400));
		assert_eq!(u32_at(&out, 0), ReturnCode::Success.as_u32());
		assert_eq!(u128::from_le_bytes(out[4..20].try_into().unwrap()), INITIAL_BALANCE + 400);
		assert_ok!(call(&contract, input(400)));
		assert_eq!(Balances::free_balance(CHARLIE), INITIAL_BALANCE + 400);
		// The contract keeps its existential deposit: of its 700, it may send 600 but not 601.
		assert_eq!(u32_at(&output(&contract, input(600)), 0), ReturnCode::Success.as_u32());
		let out = output(&contract, input(601));
		assert_eq!(u32_at(&out, 0), ReturnCode::TransferFailed.as_u32());
		assert_eq!(Balances::free_balance(&contract), EXISTENTIAL_DEPOSIT + 600);
	});
}

#[test]
fn calling_with_more_value_than_the_balance_fails_and_changes_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("dummy");
		assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), INITIAL_BALANCE * 2, GAS_LIMIT, None, vec![]),
			Error::<Test>::TransferFailed,
		);
	});
}

#[test]
fn calling_an_account_that_is_not_a_contract_fails() {
	ExtBuilder::default().build().execute_with(|| {
		assert_fails_unchanged(|| call(&BOB, vec![]), Error::<Test>::ContractNotFound);
	});
}

#[test]
fn a_reverting_contract_rolls_back_its_changes_and_returns_its_output() {
	ExtBuilder::default().build().execute_with(|| {
		let echo = deploy("echo");
		let result = dry_run(&echo, vec![1, 2, 3]);
		assert_eq!(result, VmResult { exit: ExitReason::Reverted, output: vec![1, 2, 3] });
		assert_fails_unchanged(|| call(&echo, vec![1, 2, 3]), Error::<Test>::ContractReverted);
		let store = deploy("storage");
		assert_fails_unchanged(|| call(&store, key_input(5, b"k", b"v")), Error::<Test>::ContractReverted);
		assert_eq!(Vm::get_storage(&store, b"k"), None);
	});
}

#[test]
fn a_trapping_contract_rolls_back_its_changes() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		assert_fails_unchanged(
			|| call(&contract, key_input(4, b"k", b"v")),
			Error::<Test>::ContractTrapped(TrapKind::Unreachable),
		);
		assert_eq!(Vm::get_storage(&contract, b"k"), None);
	});
}

// ---------------------------------------------------------------------------------------------
// Gas
// ---------------------------------------------------------------------------------------------

#[test]
fn a_call_stack_compiles_each_code_once_for_all_its_frames() {
	use crate::{context::Origin, exec::Stack, gas::GasMeter};
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("counter");
		let (first, second) = (instantiate(code_hash, b"first"), instantiate(code_hash, b"second"));
		let gas_of = |stack: &mut Stack<Test>, contract: &AccountId32| {
			let mut gas = GasMeter::new(GAS_LIMIT, gas::ref_time_per_fuel::<Test>());
			let result = stack.call(ALICE, contract.clone(), 0, vec![], false, &mut gas).unwrap();
			assert_eq!(result.exit, ExitReason::Returned);
			gas.consumed()
		};
		let mut stack = Stack::<Test>::new(Origin::Signed(ALICE));
		let compiling = gas_of(&mut stack, &first);
		let compiled = gas_of(&mut stack, &second);
		// The second frame of the same code runs what the first compiled: no translation fuel.
		assert!(compiled.ref_time() < compiling.ref_time(), "{compiled:?} < {compiling:?}");
		// A new stack compiles again, whatever ran before it.
		assert_eq!(gas_of(&mut Stack::<Test>::new(Origin::Signed(ALICE)), &second), compiling);
	});
}

#[test]
fn the_extrinsic_is_charged_the_gas_used_and_refunded_the_rest() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		let declared = Weights::call().saturating_add(GAS_LIMIT);
		let dry = dry_run_outcome(ALICE, &contract, 0, vec![]);
		let post = call(&contract, vec![]).unwrap();
		let actual = post.actual_weight.unwrap();
		assert_eq!(actual, Weights::call() + dry.gas_consumed);
		assert!(
			dry.gas_consumed.ref_time() > gas::marginal(Weights::load_code, wasm("counter").len() as u32).ref_time()
		);
		assert!(actual.all_lt(declared));
	});
}

#[test]
fn gas_stops_an_infinite_loop_with_out_of_gas_and_charges_the_whole_limit() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("loop");
		let limit = Weight::from_parts(2_000_000_000, 1024 * 1024);
		let post = assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), 0, limit, None, vec![]),
			Error::<Test>::OutOfGas,
		);
		assert_eq!(post.actual_weight, Some(Weights::call() + limit));
	});
}

#[test]
fn a_gas_limit_below_the_code_load_cost_runs_out_of_gas_before_the_contract_starts() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		let limit = Weight::from_parts(1_000, 1_000);
		assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), 0, limit, None, vec![]),
			Error::<Test>::OutOfGas,
		);
	});
}

#[test]
fn a_narrow_store_of_a_value_at_its_own_address_compiles_and_runs() {
	// The fuzzer's first finding: wasmi 2.0.0 panicked compiling this store (vendor/wasmi).
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("store_own_address");
		assert_eq!(output(&contract, vec![]), vec![2]);
		assert_ok!(call(&contract, vec![]));
	});
}

// ---------------------------------------------------------------------------------------------
// Adversarial contracts: each fails with its exact error and changes nothing
// ---------------------------------------------------------------------------------------------

#[test]
fn unbounded_recursion_traps_with_stack_overflow() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("recursion");
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::ContractTrapped(TrapKind::StackOverflow));
	});
}

#[test]
fn growing_memory_past_the_limit_traps() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("memory_grow");
		// Growing within MaxMemoryPages (4) works; past it traps.
		assert_eq!(output(&contract, 3u32.to_le_bytes().to_vec()), 1u32.to_le_bytes());
		assert_fails_unchanged(
			|| call(&contract, 4u32.to_le_bytes().to_vec()),
			Error::<Test>::ContractTrapped(TrapKind::MemoryLimitExceeded),
		);
	});
}

#[test]
fn syscall_pointers_outside_memory_trap_and_never_reach_the_runtime() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("bad_pointer");
		for op in 0u8..4 {
			assert_fails_unchanged(
				|| call(&contract, vec![op]),
				Error::<Test>::ContractTrapped(TrapKind::SyscallOutOfBounds),
			);
		}
	});
}

#[test]
fn a_wasm_load_out_of_bounds_traps() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("bad_pointer");
		assert_fails_unchanged(
			|| call(&contract, vec![4]),
			Error::<Test>::ContractTrapped(TrapKind::MemoryOutOfBounds),
		);
	});
}

#[test]
fn oversized_keys_values_and_logs_trap_with_the_limit_they_broke() {
	ExtBuilder::default().build().execute_with(|| {
		let store = deploy("storage");
		assert_fails_unchanged(
			|| call(&store, key_input(0, &[1; 129], b"v")),
			Error::<Test>::ContractTrapped(TrapKind::StorageKeyTooLong),
		);
		assert_fails_unchanged(
			|| call(&store, key_input(0, b"k", &vec![1; 16 * 1024 + 1])),
			Error::<Test>::ContractTrapped(TrapKind::StorageValueTooLarge),
		);
		assert_ok!(call(&store, key_input(0, &[1; 128], &vec![1; 16 * 1024])));
		let log = deploy("log");
		let log_input = |topics: u32, data: usize| log_input(1, topics, data);
		assert_fails_unchanged(|| call(&log, log_input(5, 1)), Error::<Test>::ContractTrapped(TrapKind::TooManyTopics));
		assert_fails_unchanged(
			|| call(&log, log_input(1, 1025)),
			Error::<Test>::ContractTrapped(TrapKind::LogDataTooLarge),
		);
		assert_ok!(call(&log, log_input(4, 1024)));
		System::assert_has_event(
			Event::ContractLog { contract: log, topics: vec![H256::repeat_byte(0xEE); 4], data: vec![0xEE; 1024] }
				.into(),
		);
	});
}

#[test]
fn hashing_more_than_the_buffer_limit_traps() {
	let code = wat::parse_str(
		r#"(module
			(import "ocos" "hash_blake2_256" (func $blake2 (param i32 i32 i32)))
			(memory (export "memory") 1)
			(func (export "deploy"))
			(func (export "call") (call $blake2 (i32.const 0) (i32.const 32769) (i32.const 0))))"#,
	)
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let hashes = instantiate(upload_bytes(code), b"");
		assert_fails_unchanged(|| call(&hashes, vec![]), Error::<Test>::ContractTrapped(TrapKind::BufferTooLarge));
	});
}

// ---------------------------------------------------------------------------------------------
// Cryptography
// ---------------------------------------------------------------------------------------------

#[test]
fn hash_syscalls_match_the_runtime_hashes() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("hashes");
		let data = b"ocos-vm hashes this".to_vec();
		let hash = |algorithm: u8| output(&contract, [vec![algorithm], data.clone()].concat());
		assert_eq!(hash(0), sp_io::hashing::blake2_256(&data));
		assert_eq!(hash(1), sp_io::hashing::keccak_256(&data));
		assert_eq!(hash(2), sp_io::hashing::sha2_256(&data));
	});
}

#[test]
fn signature_syscalls_verify_sr25519_ed25519_and_recover_ecdsa_keys() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("signatures");
		let message = b"bridge header #1".to_vec();
		let code = |input: Vec<u8>| u32_at(&output(&contract, input), 0);

		let sr = sr25519::Pair::from_seed(&[1; 32]);
		let sr_input =
			|signature: &[u8], message: &[u8]| [&[1u8][..], signature, sr.public().as_ref(), message].concat();
		let sr_signature = sr.sign(&message);
		assert_eq!(code(sr_input(sr_signature.as_ref(), &message)), ReturnCode::Success.as_u32());
		assert_eq!(code(sr_input(sr_signature.as_ref(), b"forged")), ReturnCode::InvalidSignature.as_u32());

		let ed = ed25519::Pair::from_seed(&[2; 32]);
		let ed_input =
			|signature: &[u8], message: &[u8]| [&[2u8][..], signature, ed.public().as_ref(), message].concat();
		let ed_signature = ed.sign(&message);
		assert_eq!(code(ed_input(ed_signature.as_ref(), &message)), ReturnCode::Success.as_u32());
		assert_eq!(code(ed_input(ed_signature.as_ref(), b"forged")), ReturnCode::InvalidSignature.as_u32());

		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		let message_hash = sp_io::hashing::keccak_256(&message);
		let ec_signature = ec.sign_prehashed(&message_hash);
		let out = output(&contract, [&[0u8][..], ec_signature.as_ref(), &message_hash].concat());
		assert_eq!(u32_at(&out, 0), ReturnCode::Success.as_u32());
		assert_eq!(out[4..37], ec.public().0);
		let out = output(&contract, [&[0u8][..], &[0u8; 65][..], &message_hash].concat());
		assert_eq!(u32_at(&out, 0), ReturnCode::InvalidSignature.as_u32());
	});
}

// ---------------------------------------------------------------------------------------------
// Termination
// ---------------------------------------------------------------------------------------------

#[test]
fn terminate_removes_the_contract_and_sends_everything_to_the_beneficiary() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("terminate");
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 2_000, GAS_LIMIT, None, vec![], vec![]));
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash, b"");
		let total = Balances::total_balance(&contract);
		assert_eq!(total, EXISTENTIAL_DEPOSIT + 2_000 + 2 * DEPOSIT_PER_ITEM + 6);
		let charlie_before = Balances::free_balance(CHARLIE);
		assert_ok!(call(&contract, CHARLIE.encode()));
		assert_eq!(Balances::free_balance(CHARLIE), charlie_before + total);
		assert_eq!(Balances::total_balance(&contract), 0);
		assert!(!ContractInfoOf::<Test>::contains_key(&contract));
		assert_eq!(Vm::get_storage(&contract, b"key"), None);
		assert_eq!(CodeInfoOf::<Test>::get(code_hash).unwrap().refcount, 0);
		System::assert_has_event(Event::Terminated { contract: contract.clone(), beneficiary: CHARLIE }.into());
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::ContractNotFound);
		// Its storage is queued for deletion, and the address stays taken until it is gone.
		assert_eq!(ContractStorage::<Test>::iter_prefix(&contract).count(), 1);
		assert_eq!(DeletionQueue::<Test>::get(0), Some(contract.clone()));
		let redeploy = || Vm::instantiate(signed(&ALICE), code_hash, 2_000, GAS_LIMIT, None, vec![], vec![]);
		assert_fails_unchanged(redeploy, Error::<Test>::DuplicateContract);
		OcosVm::on_idle(1, Weight::MAX);
		assert_eq!(ContractStorage::<Test>::iter_prefix(&contract).count(), 0);
		assert_eq!(DeletionQueue::<Test>::get(0), None);
		assert_ok!(redeploy());
	});
}

// ---------------------------------------------------------------------------------------------
// Nested calls
// ---------------------------------------------------------------------------------------------

#[test]
fn a_contract_calls_another_and_gets_its_output() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let counter = deploy("counter");
		System::reset_events();
		assert_ok!(call(&proxy, proxy_input(0, &counter, 0, 0, &[])));
		assert_eq!(Vm::get_storage(&counter, b"count"), Some(1u64.to_le_bytes().to_vec()));
		let called: Vec<_> = vm_events().into_iter().filter(|e| matches!(e, Event::Called { .. })).collect();
		assert_eq!(
			called,
			vec![
				Event::Called { caller: proxy.clone(), contract: counter.clone() },
				Event::Called { caller: ALICE, contract: proxy.clone() },
			]
		);
		let out = output(&proxy, proxy_input(0, &counter, 0, 0, &[]));
		assert_eq!(u32_at(&out, 0), ReturnCode::Success.as_u32());
		assert_eq!(&out[4..], 2u64.to_le_bytes());
	});
}

#[test]
fn a_nested_call_transfers_value_from_the_calling_contract() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("proxy");
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 1_000, GAS_LIMIT, None, vec![], vec![]));
		let proxy = storage::contract_address::<Test>(&ALICE, &code_hash, b"");
		let echo = deploy("echo");
		assert_ok!(call(&proxy, proxy_input(0, &echo, 300, 0, &[0])));
		assert_eq!(Balances::free_balance(&echo), EXISTENTIAL_DEPOSIT + 300);
		assert_eq!(Balances::free_balance(&proxy), EXISTENTIAL_DEPOSIT + 700);
		let out = output(&proxy, proxy_input(0, &echo, 5_000, 0, &[0]));
		assert_eq!(u32_at(&out, 0), ReturnCode::TransferFailed.as_u32());
	});
}

#[test]
fn a_reverting_or_trapping_callee_rolls_back_only_its_own_changes() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let store = deploy("storage");
		// The callee reverts: its write is undone, its output reaches the caller, which goes on.
		let out = output(&proxy, proxy_input(0, &store, 0, 0, &key_input(5, b"k", b"v")));
		assert_eq!(u32_at(&out, 0), ReturnCode::CalleeReverted.as_u32());
		assert_eq!(u32_at(&out, 4), SENTINEL);
		assert_ok!(call(&proxy, proxy_input(0, &store, 0, 0, &key_input(5, b"k", b"v"))));
		assert_eq!(Vm::get_storage(&store, b"k"), None);
		// A trap two frames down: the middle proxy sees CalleeTrapped and returns normally.
		let outer = deploy_with_salt("proxy", b"outer");
		let inner = proxy_input(0, &store, 0, 0, &key_input(4, b"k", b"v"));
		assert_ok!(call(&outer, proxy_input(0, &proxy, 0, 0, &inner)));
		let out = output(&outer, proxy_input(0, &proxy, 0, 0, &inner));
		assert_eq!(
			(u32_at(&out, 0), u32_at(&out, 4)),
			(ReturnCode::Success.as_u32(), ReturnCode::CalleeTrapped.as_u32())
		);
		assert_eq!(Vm::get_storage(&store, b"k"), None);
	});
}

#[test]
fn a_contracts_items_and_deposit_count_the_writes_of_frames_that_returned_and_not_of_those_that_failed() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let store = deploy("storage");
		let counts = || ContractInfoOf::<Test>::get(&store).map(|info| (info.storage_items, info.storage_bytes));
		let held = || Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &store);
		let (held_before, alice_before) = (held(), Balances::free_balance(ALICE));
		// A nested write that returns: one item of 1 + 5 bytes, settled once for the stack.
		assert_ok!(call(&proxy, proxy_input(0, &store, 0, 0, &key_input(0, b"k", b"value"))));
		assert_eq!(counts(), Some((1, 6)));
		let deposit = DEPOSIT_PER_ITEM + 6 * DEPOSIT_PER_BYTE;
		assert_eq!(held(), held_before + deposit);
		// A nested write that traps, then one that returns, in one stack: only the second counts.
		let outer = deploy_with_salt("proxy", b"outer");
		let trapping = proxy_input(0, &store, 0, 0, &key_input(4, b"x", b"lost"));
		assert_ok!(call(&outer, proxy_input(0, &proxy, 0, 0, &trapping)));
		assert_eq!((counts(), held()), (Some((1, 6)), held_before + deposit));
		// Replacing the value with a shorter one shrinks the count and refunds the difference.
		assert_ok!(call(&proxy, proxy_input(0, &store, 0, 0, &key_input(0, b"k", b"v"))));
		assert_eq!(counts(), Some((1, 2)));
		assert_eq!(held(), held_before + DEPOSIT_PER_ITEM + 2 * DEPOSIT_PER_BYTE);
		assert!(Balances::free_balance(ALICE) < alice_before);
	});
}

fn deploy_with_salt(name: &str, salt: &[u8]) -> AccountId32 {
	let code_hash = code_hash_of(&wasm(name));
	if !CodeInfoOf::<Test>::contains_key(code_hash) {
		upload(name);
	}
	instantiate(code_hash, salt)
}

#[test]
fn a_nested_call_to_an_account_without_code_reports_not_a_contract() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let out = output(&proxy, proxy_input(0, &BOB, 0, 0, &[]));
		assert_eq!(u32_at(&out, 0), ReturnCode::NotAContract.as_u32());
	});
}

#[test]
fn a_callee_out_of_gas_stops_alone_and_its_caller_goes_on() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let spinner = deploy("loop");
		let outcome =
			Vm::bare_call(ALICE, proxy.clone(), 0, GAS_LIMIT, None, proxy_input(0, &spinner, 0, 500_000_000, &[]));
		let result = outcome.result.unwrap();
		assert_eq!(result.exit, ExitReason::Returned);
		assert_eq!(u32_at(&result.output, 0), ReturnCode::CalleeTrapped.as_u32());
		assert!(outcome.gas_consumed.ref_time() > 500_000_000);
		assert!(outcome.gas_consumed.ref_time() < 2 * 500_000_000 + Weights::load_code(1_000).ref_time() * 2);
	});
}

#[test]
fn re_entering_a_contract_is_refused_unless_it_allowed_it() {
	ExtBuilder::default().build().execute_with(|| {
		let a = deploy("proxy");
		let b = deploy_with_salt("proxy", b"b");
		let counter = deploy("counter");
		let a_again = proxy_input(0, &counter, 0, 0, &[]);
		// A -> B -> A: B's call back into A is refused.
		let refused = output(&a, proxy_input(0, &b, 0, 0, &proxy_input(0, &a, 0, 0, &a_again)));
		assert_eq!(u32_at(&refused, 0), ReturnCode::Success.as_u32());
		assert_eq!(u32_at(&refused, 4), ReturnCode::ReentranceDenied.as_u32());
		// With A allowing re-entry on its call to B, A runs again and reaches the counter.
		let allowed = output(&a, proxy_input(call_flags::ALLOW_REENTRY, &b, 0, 0, &proxy_input(0, &a, 0, 0, &a_again)));
		let codes: Vec<u32> = (0..3).map(|i| u32_at(&allowed, 4 * i)).collect();
		assert_eq!(codes, vec![0, 0, 0]);
		assert_eq!(&allowed[12..], 1u64.to_le_bytes());
	});
}

#[test]
fn the_call_stack_is_limited_to_max_call_depth() {
	ExtBuilder::default().build().execute_with(|| {
		let proxy = deploy("proxy");
		let echo = deploy("echo");
		// A chain of proxy frames that re-enter themselves, ending at `echo`.
		let chain = |proxies: usize| {
			let mut input = proxy_input(0, &echo, 0, 0, &[0, 42]);
			for _ in 1..proxies {
				input = proxy_input(call_flags::ALLOW_REENTRY, &proxy, 0, 0, &input);
			}
			input
		};
		// 7 proxies + echo = 8 frames = MaxCallDepth: everything runs.
		let out = output(&proxy, chain(7));
		assert_eq!(out, [vec![0u8; 4 * 7], vec![0, 42]].concat());
		// 8 proxies: the eighth frame may not call echo.
		let out = output(&proxy, chain(8));
		assert_eq!(out[..4 * 7], [0u8; 4 * 7]);
		assert_eq!(u32_at(&out, 4 * 7), ReturnCode::MaxCallDepthReached.as_u32());
		assert_eq!(out.len(), 4 * 8);
	});
}

// ---------------------------------------------------------------------------------------------
// The DAO
// ---------------------------------------------------------------------------------------------

#[test]
fn dao_call_runs_the_contract_as_the_dao_with_the_approval_context() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("dao");
		assert_ok!(Vm::dao_call(signed(&COUNCIL), contract.clone(), 0, GAS_LIMIT, DAO_DEPOSIT_LIMIT, vec![]));
		let context = crate::context::DaoContext::Collective { approvals: 3, members: 5 };
		System::assert_last_event(Event::DaoCalled { contract: contract.clone(), context }.into());
		assert_eq!(Vm::get_storage(&contract, b"caller"), Some(DAO.encode()));
		let stored = [ReturnCode::Success.as_u32().encode(), context.encode()].concat();
		assert_eq!(Vm::get_storage(&contract, b"context"), Some(stored));
		assert_ok!(Vm::dao_call(RuntimeOrigin::root(), contract.clone(), 0, GAS_LIMIT, DAO_DEPOSIT_LIMIT, vec![]));
		System::assert_last_event(
			Event::DaoCalled { contract: contract.clone(), context: crate::context::DaoContext::Root }.into(),
		);
		// The context as the contract reads it, in a dry run of the motion's call.
		let report = discarding(|| Vm::dry_run_dao_call(context, contract.clone(), 0, None, None, vec![]));
		let out = report.result.unwrap().data;
		assert_eq!(u32_at(&out, 0), ReturnCode::Success.as_u32());
		assert_eq!(out[4..], [vec![1u8], 3u32.encode(), 5u32.encode()].concat());
		// The gas it reports is the limit with which the motion's call succeeds.
		let gas_required = report.gas_required;
		assert_ok!(Vm::dao_call(signed(&COUNCIL), contract.clone(), 0, gas_required, DAO_DEPOSIT_LIMIT, vec![]));
		assert_eq!(Vm::get_storage(&contract, b"caller"), Some(DAO.encode()));
	});
}

#[test]
fn dao_call_from_an_ordinary_account_is_refused_and_signed_calls_have_no_dao_context() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("dao");
		assert_fails_unchanged(
			|| Vm::dao_call(signed(&ALICE), contract.clone(), 0, GAS_LIMIT, DAO_DEPOSIT_LIMIT, vec![]),
			DispatchError::BadOrigin,
		);
		assert_eq!(u32_at(&output(&contract, vec![]), 0), ReturnCode::NoDaoContext.as_u32());
	});
}

// ---------------------------------------------------------------------------------------------
// The engine registry
// ---------------------------------------------------------------------------------------------

#[test]
fn governance_registers_engines_and_ordinary_accounts_cannot() {
	ExtBuilder::default().build().execute_with(|| {
		assert_noop!(Vm::register_engine(signed(&ALICE), EngineKind::Wasmi, vec![]), DispatchError::BadOrigin);
		assert_noop!(
			Vm::register_engine(RuntimeOrigin::root(), EngineKind::MoveVm, vec![]),
			Error::<Test>::EngineNotAvailable
		);
		assert_noop!(
			Vm::register_engine(RuntimeOrigin::root(), EngineKind::Wasmi, vec![1]),
			Error::<Test>::InvalidEngineConfig
		);
		assert_ok!(Vm::register_engine(RuntimeOrigin::root(), EngineKind::Wasmi, vec![]));
		System::assert_last_event(Event::EngineRegistered { engine: 1, kind: EngineKind::Wasmi }.into());
		assert_eq!(Engines::<Test>::get(1).unwrap().status, EngineStatus::Active);
		// Code records the engine it was uploaded for and runs there.
		let code = wasm("counter");
		assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), 1, None));
		let contract = instantiate(code_hash_of(&code), b"");
		assert_eq!(ContractInfoOf::<Test>::get(&contract).unwrap().engine, 1);
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Disabled));
		assert_ok!(call(&contract, vec![]));
		assert_noop!(Vm::upload_code(signed(&ALICE), wasm("dummy"), 7, None), Error::<Test>::EngineNotFound);
	});
}

#[test]
fn an_engine_with_frozen_uploads_accepts_no_new_code_or_contracts_but_runs_calls() {
	ExtBuilder::default().build().execute_with(|| {
		let code_hash = upload("counter");
		let contract = instantiate(code_hash, b"");
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::UploadsFrozen));
		System::assert_last_event(
			Event::EngineStatusChanged { engine: 0, from: EngineStatus::Active, to: EngineStatus::UploadsFrozen }
				.into(),
		);
		assert_noop!(Vm::upload_code(signed(&ALICE), wasm("dummy"), 0, None), Error::<Test>::EngineUploadsFrozen);
		assert_fails_unchanged(
			|| Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], b"new".to_vec()),
			Error::<Test>::EngineUploadsFrozen,
		);
		assert_ok!(call(&contract, vec![]));
		// Frozen is reversible.
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Active));
		instantiate(code_hash, b"new");
	});
}

#[test]
fn a_deprecated_engine_runs_calls_can_only_be_retired_and_a_retired_one_never_changes() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Deprecated));
		assert_noop!(Vm::upload_code(signed(&ALICE), wasm("dummy"), 0, None), Error::<Test>::EngineUploadsFrozen);
		assert_ok!(call(&contract, vec![]));
		for status in [EngineStatus::Active, EngineStatus::UploadsFrozen, EngineStatus::Disabled] {
			assert_noop!(
				Vm::set_engine_status(RuntimeOrigin::root(), 0, status),
				Error::<Test>::InvalidEngineStatusTransition
			);
		}
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Retired));
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::EngineDisabled);
		for status in [EngineStatus::Active, EngineStatus::Disabled, EngineStatus::Deprecated] {
			assert_noop!(
				Vm::set_engine_status(RuntimeOrigin::root(), 0, status),
				Error::<Test>::InvalidEngineStatusTransition
			);
		}
	});
}

#[test]
fn a_disabled_engine_can_be_enabled_again() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Disabled));
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::EngineDisabled);
		assert_noop!(
			Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Retired),
			Error::<Test>::InvalidEngineStatusTransition
		);
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Active));
		assert_ok!(call(&contract, vec![]));
	});
}

#[test]
fn a_disabled_engine_rejects_calls_and_nested_calls_report_the_callee_as_trapped() {
	ExtBuilder::default().build().execute_with(|| {
		let counter = deploy("counter");
		assert_ok!(Vm::register_engine(RuntimeOrigin::root(), EngineKind::Wasmi, vec![]));
		let code = wasm("proxy");
		assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), 1, None));
		let proxy = instantiate(code_hash_of(&code), b"");
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Disabled));
		assert_fails_unchanged(|| call(&counter, vec![]), Error::<Test>::EngineDisabled);
		assert_noop!(Vm::upload_code(signed(&ALICE), wasm("dummy"), 0, None), Error::<Test>::EngineDisabled);
		let out = output(&proxy, proxy_input(0, &counter, 0, 0, &[]));
		assert_eq!(u32_at(&out, 0), ReturnCode::CalleeTrapped.as_u32());
		// Disabling is reversible unless the engine was deprecated.
		assert_ok!(Vm::set_engine_status(RuntimeOrigin::root(), 0, EngineStatus::Active));
		assert_ok!(call(&counter, vec![]));
	});
}

#[test]
fn engine_status_changes_need_governance_and_a_known_engine() {
	ExtBuilder::default().build().execute_with(|| {
		assert_noop!(Vm::set_engine_status(signed(&ALICE), 0, EngineStatus::Disabled), DispatchError::BadOrigin);
		assert_noop!(
			Vm::set_engine_status(RuntimeOrigin::root(), 9, EngineStatus::Disabled),
			Error::<Test>::EngineNotFound
		);
	});
}

// ---------------------------------------------------------------------------------------------
// The ABI
// ---------------------------------------------------------------------------------------------

/// A module importing every syscall with the signature the ABI crate gives it is accepted and
/// links: the host's definitions cannot drift from the ABI.
#[test]
fn every_abi_syscall_is_linked_with_the_abi_signature() {
	assert_eq!(crate::syscall::LINKED, Syscall::ALL);
	let imports = wat_imports();
	let code = wat::parse_str(format!(
		r#"(module {imports} (memory (export "memory") 1) (func (export "deploy")) (func (export "call")))"#
	))
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let contract = instantiate(upload_bytes(code), b"");
		assert_ok!(call(&contract, vec![]));
	});
}

// ---------------------------------------------------------------------------------------------
// Dry runs for clients
// ---------------------------------------------------------------------------------------------

/// Runs `f` and discards its changes, as the node does with runtime API calls.
fn discarding<R>(f: impl FnOnce() -> R) -> R {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	with_transaction(|| TransactionOutcome::Rollback(Ok::<_, DispatchError>(f()))).unwrap()
}

#[test]
fn a_dry_run_reports_output_logs_deposit_and_exactly_the_gas_that_suffices() {
	use crate::api::ExecReturn;
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		let report = discarding(|| Vm::dry_run_call(ALICE, contract.clone(), 0, None, None, vec![]));
		assert_eq!(report.result, Ok(ExecReturn { reverted: false, data: 1u64.to_le_bytes().to_vec() }));
		let mut topic = [0u8; 32];
		topic[..11].copy_from_slice(b"incremented");
		assert_eq!(report.logs, vec![(contract.clone(), vec![H256(topic)], 1u64.to_le_bytes().to_vec())]);
		assert_eq!(report.storage_deposit, 0);
		assert!(report.gas_required.all_gte(report.gas_consumed));
		assert_eq!(Vm::get_storage(&contract, b"count"), Some(0u64.to_le_bytes().to_vec()));

		let less = report.gas_required - Weight::from_parts(1, 0);
		assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), 0, less, None, vec![]),
			Error::<Test>::OutOfGas,
		);
		assert_ok!(Vm::call(signed(&ALICE), contract.clone(), 0, report.gas_required, None, vec![]));
		assert_eq!(Vm::get_storage(&contract, b"count"), Some(1u64.to_le_bytes().to_vec()));
	});
}

#[test]
fn a_write_is_charged_the_proof_of_the_value_it_replaces_not_of_the_longest() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		let set = |value_len: usize| key_input(0, b"key", &vec![7; value_len]);
		let gas_of_set = || {
			let report = discarding(|| Vm::dry_run_call(ALICE, contract.clone(), 0, None, None, set(100)));
			assert!(report.result.is_ok(), "{:?}", report.result);
			report.gas_consumed
		};
		let over_nothing = gas_of_set();
		assert_ok!(call(&contract, set(10_000)));
		let over_10_000_bytes = gas_of_set();
		// Only the replaced value differs, charged as its benchmark says; the proof of the longest
		// value (16 KiB) is charged before the write and refunded after it.
		let written = (b"key".len() + 100) as u32;
		assert_eq!(
			over_10_000_bytes - over_nothing,
			Weights::storage_write(written, 10_000) - Weights::storage_write(written, 0)
		);
		let longest = Weights::storage_write(written, crate::limits::Limits::of::<Test>().storage_value_len);
		assert!(over_nothing.proof_size() < longest.proof_size(), "{over_nothing:?} against {longest:?}");
	});
}

#[test]
fn a_call_is_charged_the_proof_of_its_own_code_not_of_the_longest() {
	ExtBuilder::default().build().execute_with(|| {
		let max_code_len = <Test as crate::Config>::MaxCodeLen::get();
		// The extrinsic's base proves the code the benchmark ran (a few hundred bytes); each frame
		// is charged the rest, byte for byte, by its code's length.
		assert!(Weights::call().proof_size() < u64::from(max_code_len) / 4, "{:?}", Weights::call());
		for code_len in [1_000, max_code_len] {
			assert_eq!(gas::marginal(Weights::load_code, code_len).proof_size(), u64::from(code_len));
		}
	});
}

#[test]
fn a_read_is_charged_for_the_largest_value_first_so_a_call_may_need_more_gas_than_it_keeps() {
	use crate::api::ExecReturn;
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("storage");
		// A read of a missing key, then `return`: the read's advance charge is the peak.
		let read = key_input(1, b"missing", &[]);
		let report = discarding(|| Vm::dry_run_call(ALICE, contract.clone(), 0, None, None, read.clone()));
		let code = ReturnCode::KeyNotFound.as_u32().to_le_bytes().to_vec();
		assert_eq!(report.result, Ok(ExecReturn { reverted: false, data: code }));
		// It needs more than it keeps: the refund, less what ran after the read.
		let largest = Weights::storage_read(crate::limits::Limits::of::<Test>().storage_value_len);
		let refunded = largest - Weights::storage_read(0);
		let excess = report.gas_required - report.gas_consumed;
		assert!(excess.ref_time() > 0 && excess.all_lte(refunded), "excess {excess:?}, refunded {refunded:?}");

		let less = report.gas_required - Weight::from_parts(1, 0);
		assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), contract.clone(), 0, less, None, read.clone()),
			Error::<Test>::OutOfGas,
		);
		let post = Vm::call(signed(&ALICE), contract.clone(), 0, report.gas_required, None, read).unwrap();
		assert_eq!(post.actual_weight, Some(Weights::call() + report.gas_consumed));
	});
}

#[test]
fn dry_runs_report_reverts_as_results_and_failures_as_errors() {
	use crate::api::ExecReturn;
	ExtBuilder::default().build().execute_with(|| {
		let echo = deploy("echo");
		let report = discarding(|| Vm::dry_run_call(ALICE, echo.clone(), 0, None, None, vec![1, 9]));
		assert_eq!(report.result, Ok(ExecReturn { reverted: true, data: vec![1, 9] }));
		let spinner = deploy("loop");
		let limit = Weight::from_parts(1_000_000_000, 1_000_000);
		let report = discarding(|| Vm::dry_run_call(ALICE, spinner.clone(), 0, Some(limit), None, vec![]));
		assert_eq!(report.result, Err(Error::<Test>::OutOfGas.into()));
		assert_eq!(report.gas_consumed, limit);
	});
}

#[test]
fn dry_runs_of_instantiation_and_upload_report_the_address_and_deposits() {
	ExtBuilder::default().build().execute_with(|| {
		let code = wasm("counter");
		let upload = discarding(|| Vm::dry_run_upload_code(ALICE, code.clone(), 0, None)).unwrap();
		assert_eq!(upload.code_hash, code_hash_of(&code));
		assert_eq!(upload.deposit, DEPOSIT_PER_ITEM + code.len() as u128);
		assert!(!CodeInfoOf::<Test>::contains_key(upload.code_hash));
		assert_eq!(
			discarding(|| Vm::dry_run_upload_code(ALICE, b"junk".to_vec(), 0, None)),
			Err(Error::<Test>::CodeRejected(RejectReason::InvalidModule).into())
		);

		let code_hash = upload_bytes(code);
		let report = discarding(|| Vm::dry_run_instantiate(ALICE, code_hash, 0, None, None, vec![], b"s".to_vec()));
		let created = report.result.unwrap();
		assert_eq!(created.account_id, storage::contract_address::<Test>(&ALICE, &code_hash, b"s"));
		assert_eq!(report.storage_deposit, EXISTENTIAL_DEPOSIT + 2 * DEPOSIT_PER_ITEM + 13);
		assert!(!ContractInfoOf::<Test>::contains_key(&created.account_id));
	});
}

#[test]
fn a_dry_run_in_the_next_blocks_context_sees_its_number_and_a_fresh_log_budget() {
	use crate::api::ExecReturn;
	ExtBuilder::default().build().execute_with(|| {
		System::set_block_number(4);
		let environment = deploy("environment");
		let next_block_number = |report: crate::api::DryRun<ExecReturn, AccountId32, u128>| {
			u64::from_le_bytes(report.result.unwrap().data[96..104].try_into().unwrap())
		};
		let report = discarding(|| {
			Vm::enter_next_block();
			Vm::dry_run_call(ALICE, environment.clone(), 0, None, None, vec![])
		});
		assert_eq!(next_block_number(report), 5, "the transaction runs in block 5");
		assert_eq!(System::block_number(), 4, "the dry run's state is discarded");

		// The block's logs are at their cap: a call that logs fails in this block, not in the next.
		let log = deploy("log");
		crate::BlockLogBytes::<Test>::put(crate::limits::Limits::of::<Test>().log_bytes_per_block);
		let in_this_block = discarding(|| Vm::dry_run_call(ALICE, log.clone(), 0, None, None, log_input(1, 0, 8)));
		assert_eq!(in_this_block.result, Err(Error::<Test>::ContractTrapped(TrapKind::LogLimitExceeded).into()));
		let in_the_next = discarding(|| {
			Vm::enter_next_block();
			Vm::dry_run_call(ALICE, log.clone(), 0, None, None, log_input(1, 0, 8))
		});
		assert_eq!(in_the_next.result.map(|returned| returned.reverted), Ok(false));
		assert_eq!(in_the_next.logs.len(), 1);
	});
}

// ---------------------------------------------------------------------------------------------
// The weight bounds the work: every cost is charged before it is paid, and every resource the
// runtime holds for a call stack is bounded
// ---------------------------------------------------------------------------------------------

/// The gas of a dry-run call of `contract`, with `input`.
fn gas_of_call(contract: &AccountId32, value: u128, input: Vec<u8>) -> Weight {
	let outcome = dry_run_outcome(ALICE, contract, value, input);
	assert_eq!(outcome.result.map(|done| done.exit), Ok(ExitReason::Returned));
	outcome.gas_consumed
}

#[test]
fn loading_code_is_charged_by_the_shape_upload_measured() {
	ExtBuilder::default().build().execute_with(|| {
		let base = instantiate(upload_bytes(fixtures::globals(0)), b"");
		let base_gas = gas_of_call(&base, 0, vec![]);
		let base_shape = CodeInfoOf::<Test>::get(code_hash_of(&fixtures::globals(0))).unwrap().shape;
		let shapes = [
			(fixtures::globals(100), "globals", 100),
			(fixtures::exports(40), "exports", 40),
			(fixtures::element_items(1_000), "element items", 1_000),
			(fixtures::segments(50), "segments", 50),
			(fixtures::imports(30), "imports", 30),
			(fixtures::memory(3), "memory pages", 3),
		];
		for (code, kind, count) in shapes {
			let code_hash = upload_bytes(code.clone());
			let shape = CodeInfoOf::<Test>::get(code_hash).unwrap().shape;
			let counted = match kind {
				"globals" => shape.globals,
				"exports" => shape.exports - 3,
				"element items" => shape.element_items,
				"segments" => shape.segments,
				"imports" => shape.imports,
				_ => shape.memory_pages,
			};
			assert_eq!(counted, count, "{kind}");
			assert_eq!(shape.code_len as usize, code.len(), "{kind}");
			let contract = instantiate(code_hash, b"");
			assert_eq!(ContractInfoOf::<Test>::get(&contract).unwrap().shape, shape, "{kind}");
			assert_eq!(
				gas_of_call(&contract, 0, vec![]) - base_gas,
				cost::load_weight::<Test>(&shape) - cost::load_weight::<Test>(&base_shape),
				"{kind}"
			);
		}
	});
}

/// What a stack's memory budget holds for `code`: its module, and a frame of it with its initial
/// memory.
fn footprints(code: &[u8]) -> (u64, u64) {
	let shape = CodeInfoOf::<Test>::get(code_hash_of(code)).expect("the code is uploaded").shape;
	let memory = u64::from(shape.memory_pages) * 64 * 1024 * cost::MEMORY_BYTES_PER_BYTE;
	let frame = cost::frame_footprint(&shape, &crate::limits::Limits::of::<Test>()) + memory;
	(cost::module_footprint(&shape), frame)
}

#[test]
fn a_call_stack_that_loads_more_code_than_its_memory_budget_traps_and_changes_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		let len = crate::limits::Limits::of::<Test>().code_len - 1024;
		let callees: Vec<AccountId32> =
			(0..6).map(|salt| instantiate(upload_bytes(fixtures::distinct(len, salt)), b"")).collect();
		let fanout = deploy("fanout");
		let (fanout_module, fanout_frame) = footprints(&wasm("fanout"));
		let (callee_module, callee_frame) = footprints(&fixtures::distinct(len, 0));
		// The compiler's scratch space is for the largest code, a callee's.
		let four_callees = cost::ENGINE_FOOTPRINT
			+ cost::scratch_footprint(len)
			+ fanout_module
			+ fanout_frame
			+ 4 * callee_module
			+ callee_frame;
		let input: Vec<u8> = callees.iter().flat_map(|callee| AsRef::<[u8]>::as_ref(callee).to_vec()).collect();
		// Room for four callees: the others trap, and their caller goes on (and grows its memory
		// by a page, into the room the callees' frames gave back).
		MaxStackMemory::set(four_callees as u32);
		assert_eq!(output(&fanout, input.clone()), [0, 0, 0, 0, 2, 2, 1]);
		// No room for the fan-out contract's own frame: it traps, and its call changes nothing.
		let fanout_alone = cost::ENGINE_FOOTPRINT
			+ cost::scratch_footprint(wasm("fanout").len() as u32)
			+ fanout_module
			+ fanout_frame;
		MaxStackMemory::set(fanout_alone as u32 - 1);
		assert_fails_unchanged(
			|| call(&fanout, input.clone()),
			Error::<Test>::ContractTrapped(TrapKind::MemoryBudgetExhausted),
		);
	});
}

#[test]
fn growing_memory_takes_from_the_memory_budget() {
	ExtBuilder::default().build().execute_with(|| {
		let grower = deploy("memory_grow");
		assert_eq!(output(&grower, 3u32.to_le_bytes().to_vec()), 1u32.to_le_bytes());
		let code = wasm("memory_grow");
		let (module, frame) = footprints(&code);
		let page = 64 * 1024 * cost::MEMORY_BYTES_PER_BYTE;
		let loaded = cost::ENGINE_FOOTPRINT + cost::scratch_footprint(code.len() as u32) + module;
		MaxStackMemory::set((loaded + frame + page) as u32);
		assert_eq!(output(&grower, 1u32.to_le_bytes().to_vec()), 1u32.to_le_bytes());
		assert_fails_unchanged(
			|| call(&grower, 2u32.to_le_bytes().to_vec()),
			Error::<Test>::ContractTrapped(TrapKind::MemoryBudgetExhausted),
		);
	});
}

#[test]
fn logs_are_capped_per_call_stack_and_per_block() {
	ExtBuilder::default().build().execute_with(|| {
		let log = deploy("log");
		let largest = 4 * 32 + 1024;
		let per_stack = crate::limits::Limits::of::<Test>().log_bytes_per_stack / largest;
		assert_ok!(call(&log, log_input(per_stack, 4, 1024)));
		assert_fails_unchanged(
			|| call(&log, log_input(per_stack + 1, 4, 1024)),
			Error::<Test>::ContractTrapped(TrapKind::LogLimitExceeded),
		);
		assert_eq!(crate::BlockLogBytes::<Test>::get(), per_stack * largest);
		// The block takes as many as fit; then every log of the block fails until the next.
		let per_block = crate::limits::Limits::of::<Test>().log_bytes_per_block;
		while crate::BlockLogBytes::<Test>::get() + per_stack * largest <= per_block {
			assert_ok!(call(&log, log_input(per_stack, 4, 1024)));
		}
		assert_fails_unchanged(
			|| call(&log, log_input(per_stack, 4, 1024)),
			Error::<Test>::ContractTrapped(TrapKind::LogLimitExceeded),
		);
		OcosVm::on_initialize(2);
		assert_eq!(crate::BlockLogBytes::<Test>::get(), 0);
		assert_ok!(call(&log, log_input(per_stack, 4, 1024)));
	});
}

#[test]
fn a_stacks_first_log_pays_for_the_block_count_and_every_log_for_itself() {
	ExtBuilder::default().build().execute_with(|| {
		let log = deploy("log");
		let gas = |times: u32| gas_of_call(&log, 0, log_input(times, 2, 100));
		// Each log also runs one more turn of the fixture's loop.
		let (none, one, two) = (gas(0), gas(1), gas(2));
		assert!((two - one).all_gte(Weights::log(2, 100)));
		assert_eq!((one - none) - (two - one), Weights::log_block_count());
	});
}

#[test]
fn a_value_sent_with_a_call_is_charged_before_it_moves() {
	ExtBuilder::default().build().execute_with(|| {
		let dummy = deploy("dummy");
		let without = gas_of_call(&dummy, 0, vec![]);
		let with = gas_of_call(&dummy, 1_000, vec![]);
		assert_eq!(with - without, Weights::transfer());
	});
}

#[test]
fn an_upload_is_charged_for_the_function_types_it_declares() {
	ExtBuilder::default().build().execute_with(|| {
		let code = fixtures::types(10);
		let declared = Vm::upload_weight(code.len(), None);
		let post_info = Vm::upload_code(signed(&ALICE), code.clone(), 0, None).unwrap();
		let shape = CodeInfoOf::<Test>::get(code_hash_of(&code)).unwrap().shape;
		assert_eq!(shape.types, 11);
		assert_eq!(post_info.actual_weight, Some(Weights::upload_code(code.len() as u32, 11)));
		assert!(post_info.actual_weight.unwrap().all_lte(declared));
	});
}

#[test]
fn instantiate_with_rejected_code_is_charged_the_upload_not_the_gas() {
	ExtBuilder::default().build().execute_with(|| {
		let mut code = wasm("counter");
		code.push(0x0b);
		let code_len = code.len() as u32;
		let post_info = assert_fails_unchanged(
			|| Vm::instantiate_with_code(signed(&ALICE), code, 0, 0, GAS_LIMIT, None, vec![], vec![]),
			Error::<Test>::CodeRejected(RejectReason::InvalidModule),
		);
		assert_eq!(post_info.actual_weight, Some(Vm::upload_weight(code_len as usize, None)));
	});
}

#[test]
fn input_and_salt_are_bounded_and_refused_before_anything_runs() {
	ExtBuilder::default().build().execute_with(|| {
		let counter = deploy("counter");
		let too_long = vec![0u8; crate::limits::Limits::of::<Test>().buffer_len as usize + 1];
		let post_info = assert_fails_unchanged(|| call(&counter, too_long.clone()), Error::<Test>::InputTooLarge);
		assert_eq!(post_info.actual_weight, Some(Weights::call()));
		let code_hash = upload("dummy");
		let instantiate_with = |data: Vec<u8>, salt: Vec<u8>| {
			move || Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, data, salt)
		};
		assert_fails_unchanged(instantiate_with(too_long, vec![]), Error::<Test>::InputTooLarge);
		assert_fails_unchanged(instantiate_with(vec![], vec![7; 33]), Error::<Test>::SaltTooLong);
		assert_ok!(instantiate_with(vec![], vec![7; 32])());
		let post_info = assert_fails_unchanged(
			|| Vm::dao_call(RuntimeOrigin::root(), counter.clone(), 0, GAS_LIMIT, 0, vec![0; 40_000]),
			Error::<Test>::InputTooLarge,
		);
		assert_eq!(post_info.actual_weight, Some(Weights::dao_call()));
	});
}

#[test]
fn a_write_that_would_overflow_a_contracts_byte_count_traps_and_changes_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		let store = deploy("storage");
		ContractInfoOf::<Test>::mutate(&store, |info| info.as_mut().unwrap().storage_bytes = u32::MAX - 10);
		assert_fails_unchanged(
			|| call(&store, key_input(0, b"key", &[1; 16])),
			Error::<Test>::ContractTrapped(TrapKind::ContractStorageFull),
		);
	});
}

#[test]
fn a_terminated_contracts_storage_is_deleted_in_idle_time_within_the_weight_given() {
	let mut ext = ExtBuilder::default().build();
	let (code_hash, small, filler) = ext.execute_with(|| {
		let code_hash = upload("filler");
		let (small, filler) = (instantiate(code_hash, b"small"), instantiate(code_hash, b""));
		assert_ok!(call(&small, 1u32.to_le_bytes().to_vec()));
		assert_ok!(call(&filler, 100u32.to_le_bytes().to_vec()));
		(code_hash, small, filler)
	});
	// Storage written in earlier blocks, as a chain deletes it.
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		// Terminating costs the same, whatever the contract stores.
		let weight_of_termination = |contract: &AccountId32| call(contract, vec![]).unwrap().actual_weight;
		assert_eq!(weight_of_termination(&small), weight_of_termination(&filler));
		assert_eq!(ContractStorage::<Test>::iter_prefix(&filler).count(), 100);
		assert_eq!(DeletionQueue::<Test>::get(1), Some(filler.clone()));
		// Room for the small contract's key and 29 more.
		let thirty = Weights::delete_queued(1) + Weights::delete_queued(29);
		assert_eq!(OcosVm::on_idle(1, thirty), thirty);
		assert_eq!(ContractStorage::<Test>::iter_prefix(&small).count(), 0);
		assert_eq!(ContractStorage::<Test>::iter_prefix(&filler).count(), 71);
		assert_fails_unchanged(
			|| Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], vec![]),
			Error::<Test>::DuplicateContract,
		);
		// No room for a key: nothing is done.
		assert_eq!(OcosVm::on_idle(1, Weights::delete_queued(0)), Weight::zero());
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		assert_eq!(OcosVm::on_idle(2, Weight::MAX), Weights::delete_queued(71));
		assert_eq!(ContractStorage::<Test>::iter_prefix(&filler).count(), 0);
		assert_eq!(crate::DeletionQueueCounter::<Test>::get().delete, 2);
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], vec![]));
	});
}

#[test]
fn a_dry_run_without_a_gas_limit_has_what_an_extrinsic_can_carry() {
	ExtBuilder::default().build().execute_with(|| {
		let looping = deploy("loop");
		let report = Vm::dry_run_call(ALICE, looping, 0, None, None, vec![]);
		let weights: frame_system::limits::BlockWeights = <Test as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
		let extrinsic = normal.max_extrinsic.unwrap_or(weights.max_block) - normal.base_extrinsic;
		assert_eq!(report.gas_consumed, extrinsic - Weights::call());
		assert_eq!(report.result, Err(Error::<Test>::OutOfGas.into()));
	});
}

#[test]
fn the_dao_pays_deposits_only_up_to_the_limit_it_set() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("dao");
		let dao_before = Balances::free_balance(DAO);
		assert_fails_unchanged(
			|| Vm::dao_call(RuntimeOrigin::root(), contract.clone(), 0, GAS_LIMIT, 0, vec![]),
			Error::<Test>::StorageDepositLimitExhausted,
		);
		assert_ok!(Vm::dao_call(RuntimeOrigin::root(), contract.clone(), 0, GAS_LIMIT, DAO_DEPOSIT_LIMIT, vec![]));
		assert!(Balances::free_balance(DAO) < dao_before);
		assert!(dao_before - Balances::free_balance(DAO) <= DAO_DEPOSIT_LIMIT);
	});
}

#[test]
fn only_the_contract_the_dao_called_sees_the_dao_context() {
	ExtBuilder::default().build().execute_with(|| {
		let dao = deploy("dao");
		let proxy = deploy("proxy");
		assert_ok!(Vm::dao_call(
			RuntimeOrigin::root(),
			proxy,
			0,
			GAS_LIMIT,
			DAO_DEPOSIT_LIMIT,
			proxy_input(0, &dao, 0, 0, &[])
		));
		// The contract the proxy called ran as the proxy, without the DAO's authority.
		let stored = Vm::get_storage(&dao, b"context").unwrap();
		assert_eq!(u32_at(&stored, 0), ReturnCode::NoDaoContext.as_u32());
	});
}
