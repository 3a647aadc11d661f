//! Every syscall of the ABI as a safe function: what a contract can ask the chain. The raw
//! imports come from [`ocos_vm_uapi::guest`], generated from the same table the chain links
//! against, so the two sides cannot drift.
//!
//! Variable-length results (the input, a stored value, a callee's output) arrive in the SDK's
//! buffer ([`crate::buffer`]) and are lent to a closure: reading them allocates nothing. Longer
//! ones than the buffer's free part trap the contract.

use crate::{buffer, AccountId, Balance};
use ocos_vm_uapi::{guest as sys, DaoContext, ReturnCode, SENTINEL};

/// Has the host write a variable-length result into the buffer and lends it to `with`: `write`
/// gets the ABI's `out_ptr` and `out_len_ptr` and says whether the host wrote a result.
fn read<R>(write: impl FnOnce(u32, u32) -> bool, with: impl FnOnce(Option<&[u8]>) -> R) -> R {
	buffer::with_filled(
		|free| {
			let mut len = free.len() as u32;
			// The host writes at most `len` bytes at the pointer, and their count at `&mut len`.
			write(free.as_mut_ptr() as u32, &mut len as *mut u32 as u32).then_some(len as usize)
		},
		with,
	)
}

/// Lends the input of the current call to `with`.
pub fn input<R>(with: impl FnOnce(&[u8]) -> R) -> R {
	read(
		|out, out_len| {
			// SAFETY: `out` and `out_len` come from `read`, which lends the memory they point at.
			unsafe { sys::input(out, out_len) };
			true
		},
		|input| with(input.unwrap_or_default()),
	)
}

/// Ends the call with `data` as its output; with `revert`, every change of the call is rolled
/// back.
pub fn return_value(revert: bool, data: &[u8]) -> ! {
	let flags = if revert { ocos_vm_uapi::return_flags::REVERT } else { 0 };
	// SAFETY: the pointer and length describe `data`, which lives through the call.
	unsafe { sys::return_(flags, data.as_ptr() as u32, data.len() as u32) };
	unreachable()
}

/// Stops the contract: the host never returns from `return` and `terminate`.
fn unreachable() -> ! {
	#[cfg(target_arch = "wasm32")]
	core::arch::wasm32::unreachable();
	#[cfg(not(target_arch = "wasm32"))]
	unreachable!("the host returned from a call that ends the contract")
}

/// Lends the value stored under `key` to `with`.
pub fn get_storage<R>(key: &[u8], with: impl FnOnce(Option<&[u8]>) -> R) -> R {
	read(
		|out, out_len| {
			// SAFETY: the key is live; `out` and `out_len` come from `read`.
			unsafe {
				sys::storage_get(key.as_ptr() as u32, key.len() as u32, out, out_len) == ReturnCode::Success.as_u32()
			}
		},
		with,
	)
}

/// The length of the value a storage syscall reports, `None` for none.
fn stored_len(len: u32) -> Option<u32> {
	(len != SENTINEL).then_some(len)
}

/// Stores `value` under `key`; returns the length of the value it replaced.
pub fn set_storage(key: &[u8], value: &[u8]) -> Option<u32> {
	// SAFETY: the pointers and lengths describe the live `key` and `value`.
	stored_len(unsafe {
		sys::storage_set(key.as_ptr() as u32, key.len() as u32, value.as_ptr() as u32, value.len() as u32)
	})
}

/// Removes the value under `key`; returns its length.
pub fn remove_storage(key: &[u8]) -> Option<u32> {
	// SAFETY: the pointer and length describe the live `key`.
	stored_len(unsafe { sys::storage_remove(key.as_ptr() as u32, key.len() as u32) })
}

/// The length of the value under `key`.
pub fn storage_len(key: &[u8]) -> Option<u32> {
	// SAFETY: the pointer and length describe the live `key`.
	stored_len(unsafe { sys::storage_contains(key.as_ptr() as u32, key.len() as u32) })
}

/// Emits a log with `topics` and `data` (the chain caps both).
pub fn log(topics: &[[u8; 32]], data: &[u8]) {
	// SAFETY: the topics are contiguous 32-byte arrays; the pointers and lengths are live.
	unsafe { sys::log(topics.as_ptr() as u32, topics.len() as u32, data.as_ptr() as u32, data.len() as u32) }
}

/// Reads a fixed-size value that `write` has the host write at the pointer it is given.
fn read_fixed<const N: usize>(write: impl FnOnce(u32)) -> [u8; N] {
	let mut bytes = core::mem::MaybeUninit::<[u8; N]>::uninit();
	write(bytes.as_mut_ptr() as u32);
	// SAFETY: every syscall read this way writes all `N` bytes at the pointer before it returns,
	// or traps and never returns (the syscall table's contract, which the chain implements).
	unsafe { bytes.assume_init() }
}

/// The account that called this contract: an account, another contract, or the DAO's account.
pub fn caller() -> AccountId {
	// SAFETY: the host writes 32 bytes at the pointer, to a 32-byte array.
	AccountId(read_fixed(|out| unsafe { sys::caller(out) }))
}

/// This contract's own account.
pub fn address() -> AccountId {
	// SAFETY: the host writes 32 bytes at the pointer, to a 32-byte array.
	AccountId(read_fixed(|out| unsafe { sys::address(out) }))
}

/// The value sent with this call.
pub fn value_transferred() -> Balance {
	// SAFETY: the host writes 16 bytes at the pointer, to a 16-byte array.
	Balance::from_le_bytes(read_fixed(|out| unsafe { sys::value_transferred(out) }))
}

/// This contract's free balance.
pub fn balance() -> Balance {
	// SAFETY: the host writes 16 bytes at the pointer, to a 16-byte array.
	Balance::from_le_bytes(read_fixed(|out| unsafe { sys::balance(out) }))
}

/// The free balance of `account`.
pub fn balance_of(account: &AccountId) -> Balance {
	let mut bytes = [0u8; 16];
	// SAFETY: the host reads 32 bytes at the account and writes 16 at `bytes`.
	unsafe { sys::balance_of(account.0.as_ptr() as u32, bytes.as_mut_ptr() as u32) };
	Balance::from_le_bytes(bytes)
}

/// A transfer the contract's free balance could not make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferFailed;

/// Sends `value` of this contract's free balance to `to`.
pub fn transfer(to: &AccountId, value: Balance) -> Result<(), TransferFailed> {
	let value = value.to_le_bytes();
	// SAFETY: the host reads 32 bytes at the account and 16 at the value.
	let code = unsafe { sys::transfer(to.0.as_ptr() as u32, value.as_ptr() as u32) };
	(code == ReturnCode::Success.as_u32()).then_some(()).ok_or(TransferFailed)
}

/// The current block's number.
pub fn block_number() -> u64 {
	// SAFETY: takes no pointer.
	unsafe { sys::block_number() }
}

/// The current block's timestamp, in milliseconds since the Unix epoch.
pub fn block_timestamp() -> u64 {
	// SAFETY: takes no pointer.
	unsafe { sys::block_timestamp() }
}

/// The gas (`ref_time`) this call has left.
pub fn gas_left() -> u64 {
	// SAFETY: takes no pointer.
	unsafe { sys::gas_left() }
}

/// Calls `callee` with `input`, sending `value`, with at most `gas_limit` (0: all that is left);
/// `allow_reentry` lets the callee call back. Lends the return code and the callee's output (empty
/// when it trapped or did not run) to `with`.
pub fn call<R>(
	callee: &AccountId,
	input: &[u8],
	value: Balance,
	gas_limit: u64,
	allow_reentry: bool,
	with: impl FnOnce(u32, &[u8]) -> R,
) -> R {
	let flags = if allow_reentry { ocos_vm_uapi::call_flags::ALLOW_REENTRY } else { 0 };
	let value = value.to_le_bytes();
	let code = core::cell::Cell::new(0);
	read(
		|out, out_len| {
			// SAFETY: the account, value and input are live; `out` and `out_len` come from `read`.
			code.set(unsafe {
				sys::call(
					flags,
					callee.0.as_ptr() as u32,
					gas_limit,
					value.as_ptr() as u32,
					input.as_ptr() as u32,
					input.len() as u32,
					out,
					out_len,
				)
			});
			code.get() == ReturnCode::Success.as_u32() || code.get() == ReturnCode::CalleeReverted.as_u32()
		},
		|output| with(code.get(), output.unwrap_or_default()),
	)
}

/// Removes this contract and sends its whole balance to `beneficiary`. Its storage is deleted by
/// the chain afterwards.
pub fn terminate(beneficiary: &AccountId) -> ! {
	// SAFETY: the host reads 32 bytes at the account.
	unsafe { sys::terminate(beneficiary.0.as_ptr() as u32) };
	unreachable()
}

/// The BLAKE2b-256 hash of `input`.
pub fn hash_blake2_256(input: &[u8]) -> [u8; 32] {
	// SAFETY: the host reads the live input and writes 32 bytes to a 32-byte array.
	read_fixed(|out| unsafe { sys::hash_blake2_256(input.as_ptr() as u32, input.len() as u32, out) })
}

/// The Keccak-256 hash of `input`.
pub fn hash_keccak_256(input: &[u8]) -> [u8; 32] {
	// SAFETY: the host reads the live input and writes 32 bytes to a 32-byte array.
	read_fixed(|out| unsafe { sys::hash_keccak_256(input.as_ptr() as u32, input.len() as u32, out) })
}

/// The SHA2-256 hash of `input`.
pub fn hash_sha2_256(input: &[u8]) -> [u8; 32] {
	// SAFETY: the host reads the live input and writes 32 bytes to a 32-byte array.
	read_fixed(|out| unsafe { sys::hash_sha2_256(input.as_ptr() as u32, input.len() as u32, out) })
}

/// The compressed secp256k1 public key that signed `message_hash` with `signature`.
pub fn ecdsa_recover(signature: &[u8; 65], message_hash: &[u8; 32]) -> Option<[u8; 33]> {
	let mut public_key = [0u8; 33];
	// SAFETY: the host reads 65 and 32 bytes and writes 33 at `public_key`.
	let code = unsafe {
		sys::ecdsa_recover(signature.as_ptr() as u32, message_hash.as_ptr() as u32, public_key.as_mut_ptr() as u32)
	};
	(code == ReturnCode::Success.as_u32()).then_some(public_key)
}

/// Whether `signature` is an sr25519 signature of `message` by `public_key`.
pub fn sr25519_verify(signature: &[u8; 64], public_key: &[u8; 32], message: &[u8]) -> bool {
	let (signature, public_key) = (signature.as_ptr() as u32, public_key.as_ptr() as u32);
	// SAFETY: the host reads 64 bytes, 32 bytes and the message, all live.
	let code = unsafe { sys::sr25519_verify(signature, public_key, message.as_ptr() as u32, message.len() as u32) };
	code == ReturnCode::Success.as_u32()
}

/// Whether `signature` is an ed25519 signature of `message` by `public_key`.
pub fn ed25519_verify(signature: &[u8; 64], public_key: &[u8; 32], message: &[u8]) -> bool {
	let (signature, public_key) = (signature.as_ptr() as u32, public_key.as_ptr() as u32);
	// SAFETY: the host reads 64 bytes, 32 bytes and the message, all live.
	let code = unsafe { sys::ed25519_verify(signature, public_key, message.as_ptr() as u32, message.len() as u32) };
	code == ReturnCode::Success.as_u32()
}

/// Who approved the governance proposal that called this contract, when the DAO did (and only
/// in the frame the DAO called).
pub fn dao_context() -> Option<DaoContext> {
	read(
		|out, out_len| {
			// SAFETY: `out` and `out_len` come from `read`.
			unsafe { sys::dao_context(out, out_len) == ReturnCode::Success.as_u32() }
		},
		|context| crate::decode::decode_from(&mut context?).ok(),
	)
}
