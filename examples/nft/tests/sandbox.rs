//! The collection in the sample runtime: minting, transfers, approvals, burning and refusals.

use nft::nft::{Approval, Error, NftRef, Transfer};
use ocos_sandbox::{alice, bob, charlie, to_contract, Sandbox};

/// A sandbox with a collection deployed by Alice.
fn deployed() -> (Sandbox, NftRef) {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let address = sandbox.deploy(&alice(), &code, NftRef::new()).unwrap();
	(sandbox, NftRef::at(address))
}

#[test]
fn only_the_collection_owner_mints_and_each_id_once() {
	let (mut sandbox, nft) = deployed();
	let bob_account = to_contract(&bob());
	assert_eq!(sandbox.call(&bob(), nft.collection_owner()).unwrap(), Some(to_contract(&alice())));
	let minted = sandbox.call(&alice(), nft.mint(bob_account, 7));
	assert_eq!(minted.result, Ok(Ok(())));
	assert_eq!(minted.events::<Transfer>(), vec![Transfer { from: None, to: Some(bob_account), id: 7 }]);
	assert_eq!(minted.logs[0].topics.len(), 4, "the signature, `from`, `to` and `id`");
	assert_eq!(sandbox.call(&bob(), nft.owner_of(7)).unwrap(), Some(bob_account));
	assert_eq!(sandbox.call(&bob(), nft.balance_of(bob_account)).unwrap(), 1);

	let again = sandbox.call(&alice(), nft.mint(to_contract(&charlie()), 7));
	assert_eq!(again.result, Ok(Err(Error::TokenExists)));
	assert!(again.reverted);
	let by_bob = sandbox.call(&bob(), nft.mint(bob_account, 8));
	assert_eq!(by_bob.result, Ok(Err(Error::NotCollectionOwner)));
	assert_eq!(sandbox.call(&bob(), nft.owner_of(8)).unwrap(), None);
	assert_eq!(sandbox.call(&bob(), nft.owner_of(7)).unwrap(), Some(bob_account));
	assert_eq!(sandbox.call(&bob(), nft.balance_of(bob_account)).unwrap(), 1);
}

#[test]
fn a_holder_transfers_and_an_approved_account_transfers_once() {
	let (mut sandbox, nft) = deployed();
	let (bob_account, charlie_account) = (to_contract(&bob()), to_contract(&charlie()));
	sandbox.call(&alice(), nft.mint(bob_account, 1)).unwrap().unwrap();

	let stranger = sandbox.call(&charlie(), nft.transfer(charlie_account, 1));
	assert_eq!(stranger.result, Ok(Err(Error::NotApproved)));
	let not_holder = sandbox.call(&charlie(), nft.approve(Some(charlie_account), 1));
	assert_eq!(not_holder.result, Ok(Err(Error::NotHolder)));

	let approved = sandbox.call(&bob(), nft.approve(Some(charlie_account), 1));
	assert_eq!(
		approved.events::<Approval>(),
		vec![Approval { holder: bob_account, approved: Some(charlie_account), id: 1 }]
	);
	let taken = sandbox.call(&charlie(), nft.transfer(charlie_account, 1));
	assert_eq!(taken.result, Ok(Ok(())));
	assert_eq!(
		taken.events::<Transfer>(),
		vec![Transfer { from: Some(bob_account), to: Some(charlie_account), id: 1 }]
	);
	assert_eq!(sandbox.call(&bob(), nft.owner_of(1)).unwrap(), Some(charlie_account));
	assert_eq!(sandbox.call(&bob(), nft.approved(1)).unwrap(), None, "a transfer ends the approval");
	assert_eq!(sandbox.call(&bob(), nft.balance_of(bob_account)).unwrap(), 0);
	assert_eq!(sandbox.call(&bob(), nft.balance_of(charlie_account)).unwrap(), 1);
}

#[test]
fn burning_removes_the_token_and_missing_tokens_are_refused() {
	let (mut sandbox, nft) = deployed();
	let bob_account = to_contract(&bob());
	sandbox.call(&alice(), nft.mint(bob_account, 3)).unwrap().unwrap();
	assert_eq!(sandbox.call(&alice(), nft.burn(3)).result, Ok(Err(Error::NotHolder)));
	let burned = sandbox.call(&bob(), nft.burn(3));
	assert_eq!(burned.events::<Transfer>(), vec![Transfer { from: Some(bob_account), to: None, id: 3 }]);
	assert_eq!(sandbox.call(&bob(), nft.owner_of(3)).unwrap(), None);
	assert_eq!(sandbox.call(&bob(), nft.balance_of(bob_account)).unwrap(), 0);
	assert_eq!(sandbox.call(&bob(), nft.transfer(bob_account, 3)).result, Ok(Err(Error::TokenNotFound)));
	assert_eq!(sandbox.call(&bob(), nft.burn(3)).result, Ok(Err(Error::TokenNotFound)));
}
