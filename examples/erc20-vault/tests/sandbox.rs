//! The vault beside a Solidity ERC-20 on the EVM engine, in the sample runtime: deposits and
//! withdrawals move the token's balances, and what the token or the vault refuses changes nothing.

use erc20_vault::vault::{Deposited, Error, VaultRef, Withdrawn};
use ocos_contract::{
	evm::{self, Address, Calldata},
	AccountId,
};
use ocos_sandbox::{alice, bob, to_chain, to_contract, Sandbox};

/// The tokens the token's deployer, Alice, starts with.
const SUPPLY: u128 = 1_000_000;

/// The vault's world: the sandbox, the token and the vault.
struct Vault {
	sandbox: Sandbox,
	token: AccountId,
	vault: VaultRef,
}

impl Vault {
	/// The EVM engine registered, the token deployed by Alice, the vault by Bob.
	fn deployed() -> Self {
		let mut sandbox = Sandbox::new();
		let evm = sandbox.register_evm();
		let supply = Calldata::arguments().arg(&SUPPLY).finish();
		let token_code = ocos_vm_fixtures::evm::solidity("Token");
		let token = sandbox.deploy_raw_on(evm, &alice(), &token_code, 0, supply).unwrap();
		let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
		let vault = VaultRef::at(sandbox.deploy(&bob(), &code, VaultRef::new(token)).unwrap());
		Self { sandbox, token, vault }
	}

	/// Calls the token as `who` with `input`: its output.
	fn token_call(&mut self, who: &ocos_sandbox::AccountId, input: Vec<u8>) -> Vec<u8> {
		self.sandbox.call_raw(who, &to_chain(self.token), 0, input).unwrap()
	}

	/// The tokens `holder` has, as the token counts them.
	fn balance(&mut self, holder: AccountId) -> u128 {
		let input = Calldata::new(evm::selector("balanceOf(address)")).arg(&Address::of(&holder)).finish();
		evm::decode(&self.token_call(&alice(), input), 0).unwrap()
	}

	/// Checks that Alice's deposit is `deposited`, and that the token counts as much in the vault
	/// and the rest of the supply with Alice.
	fn assert_deposited(&mut self, deposited: u128) {
		let alice_account = to_contract(&alice());
		assert_eq!(self.sandbox.call(&bob(), self.vault.deposited(alice_account)).unwrap(), deposited);
		assert_eq!(self.balance(self.vault.0), deposited);
		assert_eq!(self.balance(alice_account), SUPPLY - deposited);
	}

	/// Alice allows the vault `amount` of her tokens.
	fn approve(&mut self, amount: u128) {
		let vault = Address::of(&self.vault.0);
		let input = Calldata::new(evm::selector("approve(address,uint256)")).arg(&vault).arg(&amount).finish();
		assert_eq!(evm::decode::<bool>(&self.token_call(&alice(), input), 0), Some(true));
	}
}

/// The token's `Transfer(from, to, value)` log, as the EVM engine emits it.
fn transfer_log(from: AccountId, to: AccountId, value: u128) -> (Vec<[u8; 32]>, Vec<u8>) {
	// An indexed address is its ABI word.
	let topic =
		|address: Address| -> [u8; 32] { Calldata::arguments().arg(&address).finish().try_into().expect("one word") };
	let signature = evm::keccak_256(b"Transfer(address,address,uint256)");
	(vec![signature, topic(Address::of(&from)), topic(Address::of(&to))], Calldata::arguments().arg(&value).finish())
}

#[test]
fn a_deposit_takes_approved_tokens_and_a_withdrawal_sends_them_back() {
	let mut world = Vault::deployed();
	let (alice_account, vault) = (to_contract(&alice()), world.vault.0);
	world.approve(300);

	let deposited = world.sandbox.call(&alice(), world.vault.deposit(200));
	assert_eq!(deposited.result, Ok(Ok(())));
	assert_eq!(deposited.events::<Deposited>(), vec![Deposited { who: alice_account, amount: 200 }]);
	let token_logs: Vec<_> = deposited
		.logs
		.iter()
		.filter(|log| log.contract == to_chain(world.token))
		.map(|log| (log.topics.iter().map(|topic| topic.0).collect::<Vec<_>>(), log.data.clone()))
		.collect();
	assert_eq!(token_logs, vec![transfer_log(alice_account, vault, 200)]);
	world.assert_deposited(200);
	assert_eq!(world.sandbox.call(&bob(), world.vault.held()).unwrap(), Ok(200));

	let withdrawn = world.sandbox.call(&alice(), world.vault.withdraw(50));
	assert_eq!(withdrawn.result, Ok(Ok(())));
	assert_eq!(withdrawn.events::<Withdrawn>(), vec![Withdrawn { who: alice_account, amount: 50 }]);
	world.assert_deposited(150);
}

#[test]
fn the_tokens_custom_error_reaches_the_vault_and_nothing_changes() {
	let mut world = Vault::deployed();
	let vault = world.vault.0;
	world.approve(100);

	let refused = world.sandbox.call(&alice(), world.vault.deposit(150));
	let insufficient_allowance = Calldata::new(evm::selector("InsufficientAllowance(address,uint256,uint256)"))
		.arg(&Address::of(&vault))
		.arg(&100u128)
		.arg(&150u128)
		.finish();
	assert_eq!(refused.result, Ok(Err(Error::TokenReverted(insufficient_allowance))));
	assert!(refused.reverted);
	assert!(refused.logs.is_empty());
	world.assert_deposited(0);
}

#[test]
fn a_withdrawal_beyond_the_deposit_is_refused_and_changes_nothing() {
	let mut world = Vault::deployed();
	world.approve(100);
	world.sandbox.call(&alice(), world.vault.deposit(100)).unwrap().unwrap();

	assert_eq!(world.sandbox.call(&bob(), world.vault.withdraw(1)).result, Ok(Err(Error::InsufficientDeposit)));
	let too_much = world.sandbox.call(&alice(), world.vault.withdraw(101));
	assert_eq!(too_much.result, Ok(Err(Error::InsufficientDeposit)));
	assert!(too_much.logs.is_empty());
	world.assert_deposited(100);
}
