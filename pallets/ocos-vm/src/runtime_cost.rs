//! What a running frame pays to reach the chain, whichever engine runs it.
//!
//! A WebAssembly syscall and an EVM opcode that do the same work (read a stored value, emit a
//! log, read the clock, call a contract) charge the same [`RuntimeCost`], priced by the same
//! benchmark, and the chain's rules on that work (a log's limits, the block's count of logs paid
//! by a stack's first log, the clock read once per stack) are written here once: an engine added
//! later charges them as the two engines do.

use crate::{exec::Stack, gas, result::TrapKind, Config, WeightInfo};
use frame_support::weights::Weight;

/// A piece of work a frame does on the chain, each priced by its benchmark (named on each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeCost {
	/// Entering the host from WebAssembly: the fixed part of every syscall (`syscall_entry`).
	SyscallEntry,
	/// Bytes copied between a frame's memory and the host (`copy`).
	Copy(u32),
	/// A stored value of this many bytes read and proved (`storage_read`).
	StorageRead(u32),
	/// `written` bytes of key and value stored over a value of `replaced` bytes; a removal writes
	/// the key only (`storage_write`).
	StorageWrite {
		/// The bytes of the key and of the new value.
		written: u32,
		/// The bytes of the value replaced or removed, zero where there was none.
		replaced: u32,
	},
	/// An EVM storage slot written: the value it holds read, then 32 bytes under a 32-byte key
	/// written over 32 (`storage_read`, `storage_write`).
	SlotWrite,
	/// A log of `topics` topics and `data_len` bytes of data (`log`); the first log of a call
	/// stack also pays for the block's count of logs (`log_block_count`). Made by
	/// [`RuntimeCost::log`], which holds a log to the chain's limits.
	Log {
		/// The log's topics.
		topics: u32,
		/// The bytes of the log's data.
		data_len: u32,
		/// Whether the call stack logs for the first time.
		first_of_stack: bool,
	},
	/// An account's balance read (`balance_of`).
	Balance,
	/// Value moved from one account to another (`transfer`).
	Transfer,
	/// The block's time read (`block_timestamp`): only the first read of a call stack pays, as
	/// the stack keeps what it read. Made by [`RuntimeCost::block_timestamp`].
	BlockTimestamp {
		/// Whether no frame of the call stack read the clock before.
		first_of_stack: bool,
	},
	/// The hash of one of the last 256 blocks read (`block_hash`).
	BlockHash,
	/// A contract's info read (`settle_unchanged`, which reads it).
	ContractInfo,
	/// The fixed part of a nested call and the copy of its input of this many bytes (`call_base`).
	CallBase(u32),
	/// A contract terminated (`terminate`).
	Terminate,
	/// BLAKE2b-256 of this many bytes (`hash_blake2_256`).
	Blake2_256(u32),
	/// Keccak-256 of this many bytes (`hash_keccak_256`).
	Keccak256(u32),
	/// SHA-256 of this many bytes (`hash_sha2_256`).
	Sha2_256(u32),
	/// RIPEMD-160 of this many bytes (`ripemd_160`).
	Ripemd160(u32),
	/// A secp256k1 public key recovered from a signature (`ecdsa_recover`).
	EcdsaRecover,
	/// An sr25519 signature of a message of this many bytes checked (`sr25519_verify`).
	Sr25519Verify(u32),
	/// An ed25519 signature of a message of this many bytes checked (`ed25519_verify`).
	Ed25519Verify(u32),
	/// A contract's code of this many bytes stored, as an EVM constructor stores its runtime code
	/// (`upload_code`, without WebAssembly's types).
	StoreCode(u32),
}

impl RuntimeCost {
	/// What this work weighs.
	pub fn weight<T: Config>(self) -> Weight {
		type W<T> = <T as Config>::WeightInfo;
		match self {
			RuntimeCost::SyscallEntry => gas::marginal(W::<T>::syscall_entry, 1),
			RuntimeCost::Copy(len) => W::<T>::copy(len),
			RuntimeCost::StorageRead(len) => W::<T>::storage_read(len),
			RuntimeCost::StorageWrite { written, replaced } => W::<T>::storage_write(written, replaced),
			RuntimeCost::SlotWrite => W::<T>::storage_read(32).saturating_add(W::<T>::storage_write(64, 32)),
			RuntimeCost::Log { topics, data_len, first_of_stack } => {
				let log = W::<T>::log(topics, data_len);
				if first_of_stack {
					log.saturating_add(W::<T>::log_block_count())
				} else {
					log
				}
			}
			RuntimeCost::Balance => W::<T>::balance_of(),
			RuntimeCost::Transfer => W::<T>::transfer(),
			RuntimeCost::BlockTimestamp { first_of_stack: true } => W::<T>::block_timestamp(),
			RuntimeCost::BlockTimestamp { first_of_stack: false } => Weight::zero(),
			RuntimeCost::BlockHash => W::<T>::block_hash(),
			RuntimeCost::ContractInfo => W::<T>::settle_unchanged(),
			RuntimeCost::CallBase(input_len) => W::<T>::call_base(input_len),
			RuntimeCost::Terminate => W::<T>::terminate(),
			RuntimeCost::Blake2_256(len) => W::<T>::hash_blake2_256(len),
			RuntimeCost::Keccak256(len) => W::<T>::hash_keccak_256(len),
			RuntimeCost::Sha2_256(len) => W::<T>::hash_sha2_256(len),
			RuntimeCost::Ripemd160(len) => W::<T>::ripemd_160(len),
			RuntimeCost::EcdsaRecover => W::<T>::ecdsa_recover(),
			RuntimeCost::Sr25519Verify(len) => W::<T>::sr25519_verify(len),
			RuntimeCost::Ed25519Verify(len) => W::<T>::ed25519_verify(len),
			RuntimeCost::StoreCode(len) => W::<T>::upload_code(len, 0),
		}
	}

	/// A log of `topics` topics and `data_len` bytes from a frame of `stack`, or the trap that
	/// refuses it: more topics than `MaxLogTopics`, more data than `MaxLogDataLen` (checked in
	/// that order). The stack's and the block's byte limits are checked when it is emitted.
	pub fn log<T: Config>(stack: &Stack<T>, topics: u32, data_len: u32) -> Result<Self, TrapKind> {
		let limits = stack.limits();
		if topics > limits.log_topics {
			return Err(TrapKind::TooManyTopics);
		}
		if data_len > limits.log_data_len {
			return Err(TrapKind::LogDataTooLarge);
		}
		Ok(RuntimeCost::Log { topics, data_len, first_of_stack: stack.logs_unread() })
	}

	/// Reading the block's time in a frame of `stack`.
	pub fn block_timestamp<T: Config>(stack: &Stack<T>) -> Self {
		RuntimeCost::BlockTimestamp { first_of_stack: !stack.knows_timestamp() }
	}
}

#[cfg(test)]
mod tests {
	use super::RuntimeCost;
	use crate::{
		context::Origin,
		exec::Stack,
		mock::{ExtBuilder, Test, ALICE},
		result::TrapKind,
		Config, WeightInfo,
	};
	use frame_support::weights::Weight;
	use sp_core::H256;

	#[test]
	fn a_log_is_held_to_the_limits_and_the_stacks_first_pays_for_the_block_count() {
		ExtBuilder::default().build().execute_with(|| {
			let mut stack = Stack::<Test>::new(Origin::Signed(ALICE));
			let (topics, data_len) = (stack.limits().log_topics, stack.limits().log_data_len);
			assert_eq!(RuntimeCost::log(&stack, topics + 1, 0), Err(TrapKind::TooManyTopics));
			assert_eq!(RuntimeCost::log(&stack, topics + 1, data_len + 1), Err(TrapKind::TooManyTopics));
			assert_eq!(RuntimeCost::log(&stack, topics, data_len + 1), Err(TrapKind::LogDataTooLarge));
			let first = RuntimeCost::log(&stack, topics, data_len);
			assert_eq!(first, Ok(RuntimeCost::Log { topics, data_len, first_of_stack: true }));
			stack.log(ALICE, vec![H256::zero()], vec![0; 8], 40).unwrap();
			let next = RuntimeCost::log(&stack, 1, 8).unwrap();
			assert_eq!(next, RuntimeCost::Log { topics: 1, data_len: 8, first_of_stack: false });
			assert_eq!(
				first.unwrap().weight::<Test>(),
				RuntimeCost::Log { topics, data_len, first_of_stack: false }
					.weight::<Test>()
					.saturating_add(<<Test as Config>::WeightInfo as WeightInfo>::log_block_count()),
			);
		});
	}

	#[test]
	fn the_clock_is_paid_for_by_the_first_read_of_a_stack() {
		ExtBuilder::default().build().execute_with(|| {
			let mut stack = Stack::<Test>::new(Origin::Signed(ALICE));
			let first = RuntimeCost::block_timestamp(&stack);
			assert_eq!(first, RuntimeCost::BlockTimestamp { first_of_stack: true });
			assert!(first.weight::<Test>().ref_time() > 0);
			stack.block_timestamp();
			let next = RuntimeCost::block_timestamp(&stack);
			assert_eq!(next, RuntimeCost::BlockTimestamp { first_of_stack: false });
			assert_eq!(next.weight::<Test>(), Weight::zero());
		});
	}
}
