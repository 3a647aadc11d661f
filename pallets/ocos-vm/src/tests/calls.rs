//! Calls: storage, logs, value, deposits, reverts and traps.

use super::*;

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
