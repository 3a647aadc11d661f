//! Terminating a contract.

use super::*;

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
