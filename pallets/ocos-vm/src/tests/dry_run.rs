//! Dry runs for clients: results, gas that suffices, and nothing kept.

use super::*;

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
