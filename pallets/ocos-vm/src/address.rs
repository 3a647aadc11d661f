//! The 20-byte addresses EVM code sees, and the accounts behind them.
//!
//! Every account has one: an account whose last 12 bytes are `0xEE` (an Ethereum-derived
//! account) is the address in its first 20 bytes, and any other account is the last 20 bytes of
//! its Keccak-256 hash. A hash cannot be reversed, so the chain keeps the way back
//! ([`OriginalAccount`](crate::OriginalAccount)) for every contract, of every engine, from its
//! instantiation until it terminates: EVM code reaches a WebAssembly contract by its address; and
//! for every account that asked ([`Pallet::map_account`](crate::Pallet::map_account), with a
//! deposit). An address the chain does not know stands for its Ethereum-derived account,
//! `address ++ [0xEE; 12]`, which is where value sent to it goes.

use crate::{
	storage::{account_from_bytes, account_to_bytes},
	AccountIdOf, Config, OriginalAccount,
};
use ocos_vm_uapi::ETH_DERIVED_SUFFIX;
use sp_core::H160;

/// The address EVM code sees for `account`.
pub fn to_address<T: Config>(account: &AccountIdOf<T>) -> H160 {
	let bytes = account_to_bytes::<T>(account);
	if bytes[20..] == ETH_DERIVED_SUFFIX {
		H160::from_slice(&bytes[..20])
	} else {
		H160::from_slice(&sp_io::hashing::keccak_256(&bytes)[12..])
	}
}

/// The account behind `address`: the contract (or mapped account) that has it, or else its
/// Ethereum-derived account.
pub fn to_account<T: Config>(address: &H160) -> AccountIdOf<T> {
	OriginalAccount::<T>::get(address).unwrap_or_else(|| eth_derived_account::<T>(address))
}

/// The account `address ++ [0xEE; 12]`.
pub fn eth_derived_account<T: Config>(address: &H160) -> AccountIdOf<T> {
	let mut bytes = [0xEE; 32];
	bytes[..20].copy_from_slice(address.as_bytes());
	account_from_bytes::<T>(&bytes).expect("integrity_test checks that every 32 bytes decode to an account; qed")
}

/// The bytes an entry of `OriginalAccount` takes: a 20-byte address and a 32-byte account.
pub const MAPPING_BYTES: u32 = 52;

/// The deposit an account's own mapping ([`Pallet::map_account`](crate::Pallet::map_account))
/// holds: an item of [`MAPPING_BYTES`].
pub fn mapping_deposit<T: Config>() -> crate::BalanceOf<T> {
	use frame_support::traits::Get;
	use sp_runtime::traits::Saturating;
	T::DepositPerItem::get().saturating_add(T::DepositPerByte::get().saturating_mul(MAPPING_BYTES.into()))
}

/// Records the way back from `account`'s address, for a new contract.
pub fn map<T: Config>(account: &AccountIdOf<T>) {
	let address = to_address::<T>(account);
	if eth_derived_account::<T>(&address) != *account {
		OriginalAccount::<T>::insert(address, account);
	}
}

/// Forgets the way back from `account`'s address, for a terminated contract.
pub fn unmap<T: Config>(account: &AccountIdOf<T>) {
	OriginalAccount::<T>::remove(to_address::<T>(account));
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::mock::{ExtBuilder, Test};
	use sp_runtime::AccountId32;

	#[test]
	fn an_eth_derived_account_and_its_address_map_both_ways_without_storage() {
		ExtBuilder::default().build().execute_with(|| {
			let address = H160::repeat_byte(0x42);
			let account = eth_derived_account::<Test>(&address);
			assert_eq!(to_address::<Test>(&account), address);
			assert_eq!(to_account::<Test>(&address), account);
		});
	}

	#[test]
	fn a_native_account_has_a_hashed_address_that_leads_back_once_mapped() {
		ExtBuilder::default().build().execute_with(|| {
			let account = AccountId32::new([7; 32]);
			let address = to_address::<Test>(&account);
			assert_eq!(address.as_bytes(), &sp_io::hashing::keccak_256(&[7; 32])[12..]);
			assert_eq!(to_account::<Test>(&address), eth_derived_account::<Test>(&address));
			map::<Test>(&account);
			assert_eq!(to_account::<Test>(&address), account);
			unmap::<Test>(&account);
			assert_eq!(to_account::<Test>(&address), eth_derived_account::<Test>(&address));
		});
	}
}
