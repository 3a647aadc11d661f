//! The precompiled contracts EVM code can call: `ecrecover` (0x01), `sha256` (0x02), `ripemd160`
//! (0x03) and `identity` (0x04), each charged its benchmarked weight before it runs. A call to
//! another precompile address (0x05 to 0x11: `modexp`, the BN254 and BLS12-381 curves, `blake2f`,
//! the point evaluation) fails: the `CALL` returns 0.

use crate::{runtime_cost::RuntimeCost, Config};
use alloc::vec::Vec;
use frame_support::weights::Weight;
use revm_interpreter::primitives::Address;

/// A precompiled contract, by its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precompile {
	/// 0x01: the address that signed a message hash.
	EcRecover,
	/// 0x02: SHA2-256.
	Sha256,
	/// 0x03: RIPEMD-160, left-padded to 32 bytes.
	Ripemd160,
	/// 0x04: the input, unchanged.
	Identity,
	/// 0x05 to 0x11: precompiles the engine does not have.
	Unsupported,
}

/// The highest address Ethereum has a precompile at (0x11, BLS12-381 `MAP_FP2_TO_G2`).
const LAST_PRECOMPILE: u8 = 0x11;

impl Precompile {
	/// The precompile at `address`, if it is one.
	pub fn at(address: &Address) -> Option<Self> {
		let (zeros, last) = address.0.split_at(19);
		if zeros.iter().any(|byte| *byte != 0) {
			return None;
		}
		Some(match last[0] {
			0 => return None,
			1 => Precompile::EcRecover,
			2 => Precompile::Sha256,
			3 => Precompile::Ripemd160,
			4 => Precompile::Identity,
			5..=LAST_PRECOMPILE => Precompile::Unsupported,
			_ => return None,
		})
	}

	/// What running it on `input_len` bytes costs, or `None` when it cannot run.
	pub fn weight<T: Config>(self, input_len: u32) -> Option<Weight> {
		Some(match self {
			// The signer's address is the Keccak-256 of its 64-byte public key.
			Precompile::EcRecover => {
				RuntimeCost::EcdsaRecover.weight::<T>().saturating_add(RuntimeCost::Keccak256(64).weight::<T>())
			}
			Precompile::Sha256 => RuntimeCost::Sha2_256(input_len).weight::<T>(),
			Precompile::Ripemd160 => RuntimeCost::Ripemd160(input_len).weight::<T>(),
			Precompile::Identity => RuntimeCost::Copy(input_len).weight::<T>(),
			Precompile::Unsupported => return None,
		})
	}

	/// Its output for `input`, as on Ethereum.
	pub fn run(self, input: &[u8]) -> Vec<u8> {
		match self {
			Precompile::EcRecover => ec_recover(input),
			Precompile::Sha256 => sp_io::hashing::sha2_256(input).to_vec(),
			Precompile::Ripemd160 => ripemd_160(input).to_vec(),
			Precompile::Identity | Precompile::Unsupported => input.to_vec(),
		}
	}
}

/// The address (left-padded to 32 bytes) that signed the hash, from `hash ++ v ++ r ++ s`, each a
/// 32-byte word, the input zero-padded to 128 bytes; empty when the signature does not recover.
fn ec_recover(input: &[u8]) -> Vec<u8> {
	let mut words = [0u8; 128];
	let len = input.len().min(128);
	words[..len].copy_from_slice(&input[..len]);
	let v = words[63];
	if words[32..63].iter().any(|byte| *byte != 0) || !(v == 27 || v == 28) {
		return Vec::new();
	}
	let mut signature = [0u8; 65];
	signature[..64].copy_from_slice(&words[64..128]);
	signature[64] = v - 27;
	let hash: [u8; 32] = words[..32].try_into().expect("32 bytes; qed");
	match sp_io::crypto::secp256k1_ecdsa_recover(&signature, &hash) {
		Ok(public_key) => {
			let mut address = sp_io::hashing::keccak_256(&public_key);
			address[..12].fill(0);
			address.to_vec()
		}
		Err(_) => Vec::new(),
	}
}

/// RIPEMD-160 of `input`, left-padded to a 32-byte word.
pub fn ripemd_160(input: &[u8]) -> [u8; 32] {
	use ripemd::Digest;
	let mut word = [0u8; 32];
	word[12..].copy_from_slice(&ripemd::Ripemd160::digest(input));
	word
}

#[cfg(test)]
mod tests {
	use super::*;

	fn at(last: u8) -> Address {
		let mut address = [0u8; 20];
		address[19] = last;
		Address::from(address)
	}

	#[test]
	fn precompiles_are_found_at_their_addresses_only() {
		assert_eq!(Precompile::at(&at(1)), Some(Precompile::EcRecover));
		assert_eq!(Precompile::at(&at(4)), Some(Precompile::Identity));
		assert_eq!(Precompile::at(&at(0x11)), Some(Precompile::Unsupported));
		assert_eq!(Precompile::at(&at(0)), None);
		assert_eq!(Precompile::at(&at(0x12)), None);
		assert_eq!(Precompile::at(&Address::from([0x01; 20])), None);
	}

	#[test]
	fn the_hashes_match_their_published_test_vectors() {
		let sha = Precompile::Sha256.run(b"abc");
		assert_eq!(
			sp_core::bytes::to_hex(&sha, false),
			"0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
		);
		let ripemd = Precompile::Ripemd160.run(b"abc");
		assert_eq!(
			sp_core::bytes::to_hex(&ripemd, false),
			"0x0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc"
		);
		assert_eq!(Precompile::Identity.run(b"abc"), b"abc");
	}

	#[test]
	fn ecrecover_finds_the_signer_and_refuses_a_bad_v() {
		use sp_core::{ecdsa, Pair};
		let pair = ecdsa::Pair::from_seed(&[7; 32]);
		let hash = sp_io::hashing::keccak_256(b"message");
		let signature = pair.sign_prehashed(&hash);
		let mut input = hash.to_vec();
		let mut v = [0u8; 32];
		v[31] = signature.0[64] + 27;
		input.extend(v);
		input.extend(&signature.0[..64]);
		sp_io::TestExternalities::default().execute_with(|| {
			let uncompressed = sp_io::crypto::secp256k1_ecdsa_recover(&signature.0, &hash).ok().expect("it recovers");
			let mut expected = sp_io::hashing::keccak_256(&uncompressed);
			expected[..12].fill(0);
			assert_eq!(Precompile::EcRecover.run(&input), expected.to_vec());
			input[63] = 29;
			assert_eq!(Precompile::EcRecover.run(&input), Vec::<u8>::new());
		});
	}
}
