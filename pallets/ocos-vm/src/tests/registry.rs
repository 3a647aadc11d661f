//! The engine registry, which governance manages.

use super::*;

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
