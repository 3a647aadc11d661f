//! # ocos-sandbox
//!
//! Contract tests without a node. A [`Sandbox`] is the sample runtime (`ocos-runtime`) itself, its
//! `pallet-ocos-vm` with the chain's own parameters, weights and limits, in test externalities
//! built from the development genesis: the well-known accounts (Alice, Bob, …) hold
//! 1 000 000 UNIT each, and engine 0 is wasmi ([`Sandbox::register_evm`] adds the EVM engine, as
//! a council motion does on the chain). What a contract does here it does on the chain, to the
//! unit of gas.
//!
//! ```ignore
//! let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
//! let mut sandbox = Sandbox::new();
//! let deployed = sandbox.deploy(&alice(), &code, TokenRef::new(1_000));
//! let token = TokenRef::at(deployed.result.unwrap());
//! let sent = sandbox.call(&alice(), token.transfer(bob, 10));
//! assert_eq!(sent.result, Ok(Ok(())));
//! assert_eq!(sent.events::<Transfer>(), vec![Transfer { from: Some(alice), to: bob, value: 10 }]);
//! ```
//!
//! Calls go through the same functions as the chain's dry-run API (`OcosVmApi`), and their
//! changes are kept; [`Sandbox::dry_run`] discards them. Results are exact: the decoded value or
//! error, the gas used and required, the storage deposit, the logs.

use codec::{Decode, DecodeAll, Encode};
use frame_support::{
	traits::{Hooks, OnIdle},
	weights::Weight,
};
use ocos_contract::{
	call::{CallBuilder, Deploy},
	dispatch::DispatchError as ContractError,
	event::Event as ContractEvent,
};
use ocos_runtime::{OcosVm, Runtime, RuntimeGenesisConfig, System};
use pallet_ocos_vm::{
	api::{DryRun, ExecReturn},
	storage::CodeHash,
};
use sp_core::{storage::Storage, H256};
use sp_runtime::{BuildStorage, DispatchError};
use std::{
	collections::{BTreeMap, HashMap},
	path::{Path, PathBuf},
	sync::Mutex,
};

pub use ocos_runtime::{AccountId, Balance, MILLI_UNIT, UNIT};
pub use pallet_ocos_vm::{
	evm::{EvmConfig, Hardfork},
	uapi::DaoContext,
	EngineKind, Error as VmError, TrapKind,
};
pub use sp_keyring::Sr25519Keyring as Keyring;

/// The engine contracts run on: wasmi, engine 0 from genesis.
pub const WASM_ENGINE: u32 = 0;

/// The chain id EVM code sees once [`Sandbox::register_evm`] registered the engine: the one
/// `ocos gov register-engine evm` proposes.
pub const EVM_CHAIN_ID: u64 = 420;

/// What every well-known account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Alice's account.
pub fn alice() -> AccountId {
	Keyring::Alice.to_account_id()
}

/// Bob's account.
pub fn bob() -> AccountId {
	Keyring::Bob.to_account_id()
}

/// Charlie's account.
pub fn charlie() -> AccountId {
	Keyring::Charlie.to_account_id()
}

/// An account as a contract sees it.
pub fn to_contract(account: &AccountId) -> ocos_contract::AccountId {
	ocos_contract::AccountId(*account.as_ref())
}

/// A contract's account as the chain sees it.
pub fn to_chain(account: ocos_contract::AccountId) -> AccountId {
	AccountId::new(account.0)
}

/// The contract crates built so far in this process.
static BUILT: Mutex<BTreeMap<PathBuf, Vec<u8>>> = Mutex::new(BTreeMap::new());

/// The code of the contract crate at `path` (its folder), built with `ocos-contract-build` once
/// per test process. Panics with cargo's errors when it does not build.
pub fn build(path: impl AsRef<Path>) -> Vec<u8> {
	let path = path.as_ref().to_path_buf();
	let mut built = BUILT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	if let Some(code) = built.get(&path) {
		return code.clone();
	}
	let contract = ocos_contract_build::Build::new(&path)
		.run()
		.unwrap_or_else(|error| panic!("{} does not build: {error}", path.display()));
	built.insert(path, contract.wasm.clone());
	contract.wasm
}

/// Why a deploy or call gave no value.
#[derive(Debug)]
pub enum Failure {
	/// The contract could not run the message (its SDK's dispatch error): no such selector,
	/// arguments that do not decode, value sent to a message that is not payable, a panic.
	Dispatch(ContractError),
	/// The chain refused or stopped the execution: the contract trapped (with its
	/// [`TrapKind`]), ran out of gas, could not pay a deposit, ….
	Vm(VmError<Runtime>),
	/// Another pallet's error.
	Runtime(DispatchError),
	/// The output does not decode as the message's result.
	InvalidOutput(Vec<u8>),
	/// The constructor reverted with this output: a constructor returning `Err(e)` reverts with
	/// `Ok(Err(e))` encoded.
	Reverted(Vec<u8>),
}

// The pallet's error is generic over the runtime and derives neither `Clone` nor `PartialEq`:
// two are equal when their encodings are.
impl PartialEq for Failure {
	fn eq(&self, other: &Self) -> bool {
		match (self, other) {
			(Failure::Dispatch(a), Failure::Dispatch(b)) => a == b,
			(Failure::Vm(a), Failure::Vm(b)) => a.encode() == b.encode(),
			(Failure::Runtime(a), Failure::Runtime(b)) => a == b,
			(Failure::InvalidOutput(a), Failure::InvalidOutput(b)) | (Failure::Reverted(a), Failure::Reverted(b)) => {
				a == b
			}
			_ => false,
		}
	}
}

impl Eq for Failure {}

impl Clone for Failure {
	fn clone(&self) -> Self {
		match self {
			Failure::Dispatch(error) => Failure::Dispatch(error.clone()),
			Failure::Vm(error) => Failure::Vm(
				VmError::<Runtime>::decode(&mut &error.encode()[..]).expect("an encoded error decodes; qed"),
			),
			Failure::Runtime(error) => Failure::Runtime(*error),
			Failure::InvalidOutput(output) => Failure::InvalidOutput(output.clone()),
			Failure::Reverted(output) => Failure::Reverted(output.clone()),
		}
	}
}

/// A log a contract emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
	/// The contract that emitted it.
	pub contract: AccountId,
	/// Its topics; for an SDK event, the event's signature first.
	pub topics: Vec<H256>,
	/// Its data; for an SDK event, the event SCALE-encoded.
	pub data: Vec<u8>,
}

impl Log {
	/// The log as event `E`, if it is one.
	pub fn decode<E: ContractEvent + Decode>(&self) -> Option<E> {
		let signature = self.topics.first()?;
		(signature.0 == E::SIGNATURE).then(|| E::decode(&mut &self.data[..]).ok()).flatten()
	}
}

/// What a deploy or a call did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome<R> {
	/// What the message returned (for a deploy, the new contract's address), or why it gave
	/// nothing.
	pub result: Result<R, Failure>,
	/// Whether the contract reverted: its changes were rolled back. A message returning
	/// `Err(e)` reverts with `Ok(Err(e))` as its result.
	pub reverted: bool,
	/// The output as the contract returned it.
	pub output: Vec<u8>,
	/// The gas the execution used.
	pub gas_consumed: Weight,
	/// The smallest gas limit with which it succeeds on the same state.
	pub gas_required: Weight,
	/// The storage deposit the caller paid, net of refunds.
	pub storage_deposit: Balance,
	/// The logs the contracts emitted, in order.
	pub logs: Vec<Log>,
}

impl<R> Outcome<R> {
	/// The logs that are events `E`, decoded.
	pub fn events<E: ContractEvent + Decode>(&self) -> Vec<E> {
		self.logs.iter().filter_map(Log::decode).collect()
	}

	/// The value; panics with the failure when there is none.
	#[track_caller]
	pub fn unwrap(self) -> R
	where
		R: std::fmt::Debug,
	{
		match self.result {
			Ok(value) => value,
			Err(failure) => panic!("the contract failed: {failure:?}"),
		}
	}
}

/// A state to go back to ([`Sandbox::restore`]).
#[derive(Clone, Debug)]
pub struct Snapshot(Storage);

/// Merges a genesis preset `patch` into `config` as a chain spec does (sc-chain-spec's
/// `json_merge`): objects key by key, anything else replaced. Written here rather than imported,
/// because sc-chain-spec brings the node's client (its network and executor) into every contract
/// project's tests.
fn merge(config: &mut serde_json::Value, patch: serde_json::Value) {
	match (config, patch) {
		(serde_json::Value::Object(config), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(config.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(config, patch) => *config = patch,
	}
}

/// The sample runtime in test externalities.
pub struct Sandbox {
	state: sp_io::TestExternalities,
	/// The gas limit of deploys and calls; by default the largest an extrinsic carries.
	gas_limit: Option<Weight>,
	/// Deploys so far: the salt of the next, so the same code deploys again at a new address.
	deploys: u64,
}

impl Default for Sandbox {
	fn default() -> Self {
		Self::new()
	}
}

impl Sandbox {
	/// The development chain's genesis, at block 1.
	pub fn new() -> Self {
		let patch = ocos_runtime::genesis_config_presets::development_config_genesis();
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("the genesis serializes; qed");
		merge(&mut config, patch);
		let config: RuntimeGenesisConfig =
			serde_json::from_value(config).expect("the development preset is valid; qed");
		let storage = config.build_storage().expect("the development genesis builds; qed");
		let mut sandbox = Self { state: sp_io::TestExternalities::new(storage), gas_limit: None, deploys: 0 };
		sandbox.execute_with(|| {
			System::set_block_number(1);
			pallet_timestamp::Now::<Runtime>::put(1_700_000_000_000);
		});
		sandbox
	}

	/// Runs `f` on the sandbox's state: any runtime function may be called in it.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.state.execute_with(f)
	}

	/// Gives deploys and calls at most `gas_limit`; `None`: the largest an extrinsic carries.
	pub fn set_gas_limit(&mut self, gas_limit: Option<Weight>) {
		self.gas_limit = gas_limit;
	}

	/// Mints `amount` into `account`'s free balance.
	pub fn fund(&mut self, account: &AccountId, amount: Balance) {
		use frame_support::traits::fungible::Mutate;
		self.execute_with(|| {
			ocos_runtime::Balances::mint_into(account, amount).expect("the amount fits the total issuance");
		});
	}

	/// `account`'s free balance.
	pub fn free_balance(&mut self, account: &AccountId) -> Balance {
		self.execute_with(|| ocos_runtime::Balances::free_balance(account))
	}

	/// Registers an engine of `kind` with `config` (for the EVM, a SCALE-encoded [`EvmConfig`]),
	/// as a governance motion does; returns its id.
	pub fn register_engine(&mut self, kind: EngineKind, config: Vec<u8>) -> Result<u32, VmError<Runtime>> {
		self.execute_with(|| {
			let engine = pallet_ocos_vm::NextEngineId::<Runtime>::get();
			OcosVm::register_engine(ocos_runtime::RuntimeOrigin::root(), kind, config)
				.map_err(|error| vm_error(error).expect("registering fails with the pallet's errors"))?;
			Ok(engine)
		})
	}

	/// Registers the EVM engine (chain id [`EVM_CHAIN_ID`], Prague rules); returns its id.
	pub fn register_evm(&mut self) -> u32 {
		let config = EvmConfig { chain_id: EVM_CHAIN_ID, hardfork: Hardfork::Prague }.encode();
		self.register_engine(EngineKind::Evm, config).expect("the runtime has the EVM engine")
	}

	/// Uploads `code` for wasmi as `origin`, holding its deposit; returns its hash. Code stored
	/// already is not uploaded again.
	pub fn upload(&mut self, origin: &AccountId, code: &[u8]) -> Result<CodeHash, VmError<Runtime>> {
		self.upload_on(WASM_ENGINE, origin, code)
	}

	/// Uploads `code` for `engine` as `origin` (for the EVM, init code), holding its deposit;
	/// returns its hash. Code stored already for `engine` is not uploaded again; stored for another
	/// engine, it is refused as the chain refuses it (`CodeAlreadyExists`).
	pub fn upload_on(&mut self, engine: u32, origin: &AccountId, code: &[u8]) -> Result<CodeHash, VmError<Runtime>> {
		let code_hash = H256(ocos_contract_build::code_hash(code));
		self.execute_with(|| {
			if let Some(stored) = pallet_ocos_vm::CodeInfoOf::<Runtime>::get(code_hash) {
				return if stored.engine == engine { Ok(code_hash) } else { Err(VmError::CodeAlreadyExists) };
			}
			OcosVm::store_code(origin.clone(), code.to_vec(), engine, None)
				.map(|(code_hash, _, _)| code_hash)
				.map_err(|error| vm_error(error).expect("uploads fail with the pallet's errors"))
		})
	}

	/// Uploads `code` (unless stored) and deploys it as `origin` with `constructor`; the result is
	/// the new contract's address. A constructor that reverts (returning `Err(e)`) gives
	/// [`Failure::Reverted`].
	pub fn deploy<A: Encode, R: Decode>(
		&mut self,
		origin: &AccountId,
		code: &[u8],
		constructor: Deploy<A, R>,
	) -> Outcome<ocos_contract::AccountId> {
		let (value, input) = (constructor.transferred_value(), constructor.input());
		self.instantiate(WASM_ENGINE, origin, code, value, input, |returned| {
			decode_output::<R>(&returned.data).map(|_| ())
		})
	}

	/// Deploys `code` as `origin` with raw `input`, sending `value`: for contracts not written
	/// with the SDK, whose output is not decoded.
	pub fn deploy_raw(
		&mut self,
		origin: &AccountId,
		code: &[u8],
		value: Balance,
		input: Vec<u8>,
	) -> Outcome<ocos_contract::AccountId> {
		self.deploy_raw_on(WASM_ENGINE, origin, code, value, input)
	}

	/// Deploys `code` for `engine` as `origin` with raw `input`, sending `value`: for an EVM
	/// contract, its init code and the ABI-encoded arguments of its constructor
	/// ([`ocos_contract::evm`]). A reverting constructor gives [`Failure::Reverted`] with its
	/// revert data.
	pub fn deploy_raw_on(
		&mut self,
		engine: u32,
		origin: &AccountId,
		code: &[u8],
		value: Balance,
		input: Vec<u8>,
	) -> Outcome<ocos_contract::AccountId> {
		self.instantiate(engine, origin, code, value, input, |_| Ok(()))
	}

	fn instantiate(
		&mut self,
		engine: u32,
		origin: &AccountId,
		code: &[u8],
		value: Balance,
		input: Vec<u8>,
		check: impl FnOnce(&ExecReturn) -> Result<(), Failure>,
	) -> Outcome<ocos_contract::AccountId> {
		let code_hash = match self.upload_on(engine, origin, code) {
			Ok(code_hash) => code_hash,
			Err(error) => return Outcome::failed(Failure::Vm(error)),
		};
		self.deploys += 1;
		let salt = self.deploys.to_le_bytes().to_vec();
		let gas_limit = self.gas_limit;
		let run = self.execute_with(|| {
			OcosVm::dry_run_instantiate(origin.clone(), code_hash, value, gas_limit, None, input, salt)
		});
		outcome(
			run,
			|returned| (returned.result, to_contract(&returned.account_id)),
			|address, returned| {
				check(returned)?;
				match returned.reverted {
					true => Err(Failure::Reverted(returned.data.clone())),
					false => Ok(address),
				}
			},
		)
	}

	/// Sends `call` (built by a contract's `…Ref`) as `origin`, with its value.
	pub fn call<A: Encode, R: Decode>(&mut self, origin: &AccountId, call: CallBuilder<A, R>) -> Outcome<R> {
		let gas_limit = self.gas_limit;
		let run = self.execute_with(|| {
			OcosVm::dry_run_call(
				origin.clone(),
				to_chain(call.callee()),
				call.transferred_value(),
				gas_limit,
				None,
				call.input(),
			)
		});
		outcome(run, |returned| (returned, ()), |(), returned| decode_output::<R>(&returned.data))
	}

	/// Calls `contract` with raw `input` as `origin`, sending `value`; the result is the raw
	/// output.
	pub fn call_raw(
		&mut self,
		origin: &AccountId,
		contract: &AccountId,
		value: Balance,
		input: Vec<u8>,
	) -> Outcome<Vec<u8>> {
		let gas_limit = self.gas_limit;
		let run =
			self.execute_with(|| OcosVm::dry_run_call(origin.clone(), contract.clone(), value, gas_limit, None, input));
		outcome(run, |returned| (returned, ()), |(), returned| Ok(returned.data.clone()))
	}

	/// Sends `call` as the DAO, approved as `context` says, as the `dao_call` extrinsic does on a
	/// council motion: the contract reads `context` through `dao_context`, and the DAO's account
	/// pays at most `storage_deposit_limit`. Returns the logs the contracts emitted.
	pub fn dao_call<A: Encode, R: Decode>(
		&mut self,
		context: DaoContext,
		call: CallBuilder<A, R>,
		storage_deposit_limit: Balance,
	) -> Result<Vec<Log>, Failure> {
		use frame_support::traits::UnfilteredDispatchable;
		let origin = match context {
			DaoContext::Root => ocos_runtime::RuntimeOrigin::root(),
			DaoContext::Collective { approvals, members } => pallet_collective::RawOrigin::<
				AccountId,
				ocos_runtime::configs::CouncilCollective,
			>::Members(approvals, members)
			.into(),
		};
		let gas_limit = self.gas_limit.unwrap_or_else(|| {
			use pallet_ocos_vm::WeightInfo;
			OcosVm::max_gas(<Runtime as pallet_ocos_vm::Config>::WeightInfo::dao_call())
		});
		let dispatch = pallet_ocos_vm::Call::<Runtime>::dao_call {
			dest: to_chain(call.callee()).into(),
			value: call.transferred_value(),
			gas_limit,
			storage_deposit_limit,
			data: call.input(),
		};
		self.execute_with(|| {
			let events_before = System::event_count() as usize;
			frame_support::storage::with_storage_layer(|| dispatch.dispatch_bypass_filter(origin))
				.map_err(|error| vm_error(error.error).map_or(Failure::Runtime(error.error), Failure::Vm))?;
			Ok(System::read_events_no_consensus()
				.skip(events_before)
				.filter_map(|record| match record.event {
					ocos_runtime::RuntimeEvent::OcosVm(pallet_ocos_vm::Event::ContractLog {
						contract,
						topics,
						data,
					}) => Some(Log { contract, topics, data }),
					_ => None,
				})
				.collect())
		})
	}

	/// Runs `f` on the sandbox and then puts the state back as it was: a dry run.
	pub fn dry_run<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
		let snapshot = self.snapshot();
		let result = f(self);
		self.restore(snapshot);
		result
	}

	/// The value `contract` stores under `key`.
	pub fn storage(&mut self, contract: &AccountId, key: &[u8]) -> Option<Vec<u8>> {
		self.execute_with(|| OcosVm::get_storage(contract, key))
	}

	/// The value `contract` stores under storage key `key`, decoded.
	pub fn storage_value<T: Decode>(&mut self, contract: &AccountId, key: &[u8]) -> Option<T> {
		self.storage(contract, key).map(|value| T::decode(&mut &value[..]).expect("the stored value decodes"))
	}

	/// The current block's number.
	pub fn block_number(&mut self) -> u32 {
		self.execute_with(System::block_number)
	}

	/// Ends the block (running the pallet's idle work: queued storage deletion) and starts the
	/// next, 6 seconds later.
	pub fn next_block(&mut self) {
		self.execute_with(|| {
			let number = System::block_number();
			let max_block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
			<OcosVm as OnIdle<u32>>::on_idle(number, max_block);
			System::reset_events();
			System::set_block_number(number + 1);
			pallet_timestamp::Now::<Runtime>::mutate(|now| *now += ocos_runtime::MILLI_SECS_PER_BLOCK);
			<OcosVm as Hooks<u32>>::on_initialize(number + 1);
		});
	}

	/// The whole state, to [`restore`](Self::restore) later.
	pub fn snapshot(&mut self) -> Snapshot {
		self.state.commit_all().expect("no storage transaction is open between calls; qed");
		let top = self.execute_with(|| {
			let mut top = BTreeMap::new();
			let mut key = Vec::new();
			while let Some(next) = sp_io::storage::next_key(&key) {
				let value = sp_io::storage::get(&next).expect("the key was just listed; qed");
				top.insert(next.clone(), value.to_vec());
				key = next;
			}
			top
		});
		Snapshot(Storage { top, children_default: HashMap::new() })
	}

	/// Puts back the state of `snapshot`.
	pub fn restore(&mut self, snapshot: Snapshot) {
		self.state = sp_io::TestExternalities::new(snapshot.0);
	}
}

impl<R> Outcome<R> {
	fn failed(failure: Failure) -> Self {
		Self {
			result: Err(failure),
			reverted: false,
			output: Vec::new(),
			gas_consumed: Weight::zero(),
			gas_required: Weight::zero(),
			storage_deposit: 0,
			logs: Vec::new(),
		}
	}
}

/// Turns a dry run into an outcome: `split` takes the contract's return out of what the run
/// returned, `decode` reads its output.
fn outcome<T, P, R>(
	run: DryRun<T, AccountId, Balance>,
	split: impl FnOnce(T) -> (ExecReturn, P),
	decode: impl FnOnce(P, &ExecReturn) -> Result<R, Failure>,
) -> Outcome<R> {
	let logs = run.logs.into_iter().map(|(contract, topics, data)| Log { contract, topics, data }).collect();
	let (result, reverted, output) = match run.result {
		Ok(returned) => {
			let (returned, part) = split(returned);
			(decode(part, &returned), returned.reverted, returned.data)
		}
		Err(error) => (Err(vm_error(error).map_or(Failure::Runtime(error), Failure::Vm)), false, Vec::new()),
	};
	Outcome {
		result,
		reverted,
		output,
		gas_consumed: run.gas_consumed,
		gas_required: run.gas_required,
		storage_deposit: run.storage_deposit,
		logs,
	}
}

/// Decodes the output of an SDK contract: `Result<R, DispatchError>`.
fn decode_output<R: Decode>(output: &[u8]) -> Result<R, Failure> {
	match <Result<R, ContractError>>::decode_all(&mut &output[..]) {
		Ok(Ok(value)) => Ok(value),
		Ok(Err(error)) => Err(Failure::Dispatch(error)),
		Err(_) => Err(Failure::InvalidOutput(output.to_vec())),
	}
}

/// The pallet's error in `error`, if it is one.
fn vm_error(error: DispatchError) -> Option<VmError<Runtime>> {
	let DispatchError::Module(module) = error else { return None };
	let index = <ocos_runtime::PalletInfo as frame_support::traits::PalletInfo>::index::<OcosVm>()?;
	(module.index as usize == index).then(|| VmError::<Runtime>::decode(&mut &module.error[..]).ok()).flatten()
}
