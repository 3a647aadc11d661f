//! Weights of `pallet_ocos_vm`: of its extrinsics, of the fuel its engine burns and of every syscall.
//!
//! Conservative numbers set high so that nothing is undercharged, to be replaced by the file
//! `scripts/benchmark.sh` generates from the pallet's benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_ocos_vm`.
pub trait WeightInfo {
	fn upload_code(c: u32, ) -> Weight;
	fn instantiate() -> Weight;
	fn call() -> Weight;
	fn dao_call() -> Weight;
	fn remove_code() -> Weight;
	fn register_engine() -> Weight;
	fn set_engine_status() -> Weight;
	fn fuel_arithmetic(r: u32, ) -> Weight;
	fn fuel_memory(r: u32, ) -> Weight;
	fn fuel_control(r: u32, ) -> Weight;
	fn fuel_calls(r: u32, ) -> Weight;
	fn syscall_entry(r: u32, ) -> Weight;
	fn load_code(c: u32, ) -> Weight;
	fn copy(n: u32, ) -> Weight;
	fn storage_read(n: u32, ) -> Weight;
	fn storage_write(n: u32, ) -> Weight;
	fn log(t: u32, n: u32, ) -> Weight;
	fn balance_of() -> Weight;
	fn transfer() -> Weight;
	fn call_base(n: u32, ) -> Weight;
	fn terminate(k: u32, ) -> Weight;
	fn hash_blake2_256(n: u32, ) -> Weight;
	fn hash_keccak_256(n: u32, ) -> Weight;
	fn hash_sha2_256(n: u32, ) -> Weight;
	fn ecdsa_recover() -> Weight;
	fn sr25519_verify(n: u32, ) -> Weight;
	fn ed25519_verify(n: u32, ) -> Weight;
}

/// Weights for `pallet_ocos_vm` measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn upload_code(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 3_000)
			.saturating_add(Weight::from_parts(150_000, 1).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn instantiate() -> Weight {
		Weight::from_parts(150_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn call() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn dao_call() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn remove_code() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn register_engine() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_engine_status() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn fuel_arithmetic(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn fuel_memory(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn fuel_control(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn fuel_calls(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn syscall_entry(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn load_code(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(60_000, 1).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn copy(n: u32, ) -> Weight {
		Weight::from_parts(100_000, 0)
			.saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
	}
	fn storage_read(n: u32, ) -> Weight {
		Weight::from_parts(3_000_000, 300)
			.saturating_add(Weight::from_parts(1_000, 1).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	fn storage_write(n: u32, ) -> Weight {
		Weight::from_parts(6_000_000, 600)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn log(t: u32, n: u32, ) -> Weight {
		Weight::from_parts(5_000_000, 0)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(t.into()))
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn balance_of() -> Weight {
		Weight::from_parts(3_000_000, 200)
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	fn transfer() -> Weight {
		Weight::from_parts(30_000_000, 400)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn call_base(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 1_000)
			.saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
	}
	fn terminate(k: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn hash_blake2_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
	}
	fn hash_keccak_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(n.into()))
	}
	fn hash_sha2_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(6_000, 0).saturating_mul(n.into()))
	}
	fn ecdsa_recover() -> Weight {
		Weight::from_parts(100_000_000, 0)
	}
	fn sr25519_verify(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 0)
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
	}
	fn ed25519_verify(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 0)
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
	}
}

/// For tests: the same weights with RocksDB's database weights.
impl WeightInfo for () {
	fn upload_code(c: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 3_000)
			.saturating_add(Weight::from_parts(150_000, 1).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn instantiate() -> Weight {
		Weight::from_parts(150_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn call() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn dao_call() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_code() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn register_engine() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn set_engine_status() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn fuel_arithmetic(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn fuel_memory(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn fuel_control(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn fuel_calls(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn syscall_entry(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn load_code(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(60_000, 1).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn copy(n: u32, ) -> Weight {
		Weight::from_parts(100_000, 0)
			.saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
	}
	fn storage_read(n: u32, ) -> Weight {
		Weight::from_parts(3_000_000, 300)
			.saturating_add(Weight::from_parts(1_000, 1).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
	}
	fn storage_write(n: u32, ) -> Weight {
		Weight::from_parts(6_000_000, 600)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn log(t: u32, n: u32, ) -> Weight {
		Weight::from_parts(5_000_000, 0)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(t.into()))
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn balance_of() -> Weight {
		Weight::from_parts(3_000_000, 200)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
	}
	fn transfer() -> Weight {
		Weight::from_parts(30_000_000, 400)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn call_base(n: u32, ) -> Weight {
		Weight::from_parts(30_000_000, 1_000)
			.saturating_add(Weight::from_parts(300, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
	}
	fn terminate(k: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn hash_blake2_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
	}
	fn hash_keccak_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(5_000, 0).saturating_mul(n.into()))
	}
	fn hash_sha2_256(n: u32, ) -> Weight {
		Weight::from_parts(2_000_000, 0)
			.saturating_add(Weight::from_parts(6_000, 0).saturating_mul(n.into()))
	}
	fn ecdsa_recover() -> Weight {
		Weight::from_parts(100_000_000, 0)
	}
	fn sr25519_verify(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 0)
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
	}
	fn ed25519_verify(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 0)
			.saturating_add(Weight::from_parts(3_000, 0).saturating_mul(n.into()))
	}
}
