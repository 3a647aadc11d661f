//! A treasury that holds native funds and tokens and releases them only when the DAO calls it
//! (`dao_call` on a council motion or by root), with enough of the council approving: it reads who
//! approved through `dao_context`. Tokens are paid by calling the `token` contract.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod dao_treasury {
	use ocos_contract::prelude::*;
	use token::token::{Error as TokenError, TokenRef};

	/// The token contract the treasury pays tokens of, if any.
	const TOKEN: Item<AccountId> = Item::new(b"token");
	/// The share of the council that must approve a release: (numerator, denominator).
	const THRESHOLD: Item<(u32, u32)> = Item::new(b"threshold");

	/// What a release pays in.
	#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Asset {
		/// The chain's native currency.
		Native,
		/// Tokens of this token contract.
		Token(AccountId),
	}

	/// The treasury paid `amount` of `asset` to `to`, as the DAO decided.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Released {
		#[topic]
		pub to: AccountId,
		pub asset: Asset,
		pub amount: Balance,
		/// Who approved: root, or how many of the council's members.
		pub approved_by: DaoContext,
	}

	/// Someone sent native funds to the treasury.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Deposited {
		#[topic]
		pub from: AccountId,
		pub amount: Balance,
	}

	/// Why the treasury refused.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Error {
		/// The threshold is not a share: its denominator is 0 or below its numerator.
		InvalidThreshold,
		/// The caller is not the DAO.
		NotTheDao,
		/// The council approved, but fewer of its members than the threshold asks.
		NotEnoughApprovals { approvals: u32, members: u32 },
		/// The treasury's free balance cannot pay.
		TransferFailed,
		/// The treasury was deployed without a token.
		NoToken,
		/// The token contract refused the transfer.
		Token(TokenError),
		/// The token contract could not be called.
		TokenCallFailed(CallError),
	}

	/// A treasury paying tokens of `token` (if any), releasing when at least
	/// `numerator / denominator` of the council approves. Value sent becomes its funds.
	#[deploy(payable)]
	pub fn new(token: Option<AccountId>, numerator: u32, denominator: u32) -> Result<(), Error> {
		if denominator == 0 || numerator > denominator {
			return Err(Error::InvalidThreshold);
		}
		THRESHOLD.set(&(numerator, denominator));
		if let Some(token) = token {
			TOKEN.set(&token);
		}
		Ok(())
	}

	/// Adds the value sent to the treasury's funds.
	#[message(payable)]
	pub fn deposit() {
		emit(&Deposited { from: caller(), amount: value_transferred() });
	}

	/// Pays `amount` of the native currency to `to`; only the DAO may.
	#[message]
	pub fn release(to: AccountId, amount: Balance) -> Result<(), Error> {
		let approved_by = approval()?;
		transfer(&to, amount).map_err(|_| Error::TransferFailed)?;
		emit(&Released { to, asset: Asset::Native, amount, approved_by });
		Ok(())
	}

	/// Pays `amount` tokens to `to` by calling the token contract; only the DAO may.
	#[message]
	pub fn release_tokens(to: AccountId, amount: Balance) -> Result<(), Error> {
		let approved_by = approval()?;
		let token = TOKEN.get().ok_or(Error::NoToken)?;
		match TokenRef::at(token).transfer(to, amount).call() {
			Ok(Ok(())) => {}
			Ok(Err(refused)) => return Err(Error::Token(refused)),
			Err(failed) => return Err(Error::TokenCallFailed(failed)),
		}
		emit(&Released { to, asset: Asset::Token(token), amount, approved_by });
		Ok(())
	}

	/// The treasury's native funds.
	#[message(view)]
	pub fn funds() -> Balance {
		balance()
	}

	/// The share of the council that must approve a release.
	#[message(view)]
	pub fn threshold() -> (u32, u32) {
		THRESHOLD.get().unwrap_or((1, 1))
	}

	/// The token contract the treasury pays tokens of.
	#[message(view)]
	pub fn token() -> Option<AccountId> {
		TOKEN.get()
	}

	/// Who approved the call, when the DAO made it with enough approvals.
	fn approval() -> Result<DaoContext, Error> {
		let context = dao_context().ok_or(Error::NotTheDao)?;
		if let DaoContext::Collective { approvals, members } = context {
			let (numerator, denominator) = threshold();
			if u64::from(approvals) * u64::from(denominator) < u64::from(members) * u64::from(numerator) {
				return Err(Error::NotEnoughApprovals { approvals, members });
			}
		}
		Ok(context)
	}
}
