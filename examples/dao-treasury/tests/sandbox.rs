//! The treasury in the sample runtime: releases only on the DAO's decision with enough
//! approvals, in native currency or in tokens through the token contract.

use dao_treasury::dao_treasury::{Asset, DaoTreasuryRef, Error, Released};
use ocos_contract::Encode;
use ocos_sandbox::{alice, bob, to_chain, to_contract, DaoContext, Failure, Keyring, Sandbox, VmError, UNIT};
use token::token::TokenRef;

/// The most the DAO pays for the state a release creates.
const DEPOSIT_LIMIT: u128 = UNIT;

/// A sandbox with a token (1 000, all Alice's) and a treasury releasing on two thirds of the
/// council, holding 500 UNIT and 400 tokens.
fn deployed() -> (Sandbox, DaoTreasuryRef, TokenRef) {
	let mut sandbox = Sandbox::new();
	let token_code = ocos_sandbox::build(concat!(env!("CARGO_MANIFEST_DIR"), "/../token"));
	let token = TokenRef::at(sandbox.deploy(&alice(), &token_code, TokenRef::new(1_000)).unwrap());
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let constructor = DaoTreasuryRef::new(Some(token.0), 2, 3).value(500 * UNIT);
	let treasury = DaoTreasuryRef::at(sandbox.deploy(&alice(), &code, constructor).unwrap());
	sandbox.call(&alice(), token.transfer(treasury.0, 400)).unwrap().unwrap();
	(sandbox, treasury, token)
}

#[test]
fn the_dao_releases_native_funds_with_enough_approvals() {
	let (mut sandbox, treasury, _) = deployed();
	let dave = Keyring::Dave.to_account_id();
	let dave_before = sandbox.free_balance(&dave);
	let funds_before = sandbox.call(&bob(), treasury.funds()).unwrap();
	assert!(funds_before >= 500 * UNIT, "what the deployer sent, and the account's existential deposit");
	let approved_by = DaoContext::Collective { approvals: 2, members: 3 };
	let logs = sandbox.dao_call(approved_by, treasury.release(to_contract(&dave), 100 * UNIT), DEPOSIT_LIMIT).unwrap();
	let released: Vec<Released> = logs.iter().filter_map(|log| log.decode()).collect();
	assert_eq!(
		released,
		vec![Released { to: to_contract(&dave), asset: Asset::Native, amount: 100 * UNIT, approved_by }]
	);
	assert_eq!(sandbox.free_balance(&dave), dave_before + 100 * UNIT);
	assert_eq!(sandbox.call(&bob(), treasury.funds()).unwrap(), funds_before - 100 * UNIT);

	sandbox.dao_call(DaoContext::Root, treasury.release(to_contract(&dave), 50 * UNIT), DEPOSIT_LIMIT).unwrap();
	assert_eq!(sandbox.free_balance(&dave), dave_before + 150 * UNIT);
}

#[test]
fn a_release_without_the_dao_or_with_too_few_approvals_is_refused_and_pays_nothing() {
	let (mut sandbox, treasury, _) = deployed();
	let contract = to_chain(treasury.0);
	let (bob_before, funds_before) = (sandbox.free_balance(&bob()), sandbox.free_balance(&contract));

	let by_bob = sandbox.call(&bob(), treasury.release(to_contract(&bob()), UNIT));
	assert_eq!(by_bob.result, Ok(Err(Error::NotTheDao)));
	assert!(by_bob.reverted);

	let three_of_five = DaoContext::Collective { approvals: 3, members: 5 };
	let refused = sandbox.dao_call(three_of_five, treasury.release(to_contract(&bob()), UNIT), DEPOSIT_LIMIT);
	assert_eq!(refused, Err(Failure::Vm(VmError::ContractReverted)), "3 of 5 is below two thirds");

	let one_of_three = DaoContext::Collective { approvals: 1, members: 3 };
	let no_majority = sandbox.dao_call(one_of_three, treasury.release(to_contract(&bob()), UNIT), DEPOSIT_LIMIT);
	assert_eq!(no_majority, Err(Failure::Runtime(sp_runtime::DispatchError::BadOrigin)), "the runtime asks a majority");

	let too_much =
		sandbox.dao_call(DaoContext::Root, treasury.release(to_contract(&bob()), 10_000 * UNIT), DEPOSIT_LIMIT);
	assert_eq!(too_much, Err(Failure::Vm(VmError::ContractReverted)));

	assert_eq!(sandbox.free_balance(&bob()), bob_before);
	assert_eq!(sandbox.free_balance(&contract), funds_before);
}

#[test]
fn the_dao_releases_tokens_through_the_token_contract() {
	let (mut sandbox, treasury, token) = deployed();
	let bob_account = to_contract(&bob());
	let approved_by = DaoContext::Collective { approvals: 3, members: 3 };
	let logs = sandbox.dao_call(approved_by, treasury.release_tokens(bob_account, 150), DEPOSIT_LIMIT).unwrap();
	let released: Vec<Released> = logs.iter().filter_map(|log| log.decode()).collect();
	assert_eq!(released, vec![Released { to: bob_account, asset: Asset::Token(token.0), amount: 150, approved_by }]);
	assert_eq!(logs[0].contract, to_chain(token.0), "the token's Transfer comes first");
	assert_eq!(sandbox.call(&bob(), token.balance_of(bob_account)).unwrap(), 150);
	assert_eq!(sandbox.call(&bob(), token.balance_of(treasury.0)).unwrap(), 250);

	let too_many = sandbox.dao_call(DaoContext::Root, treasury.release_tokens(bob_account, 251), DEPOSIT_LIMIT);
	assert_eq!(too_many, Err(Failure::Vm(VmError::ContractReverted)));
	assert_eq!(sandbox.call(&bob(), token.balance_of(bob_account)).unwrap(), 150);
	assert_eq!(sandbox.call(&bob(), token.balance_of(treasury.0)).unwrap(), 250);
}

#[test]
fn the_threshold_must_be_a_share() {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let deployed = sandbox.deploy(&alice(), &code, DaoTreasuryRef::new(None, 3, 2));
	assert!(deployed.reverted);
	assert_eq!(deployed.result, Err(Failure::Reverted(Ok::<_, ()>(Err::<(), _>(Error::InvalidThreshold)).encode())));
	let no_token = DaoTreasuryRef::at(sandbox.deploy(&alice(), &code, DaoTreasuryRef::new(None, 1, 2)).unwrap());
	assert_eq!(sandbox.call(&alice(), no_token.token()).unwrap(), None);
	assert_eq!(sandbox.call(&alice(), no_token.threshold()).unwrap(), (1, 2));
	let refused = sandbox.dao_call(DaoContext::Root, no_token.release_tokens(to_contract(&bob()), 1), DEPOSIT_LIMIT);
	assert_eq!(refused, Err(Failure::Vm(VmError::ContractReverted)));
	let by_bob = sandbox.call(&bob(), no_token.release_tokens(to_contract(&bob()), 1));
	assert_eq!(by_bob.result, Ok(Err(Error::NotTheDao)), "the DAO is checked first");
}
