//! The token in the sample runtime: deploy, transfers, allowances, events and refusals.

use ocos_contract::{
	event::{topic, Event},
	Encode,
};
use ocos_sandbox::{alice, bob, charlie, to_contract, Failure, Sandbox};
use token::token::{Approval, Error, TokenRef, Transfer};

/// A sandbox with a token of `supply` deployed by Alice.
fn deployed(supply: u128) -> (Sandbox, TokenRef) {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let address = sandbox.deploy(&alice(), &code, TokenRef::new(supply)).unwrap();
	(sandbox, TokenRef::at(address))
}

#[test]
fn deploying_gives_the_whole_supply_to_the_deployer() {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let deployed = sandbox.deploy(&alice(), &code, TokenRef::new(1_000));
	assert_eq!(deployed.events::<Transfer>(), vec![Transfer { from: None, to: to_contract(&alice()), value: 1_000 }]);
	assert!(deployed.storage_deposit > 0, "the balances and supply are stored with a deposit");
	let token = TokenRef::at(deployed.unwrap());
	assert_eq!(sandbox.call(&bob(), token.total_supply()).unwrap(), 1_000);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&alice()))).unwrap(), 1_000);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 0);
}

#[test]
fn a_transfer_moves_tokens_and_emits_transfer() {
	let (mut sandbox, token) = deployed(1_000);
	let sent = sandbox.call(&alice(), token.transfer(to_contract(&bob()), 300));
	assert_eq!(sent.result, Ok(Ok(())));
	assert!(!sent.reverted);
	assert_eq!(
		sent.events::<Transfer>(),
		vec![Transfer { from: Some(to_contract(&alice())), to: to_contract(&bob()), value: 300 }]
	);
	let from = Some(to_contract(&alice()));
	let topics: Vec<[u8; 32]> = sent.logs[0].topics.iter().map(|topic| topic.0).collect();
	assert_eq!(
		topics,
		vec![Transfer::SIGNATURE, topic(&from), to_contract(&bob()).0],
		"the signature, `from` (33 bytes encoded: hashed) and `to` (32 bytes: itself)"
	);
	assert_ne!(topic(&from)[..], Encode::encode(&from)[..32], "an encoding longer than a topic is hashed");
	assert!(sent.gas_consumed.ref_time() > 0 && sent.gas_required.all_gte(sent.gas_consumed));
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&alice()))).unwrap(), 700);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 300);
}

#[test]
fn a_transfer_beyond_the_balance_reverts_with_the_error_and_changes_nothing() {
	let (mut sandbox, token) = deployed(1_000);
	let native_before = sandbox.free_balance(&alice());
	let sent = sandbox.call(&alice(), token.transfer(to_contract(&bob()), 1_001));
	assert_eq!(sent.result, Ok(Err(Error::InsufficientBalance)));
	assert!(sent.reverted);
	assert!(sent.logs.is_empty(), "a reverted call's logs are dropped");
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&alice()))).unwrap(), 1_000);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 0);
	assert_eq!(sandbox.free_balance(&alice()), native_before, "a dry-run call charges no fee");
}

#[test]
fn allowances_let_a_spender_transfer_up_to_the_approved_amount() {
	let (mut sandbox, token) = deployed(1_000);
	let (alice, bob, charlie) = (to_contract(&alice()), to_contract(&bob()), to_contract(&charlie()));
	let approved = sandbox.call(&ocos_sandbox::alice(), token.approve(bob, 250));
	assert_eq!(approved.events::<Approval>(), vec![Approval { owner: alice, spender: bob, value: 250 }]);
	assert_eq!(sandbox.call(&ocos_sandbox::bob(), token.allowance(alice, bob)).unwrap(), 250);

	let taken = sandbox.call(&ocos_sandbox::bob(), token.transfer_from(alice, charlie, 200));
	assert_eq!(taken.result, Ok(Ok(())));
	assert_eq!(taken.events::<Transfer>(), vec![Transfer { from: Some(alice), to: charlie, value: 200 }]);
	assert_eq!(sandbox.call(&ocos_sandbox::bob(), token.allowance(alice, bob)).unwrap(), 50);
	assert_eq!(sandbox.call(&ocos_sandbox::bob(), token.balance_of(charlie)).unwrap(), 200);

	let too_much = sandbox.call(&ocos_sandbox::bob(), token.transfer_from(alice, charlie, 51));
	assert_eq!(too_much.result, Ok(Err(Error::InsufficientAllowance)));
	assert!(too_much.reverted);
	assert_eq!(sandbox.call(&ocos_sandbox::bob(), token.allowance(alice, bob)).unwrap(), 50);
	assert_eq!(sandbox.call(&ocos_sandbox::bob(), token.balance_of(alice)).unwrap(), 800);
}

#[test]
fn value_sent_to_a_message_that_is_not_payable_is_refused() {
	let (mut sandbox, token) = deployed(1_000);
	let contract = ocos_sandbox::to_chain(token.0);
	let (alice_before, contract_before) = (sandbox.free_balance(&alice()), sandbox.free_balance(&contract));
	let sent = sandbox.call(&alice(), token.transfer(to_contract(&bob()), 1).value(5));
	assert_eq!(sent.result, Err(Failure::Dispatch(ocos_contract::dispatch::DispatchError::NotPayable)));
	assert!(sent.reverted);
	assert_eq!(sandbox.free_balance(&alice()), alice_before);
	assert_eq!(sandbox.free_balance(&contract), contract_before);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 0);
}

#[test]
fn unknown_selectors_and_bad_arguments_are_refused_with_their_errors() {
	let (mut sandbox, token) = deployed(1_000);
	let contract = ocos_sandbox::to_chain(token.0);
	let unknown = sandbox.call_raw(&alice(), &contract, 0, vec![0xde, 0xad, 0xbe, 0xef]);
	assert!(unknown.reverted);
	assert_eq!(unknown.output, vec![1, 0], "Err(UnknownSelector)");
	let mut short = token.transfer(to_contract(&bob()), 1).input();
	short.truncate(10);
	let invalid = sandbox.call_raw(&alice(), &contract, 0, short);
	assert!(invalid.reverted);
	assert_eq!(invalid.output, vec![1, 1], "Err(InvalidInput)");
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&alice()))).unwrap(), 1_000);
}

#[test]
fn out_of_gas_traps_and_keeps_nothing() {
	let (mut sandbox, token) = deployed(1_000);
	let needed = sandbox.dry_run(|sandbox| sandbox.call(&alice(), token.transfer(to_contract(&bob()), 1)).gas_required);
	sandbox.set_gas_limit(Some(needed.div(2)));
	let starved = sandbox.call(&alice(), token.transfer(to_contract(&bob()), 1));
	assert_eq!(starved.result, Err(Failure::Vm(ocos_sandbox::VmError::OutOfGas)));
	sandbox.set_gas_limit(Some(needed));
	assert_eq!(sandbox.call(&alice(), token.transfer(to_contract(&bob()), 1)).result, Ok(Ok(())));
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 1);
}

#[test]
fn snapshots_restore_the_state_and_blocks_advance() {
	let (mut sandbox, token) = deployed(1_000);
	let snapshot = sandbox.snapshot();
	sandbox.call(&alice(), token.transfer(to_contract(&bob()), 400)).unwrap().unwrap();
	sandbox.next_block();
	assert_eq!(sandbox.block_number(), 2);
	sandbox.restore(snapshot);
	assert_eq!(sandbox.block_number(), 1);
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 0);
	let dry = sandbox.dry_run(|sandbox| sandbox.call(&alice(), token.transfer(to_contract(&bob()), 400)));
	assert_eq!(dry.result, Ok(Ok(())));
	assert_eq!(sandbox.call(&bob(), token.balance_of(to_contract(&bob()))).unwrap(), 0);
}
