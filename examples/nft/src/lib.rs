//! A collection of non-fungible tokens: its owner mints, holders transfer and approve, anyone
//! reads who owns what, and every change emits an event.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod nft {
	use ocos_contract::prelude::*;

	/// A token's id.
	pub type TokenId = u64;

	/// The collection's owner: the only account that mints.
	const COLLECTION_OWNER: Item<AccountId> = Item::new(b"collection_owner");
	/// Each token's holder.
	const HOLDERS: Map<TokenId, AccountId> = Map::new(b"holders");
	/// The account each token's holder allows to transfer it.
	const APPROVED: Map<TokenId, AccountId> = Map::new(b"approved");
	/// How many tokens each account holds.
	const COUNTS: Map<AccountId, u32> = Map::new(b"counts");

	/// Token `id` moved (`from` is `None` when minted, `to` is `None` when burned).
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Transfer {
		#[topic]
		pub from: Option<AccountId>,
		#[topic]
		pub to: Option<AccountId>,
		#[topic]
		pub id: TokenId,
	}

	/// The holder of token `id` allowed `approved` to transfer it (`None`: nobody).
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Approval {
		#[topic]
		pub holder: AccountId,
		#[topic]
		pub approved: Option<AccountId>,
		#[topic]
		pub id: TokenId,
	}

	/// Why the collection refused.
	#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Error {
		/// Only the collection's owner mints.
		NotCollectionOwner,
		/// A token with this id exists.
		TokenExists,
		/// No token has this id.
		TokenNotFound,
		/// The caller neither holds the token nor is approved for it.
		NotApproved,
		/// Only the token's holder may do this.
		NotHolder,
	}

	/// A collection owned by the deployer.
	#[deploy]
	pub fn new() {
		COLLECTION_OWNER.set(&caller());
	}

	/// Mints token `id` to `to`; only the collection's owner may.
	#[message]
	pub fn mint(to: AccountId, id: TokenId) -> Result<(), Error> {
		if COLLECTION_OWNER.get() != Some(caller()) {
			return Err(Error::NotCollectionOwner);
		}
		if HOLDERS.contains(&id) {
			return Err(Error::TokenExists);
		}
		HOLDERS.insert(&id, &to);
		add(&to, 1);
		emit(&Transfer { from: None, to: Some(to), id });
		Ok(())
	}

	/// Moves token `id` to `to`; its holder or the account it approved may. The approval ends.
	#[message]
	pub fn transfer(to: AccountId, id: TokenId) -> Result<(), Error> {
		let holder = HOLDERS.get(&id).ok_or(Error::TokenNotFound)?;
		let caller = caller();
		if caller != holder && APPROVED.get(&id) != Some(caller) {
			return Err(Error::NotApproved);
		}
		APPROVED.remove(&id);
		HOLDERS.insert(&id, &to);
		add(&holder, -1);
		add(&to, 1);
		emit(&Transfer { from: Some(holder), to: Some(to), id });
		Ok(())
	}

	/// Allows `approved` to transfer token `id` (`None`: nobody); only its holder may.
	#[message]
	pub fn approve(approved: Option<AccountId>, id: TokenId) -> Result<(), Error> {
		let holder = HOLDERS.get(&id).ok_or(Error::TokenNotFound)?;
		if caller() != holder {
			return Err(Error::NotHolder);
		}
		match approved {
			Some(account) => APPROVED.insert(&id, &account),
			None => APPROVED.remove(&id),
		}
		emit(&Approval { holder, approved, id });
		Ok(())
	}

	/// Burns token `id`; only its holder may.
	#[message]
	pub fn burn(id: TokenId) -> Result<(), Error> {
		let holder = HOLDERS.get(&id).ok_or(Error::TokenNotFound)?;
		if caller() != holder {
			return Err(Error::NotHolder);
		}
		HOLDERS.remove(&id);
		APPROVED.remove(&id);
		add(&holder, -1);
		emit(&Transfer { from: Some(holder), to: None, id });
		Ok(())
	}

	/// Who holds token `id`.
	#[message(view)]
	pub fn owner_of(id: TokenId) -> Option<AccountId> {
		HOLDERS.get(&id)
	}

	/// Who may transfer token `id` besides its holder.
	#[message(view)]
	pub fn approved(id: TokenId) -> Option<AccountId> {
		APPROVED.get(&id)
	}

	/// How many tokens `holder` holds.
	#[message(view)]
	pub fn balance_of(holder: AccountId) -> u32 {
		COUNTS.get(&holder).unwrap_or_default()
	}

	/// The collection's owner.
	#[message(view)]
	pub fn collection_owner() -> Option<AccountId> {
		COLLECTION_OWNER.get()
	}

	/// Adds `change` to the count of `holder` (a holder's count covers every token it holds, so
	/// it never goes below 0).
	fn add(holder: &AccountId, change: i32) {
		let count = COUNTS.get(holder).unwrap_or_default().saturating_add_signed(change);
		COUNTS.insert(holder, &count);
	}
}
