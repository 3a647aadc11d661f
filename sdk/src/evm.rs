//! Calling EVM contracts (Solidity compiled by solc) from a Rust contract: their 20-byte addresses
//! and their ABI. An EVM contract is called like any other, with [`call_raw`], whose input is the
//! ABI's calldata and whose output (or revert data) is ABI-encoded:
//!
//! ```ignore
//! use ocos_contract::evm::{self, Address, Calldata};
//!
//! const TRANSFER: [u8; 4] = evm::selector("transfer(address,uint256)");
//!
//! let input = Calldata::new(TRANSFER).arg(&Address::of(&to)).arg(&amount).finish();
//! let output = call_raw(&token, &input, 0, 0)?;
//! let sent: Option<bool> = evm::decode(&output, 0);
//! ```
//!
//! Selectors bound to a `const` are computed at compile time ([`selector`] is a `const fn`): no
//! syscall and no gas, and the same code in a contract, a test or a client. Addresses are derived
//! as the chain derives them ([`Address::of`]).
//!
//! [`call_raw`]: crate::call::call_raw

use crate::AccountId;
use alloc::{string::String, vec::Vec};

/// The address EVM code sees for an account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address(pub [u8; 20]);

impl Address {
	/// The address of `account`, as the chain maps it: an Ethereum-derived account (its last 12
	/// bytes `0xEE`) is the address in its first 20 bytes, any other account the last 20 bytes of
	/// its Keccak-256 hash.
	///
	/// In a contract the hash is the chain's (the `hash_keccak_256` syscall, cheaper than hashing
	/// in the contract); elsewhere it is [`keccak_256`].
	pub fn of(account: &AccountId) -> Self {
		let mut address = [0u8; 20];
		if account.0[20..] == ocos_vm_uapi::ETH_DERIVED_SUFFIX {
			address.copy_from_slice(&account.0[..20]);
		} else {
			#[cfg(target_arch = "wasm32")]
			let hash = crate::env::hash_keccak_256(&account.0);
			#[cfg(not(target_arch = "wasm32"))]
			let hash = keccak_256(&account.0);
			address.copy_from_slice(&hash[12..]);
		}
		Address(address)
	}
}

/// The 4-byte selector of a function with `signature` (`"transfer(address,uint256)"`): the first
/// bytes of its Keccak-256 hash.
pub const fn selector(signature: &str) -> [u8; 4] {
	let hash = keccak_256(signature.as_bytes());
	[hash[0], hash[1], hash[2], hash[3]]
}

/// The selector of the revert data `require(…, "message")` and `revert("message")` produce:
/// `Error(string)`.
pub const ERROR_SELECTOR: [u8; 4] = selector("Error(string)");

/// A value of an ABI type.
pub trait AbiEncode {
	/// Whether the value is encoded after the arguments' heads, which hold its offset.
	const DYNAMIC: bool;

	/// Appends the value's encoding: one 32-byte word for a static type; the length, then the
	/// bytes padded to whole words, for a dynamic one.
	fn encode_to(&self, out: &mut Vec<u8>);
}

/// A value of a static ABI type, read from one word.
pub trait AbiDecode: Sized {
	/// The value `word` holds, if it is a valid encoding of the type.
	fn decode_word(word: &[u8; 32]) -> Option<Self>;
}

/// Calldata under construction: a selector, then arguments encoded as the ABI lays them out.
pub struct Calldata {
	selector: Option<[u8; 4]>,
	/// One word per argument; a dynamic argument's holds the offset of its tail within `tails`.
	heads: Vec<Head>,
	tails: Vec<u8>,
}

enum Head {
	Word([u8; 32]),
	Tail(usize),
}

impl Calldata {
	/// Calldata of the function with `selector` and no arguments yet.
	pub fn new(selector: [u8; 4]) -> Self {
		Self { selector: Some(selector), heads: Vec::new(), tails: Vec::new() }
	}

	/// Arguments with no selector: what a constructor takes after the init code.
	pub fn arguments() -> Self {
		Self { selector: None, heads: Vec::new(), tails: Vec::new() }
	}

	/// Appends `value` as the next argument.
	pub fn arg<V: AbiEncode + ?Sized>(mut self, value: &V) -> Self {
		if V::DYNAMIC {
			self.heads.push(Head::Tail(self.tails.len()));
			value.encode_to(&mut self.tails);
		} else {
			let mut word = Vec::with_capacity(32);
			value.encode_to(&mut word);
			self.heads.push(Head::Word(word.try_into().unwrap_or_else(|_| crate::fault("an ABI word is 32 bytes"))));
		}
		self
	}

	/// The calldata: the selector, the heads, the tails.
	pub fn finish(self) -> Vec<u8> {
		let heads_len = 32 * self.heads.len();
		let mut data = Vec::with_capacity(4 + heads_len + self.tails.len());
		data.extend(self.selector.iter().flatten());
		for head in self.heads {
			match head {
				Head::Word(word) => data.extend_from_slice(&word),
				Head::Tail(offset) => data.extend_from_slice(&uint_word((heads_len + offset) as u128)),
			}
		}
		data.extend_from_slice(&self.tails);
		data
	}
}

/// The static value in word `index` of ABI-encoded `data` (a function's output, or an event's
/// data); `None` when `data` is too short or the word is not a valid `T`.
pub fn decode<T: AbiDecode>(data: &[u8], index: usize) -> Option<T> {
	T::decode_word(&word_at(data, index.checked_mul(32)?)?)
}

/// The bytes of the dynamic value (`bytes` or `string`) whose offset is in word `index` of
/// ABI-encoded `data`.
pub fn decode_bytes(data: &[u8], index: usize) -> Option<&[u8]> {
	let start: usize = decode::<u64>(data, index)?.try_into().ok()?;
	let len: usize = u64::decode_word(&word_at(data, start)?)?.try_into().ok()?;
	data.get(start.checked_add(32)?..)?.get(..len)
}

/// The message of revert data made by `require(…, "message")` or `revert("message")`.
pub fn revert_message(revert_data: &[u8]) -> Option<String> {
	let arguments = revert_data.strip_prefix(&ERROR_SELECTOR[..])?;
	String::from_utf8(decode_bytes(arguments, 0)?.to_vec()).ok()
}

fn word_at(data: &[u8], at: usize) -> Option<[u8; 32]> {
	data.get(at..at.checked_add(32)?)?.try_into().ok()
}

/// `value` as a big-endian 256-bit word.
fn uint_word(value: u128) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[16..].copy_from_slice(&value.to_be_bytes());
	word
}

/// `uint8` to `uint128`: encoded big-endian; decoded only when the word fits the type.
macro_rules! uint {
	($($uint:ty),*) => {$(
		impl AbiEncode for $uint {
			const DYNAMIC: bool = false;

			fn encode_to(&self, out: &mut Vec<u8>) {
				out.extend_from_slice(&uint_word(*self as u128));
			}
		}

		impl AbiDecode for $uint {
			fn decode_word(word: &[u8; 32]) -> Option<Self> {
				const LEN: usize = core::mem::size_of::<$uint>();
				if word[..32 - LEN].iter().any(|byte| *byte != 0) {
					return None;
				}
				Some(<$uint>::from_be_bytes(word[32 - LEN..].try_into().ok()?))
			}
		}
	)*};
}

uint!(u8, u16, u32, u64, u128);

impl AbiEncode for bool {
	const DYNAMIC: bool = false;

	fn encode_to(&self, out: &mut Vec<u8>) {
		out.extend_from_slice(&uint_word(*self as u128));
	}
}

impl AbiDecode for bool {
	fn decode_word(word: &[u8; 32]) -> Option<Self> {
		match u8::decode_word(word)? {
			0 => Some(false),
			1 => Some(true),
			_ => None,
		}
	}
}

impl AbiEncode for Address {
	const DYNAMIC: bool = false;

	fn encode_to(&self, out: &mut Vec<u8>) {
		out.extend_from_slice(&[0; 12]);
		out.extend_from_slice(&self.0);
	}
}

impl AbiDecode for Address {
	fn decode_word(word: &[u8; 32]) -> Option<Self> {
		if word[..12].iter().any(|byte| *byte != 0) {
			return None;
		}
		Some(Address(word[12..].try_into().ok()?))
	}
}

/// `bytes32` and `uint256`, as their 32 big-endian bytes.
impl AbiEncode for [u8; 32] {
	const DYNAMIC: bool = false;

	fn encode_to(&self, out: &mut Vec<u8>) {
		out.extend_from_slice(self);
	}
}

impl AbiDecode for [u8; 32] {
	fn decode_word(word: &[u8; 32]) -> Option<Self> {
		Some(*word)
	}
}

/// `bytes`.
impl AbiEncode for [u8] {
	const DYNAMIC: bool = true;

	fn encode_to(&self, out: &mut Vec<u8>) {
		out.extend_from_slice(&uint_word(self.len() as u128));
		out.extend_from_slice(self);
		out.resize(out.len() + self.len().next_multiple_of(32) - self.len(), 0);
	}
}

/// `bytes`.
impl AbiEncode for Vec<u8> {
	const DYNAMIC: bool = true;

	fn encode_to(&self, out: &mut Vec<u8>) {
		self.as_slice().encode_to(out)
	}
}

/// `string`.
impl AbiEncode for String {
	const DYNAMIC: bool = true;

	fn encode_to(&self, out: &mut Vec<u8>) {
		self.as_str().encode_to(out)
	}
}

/// `string`.
impl AbiEncode for str {
	const DYNAMIC: bool = true;

	fn encode_to(&self, out: &mut Vec<u8>) {
		self.as_bytes().encode_to(out)
	}
}

/// The Keccak-256 hash of `input` (Ethereum's, with the original padding), computable at compile
/// time.
pub const fn keccak_256(input: &[u8]) -> [u8; 32] {
	const RATE: usize = 136;
	let mut state = [0u64; 25];
	let mut absorbed = 0;
	loop {
		let left = input.len() - absorbed;
		let take = if left < RATE { left } else { RATE };
		let mut block = [0u8; RATE];
		let mut i = 0;
		while i < take {
			block[i] = input[absorbed + i];
			i += 1;
		}
		let last = take < RATE;
		if last {
			block[take] ^= 0x01;
			block[RATE - 1] ^= 0x80;
		}
		let mut lane = 0;
		while lane < RATE / 8 {
			let mut bytes = [0u8; 8];
			let mut byte = 0;
			while byte < 8 {
				bytes[byte] = block[lane * 8 + byte];
				byte += 1;
			}
			state[lane] ^= u64::from_le_bytes(bytes);
			lane += 1;
		}
		state = keccak_f(state);
		absorbed += take;
		if last {
			break;
		}
	}
	let mut hash = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		hash[i] = state[i / 8].to_le_bytes()[i % 8];
		i += 1;
	}
	hash
}

/// The Keccak-f[1600] permutation.
const fn keccak_f(mut a: [u64; 25]) -> [u64; 25] {
	const ROUND_CONSTANTS: [u64; 24] = [
		0x0000000000000001,
		0x0000000000008082,
		0x800000000000808a,
		0x8000000080008000,
		0x000000000000808b,
		0x0000000080000001,
		0x8000000080008081,
		0x8000000000008009,
		0x000000000000008a,
		0x0000000000000088,
		0x0000000080008009,
		0x000000008000000a,
		0x000000008000808b,
		0x800000000000008b,
		0x8000000000008089,
		0x8000000000008003,
		0x8000000000008002,
		0x8000000000000080,
		0x000000000000800a,
		0x800000008000000a,
		0x8000000080008081,
		0x8000000000008080,
		0x0000000080000001,
		0x8000000080008008,
	];
	// ρ's rotations and π's lanes, in the order π visits them from lane 1.
	const ROTATIONS: [u32; 24] =
		[1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
	const LANES: [usize; 24] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];
	let mut round = 0;
	while round < 24 {
		// θ
		let mut parity = [0u64; 5];
		let mut x = 0;
		while x < 5 {
			parity[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
			x += 1;
		}
		x = 0;
		while x < 5 {
			let d = parity[(x + 4) % 5] ^ parity[(x + 1) % 5].rotate_left(1);
			let mut y = 0;
			while y < 25 {
				a[y + x] ^= d;
				y += 5;
			}
			x += 1;
		}
		// ρ and π
		let mut carried = a[1];
		let mut i = 0;
		while i < 24 {
			let lane = LANES[i];
			let next = a[lane];
			a[lane] = carried.rotate_left(ROTATIONS[i]);
			carried = next;
			i += 1;
		}
		// χ
		let mut y = 0;
		while y < 25 {
			let row = [a[y], a[y + 1], a[y + 2], a[y + 3], a[y + 4]];
			x = 0;
			while x < 5 {
				a[y + x] = row[x] ^ (!row[(x + 1) % 5] & row[(x + 2) % 5]);
				x += 1;
			}
			y += 5;
		}
		// ι
		a[0] ^= ROUND_CONSTANTS[round];
		round += 1;
	}
	a
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn keccak_matches_known_hashes_across_block_boundaries() {
		let hex = |hash: [u8; 32]| hash.iter().map(|byte| alloc::format!("{byte:02x}")).collect::<String>();
		assert_eq!(hex(keccak_256(b"")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
		assert_eq!(hex(keccak_256(b"abc")), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
		// 135, 136 and 137 bytes: the padding in the block, filling it, and spilling into the next.
		for len in [135, 136, 137, 300] {
			let input: Vec<u8> = (0..len).map(|i| i as u8).collect();
			assert_eq!(keccak_256(&input), sp_crypto_hashing::keccak_256(&input), "{len} bytes");
		}
	}

	#[test]
	fn selectors_are_the_ones_solc_emits() {
		assert_eq!(selector("transfer(address,uint256)"), [0xa9, 0x05, 0x9c, 0xbb]);
		assert_eq!(selector("balanceOf(address)"), [0x70, 0xa0, 0x82, 0x31]);
		assert_eq!(ERROR_SELECTOR, [0x08, 0xc3, 0x79, 0xa0]);
	}

	#[test]
	fn calldata_lays_out_static_heads_and_dynamic_tails() {
		let to = Address([0x11; 20]);
		let data = Calldata::new([1, 2, 3, 4]).arg(&to).arg(&7u128).arg(&b"hello"[..]).arg(&true).finish();
		assert_eq!(&data[..4], &[1, 2, 3, 4]);
		let args = &data[4..];
		assert_eq!(args.len(), 4 * 32 + 32 + 32);
		assert_eq!(decode::<Address>(args, 0), Some(to));
		assert_eq!(decode::<u128>(args, 1), Some(7));
		assert_eq!(decode::<u64>(args, 2), Some(128), "the tail starts after the four heads");
		assert_eq!(decode::<bool>(args, 3), Some(true));
		assert_eq!(decode_bytes(args, 2), Some(&b"hello"[..]));
		assert_eq!(Calldata::arguments().arg(&to).arg(&7u128).arg(&b"hello"[..]).arg(&true).finish(), args);
	}

	#[test]
	fn decoding_refuses_words_that_do_not_fit_and_short_data() {
		let mut word = [0u8; 32];
		word[0] = 1;
		assert_eq!(decode::<u128>(&word, 0), None);
		assert_eq!(decode::<u8>(&uint_word(256), 0), None);
		assert_eq!(decode::<bool>(&uint_word(2), 0), None);
		assert_eq!(decode::<Address>(&word, 0), None);
		assert_eq!(decode::<[u8; 32]>(&word, 0), Some(word));
		assert_eq!(decode::<u128>(&word[..31], 0), None);
		assert_eq!(decode::<u128>(&word, usize::MAX), None);
		assert_eq!(decode_bytes(&uint_word(u64::MAX as u128), 0), None);
	}

	#[test]
	fn revert_messages_decode_from_error_string() {
		let data = Calldata::new(ERROR_SELECTOR).arg("transfer to the zero address").finish();
		assert_eq!(revert_message(&data).as_deref(), Some("transfer to the zero address"));
		assert_eq!(revert_message(&data[4..]), None);
		let owned = Calldata::new(ERROR_SELECTOR).arg(&String::from("transfer to the zero address")).finish();
		assert_eq!(owned, data);
		assert_eq!(
			Calldata::arguments().arg(&b"abc".to_vec()).finish(),
			Calldata::arguments().arg(&b"abc"[..]).finish()
		);
	}

	#[test]
	fn addresses_are_derived_as_the_chain_derives_them() {
		let account = AccountId([7; 32]);
		assert_eq!(Address::of(&account).0[..], sp_crypto_hashing::keccak_256(&account.0)[12..]);
		let mut derived = [0u8; 32];
		derived[20..].copy_from_slice(&ocos_vm_uapi::ETH_DERIVED_SUFFIX);
		derived[..20].copy_from_slice(&[0x42; 20]);
		assert_eq!(Address::of(&AccountId(derived)), Address([0x42; 20]));
	}
}
