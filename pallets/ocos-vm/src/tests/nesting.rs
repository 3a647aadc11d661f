//! Nested calls: outputs, value, rollback of a frame, depth and re-entry.

use super::*;

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
