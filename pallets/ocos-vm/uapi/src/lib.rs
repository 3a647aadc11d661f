//! # OCOS-VM contract ABI
//!
//! The one definition of the interface between OCOS-VM contracts and the chain: the import module,
//! the host functions (syscalls) with their signatures, the return codes they answer with and the
//! flags they take. The pallet links exactly the functions listed in [`Syscall::ALL`]; contracts
//! import them from [`IMPORT_MODULE`]. Because both sides read this crate, the ABI cannot drift.
//!
//! The full reference with a WAT example for every syscall is `docs/ABI.md` in the repository.
//!
//! ## Conventions
//! - Every pointer and length is an `i32` (wasm32) read as unsigned. A pointer range that does not
//!   lie inside the contract's memory traps the contract, never the chain.
//! - Accounts are 32 bytes, balances 16 bytes (little-endian `u128`), hashes 32 bytes.
//! - Variable-length output uses an `(out_ptr, out_len_ptr)` pair: before the call the contract
//!   writes the capacity of its buffer as a little-endian `u32` at `out_len_ptr`; the host writes
//!   the data at `out_ptr` and its length at `out_len_ptr`. A buffer too small traps the contract.
//! - Fallible syscalls return a [`ReturnCode`] as `i32`; syscalls on storage return the length of
//!   the value they found, or [`SENTINEL`] when there was none.
#![cfg_attr(not(feature = "std"), no_std)]

/// The module name under which every host function is imported.
pub const IMPORT_MODULE: &str = "ocos";

/// Returned by storage syscalls in place of a length when the key holds no value.
pub const SENTINEL: u32 = u32::MAX;

/// The size in bytes of an account id as contracts see it.
pub const ACCOUNT_LEN: usize = 32;

/// The size in bytes of a balance as contracts see it (a little-endian `u128`).
pub const BALANCE_LEN: usize = 16;

/// The size in bytes of every hash a syscall produces.
pub const HASH_LEN: usize = 32;

/// The last 12 bytes of an account derived from a 20-byte EVM address (the address, then these):
/// EVM code sees such an account as the address in its first 20 bytes, any other account as the
/// last 20 bytes of its Keccak-256 hash.
pub const ETH_DERIVED_SUFFIX: [u8; 12] = [0xEE; 12];

/// The exports every contract must have.
pub mod exports {
	/// The contract's linear memory. It must be defined by the module and exported, never imported.
	pub const MEMORY: &str = "memory";
	/// Run once when a contract is instantiated: `(func)` with no parameters and no results.
	pub const DEPLOY: &str = "deploy";
	/// Run on every call: `(func)` with no parameters and no results.
	pub const CALL: &str = "call";
}

/// What a fallible syscall reports to the contract. `Success` is always 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ReturnCode {
	/// The operation succeeded.
	Success = 0,
	/// The callee returned with the revert flag: its changes were rolled back, its output is
	/// available.
	CalleeReverted = 1,
	/// The callee trapped or ran out of gas: its changes were rolled back; there is no output.
	CalleeTrapped = 2,
	/// A value transfer failed, usually because the sender's free balance was too low.
	TransferFailed = 3,
	/// The storage key holds no value.
	KeyNotFound = 4,
	/// The callee account is not a contract.
	NotAContract = 5,
	/// The signature did not verify, or no public key could be recovered from it.
	InvalidSignature = 6,
	/// The current call was not started by a DAO proposal, so there is no DAO context.
	NoDaoContext = 7,
	/// The call would exceed the chain's maximum call depth; nothing ran.
	MaxCallDepthReached = 8,
	/// The call would re-enter a contract already on the call stack that did not allow
	/// re-entry; nothing ran.
	ReentranceDenied = 9,
}

impl ReturnCode {
	/// The code as a contract receives it.
	pub const fn as_u32(self) -> u32 {
		self as u32
	}
}

/// Flags of the `return` syscall.
pub mod return_flags {
	/// Roll back every change made by this call frame; the output still reaches the caller.
	pub const REVERT: u32 = 1;
	/// All flags the host understands. Any other bit set traps the contract.
	pub const ALL: u32 = REVERT;
}

/// Flags of the `call` syscall.
pub mod call_flags {
	/// Allow the callee to call back into the caller (re-entrancy). Off by default: a call that
	/// would re-enter a contract already on the stack is refused unless every frame of that
	/// contract on the stack set this flag on its outgoing calls.
	pub const ALLOW_REENTRY: u32 = 1;
	/// Call read-only: the callee, and every frame it calls, may read state but not change it
	/// (storage, logs, values, transient storage, termination trap with
	/// `StateChangeInReadOnlyCall`). A frame called read-only calls read-only whatever its flags.
	pub const READ_ONLY: u32 = 2;
	/// All flags the host understands. Any other bit set traps the contract.
	pub const ALL: u32 = ALLOW_REENTRY | READ_ONLY;
}

/// The DAO context a contract reads with the `dao_context` syscall during a `dao_call`.
///
/// Written SCALE-encoded: `[0]` for root, `[1, approvals: u32 LE, members: u32 LE]` for a
/// collective's motion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
	feature = "scale",
	derive(codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen, scale_info::TypeInfo)
)]
pub enum DaoContext {
	/// The call was dispatched by root (a sudo key or a referendum).
	Root,
	/// The call was approved by a collective's motion.
	Collective {
		/// How many members voted aye.
		approvals: u32,
		/// How many members the collective had when the motion closed.
		members: u32,
	},
}

macro_rules! syscalls {
	($( $(#[$doc:meta])* $variant:ident = $function:ident $name:literal ( $($param:ident : $ty:ident),* ) $( -> $ret:ident )?; )*) => {
		/// Every host function a contract may import, by its import name.
		#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
		pub enum Syscall {
			$( $(#[$doc])* $variant, )*
		}

		impl Syscall {
			/// Every syscall, in declaration order.
			pub const ALL: &'static [Syscall] = &[ $( Syscall::$variant, )* ];

			/// The name under which the syscall is imported from [`IMPORT_MODULE`].
			pub const fn name(self) -> &'static str {
				match self { $( Syscall::$variant => $name, )* }
			}

			/// The syscall's wasm signature: the type of each parameter and the result, if any.
			pub const fn signature(self) -> (&'static [ValType], Option<ValType>) {
				match self {
					$( Syscall::$variant => (
						&[ $( syscalls!(@ty $ty) ),* ],
						syscalls!(@ret $($ret)?),
					), )*
				}
			}

			/// Looks a syscall up by its import name.
			pub fn from_name(name: &str) -> Option<Syscall> {
				match name { $( $name => Some(Syscall::$variant), )* _ => None }
			}
		}

		/// The contract side of the ABI: every syscall as a contract imports it, from the same
		/// table as [`Syscall`]. `i32` values are `u32`, `i64` values `u64`. Calling them is
		/// `unsafe`: the host reads and writes the contract's memory at the pointers given.
		///
		/// Outside WebAssembly (a contract's crate built for the host, for its metadata or its
		/// tests) there is no chain to call: each function panics.
		#[cfg(feature = "guest")]
		pub mod guest {
			#[cfg(target_arch = "wasm32")]
			#[link(wasm_import_module = "ocos")]
			extern "C" {
				$(
					$(#[$doc])*
					#[link_name = $name]
					pub fn $function( $($param: syscalls!(@guest $ty)),* ) $( -> syscalls!(@guest $ret) )?;
				)*
			}

			$(
				$(#[$doc])*
				///
				/// # Safety
				///
				/// Never safe to call outside a contract: it panics.
				#[cfg(not(target_arch = "wasm32"))]
				#[allow(unused_variables)]
				pub unsafe fn $function( $($param: syscalls!(@guest $ty)),* ) $( -> syscalls!(@guest $ret) )? {
					panic!(concat!("the syscall `", $name, "` runs only in a contract on chain"))
				}
			)*

			/// The syscalls declared here, by their import names, in the table's order.
			pub const NAMES: &[&str] = &[ $( $name, )* ];
		}

		/// Calls the macro `callback` with the table, a line per syscall:
		/// `Variant function(param: type, ...) -> type;` (the result only where there is one),
		/// each type `i32` or `i64`. The host generates its side of the ABI from it, as
		/// [`guest`] is generated here, so that the two cannot drift apart.
		#[macro_export]
		macro_rules! for_each_syscall {
			($callback:ident) => {
				$callback! { $( $variant $function( $($param: $ty),* ) $( -> $ret )?; )* }
			};
		}
	};
	(@guest i32) => { u32 };
	(@guest i64) => { u64 };
	(@ret) => { None };
	(@ret $ty:ident) => { Some(syscalls!(@ty $ty)) };
	(@ty i32) => { ValType::I32 };
	(@ty i64) => { ValType::I64 };
}

/// The wasm value types that appear in syscall signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
	/// A 32-bit integer: pointers, lengths, flags and return codes.
	I32,
	/// A 64-bit integer: block numbers, timestamps and gas.
	I64,
}

impl ValType {
	/// The type's name in the WebAssembly text format.
	pub const fn name(self) -> &'static str {
		match self {
			ValType::I32 => "i32",
			ValType::I64 => "i64",
		}
	}
}

/// The `(import …)` of every syscall in the WebAssembly text format, with the signature the ABI
/// gives it: for tests and tools that write modules.
#[cfg(feature = "std")]
pub fn wat_imports() -> String {
	Syscall::ALL
		.iter()
		.map(|syscall| {
			let (params, result) = syscall.signature();
			let params: Vec<&str> = params.iter().map(|ty| ty.name()).collect();
			let result = result.map(|ty| format!("(result {})", ty.name())).unwrap_or_default();
			format!("(import \"{IMPORT_MODULE}\" \"{}\" (func (param {}) {result}))", syscall.name(), params.join(" "))
		})
		.collect()
}

syscalls! {
	/// Copies the call's input into `(out_ptr, out_len_ptr)`.
	Input = input "input"(out_ptr: i32, out_len_ptr: i32);
	/// Ends the call frame with the output `data`; `flags` may hold [`return_flags::REVERT`].
	/// Does not return.
	Return = return_ "return"(flags: i32, data_ptr: i32, data_len: i32);
	/// Reads the value under a key into `(out_ptr, out_len_ptr)`. Returns `Success` or
	/// `KeyNotFound`.
	StorageGet = storage_get "storage_get"(key_ptr: i32, key_len: i32, out_ptr: i32, out_len_ptr: i32) -> i32;
	/// Stores a value under a key. Returns the length of the value it replaced, or [`SENTINEL`].
	StorageSet = storage_set "storage_set"(key_ptr: i32, key_len: i32, value_ptr: i32, value_len: i32) -> i32;
	/// Removes a key. Returns the length of the value it removed, or [`SENTINEL`].
	StorageRemove = storage_remove "storage_remove"(key_ptr: i32, key_len: i32) -> i32;
	/// Returns the length of the value under a key, or [`SENTINEL`].
	StorageContains = storage_contains "storage_contains"(key_ptr: i32, key_len: i32) -> i32;
	/// Emits a `ContractLog` event with `topics_count` 32-byte topics read at `topics_ptr`.
	Log = log "log"(topics_ptr: i32, topics_count: i32, data_ptr: i32, data_len: i32);
	/// Writes the caller's 32-byte account at `out_ptr`.
	Caller = caller "caller"(out_ptr: i32);
	/// Writes the contract's own 32-byte account at `out_ptr`.
	Address = address "address"(out_ptr: i32);
	/// Writes the value transferred with this call (16 bytes) at `out_ptr`.
	ValueTransferred = value_transferred "value_transferred"(out_ptr: i32);
	/// Writes the contract's own free balance (16 bytes) at `out_ptr`.
	Balance = balance "balance"(out_ptr: i32);
	/// Writes the free balance (16 bytes) of the 32-byte account at `account_ptr` to `out_ptr`.
	BalanceOf = balance_of "balance_of"(account_ptr: i32, out_ptr: i32);
	/// Transfers the 16-byte value at `value_ptr` to the account at `account_ptr`. Returns
	/// `Success` or `TransferFailed`.
	Transfer = transfer "transfer"(account_ptr: i32, value_ptr: i32) -> i32;
	/// Returns the current block number.
	BlockNumber = block_number "block_number"() -> i64;
	/// Returns the current block's timestamp in milliseconds since the Unix epoch.
	BlockTimestamp = block_timestamp "block_timestamp"() -> i64;
	/// Returns the gas (weight `ref_time`) this call frame has left.
	GasLeft = gas_left "gas_left"() -> i64;
	/// Calls another contract with `flags` ([`call_flags`]), a gas limit (0: all that is left),
	/// a 16-byte value and an input; writes its output into `(out_ptr, out_len_ptr)`. Returns
	/// `Success`, `CalleeReverted`, `CalleeTrapped`, `TransferFailed`, `NotAContract`,
	/// `MaxCallDepthReached` or `ReentranceDenied`.
	Call = call "call"(flags: i32, callee_ptr: i32, gas_limit: i64, value_ptr: i32, input_ptr: i32, input_len: i32, out_ptr: i32, out_len_ptr: i32) -> i32;
	/// Removes the contract, sends its whole balance to the account at `beneficiary_ptr` and
	/// releases its storage deposit. Does not return.
	Terminate = terminate "terminate"(beneficiary_ptr: i32);
	/// Writes the BLAKE2b-256 hash of the input at `out_ptr`.
	HashBlake2_256 = hash_blake2_256 "hash_blake2_256"(input_ptr: i32, input_len: i32, out_ptr: i32);
	/// Writes the Keccak-256 hash of the input at `out_ptr`.
	HashKeccak256 = hash_keccak_256 "hash_keccak_256"(input_ptr: i32, input_len: i32, out_ptr: i32);
	/// Writes the SHA2-256 hash of the input at `out_ptr`.
	HashSha2_256 = hash_sha2_256 "hash_sha2_256"(input_ptr: i32, input_len: i32, out_ptr: i32);
	/// Recovers the 33-byte compressed ECDSA public key from a 65-byte signature over a 32-byte
	/// message hash. Returns `Success` or `InvalidSignature`.
	EcdsaRecover = ecdsa_recover "ecdsa_recover"(signature_ptr: i32, message_hash_ptr: i32, out_ptr: i32) -> i32;
	/// Verifies a 64-byte sr25519 signature by a 32-byte public key. Returns `Success` or
	/// `InvalidSignature`.
	Sr25519Verify = sr25519_verify "sr25519_verify"(signature_ptr: i32, public_key_ptr: i32, message_ptr: i32, message_len: i32) -> i32;
	/// Verifies a 64-byte ed25519 signature by a 32-byte public key. Returns `Success` or
	/// `InvalidSignature`.
	Ed25519Verify = ed25519_verify "ed25519_verify"(signature_ptr: i32, public_key_ptr: i32, message_ptr: i32, message_len: i32) -> i32;
	/// Writes the SCALE-encoded [`DaoContext`] into `(out_ptr, out_len_ptr)`. Returns `Success`,
	/// or `NoDaoContext` outside a `dao_call`.
	DaoContext = dao_context "dao_context"(out_ptr: i32, out_len_ptr: i32) -> i32;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_are_unique_and_round_trip() {
		for (i, a) in Syscall::ALL.iter().enumerate() {
			assert_eq!(Syscall::from_name(a.name()), Some(*a));
			for b in &Syscall::ALL[i + 1..] {
				assert_ne!(a.name(), b.name());
			}
		}
		assert_eq!(Syscall::from_name("seal_call"), None);
	}

	#[cfg(feature = "guest")]
	#[test]
	fn the_guest_side_declares_every_syscall_of_the_table() {
		let names: Vec<&str> = Syscall::ALL.iter().map(|syscall| syscall.name()).collect();
		assert_eq!(guest::NAMES, names.as_slice());
	}

	#[test]
	fn only_gas_limits_are_i64() {
		let (params, ret) = Syscall::Call.signature();
		assert_eq!(params.len(), 8);
		assert_eq!(params[2], ValType::I64);
		assert!(params.iter().enumerate().all(|(i, p)| i == 2 || *p == ValType::I32));
		assert_eq!(ret, Some(ValType::I32));
		assert_eq!(Syscall::BlockNumber.signature(), (&[][..], Some(ValType::I64)));
		assert_eq!(Syscall::Input.signature().1, None);
	}
}
