//! A counter anyone increments.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[ocos_contract::contract]
pub mod counter {
	use ocos_contract::prelude::*;

	/// The count.
	const COUNT: Item<u64> = Item::new(b"count");

	/// Someone counted.
	#[event]
	#[derive(Debug, PartialEq)]
	pub struct Incremented {
		#[topic]
		pub by: AccountId,
		pub count: u64,
	}

	/// Starts counting at `start`.
	#[deploy]
	pub fn new(start: u64) {
		COUNT.set(&start);
	}

	/// Adds one and returns the new count.
	#[message]
	pub fn increment() -> u64 {
		let count = COUNT.get().unwrap_or_default() + 1;
		COUNT.set(&count);
		emit(&Incremented { by: caller(), count });
		count
	}

	/// The count.
	#[message(view)]
	pub fn get() -> u64 {
		COUNT.get().unwrap_or_default()
	}
}
