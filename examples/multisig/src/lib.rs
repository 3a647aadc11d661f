//! A multisig wallet: N owners, of whom M must confirm a proposal before any owner executes it.
//! A proposal is a transfer of the wallet's native funds or a call of any contract, with value.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod multisig {
	use ocos_contract::{call::call_raw, prelude::*};

	/// The most owners a wallet has.
	pub const MAX_OWNERS: usize = 32;

	/// The owners.
	const OWNERS: Item<Vec<AccountId>> = Item::new(b"owners");
	/// How many owners must confirm a proposal.
	const THRESHOLD: Item<u32> = Item::new(b"threshold");
	/// Every proposal, by id.
	const PROPOSALS: Vector<Proposal> = Vector::new(b"proposals");
	/// Which owners confirmed which proposal.
	const CONFIRMED: Map<(u32, AccountId), bool> = Map::new(b"confirmed");

	/// What a proposal does when executed.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Action {
		/// Sends `amount` of the wallet's native funds to `to`.
		Transfer { to: AccountId, amount: Balance },
		/// Calls `contract` with `input` (a selector and arguments), sending `value`.
		Call { contract: AccountId, input: Vec<u8>, value: Balance },
	}

	/// A proposal and how far it got.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Proposal {
		/// What it does.
		pub action: Action,
		/// How many owners confirmed it.
		pub confirmations: u32,
		/// Whether it was executed.
		pub executed: bool,
	}

	/// An owner proposed `action` as proposal `id` (and confirmed it).
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Proposed {
		#[topic]
		pub id: u32,
		#[topic]
		pub proposer: AccountId,
		pub action: Action,
	}

	/// An owner confirmed proposal `id`, which has `confirmations` now.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Confirmed {
		#[topic]
		pub id: u32,
		#[topic]
		pub owner: AccountId,
		pub confirmations: u32,
	}

	/// An owner took back its confirmation of proposal `id`.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Revoked {
		#[topic]
		pub id: u32,
		#[topic]
		pub owner: AccountId,
		pub confirmations: u32,
	}

	/// Proposal `id` was executed; a call's output is `output`.
	#[event]
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct Executed {
		#[topic]
		pub id: u32,
		pub output: Vec<u8>,
	}

	/// Why the wallet refused.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum Error {
		/// The threshold is 0 or above the number of owners, or there are more than
		/// `MAX_OWNERS`.
		InvalidThreshold,
		/// An account is listed twice among the owners.
		DuplicateOwner,
		/// The caller is not an owner.
		NotOwner,
		/// No proposal has this id.
		ProposalNotFound,
		/// The proposal was executed already.
		AlreadyExecuted,
		/// The caller confirmed this proposal already.
		AlreadyConfirmed,
		/// The caller has not confirmed this proposal.
		NotConfirmed,
		/// The proposal has fewer confirmations than the threshold.
		NotEnoughConfirmations,
		/// The wallet's free balance cannot pay the transfer.
		TransferFailed,
		/// The call failed (trapped, reverted, …); nothing of it was kept.
		CallFailed(CallError),
	}

	/// A wallet of `owners`, `threshold` of whom must confirm a proposal. Value sent becomes its
	/// funds.
	#[deploy(payable)]
	pub fn new(owners: Vec<AccountId>, threshold: u32) -> Result<(), Error> {
		if threshold == 0 || threshold as usize > owners.len() || owners.len() > MAX_OWNERS {
			return Err(Error::InvalidThreshold);
		}
		if owners.iter().enumerate().any(|(index, owner)| owners[..index].contains(owner)) {
			return Err(Error::DuplicateOwner);
		}
		OWNERS.set(&owners);
		THRESHOLD.set(&threshold);
		Ok(())
	}

	/// Adds the value sent to the wallet's funds.
	#[message(payable)]
	pub fn deposit() {}

	/// Proposes `action`, confirmed by the proposer; returns the proposal's id.
	#[message]
	pub fn propose(action: Action) -> Result<u32, Error> {
		let proposer = owner()?;
		let id = PROPOSALS.push(&Proposal { action: action.clone(), confirmations: 1, executed: false });
		CONFIRMED.insert(&(id, proposer), &true);
		emit(&Proposed { id, proposer, action });
		emit(&Confirmed { id, owner: proposer, confirmations: 1 });
		Ok(id)
	}

	/// Confirms proposal `id`.
	#[message]
	pub fn confirm(id: u32) -> Result<(), Error> {
		let owner = owner()?;
		let mut proposal = open(id)?;
		if CONFIRMED.contains(&(id, owner)) {
			return Err(Error::AlreadyConfirmed);
		}
		proposal.confirmations += 1;
		PROPOSALS.set(id, &proposal);
		CONFIRMED.insert(&(id, owner), &true);
		emit(&Confirmed { id, owner, confirmations: proposal.confirmations });
		Ok(())
	}

	/// Takes back the caller's confirmation of proposal `id`.
	#[message]
	pub fn revoke(id: u32) -> Result<(), Error> {
		let owner = owner()?;
		let mut proposal = open(id)?;
		if !CONFIRMED.contains(&(id, owner)) {
			return Err(Error::NotConfirmed);
		}
		proposal.confirmations -= 1;
		PROPOSALS.set(id, &proposal);
		CONFIRMED.remove(&(id, owner));
		emit(&Revoked { id, owner, confirmations: proposal.confirmations });
		Ok(())
	}

	/// Executes proposal `id`, confirmed by enough owners; any owner may. A failed transfer or
	/// call reverts: the proposal stays open.
	#[message]
	pub fn execute(id: u32) -> Result<Vec<u8>, Error> {
		owner()?;
		let mut proposal = open(id)?;
		if proposal.confirmations < THRESHOLD.get().unwrap_or(u32::MAX) {
			return Err(Error::NotEnoughConfirmations);
		}
		// Marked before the call, so the callee cannot have it executed twice.
		proposal.executed = true;
		PROPOSALS.set(id, &proposal);
		let output = match proposal.action {
			Action::Transfer { to, amount } => {
				transfer(&to, amount).map_err(|_| Error::TransferFailed)?;
				Vec::new()
			}
			Action::Call { contract, input, value } => {
				call_raw(&contract, &input, value, 0).map_err(Error::CallFailed)?
			}
		};
		emit(&Executed { id, output: output.clone() });
		Ok(output)
	}

	/// The owners.
	#[message(view)]
	pub fn owners() -> Vec<AccountId> {
		OWNERS.get().unwrap_or_default()
	}

	/// How many owners must confirm a proposal.
	#[message(view)]
	pub fn threshold() -> u32 {
		THRESHOLD.get().unwrap_or_default()
	}

	/// Proposal `id`.
	#[message(view)]
	pub fn proposal(id: u32) -> Option<Proposal> {
		PROPOSALS.get(id)
	}

	/// Whether `owner` confirmed proposal `id`.
	#[message(view)]
	pub fn is_confirmed(id: u32, owner: AccountId) -> bool {
		CONFIRMED.contains(&(id, owner))
	}

	/// The caller, if it is an owner.
	fn owner() -> Result<AccountId, Error> {
		let caller = caller();
		OWNERS.get().unwrap_or_default().contains(&caller).then_some(caller).ok_or(Error::NotOwner)
	}

	/// Proposal `id`, if it exists and was not executed.
	fn open(id: u32) -> Result<Proposal, Error> {
		let proposal = PROPOSALS.get(id).ok_or(Error::ProposalNotFound)?;
		if proposal.executed {
			return Err(Error::AlreadyExecuted);
		}
		Ok(proposal)
	}
}
