//! The wallet in the sample runtime: proposals, confirmations, transfers and calls of another
//! contract, and what it refuses.

use multisig::multisig::{Action, Confirmed, Error, Executed, MultisigRef, Proposed};
use ocos_contract::{call::CallError, Encode};
use ocos_sandbox::{alice, bob, charlie, to_contract, Failure, Keyring, Sandbox, UNIT};
use token::token::TokenRef;

/// A sandbox with a wallet of Alice, Bob and Charlie (2 of 3), funded with 1 000 UNIT.
fn deployed() -> (Sandbox, MultisigRef) {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let owners = vec![to_contract(&alice()), to_contract(&bob()), to_contract(&charlie())];
	let address = sandbox.deploy(&alice(), &code, MultisigRef::new(owners, 2).value(1_000 * UNIT)).unwrap();
	(sandbox, MultisigRef::at(address))
}

#[test]
fn two_of_three_owners_send_the_wallets_funds() {
	let (mut sandbox, wallet) = deployed();
	let dave = Keyring::Dave.to_account_id();
	let dave_before = sandbox.free_balance(&dave);
	let action = Action::Transfer { to: to_contract(&dave), amount: 100 * UNIT };

	let proposed = sandbox.call(&alice(), wallet.propose(action.clone()));
	assert_eq!(proposed.result, Ok(Ok(0)));
	assert_eq!(proposed.events::<Proposed>(), vec![Proposed { id: 0, proposer: to_contract(&alice()), action }]);
	assert_eq!(sandbox.call(&bob(), wallet.execute(0)).result, Ok(Err(Error::NotEnoughConfirmations)));
	assert_eq!(sandbox.free_balance(&dave), dave_before);

	let confirmed = sandbox.call(&bob(), wallet.confirm(0));
	assert_eq!(
		confirmed.events::<Confirmed>(),
		vec![Confirmed { id: 0, owner: to_contract(&bob()), confirmations: 2 }]
	);
	let executed = sandbox.call(&charlie(), wallet.execute(0));
	assert_eq!(executed.result, Ok(Ok(vec![])));
	assert_eq!(executed.events::<Executed>(), vec![Executed { id: 0, output: vec![] }]);
	assert_eq!(sandbox.free_balance(&dave), dave_before + 100 * UNIT);
	assert_eq!(sandbox.call(&charlie(), wallet.execute(0)).result, Ok(Err(Error::AlreadyExecuted)));
	assert_eq!(sandbox.free_balance(&dave), dave_before + 100 * UNIT);
}

#[test]
fn the_wallet_calls_another_contract_and_a_failed_call_keeps_the_proposal_open() {
	let (mut sandbox, wallet) = deployed();
	let token_code = ocos_sandbox::build(concat!(env!("CARGO_MANIFEST_DIR"), "/../token"));
	let token = TokenRef::at(sandbox.deploy(&alice(), &token_code, TokenRef::new(1_000)).unwrap());
	sandbox.call(&alice(), token.transfer(wallet.0, 50)).unwrap().unwrap();

	let pay_bob = |amount| Action::Call {
		contract: token.0,
		input: token.transfer(to_contract(&bob()), amount).input(),
		value: 0,
	};
	assert_eq!(sandbox.call(&alice(), wallet.propose(pay_bob(80))).unwrap(), Ok(0));
	sandbox.call(&charlie(), wallet.confirm(0)).unwrap().unwrap();
	let failed = sandbox.call(&alice(), wallet.execute(0));
	let insufficient = Ok::<_, ()>(Err::<(), _>(token::token::Error::InsufficientBalance)).encode();
	assert_eq!(
		failed.result,
		Ok(Err(Error::CallFailed(CallError::Reverted(insufficient)))),
		"the wallet holds 50 tokens"
	);
	assert!(!sandbox.call(&alice(), wallet.proposal(0)).unwrap().unwrap().executed);
	assert_eq!(sandbox.call(&alice(), token.balance_of(wallet.0)).unwrap(), 50);

	assert_eq!(sandbox.call(&alice(), wallet.propose(pay_bob(30))).unwrap(), Ok(1));
	sandbox.call(&bob(), wallet.confirm(1)).unwrap().unwrap();
	let paid = sandbox.call(&bob(), wallet.execute(1));
	assert_eq!(paid.result, Ok(Ok(vec![0, 0])), "the token's output: Ok(Ok(()))");
	assert_eq!(sandbox.call(&alice(), token.balance_of(wallet.0)).unwrap(), 20);
	assert_eq!(sandbox.call(&alice(), token.balance_of(to_contract(&bob()))).unwrap(), 30);
}

#[test]
fn strangers_and_repeated_or_revoked_confirmations_are_refused() {
	let (mut sandbox, wallet) = deployed();
	let dave = Keyring::Dave.to_account_id();
	let action = Action::Transfer { to: to_contract(&dave), amount: UNIT };
	assert_eq!(sandbox.call(&dave, wallet.propose(action.clone())).result, Ok(Err(Error::NotOwner)));
	sandbox.call(&alice(), wallet.propose(action)).unwrap().unwrap();
	assert_eq!(sandbox.call(&alice(), wallet.confirm(0)).result, Ok(Err(Error::AlreadyConfirmed)));
	assert_eq!(sandbox.call(&dave, wallet.confirm(0)).result, Ok(Err(Error::NotOwner)));
	assert_eq!(sandbox.call(&bob(), wallet.confirm(9)).result, Ok(Err(Error::ProposalNotFound)));
	sandbox.call(&bob(), wallet.confirm(0)).unwrap().unwrap();
	sandbox.call(&bob(), wallet.revoke(0)).unwrap().unwrap();
	assert_eq!(sandbox.call(&bob(), wallet.revoke(0)).result, Ok(Err(Error::NotConfirmed)));
	assert_eq!(sandbox.call(&alice(), wallet.execute(0)).result, Ok(Err(Error::NotEnoughConfirmations)));
	assert!(sandbox.call(&alice(), wallet.is_confirmed(0, to_contract(&alice()))).unwrap());
	assert!(!sandbox.call(&alice(), wallet.is_confirmed(0, to_contract(&bob()))).unwrap());
	assert_eq!(sandbox.call(&alice(), wallet.proposal(0)).unwrap().unwrap().confirmations, 1);
}

#[test]
fn a_wallet_needs_a_reachable_threshold_and_distinct_owners() {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let (alice_account, bob_account) = (to_contract(&alice()), to_contract(&bob()));
	let too_high = sandbox.deploy(&alice(), &code, MultisigRef::new(vec![alice_account, bob_account], 3));
	assert!(too_high.reverted);
	assert_eq!(too_high.result, Err(Failure::Reverted(Ok::<_, ()>(Err::<(), _>(Error::InvalidThreshold)).encode())));
	let twice = sandbox.deploy(&alice(), &code, MultisigRef::new(vec![alice_account, alice_account], 1));
	assert_eq!(twice.result, Err(Failure::Reverted(Ok::<_, ()>(Err::<(), _>(Error::DuplicateOwner)).encode())));
	assert_eq!(twice.storage_deposit, 0, "a reverted constructor stores nothing");
}
