//! The two contract pallets in the mock runtime, driven as a chain drives them: every call is the
//! pallet's `call` extrinsic, whose actual weight (gas used included) is the weight charged.

use crate::{
	runtime::{Contracts, DatabaseWeight, OcosVm, Runtime, RuntimeOrigin, System, ALICE},
	workloads::Target,
};
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, PostDispatchInfo, WithPostDispatchInfo},
	weights::Weight,
};
use pallet_contracts::WeightInfo as _;
use pallet_contracts::{CollectEvents, DebugInfo, Determinism};
use sp_runtime::{traits::Hash, AccountId32};

/// Gas for every call: far more than any workload uses.
const GAS_LIMIT: Weight = Weight::from_parts(1_000_000_000_000, 16 * 1024 * 1024);

/// A contract pallet of the mock runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pallet {
	/// `pallet-ocos-vm`.
	Ocos,
	/// `pallet-contracts`.
	Contracts,
}

impl Pallet {
	/// The shell its contracts are written for.
	pub fn target(self) -> Target {
		match self {
			Pallet::Ocos => Target::Ocos,
			Pallet::Contracts => Target::Contracts,
		}
	}

	/// Uploads `code` as Alice; returns the weight charged.
	pub fn upload(self, code: Vec<u8>) -> Weight {
		let origin = RuntimeOrigin::signed(ALICE);
		match self {
			Pallet::Ocos => charged(OcosVm::upload_code(origin, code, 0, None), "upload"),
			Pallet::Contracts => {
				// pallet-contracts charges the weight its upload declares.
				let len = code.len() as u32;
				let weight = <Runtime as pallet_contracts::Config>::WeightInfo::upload_code_determinism_enforced(len);
				let post = PostDispatchInfo { actual_weight: Some(weight), ..Default::default() };
				let result = Contracts::upload_code(origin, code, None, Determinism::Enforced);
				charged(result.map(|()| post).map_err(|error| error.with_weight(weight)), "upload")
			}
		}
	}

	/// Instantiates uploaded `code` as Alice; returns the contract and the weight charged.
	pub fn instantiate(self, code: &[u8]) -> (AccountId32, Weight) {
		self.instantiate_with(code, vec![])
	}

	/// Instantiates uploaded `code` as Alice, its constructor reading `input`; returns the
	/// contract and the weight charged.
	pub fn instantiate_with(self, code: &[u8], input: Vec<u8>) -> (AccountId32, Weight) {
		let origin = RuntimeOrigin::signed(ALICE);
		let code_hash = <Runtime as frame_system::Config>::Hashing::hash(code);
		let (address, result) = match self {
			Pallet::Ocos => (
				pallet_ocos_vm::storage::contract_address::<Runtime>(&ALICE, &code_hash, &[]),
				OcosVm::instantiate(origin, code_hash, 0, GAS_LIMIT, None, input, vec![]),
			),
			Pallet::Contracts => (
				Contracts::contract_address(&ALICE, &code_hash, &[], &[]),
				Contracts::instantiate(origin, 0, GAS_LIMIT, None, code_hash, input, vec![]),
			),
		};
		(address, charged(result, "instantiate"))
	}

	/// Uploads and instantiates `code`.
	pub fn deploy(self, code: Vec<u8>) -> AccountId32 {
		self.upload(code.clone());
		self.instantiate(&code).0
	}

	/// Calls `dest` with `input` through the `call` extrinsic; returns the weight charged.
	pub fn call(self, dest: &AccountId32, input: Vec<u8>) -> Weight {
		let origin = RuntimeOrigin::signed(ALICE);
		let dest = dest.clone();
		let result = match self {
			Pallet::Ocos => OcosVm::call(origin, dest, 0, GAS_LIMIT, None, input),
			Pallet::Contracts => Contracts::call(origin, dest, 0, GAS_LIMIT, None, input),
		};
		System::reset_events();
		charged(result, "call")
	}

	/// The weight a call charges without the database's share: what its computation is
	/// charged, to hold against the time it takes.
	pub fn compute_weight(self, dest: &AccountId32, input: Vec<u8>) -> Weight {
		let database = DatabaseWeight::get();
		DatabaseWeight::set(Default::default());
		let weight = self.call(dest, input);
		DatabaseWeight::set(database);
		weight
	}

	/// What calling `dest` with `input` returns, from a dry run.
	pub fn output(self, dest: &AccountId32, input: Vec<u8>) -> Vec<u8> {
		let dest = dest.clone();
		match self {
			Pallet::Ocos => {
				let outcome = OcosVm::bare_call(ALICE, dest, 0, GAS_LIMIT, None, input);
				outcome.result.expect("the dry run runs").output
			}
			Pallet::Contracts => {
				let result = Contracts::bare_call(
					ALICE,
					dest,
					0,
					GAS_LIMIT,
					None,
					input,
					DebugInfo::Skip,
					CollectEvents::Skip,
					Determinism::Enforced,
				);
				result.result.expect("the dry run runs").data
			}
		}
	}
}

/// The weight an extrinsic charged; a failure stops the harness, since every workload must run.
fn charged(result: DispatchResultWithPostInfo, what: &str) -> Weight {
	match result {
		Ok(post) => post.actual_weight.expect("the weight charged is reported"),
		Err(error) => panic!("{what} failed: {:?}", error.error),
	}
}
