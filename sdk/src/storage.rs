//! Typed storage, declared as constants:
//!
//! ```ignore
//! const OWNER: Item<AccountId> = Item::new(b"owner");
//! const BALANCES: Map<AccountId, Balance> = Map::new(b"balances");
//! const HISTORY: Vector<Balance> = Vector::new(b"history");
//! ```
//!
//! Every key starts with the SCALE encoding of its name (its length, then its bytes), so no key of
//! one name can be a key of another: two items never collide, whatever their names. The
//! [`contract`](crate::contract) macro refuses two items of one name. Values are SCALE-encoded.

use crate::{buffer, env};
use codec::{Decode, Encode, Output};
use core::marker::PhantomData;

/// The longest name of a storage item, in bytes: its length then encodes in one byte.
pub const MAX_NAME_LEN: usize = 63;

/// Checks, when a storage constant is built (at compile time), that its name is short enough.
const fn checked_name(name: &'static [u8]) -> &'static [u8] {
	assert!(name.len() <= MAX_NAME_LEN, "a storage item's name is at most 63 bytes");
	name
}

/// Lends the key of entry `key` of the storage item `name` to `with`.
fn with_key<R>(name: &[u8], key: &(impl Encode + ?Sized), with: impl FnOnce(&[u8]) -> R) -> R {
	buffer::with_written(
		|writer| {
			// The SCALE encoding of `name`: its length as a one-byte compact, then its bytes.
			writer.push_byte((name.len() as u8) << 2);
			writer.write(name);
			key.encode_to(writer);
		},
		with,
	)
}

/// The value stored under `key`. A value that does not decode as `T` is a fault of the
/// contract's own code (a type changed under a name), and traps.
fn get<T: Decode>(key: &[u8]) -> Option<T> {
	env::get_storage(key, |value| {
		value.map(|mut bytes| {
			crate::decode::decode_from(&mut bytes).unwrap_or_else(|_| crate::fault("a stored value does not decode"))
		})
	})
}

/// Stores `value` under `key`.
fn set(key: &[u8], value: &(impl Encode + ?Sized)) {
	buffer::with_encoded(value, |value| env::set_storage(key, value));
}

/// One value of type `T`.
pub struct Item<T> {
	name: &'static [u8],
	_value: PhantomData<fn() -> T>,
}

impl<T: Encode + Decode> Item<T> {
	/// The item stored under `name`.
	pub const fn new(name: &'static [u8]) -> Self {
		Self { name: checked_name(name), _value: PhantomData }
	}

	/// Lends the item's key to `with`.
	pub fn with_key<R>(&self, with: impl FnOnce(&[u8]) -> R) -> R {
		with_key(self.name, &(), with)
	}

	/// The stored value.
	#[inline(never)]
	pub fn get(&self) -> Option<T> {
		self.with_key(get)
	}

	/// Stores `value`.
	#[inline(never)]
	pub fn set(&self, value: &T) {
		self.with_key(|key| set(key, value))
	}

	/// Removes the value.
	pub fn remove(&self) {
		self.with_key(env::remove_storage);
	}

	/// Whether a value is stored.
	pub fn exists(&self) -> bool {
		self.with_key(env::storage_len).is_some()
	}
}

/// Values of type `V` by keys of type `K`.
pub struct Map<K, V> {
	name: &'static [u8],
	_entries: PhantomData<fn() -> (K, V)>,
}

impl<K: Encode, V: Encode + Decode> Map<K, V> {
	/// The map stored under `name`.
	pub const fn new(name: &'static [u8]) -> Self {
		Self { name: checked_name(name), _entries: PhantomData }
	}

	/// Lends the storage key of `key`'s entry to `with`.
	pub fn with_key<R>(&self, key: &K, with: impl FnOnce(&[u8]) -> R) -> R {
		with_key(self.name, key, with)
	}

	/// The value under `key`.
	#[inline(never)]
	pub fn get(&self, key: &K) -> Option<V> {
		self.with_key(key, get)
	}

	/// Stores `value` under `key`.
	#[inline(never)]
	pub fn insert(&self, key: &K, value: &V) {
		self.with_key(key, |key| set(key, value))
	}

	/// Removes the value under `key`.
	pub fn remove(&self, key: &K) {
		self.with_key(key, env::remove_storage);
	}

	/// Whether a value is stored under `key`.
	pub fn contains(&self, key: &K) -> bool {
		self.with_key(key, env::storage_len).is_some()
	}
}

/// A list of values of type `T`, each stored under its own key and loaded only when read: its
/// length under the list's key, item `i` under the key and `i`.
pub struct Vector<T> {
	name: &'static [u8],
	_items: PhantomData<fn() -> T>,
}

impl<T: Encode + Decode> Vector<T> {
	/// The list stored under `name`.
	pub const fn new(name: &'static [u8]) -> Self {
		Self { name: checked_name(name), _items: PhantomData }
	}

	/// Lends the key of the list's length to `with`.
	fn with_length_key<R>(&self, with: impl FnOnce(&[u8]) -> R) -> R {
		with_key(self.name, &(), with)
	}

	/// Lends the key of item `index` to `with`.
	fn with_item_key<R>(&self, index: u32, with: impl FnOnce(&[u8]) -> R) -> R {
		with_key(self.name, &index, with)
	}

	/// How many items the list holds.
	pub fn len(&self) -> u32 {
		self.with_length_key(get).unwrap_or(0)
	}

	/// Whether the list is empty.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Item `index`, if the list is that long.
	pub fn get(&self, index: u32) -> Option<T> {
		(index < self.len()).then(|| self.with_item_key(index, get)).flatten()
	}

	/// Replaces item `index`; `false` if the list is not that long.
	pub fn set(&self, index: u32, value: &T) -> bool {
		let exists = index < self.len();
		if exists {
			self.with_item_key(index, |key| set(key, value));
		}
		exists
	}

	/// Appends `value`; returns its index.
	pub fn push(&self, value: &T) -> u32 {
		let index = self.len();
		self.with_item_key(index, |key| set(key, value));
		self.with_length_key(|key| set(key, &(index + 1)));
		index
	}

	/// Removes and returns the last item.
	pub fn pop(&self) -> Option<T> {
		let index = self.len().checked_sub(1)?;
		let value = self.with_item_key(index, |key| {
			let value = get(key);
			env::remove_storage(key);
			value
		});
		self.with_length_key(|key| set(key, &index));
		value
	}

	/// The items, read one by one as the iterator reaches them.
	pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
		(0..self.len()).filter_map(move |index| self.with_item_key(index, get))
	}
}
