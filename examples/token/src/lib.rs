//! A fungible token: balances, transfers, allowances and the total supply, with `Transfer` and
//! `Approval` events (the ERC20 shape).

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod token {
	use ocos_contract::prelude::*;

	/// The tokens each account holds.
	const BALANCES: Map<AccountId, Balance> = Map::new(b"balances");
	/// What each owner allows each spender to take.
	const ALLOWANCES: Map<(AccountId, AccountId), Balance> = Map::new(b"allowances");
	/// All the tokens there are.
	const TOTAL_SUPPLY: Item<Balance> = Item::new(b"total_supply");

	/// Tokens moved from one account to another (`from` is `None` when minted).
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Transfer {
		#[topic]
		pub from: Option<AccountId>,
		#[topic]
		pub to: AccountId,
		pub value: Balance,
	}

	/// An owner allowed a spender to take up to `value`.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Approval {
		#[topic]
		pub owner: AccountId,
		#[topic]
		pub spender: AccountId,
		pub value: Balance,
	}

	/// Why a transfer failed.
	#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Error {
		/// The sender holds fewer tokens than it sends.
		InsufficientBalance,
		/// The spender may take fewer tokens than it asks for.
		InsufficientAllowance,
	}

	/// Creates `total_supply` tokens, all held by the deployer.
	#[deploy]
	pub fn new(total_supply: Balance) {
		let owner = caller();
		BALANCES.insert(&owner, &total_supply);
		TOTAL_SUPPLY.set(&total_supply);
		emit(&Transfer { from: None, to: owner, value: total_supply });
	}

	/// All the tokens there are.
	#[message(view)]
	pub fn total_supply() -> Balance {
		TOTAL_SUPPLY.get().unwrap_or_default()
	}

	/// The tokens `owner` holds.
	#[message(view)]
	pub fn balance_of(owner: AccountId) -> Balance {
		BALANCES.get(&owner).unwrap_or_default()
	}

	/// What `owner` allows `spender` to take.
	#[message(view)]
	pub fn allowance(owner: AccountId, spender: AccountId) -> Balance {
		ALLOWANCES.get(&(owner, spender)).unwrap_or_default()
	}

	/// Sends `value` tokens of the caller to `to`.
	#[message]
	pub fn transfer(to: AccountId, value: Balance) -> Result<(), Error> {
		move_tokens(caller(), to, value)
	}

	/// Allows `spender` to take up to `value` tokens of the caller.
	#[message]
	pub fn approve(spender: AccountId, value: Balance) {
		let owner = caller();
		ALLOWANCES.insert(&(owner, spender), &value);
		emit(&Approval { owner, spender, value });
	}

	/// Sends `value` tokens of `from` to `to`, within what `from` allows the caller.
	#[message]
	pub fn transfer_from(from: AccountId, to: AccountId, value: Balance) -> Result<(), Error> {
		let key = (from, caller());
		let allowed = ALLOWANCES.get(&key).unwrap_or_default();
		let left = allowed.checked_sub(value).ok_or(Error::InsufficientAllowance)?;
		move_tokens(from, to, value)?;
		ALLOWANCES.insert(&key, &left);
		Ok(())
	}

	fn move_tokens(from: AccountId, to: AccountId, value: Balance) -> Result<(), Error> {
		let from_balance = BALANCES.get(&from).unwrap_or_default();
		let left = from_balance.checked_sub(value).ok_or(Error::InsufficientBalance)?;
		BALANCES.insert(&from, &left);
		let to_balance = BALANCES.get(&to).unwrap_or_default();
		BALANCES.insert(&to, &(to_balance + value));
		emit(&Transfer { from: Some(from), to, value });
		Ok(())
	}
}
