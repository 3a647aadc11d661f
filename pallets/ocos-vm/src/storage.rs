//! What the pallet keeps per code and per contract, how contract addresses are derived, contract
//! key/value storage, and the storage deposits that pay for it all.
//!
//! Deposits: whoever makes state grow pays for it, per item and per byte, and gets it back when
//! the state is freed. Code deposits are held on the uploader's account; contract storage deposits
//! are moved to the contract's account and held there, so they follow the contract.

use crate::{
	engine::CodeShape, registry::EngineId, AccountIdOf, BalanceOf, CodeInfoOf, Config, ContractInfoOf, ContractStorage,
	DeletionQueue, DeletionQueueCounter, Event, HoldReason, Pallet, PristineCode, WeightInfo,
};
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	dispatch::DispatchResult,
	traits::{fungible::MutateHold, DefensiveSaturating, Get},
	weights::Weight,
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
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
	/// What the code turns into when loaded, as its engine measured it.
	pub shape: CodeShape,
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
	/// The shape of that code, copied here so a call can charge for loading it first.
	pub shape: CodeShape,
	/// The number of keys in the contract's storage.
	pub storage_items: u32,
	/// The bytes of all keys and values in the contract's storage.
	pub storage_bytes: u32,
	/// The storage deposit held on the contract's account.
	pub storage_deposit: BalanceOf<T>,
}

impl<T: Config> ContractInfo<T> {
	/// A new contract with empty storage and no deposit held yet.
	pub fn new(code_hash: CodeHash, engine: EngineId, shape: CodeShape) -> Self {
		Self { code_hash, engine, shape, storage_items: 0, storage_bytes: 0, storage_deposit: 0u32.into() }
	}

	/// The items and bytes the contract stores.
	pub fn usage(&self) -> StorageUsage {
		StorageUsage { items: self.storage_items, bytes: self.storage_bytes }
	}

	/// Counts the items and bytes `delta` adds or removes. The call stack refuses a write whose
	/// change would not fit ([`StorageUsage::after`]), so the counts never saturate.
	pub fn apply(&mut self, delta: StorageDelta) {
		let usage = self.usage().after(delta).unwrap_or(StorageUsage { items: u32::MAX, bytes: u32::MAX });
		self.storage_items = usage.items;
		self.storage_bytes = usage.bytes;
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

/// How many items and bytes of keys and values a contract stores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StorageUsage {
	/// Keys stored.
	pub items: u32,
	/// Bytes of keys and values stored.
	pub bytes: u32,
}

impl StorageUsage {
	/// The usage after `delta`, or `None` when a count would leave the range of a `u32`.
	pub fn after(self, delta: StorageDelta) -> Option<StorageUsage> {
		let add = |count: u32, change: i64| u32::try_from(i64::from(count).checked_add(change)?).ok();
		Some(StorageUsage { items: add(self.items, delta.items)?, bytes: add(self.bytes, delta.bytes)? })
	}
}

/// How writes change a contract's stored items and bytes of keys and values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StorageDelta {
	/// Items added (negative: removed).
	pub items: i64,
	/// Bytes added (negative: removed).
	pub bytes: i64,
}

impl StorageDelta {
	/// The change of replacing the value of `old_len` bytes (`None`: no value) under a key of
	/// `key_len` bytes with one of `new_len` bytes (`None`: removing it).
	pub fn of_write(key_len: u32, old_len: Option<u32>, new_len: Option<u32>) -> Self {
		let size = |len: Option<u32>| len.map_or((0, 0), |len| (1, i64::from(key_len) + i64::from(len)));
		let ((old_items, old_bytes), (new_items, new_bytes)) = (size(old_len), size(new_len));
		Self { items: new_items - old_items, bytes: new_bytes - old_bytes }
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

/// Stores `code` under `code_hash` for `engine`, holding `deposit` from `owner`, and announces it
/// ([`Event::CodeStored`]). The hold's error leaves nothing stored; the caller checked the code
/// and that nothing is stored under its hash.
pub fn insert_code<T: Config>(
	owner: AccountIdOf<T>,
	code_hash: CodeHash,
	code: BoundedVec<u8, T::MaxCodeLen>,
	engine: EngineId,
	shape: CodeShape,
	deposit: BalanceOf<T>,
) -> DispatchResult {
	T::Currency::hold(&HoldReason::CodeUploadDeposit.into(), &owner, deposit)?;
	PristineCode::<T>::insert(code_hash, code);
	CodeInfoOf::<T>::insert(code_hash, CodeInfo { owner: owner.clone(), engine, shape, refcount: 0, deposit });
	Pallet::<T>::deposit_event(Event::CodeStored { code_hash, engine, owner, deposit });
	Ok(())
}

/// Places the contract `address` running `info`'s code: its info, its address mapping and one
/// more user of its code. The caller endows the account.
pub fn place_contract<T: Config>(address: &AccountIdOf<T>, info: &ContractInfo<T>) {
	ContractInfoOf::<T>::insert(address, info);
	crate::address::map::<T>(address);
	add_code_user::<T>(info.code_hash);
}

/// Counts one more contract running the code `code_hash`.
pub fn add_code_user<T: Config>(code_hash: CodeHash) {
	update_code_users::<T>(code_hash, |users| users.defensive_saturating_inc());
}

/// Counts one contract fewer running the code `code_hash`.
pub fn remove_code_user<T: Config>(code_hash: CodeHash) {
	update_code_users::<T>(code_hash, |users| users.defensive_saturating_dec());
}

/// Applies `update` to the count of contracts running `code_hash`, which is stored while any does.
fn update_code_users<T: Config>(code_hash: CodeHash, update: impl FnOnce(&mut u64)) {
	CodeInfoOf::<T>::mutate(code_hash, |code| match code {
		Some(code) => update(&mut code.refcount),
		None => {
			frame_support::defensive!("a contract's code has no info");
		}
	});
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

/// Stores `value` under `key` (or removes the key for `None`). The contract's info is not
/// touched: the call stack counts the change and settles it once
/// ([`Stack::set_storage`](crate::exec::Stack::set_storage)).
pub fn write<T: Config>(contract: &AccountIdOf<T>, key: ContractKey<T>, value: Option<ContractValue<T>>) {
	match value {
		Some(value) => ContractStorage::<T>::insert(contract, &key, value),
		None => ContractStorage::<T>::remove(contract, &key),
	}
}

/// The positions of the deletion queue: the next slot to fill and the next to work off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct QueuePositions {
	/// Where the next terminated contract is queued.
	pub insert: u32,
	/// The oldest queued contract, whose storage is deleted next.
	pub delete: u32,
}

/// Queues the storage of `contract`, which terminated, for deletion. A contract's storage can be
/// larger than one block can delete, so it is deleted in `on_idle`, a part per block, and the
/// address stays taken until it is gone.
pub fn queue_deletion<T: Config>(contract: &AccountIdOf<T>) {
	DeletionQueueCounter::<T>::mutate(|positions| {
		DeletionQueue::<T>::insert(positions.insert, contract);
		positions.insert = positions.insert.wrapping_add(1);
	});
}

/// Deletes queued storage, oldest first, within `limit`; returns the weight used. A contract
/// whose storage does not fit is resumed in the next block.
pub fn work_off_deletion_queue<T: Config>(limit: Weight) -> Weight {
	let base = T::WeightInfo::delete_queued(0);
	// The benchmark's database tracking does not see the keys a prefix removal deletes: each one
	// is a database write.
	let per_key = crate::gas::marginal(T::WeightInfo::delete_queued, 1)
		.saturating_add(<T as frame_system::Config>::DbWeight::get().writes(1));
	let mut used = Weight::zero();
	loop {
		let left = limit.saturating_sub(used).saturating_sub(base);
		let keys =
			[left.ref_time().checked_div(per_key.ref_time()), left.proof_size().checked_div(per_key.proof_size())]
				.into_iter()
				.flatten()
				.min()
				.unwrap_or(u64::MAX);
		if !limit.saturating_sub(used).all_gte(base) || keys == 0 {
			return used;
		}
		let mut positions = DeletionQueueCounter::<T>::get();
		let Some(contract) = DeletionQueue::<T>::get(positions.delete) else {
			return used;
		};
		let result = ContractStorage::<T>::clear_prefix(&contract, keys.min(u32::MAX.into()) as u32, None);
		// The limit counts keys deleted from the database; keys written in this block are deleted
		// too, from memory: every key seen or deleted is paid for.
		let deleted = result.loops.max(result.unique);
		used = used.saturating_add(base).saturating_add(per_key.saturating_mul(deleted.into()));
		if result.maybe_cursor.is_some() {
			// The rest waits for the next block: a prefix is cleared once per block.
			return used;
		}
		DeletionQueue::<T>::remove(positions.delete);
		positions.delete = positions.delete.wrapping_add(1);
		DeletionQueueCounter::<T>::put(positions);
	}
}
