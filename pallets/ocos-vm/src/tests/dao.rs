//! Calls made by the DAO, and the context only they carry.

use super::*;

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
