//! # OCOS-VM pallet
//!
//! Smart contracts on a Substrate chain: WebAssembly code stored on chain, executed by the
//! [wasmi](https://docs.rs/wasmi) interpreter under weight-based gas, with a governed registry of
//! execution engines, which also runs Ethereum bytecode (Solidity) on revm's interpreter; contracts
//! of both engines call each other in one call stack.
//!
//! ## Overview
//!
//! - **Code** is uploaded once ([`Pallet::upload_code`]) for a registered engine, checked by that
//!   engine and stored by its BLAKE2b-256 hash, with a deposit held from the uploader.
//! - **Contracts** are instances of code ([`Pallet::instantiate`]) with their own account, balance
//!   and key/value storage. Their address derives from the deployer, the code hash and a salt.
//! - **Calls** ([`Pallet::call`]) run the contract's `call` export. A contract reaches the chain
//!   only through the syscalls of the ABI crate [`ocos_vm_uapi`] (`docs/ABI.md` has the reference).
//! - **Gas** is [`Weight`](frame_support::weights::Weight): the caller sets a `gas_limit`, wasmi
//!   fuel and every syscall are charged against it, and the unused part is refunded through the
//!   extrinsic's actual weight. A contract out of gas stops with [`Error::OutOfGas`].
//! - **Deposits** pay for state: per item and per byte, held from whoever makes state grow and
//!   released when it shrinks, capped per call by `storage_deposit_limit`.
//! - **Engines** are registered and moved between statuses by governance
//!   ([`Pallet::register_engine`], [`Pallet::set_engine_status`]). Code records its engine; the
//!   pallet dispatches through the [`registry`] to an implementation of [`engine::VmEngine`].
//! - **The DAO** can run a contract as its own account through [`Pallet::dao_call`]; the contract
//!   reads who approved the proposal through the `dao_context` syscall.
//!
//! ## Guarantees
//!
//! - Gas stops every loop: fuel is charged per executed instruction, and every syscall charges
//!   before it acts.
//! - A frame that traps, reverts or runs out of gas rolls back every change it made, nested calls
//!   included, and its gas is still charged.
//! - Each frame runs in a fresh instance with its own memory; pointers from contracts are checked
//!   against that memory before use.
//! - Code is checked at upload: anything that is not deterministic, not supported, that would
//!   fail every run, or that expands beyond what its shape is charged for is refused with a
//!   [`RejectReason`] naming the problem.
//! - The weight charged bounds the work done: loading code is charged by the code's shape, every
//!   value moved and every log by their benchmarks, each before it happens; a call stack holds at
//!   most `MaxStackMemory` of the runtime's memory, and the logs of a stack and of a block are
//!   capped. A terminated contract's storage is deleted in `on_idle`, within the block's spare
//!   weight.
//!
//! ## Modules
//!
//! [`api`] (dry runs for clients), [`engine`] (the engine trait), [`wasm`] (the wasmi engine),
//! [`evm`] (the EVM engine), [`address`] (20-byte addresses for EVM code), [`registry`] (engines by id),
//! [`exec`] (the call stack), [`syscall`] (host functions), [`runtime_cost`] (what both engines
//! charge for reaching the chain), [`context`] (what a contract can know), [`memory`]
//! (bounds-checked memory access), [`gas`] (the meter), [`heap`] (the budget of runtime
//! memory), [`result`] (how execution ends), [`storage`] (code, contracts, deposits, the deletion
//! queue), [`limits`] and [`weights`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod address;
pub mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod context;
pub mod engine;
pub mod evm;
pub mod exec;
pub mod gas;
pub mod heap;
pub mod limits;
pub mod memory;
pub mod registry;
pub mod result;
pub mod runtime_cost;
pub mod storage;
pub mod syscall;
pub mod wasm;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use ocos_vm_uapi as uapi;
pub use pallet::*;
pub use registry::{EngineId, EngineInfo, EngineKind, EngineStatus};
pub use result::{ExitReason, RejectReason, TrapKind, VmError, VmResult};
pub use weights::WeightInfo;

use frame_support::traits::fungible::Inspect;

/// The account id type of the runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the pallet's currency.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::{
		context::{DaoContext, Origin},
		engine::CodeShape,
		exec::{Outcome, Stack},
		limits::{self, Limits},
		registry::{EngineConfig, Use},
		result::check_outcome,
		storage::{self, CodeHash, CodeInfo, ContractInfo, ContractKey, ContractValue},
	};
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{DispatchErrorWithPostInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::Precision,
			Time,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::{H160, H256};
	use sp_runtime::traits::{Saturating, StaticLookup};

	/// The fewest bytes a function type takes (`0x60`, no parameters, no results).
	const MIN_TYPE_LEN: u32 = 3;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The pallet's configuration: the currency and clock it uses, who governs it, and its limits.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>> + TryInto<Event<Self>>> {
		/// The currency of values and deposits; deposits are held with [`HoldReason`]s.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The clock contracts read through `block_timestamp`, in milliseconds.
		type Time: Time;

		/// Who may register engines and change their status (root or a council majority).
		type EngineAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may run a contract as the DAO; succeeds with who approved.
		type DaoOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = DaoContext>;

		/// The DAO's account: the caller of contracts `dao_call` runs, and the payer of their
		/// deposits and values.
		#[pallet::constant]
		type DaoAccount: Get<Self::AccountId>;

		/// The deposit per byte of code or contract storage.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The deposit per stored item: a code, a contract, a storage key.
		#[pallet::constant]
		type DepositPerItem: Get<BalanceOf<Self>>;

		/// The largest code, in bytes.
		#[pallet::constant]
		type MaxCodeLen: Get<u32>;

		/// The most 64 KiB pages of memory a contract may have (at most 16).
		#[pallet::constant]
		type MaxMemoryPages: Get<u32>;

		/// The longest contract storage key, in bytes.
		#[pallet::constant]
		type MaxStorageKeyLen: Get<u32>;

		/// The longest contract storage value, in bytes.
		#[pallet::constant]
		type MaxStorageValueLen: Get<u32>;

		/// The most topics of one contract log.
		#[pallet::constant]
		type MaxLogTopics: Get<u32>;

		/// The longest data of one contract log, in bytes.
		#[pallet::constant]
		type MaxLogDataLen: Get<u32>;

		/// The longest input, output or hashed buffer a syscall handles, in bytes.
		#[pallet::constant]
		type MaxBufferLen: Get<u32>;

		/// The most frames on one call stack, the top-level call included (at most 64).
		#[pallet::constant]
		type MaxCallDepth: Get<u32>;

		/// The most bytes of the runtime's memory one call stack may hold: code loaded and
		/// compiled, instances, memories, buffers (at most 64 MiB, half the runtime's heap).
		#[pallet::constant]
		type MaxStackMemory: Get<u32>;

		/// The most bytes of logs (32 per topic, and the data) one call stack may emit.
		#[pallet::constant]
		type MaxLogBytesPerStack: Get<u32>;

		/// The most bytes of logs all call stacks of a block may emit together.
		#[pallet::constant]
		type MaxLogBytesPerBlock: Get<u32>;

		/// Weights of the pallet's extrinsics, fuel and syscalls.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for uploaded code, held on the uploader's account.
		CodeUploadDeposit,
		/// The deposit for a contract and its storage, held on the contract's account.
		StorageDeposit,
		/// The deposit for an account's entry in `OriginalAccount`, held on the account.
		AddressMapping,
	}

	/// Uploaded code by hash.
	#[pallet::storage]
	pub type PristineCode<T: Config> = StorageMap<_, Identity, CodeHash, BoundedVec<u8, T::MaxCodeLen>>;

	/// What the chain knows about uploaded code, by hash.
	#[pallet::storage]
	pub type CodeInfoOf<T: Config> = StorageMap<_, Identity, CodeHash, CodeInfo<T>>;

	/// What the chain knows about each contract, by account.
	#[pallet::storage]
	pub type ContractInfoOf<T: Config> = StorageMap<_, Identity, T::AccountId, ContractInfo<T>>;

	/// Each contract's key/value storage.
	#[pallet::storage]
	pub type ContractStorage<T: Config> =
		StorageDoubleMap<_, Identity, T::AccountId, Blake2_128Concat, ContractKey<T>, ContractValue<T>>;

	/// The engine registry, by engine id.
	#[pallet::storage]
	pub type Engines<T: Config> = StorageMap<_, Twox64Concat, EngineId, EngineInfo>;

	/// The id the next registered engine gets.
	#[pallet::storage]
	pub type NextEngineId<T: Config> = StorageValue<_, EngineId, ValueQuery>;

	/// Terminated contracts whose storage is still being deleted, by position in the queue.
	#[pallet::storage]
	pub type DeletionQueue<T: Config> = StorageMap<_, Twox64Concat, u32, T::AccountId>;

	/// Where the deletion queue starts and ends.
	#[pallet::storage]
	pub type DeletionQueueCounter<T: Config> = StorageValue<_, storage::QueuePositions, ValueQuery>;

	/// The account behind each contract's 20-byte address ([`address`]), for EVM code to reach
	/// contracts of every engine.
	#[pallet::storage]
	pub type OriginalAccount<T: Config> = StorageMap<_, Identity, H160, T::AccountId>;

	/// The bytes of contract logs emitted in the current block; reset when a block starts.
	#[pallet::storage]
	pub type BlockLogBytes<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Genesis registers the wasmi engine as engine 0, active.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::add_engine(EngineKind::Wasmi, EngineConfig::default());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Code was uploaded for an engine, with a deposit held from its owner.
		CodeStored { code_hash: CodeHash, engine: EngineId, owner: T::AccountId, deposit: BalanceOf<T> },
		/// Code was removed by its owner and its deposit released.
		CodeRemoved { code_hash: CodeHash, owner: T::AccountId, deposit_released: BalanceOf<T> },
		/// A contract was instantiated and its `deploy` returned.
		Instantiated { deployer: T::AccountId, contract: T::AccountId, code_hash: CodeHash },
		/// A contract's `call` returned (once per successful frame, nested calls included).
		Called { caller: T::AccountId, contract: T::AccountId },
		/// A contract terminated itself; its balance went to the beneficiary.
		Terminated { contract: T::AccountId, beneficiary: T::AccountId },
		/// A contract emitted a log.
		ContractLog { contract: T::AccountId, topics: Vec<H256>, data: Vec<u8> },
		/// A storage deposit was moved from `from` to the contract and held there.
		StorageDepositHeld { contract: T::AccountId, from: T::AccountId, amount: BalanceOf<T> },
		/// A storage deposit was released from the contract to `to`.
		StorageDepositReleased { contract: T::AccountId, to: T::AccountId, amount: BalanceOf<T> },
		/// A DAO proposal called a contract.
		DaoCalled { contract: T::AccountId, context: DaoContext },
		/// Governance registered an engine.
		EngineRegistered { engine: EngineId, kind: EngineKind },
		/// Governance changed an engine's status.
		EngineStatusChanged { engine: EngineId, from: EngineStatus, to: EngineStatus },
		/// An account made its 20-byte address lead back to it, for EVM code to reach it.
		AccountMapped { account: T::AccountId, address: H160, deposit: BalanceOf<T> },
		/// An account's address no longer leads back to it; its deposit was released.
		AccountUnmapped { account: T::AccountId, address: H160 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The code was refused at upload; the reason says what to change.
		CodeRejected(RejectReason),
		/// The same code is already stored.
		CodeAlreadyExists,
		/// No code is stored under the hash.
		CodeNotFound,
		/// Contracts still run the code, so it cannot be removed.
		CodeInUse,
		/// Only the code's owner may remove it.
		NotCodeOwner,
		/// The account is not a contract.
		ContractNotFound,
		/// A contract already exists at the address derived from deployer, code and salt; use
		/// another salt.
		DuplicateContract,
		/// The contract returned with the revert flag; its changes were rolled back.
		ContractReverted,
		/// The contract trapped; the kind says why. Its changes were rolled back.
		ContractTrapped(TrapKind),
		/// The contract ran out of gas; its changes were rolled back. Raise `gas_limit`.
		OutOfGas,
		/// The sender's free balance cannot cover the value transferred.
		TransferFailed,
		/// The storage deposit needed exceeds `storage_deposit_limit`.
		StorageDepositLimitExhausted,
		/// The origin's free balance cannot cover the storage deposit needed.
		StorageDepositNotEnoughFunds,
		/// No engine is registered under the id.
		EngineNotFound,
		/// The engine's kind has no implementation in this runtime.
		EngineNotAvailable,
		/// The engine does not accept this configuration.
		InvalidEngineConfig,
		/// The engine accepts no new code or contracts (its status is not `Active`).
		EngineUploadsFrozen,
		/// The engine is disabled or retired: its contracts cannot run.
		EngineDisabled,
		/// The status cannot follow the engine's current one: a deprecated engine can only be
		/// retired, and a retired engine never changes again.
		InvalidEngineStatusTransition,
		/// Every engine id is taken.
		TooManyEngines,
		/// The salt is longer than 32 bytes.
		SaltTooLong,
		/// The input data is longer than `MaxBufferLen`.
		InputTooLarge,
		/// The account's address already leads back to it (or it is Ethereum-derived, whose
		/// address always does).
		AccountAlreadyMapped,
		/// The account's address does not lead back to it through a mapping of its own.
		AccountNotMapped,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_block: BlockNumberFor<T>) -> Weight {
			BlockLogBytes::<T>::kill();
			T::DbWeight::get().writes(1)
		}

		fn on_idle(_block: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			storage::work_off_deletion_queue::<T>(remaining_weight)
		}

		fn integrity_test() {
			Limits::of::<T>().check().expect("the pallet's limits must be consistent");
			assert_eq!(T::AccountId::max_encoded_len(), 32, "contracts see accounts as 32 bytes");
			assert!(
				storage::account_from_bytes::<T>(&[0xAB; 32]).is_some(),
				"every 32 bytes must decode to an account, as contract addresses are hashes"
			);
			assert!(
				gas::marginal(T::WeightInfo::fuel_arithmetic, 1).ref_time() > 0,
				"fuel must cost weight, or loops are free"
			);
			assert!(
				T::MaxStorageKeyLen::get() >= 32 && T::MaxStorageValueLen::get() >= 32,
				"EVM storage slots are 32-byte keys holding 32-byte values"
			);
			assert!(
				T::MaxCodeLen::get() >= evm::MAX_INIT_CODE_LEN,
				"code must hold the longest EVM init code (EIP-3860)"
			);
			let per_fuel = gas::ref_time_per_fuel::<T>();
			for call in [T::WeightInfo::wasm_call, T::WeightInfo::wasm_call_indirect] {
				assert!(
					gas::marginal(call, 1).ref_time() <= 255 * u64::from(wasm::cost::CALL_DESCENTS) * per_fuel,
					"a call must be priced within wasmi's 255 fuel per instruction"
				);
			}
			for chain in [T::WeightInfo::wasm_load, T::WeightInfo::wasm_division] {
				assert!(
					gas::marginal(chain, 1).ref_time() <= 255 * u64::from(wasm::cost::OPERATORS_PER_CHAIN) * per_fuel,
					"a load and a division must be priced within wasmi's 255 fuel per instruction"
				);
			}
			let bytes = limits::PAGE_BYTES;
			assert!(
				gas::marginal(T::WeightInfo::bulk_copy, bytes).ref_time() <= per_fuel * u64::from(bytes),
				"copying a byte must cost at most a unit of fuel: wasmi prices bulk memory in bytes per unit"
			);
			assert!(
				gas::marginal(T::WeightInfo::memory_grow, 1).ref_time() <= per_fuel * u64::from(bytes),
				"growing memory by a byte must cost at most a unit of fuel: wasmi prices it in bytes per unit"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Uploads `code` for `engine`, holding a deposit from the signer. Fails with
		/// [`Error::CodeRejected`] when the engine refuses the code.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::upload_weight(code.len(), None))]
		pub fn upload_code(
			origin: OriginFor<T>,
			code: Vec<u8>,
			engine: EngineId,
			storage_deposit_limit: Option<BalanceOf<T>>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let code_len = code.len();
			let (_, _, shape) = Self::store_code(owner, code, engine, storage_deposit_limit)?;
			Ok(Some(Self::upload_weight(code_len, Some(&shape))).into())
		}

		/// Instantiates a contract from stored code, transferring `value` to it and running its
		/// `deploy` export with `data` (at most `MaxBufferLen` bytes). The contract's address
		/// derives from the signer, the code and `salt` (at most 32 bytes).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::instantiate().saturating_add(*gas_limit))]
		pub fn instantiate(
			origin: OriginFor<T>,
			code_hash: CodeHash,
			#[pallet::compact] value: BalanceOf<T>,
			gas_limit: Weight,
			storage_deposit_limit: Option<BalanceOf<T>>,
			data: Vec<u8>,
			salt: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let deployer = ensure_signed(origin)?;
			let base = T::WeightInfo::instantiate();
			Self::check_input(&data, &salt).map_err(|error| Self::failed(base, error))?;
			let (_, outcome) =
				Self::bare_instantiate(deployer, code_hash, value, gas_limit, storage_deposit_limit, data, salt);
			Self::post_dispatch(base, &outcome)
		}

		/// Uploads `code` (unless it is stored already) and instantiates it in one go.
		#[pallet::call_index(2)]
		#[pallet::weight(
			Pallet::<T>::upload_weight(code.len(), None)
				.saturating_add(T::WeightInfo::instantiate())
				.saturating_add(*gas_limit)
		)]
		pub fn instantiate_with_code(
			origin: OriginFor<T>,
			code: Vec<u8>,
			engine: EngineId,
			#[pallet::compact] value: BalanceOf<T>,
			gas_limit: Weight,
			storage_deposit_limit: Option<BalanceOf<T>>,
			data: Vec<u8>,
			salt: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let deployer = ensure_signed(origin)?;
			let code_len = code.len();
			Self::check_input(&data, &salt).map_err(|error| Self::failed(T::WeightInfo::instantiate(), error))?;
			let code_hash = H256(sp_io::hashing::blake2_256(&code));
			let mut deposit_limit = storage_deposit_limit;
			let mut upload_weight = Self::upload_weight(code_len, Some(&Default::default()));
			if !CodeInfoOf::<T>::contains_key(code_hash) {
				let (_, deposit, shape) = Self::store_code(deployer.clone(), code, engine, storage_deposit_limit)
					.map_err(|error| Self::failed(Self::upload_weight(code_len, None), error))?;
				upload_weight = Self::upload_weight(code_len, Some(&shape));
				deposit_limit = deposit_limit.map(|limit| limit.saturating_sub(deposit));
			}
			let (_, outcome) = Self::bare_instantiate(deployer, code_hash, value, gas_limit, deposit_limit, data, salt);
			Self::post_dispatch(upload_weight.saturating_add(T::WeightInfo::instantiate()), &outcome)
		}

		/// Calls contract `dest` with `data` (at most `MaxBufferLen` bytes), transferring `value`
		/// to it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::call().saturating_add(*gas_limit))]
		pub fn call(
			origin: OriginFor<T>,
			dest: AccountIdLookupOf<T>,
			#[pallet::compact] value: BalanceOf<T>,
			gas_limit: Weight,
			storage_deposit_limit: Option<BalanceOf<T>>,
			data: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let caller = ensure_signed(origin)?;
			let base = T::WeightInfo::call();
			let dest = T::Lookup::lookup(dest).map_err(|error| Self::failed(base, error))?;
			Self::check_input(&data, &[]).map_err(|error| Self::failed(base, error))?;
			let outcome = Self::bare_call(caller, dest, value, gas_limit, storage_deposit_limit, data);
			Self::post_dispatch(base, &outcome)
		}

		/// Removes code no contract uses; only its owner may, and gets the deposit back.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_code())]
		pub fn remove_code(origin: OriginFor<T>, code_hash: CodeHash) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let info = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
			ensure!(info.owner == owner, Error::<T>::NotCodeOwner);
			ensure!(info.refcount == 0, Error::<T>::CodeInUse);
			let deposit_released = T::Currency::release(
				&HoldReason::CodeUploadDeposit.into(),
				&owner,
				info.deposit,
				Precision::BestEffort,
			)?;
			CodeInfoOf::<T>::remove(code_hash);
			PristineCode::<T>::remove(code_hash);
			Self::deposit_event(Event::CodeRemoved { code_hash, owner, deposit_released });
			Ok(())
		}

		/// Registers an engine of `kind` with `config`, under the next free id, as `Active`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::register_engine())]
		pub fn register_engine(origin: OriginFor<T>, kind: EngineKind, config: Vec<u8>) -> DispatchResult {
			T::EngineAdminOrigin::ensure_origin(origin)?;
			let implementation = registry::implementation::<T>(kind).ok_or(Error::<T>::EngineNotAvailable)?;
			let config = EngineConfig::try_from(config).map_err(|_| Error::<T>::InvalidEngineConfig)?;
			ensure!(implementation.accepts_config(&config), Error::<T>::InvalidEngineConfig);
			ensure!(NextEngineId::<T>::get() < EngineId::MAX, Error::<T>::TooManyEngines);
			Self::add_engine(kind, config);
			Ok(())
		}

		/// Moves an engine to `status`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_engine_status())]
		pub fn set_engine_status(origin: OriginFor<T>, engine: EngineId, status: EngineStatus) -> DispatchResult {
			T::EngineAdminOrigin::ensure_origin(origin)?;
			Engines::<T>::try_mutate(engine, |info| {
				let info = info.as_mut().ok_or(Error::<T>::EngineNotFound)?;
				ensure!(info.status.may_become(status), Error::<T>::InvalidEngineStatusTransition);
				let from = core::mem::replace(&mut info.status, status);
				Self::deposit_event(Event::EngineStatusChanged { engine, from, to: status });
				Ok(())
			})
		}

		/// Calls contract `dest` as the DAO's account, on a governance proposal, paying at most
		/// `storage_deposit_limit` of the DAO's funds for the state it creates. The contract the
		/// DAO calls (and only that frame) can read who approved through the `dao_context`
		/// syscall.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::dao_call().saturating_add(*gas_limit))]
		pub fn dao_call(
			origin: OriginFor<T>,
			dest: AccountIdLookupOf<T>,
			#[pallet::compact] value: BalanceOf<T>,
			gas_limit: Weight,
			#[pallet::compact] storage_deposit_limit: BalanceOf<T>,
			data: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let context = T::DaoOrigin::ensure_origin(origin)?;
			let base = T::WeightInfo::dao_call();
			let dest = T::Lookup::lookup(dest).map_err(|error| Self::failed(base, error))?;
			Self::check_input(&data, &[]).map_err(|error| Self::failed(base, error))?;
			let origin = Origin::Dao { account: T::DaoAccount::get(), context };
			let outcome =
				Stack::<T>::run_call(origin, dest.clone(), value, gas_limit, Some(storage_deposit_limit), data);
			let post_info = Self::post_dispatch(base, &outcome)?;
			Self::deposit_event(Event::DaoCalled { contract: dest, context });
			Ok(post_info)
		}

		/// Makes the signer's 20-byte address lead back to the signer, so that EVM code reaches it
		/// (pays it, calls it) by that address; holds a deposit for the entry until
		/// [`Pallet::unmap_account`]. An Ethereum-derived account needs none.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::map_account())]
		pub fn map_account(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			let address = address::to_address::<T>(&account);
			ensure!(
				address::eth_derived_account::<T>(&address) != account && !OriginalAccount::<T>::contains_key(address),
				Error::<T>::AccountAlreadyMapped
			);
			let deposit = address::mapping_deposit::<T>();
			T::Currency::hold(&HoldReason::AddressMapping.into(), &account, deposit)
				.map_err(|_| Error::<T>::StorageDepositNotEnoughFunds)?;
			OriginalAccount::<T>::insert(address, &account);
			Self::deposit_event(Event::AccountMapped { account, address, deposit });
			Ok(())
		}

		/// Removes the signer's mapping and releases its deposit.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::unmap_account())]
		pub fn unmap_account(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			let address = address::to_address::<T>(&account);
			ensure!(OriginalAccount::<T>::get(address).as_ref() == Some(&account), Error::<T>::AccountNotMapped);
			OriginalAccount::<T>::remove(address);
			T::Currency::release_all(&HoldReason::AddressMapping.into(), &account, Precision::BestEffort)?;
			Self::deposit_event(Event::AccountUnmapped { account, address });
			Ok(())
		}
	}

	/// The lookup source of an account.
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	impl<T: Config> Pallet<T> {
		/// The weight of uploading code of `code_len` bytes and of `shape`: checking it in one pass,
		/// whose dearest items per byte are function types, and storing it. Before the shape is
		/// known, the most types that many bytes can declare.
		pub fn upload_weight(code_len: usize, shape: Option<&CodeShape>) -> Weight {
			let code_len = u32::try_from(code_len).unwrap_or(u32::MAX);
			let types = shape.map_or((code_len / MIN_TYPE_LEN).min(limits::MAX_TYPES), |shape| shape.types);
			T::WeightInfo::upload_code(code_len, types)
		}

		/// Checks `code` with `engine`'s implementation and stores it, holding the deposit from
		/// `owner`. Returns the code's hash, the deposit held and the code's shape.
		pub fn store_code(
			owner: T::AccountId,
			code: Vec<u8>,
			engine: EngineId,
			storage_deposit_limit: Option<BalanceOf<T>>,
		) -> Result<(CodeHash, BalanceOf<T>, CodeShape), DispatchError> {
			let (implementation, _) = registry::engine_for::<T>(engine, Use::NewCode).map_err(Self::vm_error)?;
			let shape = implementation.prepare(&code, &Limits::of::<T>()).map_err(Error::<T>::CodeRejected)?;
			let code = BoundedVec::<u8, T::MaxCodeLen>::try_from(code)
				.map_err(|_| Error::<T>::CodeRejected(RejectReason::CodeTooLarge))?;
			let code_hash = H256(sp_io::hashing::blake2_256(&code));
			ensure!(!CodeInfoOf::<T>::contains_key(code_hash), Error::<T>::CodeAlreadyExists);
			let deposit = storage::code_deposit::<T>(shape.code_len);
			ensure!(
				storage_deposit_limit.is_none_or(|limit| deposit <= limit),
				Error::<T>::StorageDepositLimitExhausted
			);
			storage::insert_code::<T>(owner, code_hash, code, engine, shape, deposit)
				.map_err(|_| Error::<T>::StorageDepositNotEnoughFunds)?;
			Ok((code_hash, deposit, shape))
		}

		/// Calls `dest` as `origin` without an extrinsic and returns everything that happened: the
		/// output, the gas used and the storage deposit. For dry runs and runtime APIs; the caller
		/// decides whether to keep the changes.
		pub fn bare_call(
			origin: T::AccountId,
			dest: T::AccountId,
			value: BalanceOf<T>,
			gas_limit: Weight,
			storage_deposit_limit: Option<BalanceOf<T>>,
			data: Vec<u8>,
		) -> Outcome<T> {
			Stack::<T>::run_call(Origin::Signed(origin), dest, value, gas_limit, storage_deposit_limit, data)
		}

		/// Instantiates stored code as `origin` without an extrinsic; returns the new contract's
		/// address when `deploy` returned, and everything that happened.
		pub fn bare_instantiate(
			origin: T::AccountId,
			code_hash: CodeHash,
			value: BalanceOf<T>,
			gas_limit: Weight,
			storage_deposit_limit: Option<BalanceOf<T>>,
			data: Vec<u8>,
			salt: Vec<u8>,
		) -> (Option<T::AccountId>, Outcome<T>) {
			Stack::<T>::run_instantiate(
				Origin::Signed(origin),
				code_hash,
				value,
				gas_limit,
				storage_deposit_limit,
				data,
				&salt,
			)
		}

		/// The value `contract` stores under `key`, for clients and runtime APIs; nothing for an
		/// account that is not a contract (a terminated contract's storage may still be queued
		/// for deletion).
		pub fn get_storage(contract: &T::AccountId, key: &[u8]) -> Option<Vec<u8>> {
			let key = ContractKey::<T>::try_from(key.to_vec()).ok()?;
			ContractInfoOf::<T>::contains_key(contract).then(|| storage::read::<T>(contract, &key)).flatten()
		}

		pub(crate) fn add_engine(kind: EngineKind, config: EngineConfig) -> EngineId {
			let engine = NextEngineId::<T>::mutate(|next| {
				let id = *next;
				next.saturating_inc();
				id
			});
			Engines::<T>::insert(engine, EngineInfo { kind, status: EngineStatus::Active, config });
			Self::deposit_event(Event::EngineRegistered { engine, kind });
			engine
		}

		/// Refuses input data longer than `MaxBufferLen` and a salt longer than 32 bytes.
		fn check_input(data: &[u8], salt: &[u8]) -> Result<(), Error<T>> {
			ensure!(data.len() <= T::MaxBufferLen::get() as usize, Error::<T>::InputTooLarge);
			ensure!(salt.len() <= limits::MAX_SALT_LEN as usize, Error::<T>::SaltTooLong);
			Ok(())
		}

		/// An extrinsic that failed before its contract ran, charged `weight`: the work done so
		/// far, never the gas it did not use.
		fn failed(weight: Weight, error: impl Into<DispatchError>) -> DispatchErrorWithPostInfo {
			DispatchErrorWithPostInfo {
				post_info: PostDispatchInfo { actual_weight: Some(weight), pays_fee: Pays::Yes },
				error: error.into(),
			}
		}

		fn vm_error(error: VmError) -> DispatchError {
			check_outcome::<T>(&Err(error)).expect_err("an error is never Ok; qed")
		}

		/// The extrinsic's result with its actual weight: `base` plus the gas used, so the unused
		/// part of `gas_limit` is refunded whether the contract succeeded or not.
		fn post_dispatch(base: Weight, outcome: &Outcome<T>) -> DispatchResultWithPostInfo {
			let post_info = PostDispatchInfo {
				actual_weight: Some(base.saturating_add(outcome.gas_consumed)),
				pays_fee: Pays::Yes,
			};
			check_outcome::<T>(&outcome.result)
				.map(|()| post_info)
				.map_err(|error| DispatchErrorWithPostInfo { post_info, error })
		}
	}
}
