//! # ocos-contract
//!
//! Write OCOS-VM contracts in stable Rust. A contract is a crate built for
//! `wasm32-unknown-unknown` with one module marked [`contract`]:
//!
//! ```ignore
//! #![cfg_attr(target_arch = "wasm32", no_std)]
//!
//! #[ocos_contract::contract]
//! mod counter {
//!     use ocos_contract::prelude::*;
//!
//!     const COUNT: Item<u64> = Item::new(b"count");
//!
//!     #[event]
//!     pub struct Incremented {
//!         #[topic]
//!         pub by: AccountId,
//!         pub count: u64,
//!     }
//!
//!     #[deploy]
//!     pub fn new(start: u64) {
//!         COUNT.set(&start);
//!     }
//!
//!     #[message]
//!     pub fn increment() -> u64 {
//!         let count = COUNT.get().unwrap_or_default() + 1;
//!         COUNT.set(&count);
//!         emit(&Incremented { by: caller(), count });
//!         count
//!     }
//!
//!     #[message(view)]
//!     pub fn get() -> u64 {
//!         COUNT.get().unwrap_or_default()
//!     }
//! }
//! ```
//!
//! What the SDK gives:
//! - [`env`]: every syscall of the ABI ([`ocos_vm_uapi`]) as a safe function, never a pointer;
//! - [`storage`]: [`Item`](storage::Item), [`Map`](storage::Map) and
//!   [`Vector`](storage::Vector), declared as constants under keys that cannot collide;
//! - messages: the [`contract`] macro turns the module's `#[deploy]` function and `#[message]`
//!   functions into the `deploy` and `call` exports: a 4-byte selector per message, its arguments
//!   and result SCALE-encoded, value refused unless the message is `payable`, a message returning
//!   `Err(e)` reverting with `e`;
//! - [`event`]s with indexed topics, emitted as logs clients decode with the metadata;
//! - typed cross-contract calls: the macro generates a `…Ref` for each contract, whose methods
//!   build a [`CallBuilder`](call::CallBuilder) (value, gas limit, re-entry) and decode the
//!   callee's result or error;
//! - calls of EVM contracts ([`evm`]): their addresses, ABI calldata with compile-time selectors,
//!   decoded outputs and revert messages;
//! - metadata: built with the `metadata` feature, a contract exports a description of its
//!   messages, events, errors and storage that `ocos-contract-build` writes as JSON.
//!
//! Each contract call runs in a fresh instance, so the SDK's allocator never frees (it bumps), and
//! a panic reverts with its message in debug builds and traps in release builds.

#![no_std]

extern crate alloc;
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

pub mod buffer;
pub mod call;
mod decode;
pub mod dispatch;
pub mod env;
pub mod event;
pub mod evm;
#[cfg(feature = "metadata")]
pub mod metadata;
mod runtime;
pub mod storage;

pub use codec::{self, Decode, Encode};
pub use ocos_contract_macros::contract;
pub use ocos_vm_uapi as uapi;
pub use scale_info::{self, TypeInfo};

/// An account, as contracts see it: 32 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode, TypeInfo)]
pub struct AccountId(pub [u8; 32]);

impl From<[u8; 32]> for AccountId {
	fn from(bytes: [u8; 32]) -> Self {
		AccountId(bytes)
	}
}

impl AsRef<[u8]> for AccountId {
	fn as_ref(&self) -> &[u8] {
		&self.0
	}
}

/// Stops the contract on a fault of its own (a full buffer, a stored value of another type): a
/// release build traps, a debug build panics with `message`, which reverts with it.
#[cold]
pub(crate) fn fault(message: &'static str) -> ! {
	#[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
	{
		let _ = message;
		core::arch::wasm32::unreachable()
	}
	#[cfg(not(all(target_arch = "wasm32", not(debug_assertions))))]
	panic!("{message}")
}

/// An amount of the chain's native currency.
pub type Balance = u128;

/// What the [`contract`] macro's code uses; not part of the SDK's interface.
#[doc(hidden)]
pub mod __private {
	pub use alloc::{string::String, vec, vec::Vec};
}

/// Everything a contract module usually needs.
pub mod prelude {
	pub use crate::{
		call::{CallBuilder, CallError},
		env::{
			address, balance, balance_of, block_number, block_timestamp, caller, dao_context, gas_left, terminate,
			transfer, value_transferred, TransferFailed,
		},
		event::{emit, Event},
		storage::{Item, Map, Vector},
		AccountId, Balance, Decode, Encode, TypeInfo,
	};
	pub use alloc::{string::String, vec, vec::Vec};
	pub use ocos_vm_uapi::DaoContext;
}
