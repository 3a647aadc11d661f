//! # OCOS runtime
//!
//! A sample FRAME runtime for OCOS-VM: balances and fees, Aura block production with GRANDPA
//! finality, a council (`pallet-collective`) that governs the contract engines and calls contracts
//! as the DAO, sudo for development chains, and the [`pallet_ocos_vm`] contract pallet.
//!
//! Types and the pallet list live here; every pallet's configuration is in [`configs`], the runtime
//! APIs in [`apis`], and the genesis presets in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// The benchmark list comes first: it defines the `list_benchmarks!` and `add_benchmarks!`
// macros that `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use pallet_ocos_vm;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// The block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// The block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// The block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator.
	pub struct SessionKeys {
		/// Block production.
		pub aura: Aura,
		/// Finality.
		pub grandpa: Grandpa,
	}
}

/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("ocos"),
	impl_name: Cow::Borrowed("ocos"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The target time between blocks of a validator network. The dev chain seals a block for
/// every transaction instead, advancing its clock by this much per block.
pub const MILLI_SECS_PER_BLOCK: u64 = 6_000;

/// Aura's slot duration. It cannot change once a chain has started.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// The base unit of balances: 10^12 plancks.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a unit.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// A millionth of a unit.
pub const MICRO_UNIT: Balance = 1_000_000;

/// The least balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// A signature of a transaction.
pub type Signature = MultiSignature;
/// An account id: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance.
pub type Balance = u128;
/// A transaction index.
pub type Nonce = u32;
/// A hash.
pub type Hash = sp_core::H256;
/// A block number.
pub type BlockNumber = u32;
/// The address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// The block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every transaction passes.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// A transaction as it arrives.
pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// What a transaction's signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Dispatches blocks and transactions to the pallets.
pub type Executive =
	frame_executive::Executive<Runtime, Block, frame_system::ChainContext<Runtime>, Runtime, AllPalletsWithSystem>;

frame_support::construct_runtime!(
	pub enum Runtime {
		System: frame_system = 0,
		Timestamp: pallet_timestamp = 1,
		Aura: pallet_aura = 2,
		Grandpa: pallet_grandpa = 3,
		Balances: pallet_balances = 4,
		TransactionPayment: pallet_transaction_payment = 5,
		Sudo: pallet_sudo = 6,
		Council: pallet_collective::<Instance1> = 7,
		OcosVm: pallet_ocos_vm = 8,
	}
);
