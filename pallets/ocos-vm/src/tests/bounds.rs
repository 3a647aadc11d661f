//! The weight bounds the work: every cost is charged before it is paid, and every resource the
//! runtime holds for a call stack is bounded.

use super::*;

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
