//! Gas: what code pays to run (fuel, calls, loads, divisions, bulk memory, compilation) and how
//! the extrinsic is charged.

use super::*;

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
		// With what the rest of its level of a benchmark's descents charges, a call pays for a
		// level of each descent.
		let level_locals = u64::from(prices.locals_fuel(cost::CALL_LEVEL_LOCALS));
		let level = |call: u64, other: u32| call + u64::from(other) + level_locals;
		let (call_level, call_indirect_level) =
			(level(call, cost::CALL_LEVEL_OTHER_FUEL), level(call_indirect, cost::CALL_INDIRECT_LEVEL_OTHER_FUEL));
		let descents = u64::from(cost::CALL_DESCENTS);
		assert!(descents * call_level * price >= gas::marginal(Weights::wasm_call, 1).ref_time());
		assert!(descents * call_indirect_level * price >= gas::marginal(Weights::wasm_call_indirect, 1).ref_time());
		// That is what a level of each benchmark's contract charges.
		for (fixture, fuel) in [("wasm_call", call_level), ("wasm_call_indirect", call_indirect_level)] {
			let contract = instantiate(upload_bytes(wasm(&format!("benchmarks/{fixture}"))), fixture.as_bytes());
			let gas_of = |depth: u32| dry_run_outcome(ALICE, &contract, 0, depth.to_le_bytes().to_vec()).gas_consumed;
			assert_eq!((gas_of(1_000) - gas_of(500)).ref_time(), 500 * descents * fuel * price, "{fixture}");
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
		let locals_fuel = u64::from(prices.locals_fuel(MAX_LOCALS_PER_FUNCTION));
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
		// The load benchmark's contract takes the pages its chains run across after their number:
		// the whole memory a frame may have.
		let pages: u32 = <Test as crate::Config>::MaxMemoryPages::get();
		let pages = pages.to_le_bytes();
		for (fixture, operator, other, weight, input_tail) in [
			(
				"wasm_load",
				prices.load,
				cost::LOAD_BENCHMARK_OTHER_FUEL,
				Weights::wasm_load as fn(u32) -> Weight,
				&pages[..],
			),
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
		// Growing memory is charged per byte at the same price, which also covers growing a
		// memory a page at a time on heap no frame touched before.
		let max_pages: u32 = <Test as crate::Config>::MaxMemoryPages::get();
		let pages = max_pages - 1;
		let grown = gas::marginal(Weights::memory_grow, pages).ref_time() * u64::from(bytes_per_fuel);
		assert!(price * u64::from(pages * 65_536) >= grown);
		let grow = |pages: u32| gas_of_body(&format!("(drop (memory.grow (i32.const {pages})))"));
		let per_page = u64::from(2 * 65_536 / bytes_per_fuel - 65_536 / bytes_per_fuel) * price;
		assert_eq!((grow(2) - grow(1)).ref_time(), per_page);
	});
}

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
