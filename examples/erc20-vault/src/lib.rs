//! A vault for an ERC-20 token compiled by solc and run by the EVM engine: depositors move tokens
//! in with the token's `transferFrom` (having approved the vault) and take them back with
//! `transfer`. A Rust contract calling a Solidity one within one call stack: calldata in the
//! Solidity ABI, the token's reverts back as its revert data, and a refused message changing
//! neither contract.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod vault {
	use ocos_contract::{
		call::{call_raw, CallError},
		evm::{self, Address, Calldata},
		prelude::*,
	};

	const TRANSFER: [u8; 4] = evm::selector("transfer(address,uint256)");
	const TRANSFER_FROM: [u8; 4] = evm::selector("transferFrom(address,address,uint256)");
	const BALANCE_OF: [u8; 4] = evm::selector("balanceOf(address)");

	/// The token's contract.
	const TOKEN: Item<AccountId> = Item::new(b"token");
	/// The tokens each depositor may take back.
	const DEPOSITS: Map<AccountId, Balance> = Map::new(b"deposits");

	/// `who` deposited `amount` tokens.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Deposited {
		#[topic]
		pub who: AccountId,
		pub amount: Balance,
	}

	/// `who` took `amount` tokens back.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Withdrawn {
		#[topic]
		pub who: AccountId,
		pub amount: Balance,
	}

	/// Why the vault refused.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Error {
		/// The caller deposited fewer tokens than it withdraws.
		InsufficientDeposit,
		/// The caller's deposit would pass what the vault counts (`u128`); the token's `uint256`
		/// goes further.
		DepositTooLarge,
		/// The token reverted with this revert data (a custom error, or a `require` message that
		/// `ocos_contract::evm::revert_message` reads).
		TokenReverted(Vec<u8>),
		/// The token could not be called.
		TokenCallFailed(CallError),
		/// The token answered other than the ERC-20 ABI says.
		InvalidTokenOutput,
	}

	/// A vault for the ERC-20 at `token`.
	#[deploy]
	pub fn new(token: AccountId) {
		TOKEN.set(&token);
	}

	/// Takes `amount` tokens of the caller, who approved the vault for them.
	#[message]
	pub fn deposit(amount: Balance) -> Result<(), Error> {
		let who = caller();
		let from = Address::of(&who);
		let input = Calldata::new(TRANSFER_FROM).arg(&from).arg(&Address::of(&address())).arg(&amount).finish();
		succeeded(&call_token(&input)?)?;
		let deposit = deposit_of(&who).checked_add(amount).ok_or(Error::DepositTooLarge)?;
		DEPOSITS.insert(&who, &deposit);
		emit(&Deposited { who, amount });
		Ok(())
	}

	/// Sends `amount` of the caller's deposited tokens back to the caller.
	#[message]
	pub fn withdraw(amount: Balance) -> Result<(), Error> {
		let who = caller();
		let left = deposit_of(&who).checked_sub(amount).ok_or(Error::InsufficientDeposit)?;
		DEPOSITS.insert(&who, &left);
		let input = Calldata::new(TRANSFER).arg(&Address::of(&who)).arg(&amount).finish();
		succeeded(&call_token(&input)?)?;
		emit(&Withdrawn { who, amount });
		Ok(())
	}

	/// The tokens `who` may take back.
	#[message(view)]
	pub fn deposited(who: AccountId) -> Balance {
		deposit_of(&who)
	}

	/// The tokens the vault holds, as the token counts them.
	#[message(view)]
	pub fn held() -> Result<Balance, Error> {
		let input = Calldata::new(BALANCE_OF).arg(&Address::of(&address())).finish();
		evm::decode(&call_token(&input)?, 0).ok_or(Error::InvalidTokenOutput)
	}

	fn deposit_of(who: &AccountId) -> Balance {
		DEPOSITS.get(who).unwrap_or_default()
	}

	/// Calls the token with `input`: its output, or why it gave none.
	fn call_token(input: &[u8]) -> Result<Vec<u8>, Error> {
		call_raw(&TOKEN.get().unwrap_or_default(), input, 0, 0).map_err(|error| match error {
			CallError::Reverted(revert_data) => Error::TokenReverted(revert_data),
			error => Error::TokenCallFailed(error),
		})
	}

	/// Whether a `transfer` or `transferFrom` returned `true`, as the ERC-20 ABI says it must.
	fn succeeded(output: &[u8]) -> Result<(), Error> {
		match evm::decode::<bool>(output, 0) {
			Some(true) => Ok(()),
			_ => Err(Error::InvalidTokenOutput),
		}
	}
}
