//! What a contract can know about the call it runs in: the origin of the whole call stack (a
//! signed account or a DAO proposal) and its own frame (caller, address, value, input). The block
//! number and time come from the call stack ([`Stack`](crate::exec::Stack)).

use crate::{AccountIdOf, BalanceOf, Config};
use alloc::vec::Vec;
pub use ocos_vm_uapi::DaoContext;

/// Who started the call stack, and who pays its storage deposits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin<AccountId> {
	/// A signed extrinsic (or a dry run on behalf of an account).
	Signed(AccountId),
	/// A governance proposal, running as the DAO's own account.
	Dao {
		/// The DAO's account: the first caller, and the payer of deposits.
		account: AccountId,
		/// Who approved the proposal.
		context: DaoContext,
	},
}

impl<AccountId> Origin<AccountId> {
	/// The account that pays deposits and is the first frame's caller.
	pub fn account(&self) -> &AccountId {
		match self {
			Origin::Signed(account) | Origin::Dao { account, .. } => account,
		}
	}

	/// The DAO context, when a proposal started the call stack.
	pub fn dao_context(&self) -> Option<DaoContext> {
		match self {
			Origin::Signed(_) => None,
			Origin::Dao { context, .. } => Some(*context),
		}
	}
}

/// One call frame as the running contract sees it.
pub struct Frame<T: Config> {
	/// The account that called this frame: the origin's account or the calling contract.
	pub caller: AccountIdOf<T>,
	/// The contract running in this frame.
	pub address: AccountIdOf<T>,
	/// The value the caller transferred with the call.
	pub value: BalanceOf<T>,
	/// The input data of the call.
	pub input: Vec<u8>,
}
