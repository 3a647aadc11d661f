//! What the pallet keeps per code and per contract, how contract addresses are derived, contract
//! key/value storage, and the storage deposits that pay for it all.
//!
//! Deposits: whoever makes state grow pays for it, per item and per byte, and gets it back when
//! the state is freed. Code deposits are held on the uploader's account; contract storage deposits
//! are moved to the contract's account and held there, so they follow the contract.

use crate::{registry::EngineId, AccountIdOf, BalanceOf, Config, ContractStorage};
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{traits::Saturating, SaturatedConversion};

/// The hash (BLAKE2b-256) that identifies uploaded code.
pub type CodeHash = H256;

/// A contract storage key, at most `MaxStorageKeyLen` bytes.
pub type ContractKey<T> = BoundedVec<u8, <T as Config>::MaxStorageKeyLen>;

/// A contract storage value, at most `MaxStorageValueLen` bytes.
pub type ContractValue<T> = BoundedVec<u8, <T as Config>::MaxStorageValueLen>;

/// What the chain knows about uploaded code.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
pub struct CodeInfo<T: Config> {
	/// Who uploaded the code and holds its deposit; only they may remove it.
	pub owner: AccountIdOf<T>,
	/// The engine the code was uploaded for and runs on.
	pub engine: EngineId,
	/// The code's length in bytes.
	pub code_len: u32,
	/// How many contracts run this code. Code in use cannot be removed.
	pub refcount: u64,
	/// The deposit held on the owner's account for the code.
	pub deposit: BalanceOf<T>,
}

/// What the chain knows about a contract.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
pub struct ContractInfo<T: Config> {
	/// The code the contract runs.
	pub code_hash: CodeHash,
	/// The engine of that code, copied here so a call reads one item to find it.
	pub engine: EngineId,
	/// The length of that code, copied here so a call can charge for loading it first.
	pub code_len: u32,
	/// The number of keys in the contract's storage.
	pub storage_items: u32,
	/// The bytes of all keys and values in the contract's storage.
	pub storage_bytes: u32,
	/// The storage deposit held on the contract's account.
	pub storage_deposit: BalanceOf<T>,
}

impl<T: Config> ContractInfo<T> {
	/// A new contract with empty storage and no deposit held yet.
	pub fn new(code_hash: CodeHash, engine: EngineId, code_len: u32) -> Self {
		Self { code_hash, engine, code_len, storage_items: 0, storage_bytes: 0, storage_deposit: 0u32.into() }
	}

	/// Counts the items and bytes `delta` adds or removes.
	pub fn apply(&mut self, delta: StorageDelta) {
		self.storage_items = self.storage_items.saturating_add_signed(delta.items);
		self.storage_bytes = self.storage_bytes.saturating_add_signed(delta.bytes);
	}

	/// The deposit the contract's state requires: one item for the contract itself plus its keys,
	/// and every byte of its keys and values.
	pub fn deposit_required(&self) -> BalanceOf<T> {
		let items = self.storage_items.saturating_add(1);
		T::DepositPerItem::get()
			.saturating_mul(items.into())
			.saturating_add(T::DepositPerByte::get().saturating_mul(self.storage_bytes.into()))
	}
}

/// How writes change a contract's stored items and bytes of keys and values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StorageDelta {
	/// Items added (negative: removed).
	pub items: i32,
	/// Bytes added (negative: removed).
	pub bytes: i32,
}

impl StorageDelta {
	/// The change of replacing the value of `old_len` bytes (`None`: no value) under a key of
	/// `key_len` bytes with one of `new_len` bytes (`None`: removing it).
	pub fn of_write(key_len: u32, old_len: Option<u32>, new_len: Option<u32>) -> Self {
		let size = |len: Option<u32>| len.map_or((0, 0), |len| (1, key_len.saturating_add(len) as i32));
		let ((old_items, old_bytes), (new_items, new_bytes)) = (size(old_len), size(new_len));
		Self { items: new_items - old_items, bytes: new_bytes.saturating_sub(old_bytes) }
	}

	/// Adds `other` to this change.
	pub fn accrue(&mut self, other: StorageDelta) {
		self.items = self.items.saturating_add(other.items);
		self.bytes = self.bytes.saturating_add(other.bytes);
	}

	/// Whether nothing changed.
	pub fn is_empty(&self) -> bool {
		*self == Self::default()
	}
}

/// The deposit uploading `code_len` bytes of code requires: one item and every byte.
pub fn code_deposit<T: Config>(code_len: u32) -> BalanceOf<T> {
	T::DepositPerItem::get().saturating_add(T::DepositPerByte::get().saturating_mul(code_len.into()))
}

/// The address of the contract `deployer` instantiates from `code_hash` with `salt`:
/// `blake2_256("ocos-vm:contract" ++ deployer ++ code_hash ++ salt)`. Deterministic, so a
/// deployer can know an address before instantiating, and the same triple cannot deploy twice.
pub fn contract_address<T: Config>(deployer: &AccountIdOf<T>, code_hash: &CodeHash, salt: &[u8]) -> AccountIdOf<T> {
	let preimage = (b"ocos-vm:contract", deployer, code_hash, salt).encode();
	let hash = sp_io::hashing::blake2_256(&preimage);
	account_from_bytes::<T>(&hash).expect("integrity_test checks that every 32 bytes decode to an account; qed")
}

/// The account encoded by 32 bytes, as contracts pass accounts.
pub fn account_from_bytes<T: Config>(bytes: &[u8; 32]) -> Option<AccountIdOf<T>> {
	AccountIdOf::<T>::decode(&mut &bytes[..]).ok()
}

/// The 32 bytes contracts see for an account.
pub fn account_to_bytes<T: Config>(account: &AccountIdOf<T>) -> [u8; 32] {
	let mut bytes = [0u8; 32];
	let encoded = account.encode();
	let len = encoded.len().min(32);
	bytes[..len].copy_from_slice(&encoded[..len]);
	bytes
}

/// The value stored under `key` by `contract`.
pub fn read<T: Config>(contract: &AccountIdOf<T>, key: &ContractKey<T>) -> Option<Vec<u8>> {
	ContractStorage::<T>::get(contract, key).map(|value| value.into_inner())
}

/// The length of the value stored under `key` by `contract`.
pub fn value_len<T: Config>(contract: &AccountIdOf<T>, key: &ContractKey<T>) -> Option<u32> {
	ContractStorage::<T>::decode_len(contract, key).map(|len| len.saturated_into())
}

/// Stores `value` under `key` (or removes the key for `None`); returns how the contract's items
/// and bytes changed, and the length of the value it replaced. The contract's info is not
/// touched: the call stack counts the changes and settles them once
/// ([`Stack::set_storage`](crate::exec::Stack::set_storage)).
pub fn write<T: Config>(
	contract: &AccountIdOf<T>,
	key: ContractKey<T>,
	value: Option<ContractValue<T>>,
) -> (StorageDelta, Option<u32>) {
	let old_len = value_len::<T>(contract, &key);
	let delta = StorageDelta::of_write(key.len() as u32, old_len, value.as_ref().map(|value| value.len() as u32));
	match value {
		Some(value) => ContractStorage::<T>::insert(contract, &key, value),
		None => ContractStorage::<T>::remove(contract, &key),
	}
	(delta, old_len)
}

/// Removes every key of `contract`; used when it terminates.
pub fn clear<T: Config>(contract: &AccountIdOf<T>) {
	let _ = ContractStorage::<T>::clear_prefix(contract, u32::MAX, None);
}
