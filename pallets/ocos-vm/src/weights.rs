//! Weights of `pallet-ocos-vm`: of its extrinsics, of one unit of wasmi fuel, and of every syscall.
//!
//! The numbers below are conservative placeholders, set high on purpose so that no call is
//! undercharged, until `benchmarking.rs` measures them on the reference machine and this file is
//! generated from it. Picoseconds of `ref_time`; proof size in bytes.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// The weights the pallet charges.
pub trait WeightInfo {
	/// `upload_code` of `c` bytes: validation, a trial instantiation, and two writes.
	fn upload_code(c: u32) -> Weight;
	/// `instantiate` without its gas limit: lookups, the endowment and the event.
	fn instantiate() -> Weight;
	/// `call` without its gas limit.
	fn call() -> Weight;
	/// `dao_call` without its gas limit.
	fn dao_call() -> Weight;
	/// `remove_code`.
	fn remove_code() -> Weight;
	/// `register_engine`.
	fn register_engine() -> Weight;
	/// `set_engine_status`.
	fn set_engine_status() -> Weight;
	/// One unit of wasmi fuel (about one executed instruction). Only `ref_time` is used.
	fn instr_fuel() -> Weight;
	/// Entering and leaving any syscall: fuel sync and the host trampoline.
	fn syscall_base() -> Weight;
	/// Loading and preparing `c` bytes of code for a frame.
	fn load_code(c: u32) -> Weight;
	/// Copying `n` bytes between the host and a contract's memory.
	fn copy(n: u32) -> Weight;
	/// Reading a storage value of up to `n` bytes.
	fn storage_read(n: u32) -> Weight;
	/// Writing or removing a storage item of `n` bytes of key and value.
	fn storage_write(n: u32) -> Weight;
	/// Emitting a log with `t` topics and `n` bytes of data.
	fn log(t: u32, n: u32) -> Weight;
	/// Reading a balance.
	fn balance_of() -> Weight;
	/// A value transfer.
	fn transfer() -> Weight;
	/// A nested call's own overhead with `n` bytes of input, its code load excluded.
	fn call_base(n: u32) -> Weight;
	/// Terminating a contract with `k` storage items.
	fn terminate(k: u32) -> Weight;
	/// BLAKE2b-256 of `n` bytes.
	fn hash_blake2_256(n: u32) -> Weight;
	/// Keccak-256 of `n` bytes.
	fn hash_keccak_256(n: u32) -> Weight;
	/// SHA2-256 of `n` bytes.
	fn hash_sha2_256(n: u32) -> Weight;
	/// ECDSA public key recovery.
	fn ecdsa_recover() -> Weight;
	/// sr25519 verification of an `n`-byte message.
	fn sr25519_verify(n: u32) -> Weight;
	/// ed25519 verification of an `n`-byte message.
	fn ed25519_verify(n: u32) -> Weight;
}

/// Weights for a runtime, with its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! placeholder_weights {
	($db:expr) => {
		fn upload_code(c: u32) -> Weight {
			Weight::from_parts(100_000_000, 3_000)
				.saturating_add(Weight::from_parts(150_000, 1).saturating_mul(c.into()))
				.saturating_add($db.reads_writes(3, 2))
		}
		fn instantiate() -> Weight {
			Weight::from_parts(150_000_000, 8_000).saturating_add($db.reads_writes(6, 5))
		}
		fn call() -> Weight {
			Weight::from_parts(60_000_000, 6_000).saturating_add($db.reads_writes(4, 1))
		}
		fn dao_call() -> Weight {
			Self::call()
		}
		fn remove_code() -> Weight {
			Weight::from_parts(40_000_000, 4_000).saturating_add($db.reads_writes(3, 3))
		}
		fn register_engine() -> Weight {
			Weight::from_parts(20_000_000, 2_000).saturating_add($db.reads_writes(1, 2))
		}
		fn set_engine_status() -> Weight {
			Weight::from_parts(20_000_000, 2_000).saturating_add($db.reads_writes(1, 1))
		}
		fn instr_fuel() -> Weight {
			Weight::from_parts(10_000, 0)
		}
		fn syscall_base() -> Weight {
			Weight::from_parts(1_000_000, 0)
		}
		fn load_code(c: u32) -> Weight {
			Weight::from_parts(20_000_000, 2_000)
				.saturating_add(Weight::from_parts(60_000, 1).saturating_mul(c.into()))
				.saturating_add($db.reads(3))
		}
		fn copy(n: u32) -> Weight {
			Weight::from_parts(100_000, 0).saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
		}
		fn storage_read(n: u32) -> Weight {
			Weight::from_parts(3_000_000, 300)
				.saturating_add(Weight::from_parts(1_000, 1).saturating_mul(n.into()))
				.saturating_add($db.reads(1))
		}
		fn storage_write(n: u32) -> Weight {
			Weight::from_parts(6_000_000, 600)
				.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(n.into()))
				.saturating_add($db.reads_writes(2, 2))
		}
		fn log(t: u32, n: u32) -> Weight {
			Weight::from_parts(5_000_000, 0)
				.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(t.into()))
				.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
				.saturating_add($db.writes(2))
		}
		fn balance_of() -> Weight {
			Weight::from_parts(3_000_000, 200).saturating_add($db.reads(1))
		}
		fn transfer() -> Weight {
			Weight::from_parts(30_000_000, 400).saturating_add($db.reads_writes(2, 2))
		}
		fn call_base(n: u32) -> Weight {
			Weight::from_parts(30_000_000, 1_000)
				.saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
				.saturating_add($db.reads(2))
		}
		fn terminate(k: u32) -> Weight {
			Weight::from_parts(50_000_000, 4_000)
				.saturating_add($db.reads_writes(4, 5))
				.saturating_add($db.writes(1).saturating_add(Weight::from_parts(1_000_000, 0)).saturating_mul(k.into()))
		}
		fn hash_blake2_256(n: u32) -> Weight {
			Weight::from_parts(2_000_000, 0).saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
		}
		fn hash_keccak_256(n: u32) -> Weight {
			Weight::from_parts(2_000_000, 0).saturating_add(Weight::from_parts(5_000, 0).saturating_mul(n.into()))
		}
		fn hash_sha2_256(n: u32) -> Weight {
			Weight::from_parts(2_000_000, 0).saturating_add(Weight::from_parts(6_000, 0).saturating_mul(n.into()))
		}
		fn ecdsa_recover() -> Weight {
			Weight::from_parts(100_000_000, 0)
		}
		fn sr25519_verify(n: u32) -> Weight {
			Weight::from_parts(100_000_000, 0).saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
		}
		fn ed25519_verify(n: u32) -> Weight {
			Weight::from_parts(100_000_000, 0).saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	placeholder_weights!(T::DbWeight::get());
}

/// For tests: the same weights with RocksDB's database weights.
impl WeightInfo for () {
	placeholder_weights!(<RocksDbWeight as Get<RuntimeDbWeight>>::get());
}
