//! # The comparison runtime
//!
//! pallet-contracts 51 (wasmi 0.32) in a FRAME runtime of its own, so that `ocos-bench` can run
//! the workloads through it inside WebAssembly, as it runs them through `ocos-runtime`: the same
//! executor and block builder entry points, and `ocos-runtime`'s block limits, transaction
//! extensions, fees, deposits and database weights. It has no consensus or governance pallets,
//! pallet-contracts keeps its own code size limit and call stack, and its blob is a
//! `runtime-benchmarks` build.
//!
//! pallet-contracts is charged by weights generated on the machine that runs the comparison, by
//! its own benchmarks in this runtime's WebAssembly (`scripts/benchmark.sh contracts`),
//! held in [`contracts_weights`]. The blob (`WASM_BINARY` in a native build) is built only with
//! the `blob` feature, and always with `runtime-benchmarks`: one build serves the benchmarks and
//! the comparison.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(all(feature = "std", feature = "blob"))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
pub mod configs;
pub mod contracts_weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("ocos-bench-contracts"),
	impl_name: Cow::Borrowed("ocos-bench-contracts"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The time between blocks, as `ocos-runtime`'s.
pub const SLOT_DURATION: u64 = 6_000;

/// A signature of a transaction.
pub type Signature = MultiSignature;
/// An account id: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance, in the units of `ocos-runtime`.
pub type Balance = u128;
/// A transaction index.
pub type Nonce = u32;
/// A block number.
pub type BlockNumber = u32;
/// The address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// The block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every transaction passes: those of `ocos-runtime`.
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
		Balances: pallet_balances = 4,
		TransactionPayment: pallet_transaction_payment = 5,
		Contracts: pallet_contracts = 8,
	}
);
