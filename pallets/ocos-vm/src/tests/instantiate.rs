//! Instantiating contracts: `deploy`, endowment, addresses, deposits.

use super::*;

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
