//! The call-stacks target: random sequences of extrinsics — uploads, instantiations, calls that
//! nest calls through a proxy, write and remove storage and terminate contracts, code removals,
//! engine status changes and idle-time deletion — from a few accounts, with the pallet's books
//! checked against what is stored after every step ([`check_books`]).

use crate::{dispatch, ensure, Checked};
use arbitrary::{Result, Unstructured};
use frame_support::traits::{fungible::InspectHold, Hooks};
use ocos_runtime::{Balances, OcosVm, Runtime, RuntimeCall, RuntimeHoldReason, RuntimeOrigin};
use ocos_sandbox::{alice, bob, charlie, AccountId};
use ocos_vm_uapi::call_flags;
use pallet_ocos_vm::{
	registry::EngineStatus,
	storage::{contract_address, CodeHash},
	CodeInfoOf, ContractInfoOf, ContractStorage, DeletionQueue, HoldReason, PristineCode,
};
use sp_runtime::Weight;
use std::collections::BTreeMap;

/// The most steps a case takes.
const MAX_STEPS: u32 = 16;

/// How deep a call program nests proxies.
const MAX_NESTING: u32 = 3;

/// The contracts the steps deploy: what each does with its input is what [`input_for`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, arbitrary::Arbitrary)]
pub(crate) enum Fixture {
	/// Counts its calls in storage.
	Counter,
	/// Sets, reads and removes keys, and traps or reverts after a write.
	Storage,
	/// Calls another contract with the input that follows.
	Proxy,
	/// Stores an item, then terminates in favour of an account.
	Terminate,
}

impl Fixture {
	/// The fixture's code.
	pub(crate) fn code(self) -> Vec<u8> {
		let text = match self {
			Fixture::Counter => include_str!("../../pallets/ocos-vm/fixtures/counter.wat"),
			Fixture::Storage => include_str!("../../pallets/ocos-vm/fixtures/storage.wat"),
			Fixture::Proxy => include_str!("../../pallets/ocos-vm/fixtures/proxy.wat"),
			Fixture::Terminate => include_str!("../../pallets/ocos-vm/fixtures/terminate.wat"),
		};
		wat::parse_str(text).expect("the fixtures are valid; qed")
	}

	/// The fixture's code hash.
	fn code_hash(self) -> CodeHash {
		CodeHash::from(sp_io::hashing::blake2_256(&self.code()))
	}
}

/// The accounts that sign the steps.
fn signers() -> [AccountId; 3] {
	[alice(), bob(), charlie()]
}

/// Runs a case: up to [`MAX_STEPS`] steps, each checked by [`dispatch`] and followed by
/// [`check_books`].
pub fn run(u: &mut Unstructured) -> Checked {
	let mut contracts: Vec<(AccountId, Fixture)> = Vec::new();
	for _ in 0..u.int_in_range(1..=MAX_STEPS).unwrap_or(1) {
		let Ok(step) = next_step(u, &mut contracts) else { break };
		match step {
			Step::Signed(signer, call) => {
				let _ = dispatch(RuntimeOrigin::signed(signer), call)?;
			}
			Step::Root(call) => {
				let _ = dispatch(RuntimeOrigin::root(), call)?;
			}
			Step::Idle(remaining) => {
				let used = OcosVm::on_idle(1, remaining);
				ensure(used.all_lte(remaining), || format!("on_idle used {used} of the {remaining} left"))?;
			}
		}
		check_books()?;
	}
	Ok(())
}

/// One step of a case.
enum Step {
	/// An extrinsic signed by an account.
	Signed(AccountId, RuntimeCall),
	/// A call of the engine admin origin.
	Root(RuntimeCall),
	/// The idle hook of a block, with this much weight left.
	Idle(Weight),
}

/// The next step, recording the contracts instantiations may create in `contracts`.
fn next_step(u: &mut Unstructured, contracts: &mut Vec<(AccountId, Fixture)>) -> Result<Step> {
	let signer = u.choose(&signers())?.clone();
	let fixture: Fixture = u.arbitrary()?;
	let call = match u.int_in_range(0..=9)? {
		0 => pallet_ocos_vm::Call::upload_code { code: fixture.code(), engine: 0, storage_deposit_limit: None },
		1 | 2 => {
			let salt = vec![u.int_in_range(0..=3)?];
			contracts.push((contract_address::<Runtime>(&signer, &fixture.code_hash(), &salt), fixture));
			let (value, gas_limit) = (u.int_in_range(0..=1_000)?, gas_limit(u));
			match u.arbitrary()? {
				true => pallet_ocos_vm::Call::instantiate {
					code_hash: fixture.code_hash(),
					value,
					gas_limit,
					storage_deposit_limit: None,
					data: Vec::new(),
					salt,
				},
				false => pallet_ocos_vm::Call::instantiate_with_code {
					code: fixture.code(),
					engine: 0,
					value,
					gas_limit,
					storage_deposit_limit: None,
					data: Vec::new(),
					salt,
				},
			}
		}
		3..=6 if !contracts.is_empty() => {
			let (dest, fixture) = pick_contract(u, contracts)?;
			pallet_ocos_vm::Call::call {
				dest: dest.into(),
				value: u.int_in_range(0..=1_000)?,
				gas_limit: gas_limit(u),
				storage_deposit_limit: None,
				data: input_for(u, fixture, contracts, MAX_NESTING)?,
			}
		}
		7 => pallet_ocos_vm::Call::remove_code { code_hash: fixture.code_hash() },
		8 => {
			let status = *u.choose(&[EngineStatus::Active, EngineStatus::UploadsFrozen, EngineStatus::Disabled])?;
			return Ok(Step::Root(pallet_ocos_vm::Call::set_engine_status { engine: 0, status }.into()));
		}
		_ => return Ok(Step::Idle(Weight::from_parts(u.int_in_range(0..=2_000_000_000_000)?, u64::MAX))),
	};
	Ok(Step::Signed(signer, call.into()))
}

/// One of `contracts`, most often one that exists (instantiations fail, contracts terminate).
fn pick_contract(u: &mut Unstructured, contracts: &[(AccountId, Fixture)]) -> Result<(AccountId, Fixture)> {
	let alive: Vec<&(AccountId, Fixture)> =
		contracts.iter().filter(|(contract, _)| ContractInfoOf::<Runtime>::contains_key(contract)).collect();
	if !alive.is_empty() && u.ratio(3, 4)? {
		return Ok((*u.choose(&alive)?).clone());
	}
	Ok(u.choose(contracts)?.clone())
}

/// A gas limit from too little for anything to plenty.
fn gas_limit(u: &mut Unstructured) -> Weight {
	Weight::from_parts(u.int_in_range(0..=100_000_000_000).unwrap_or_default(), 4 * 1024 * 1024)
}

/// The input a call to `fixture` reads; a proxy's calls one of `contracts` with an input of its
/// own, nested up to `depth` proxies.
fn input_for(
	u: &mut Unstructured,
	fixture: Fixture,
	contracts: &[(AccountId, Fixture)],
	depth: u32,
) -> Result<Vec<u8>> {
	let account = |account: &AccountId| -> [u8; 32] { account.clone().into() };
	Ok(match fixture {
		Fixture::Counter => Vec::new(),
		Fixture::Storage => {
			let key = vec![b'k'; u.int_in_range(1..=3)?];
			let value: Vec<u8> = (0..u.int_in_range(0..=100)?).map(|byte| byte as u8).collect();
			[&[u.int_in_range(0..=5)?][..], &(key.len() as u32).to_le_bytes(), &key, &value].concat()
		}
		Fixture::Terminate => {
			let beneficiaries: Vec<AccountId> =
				signers().into_iter().chain(contracts.iter().map(|(contract, _)| contract.clone())).collect();
			account(u.choose(&beneficiaries)?).to_vec()
		}
		Fixture::Proxy if depth == 0 => Vec::new(),
		Fixture::Proxy => {
			let (callee, callee_fixture) = pick_contract(u, contracts)?;
			let flags = if u.arbitrary()? { call_flags::ALLOW_REENTRY } else { 0 };
			let value = u128::from(u.int_in_range(0u16..=100)?);
			let gas: u64 = u.int_in_range(0..=20_000_000_000)?;
			let callee_input = input_for(u, callee_fixture, contracts, depth - 1)?;
			[&flags.to_le_bytes()[..], &account(&callee), &value.to_le_bytes(), &gas.to_le_bytes(), &callee_input]
				.concat()
		}
	})
}

/// Checks the pallet's books against what is stored: every code's refcount is the number of
/// contracts running it and its deposit is held on its owner; every contract's item and byte
/// counts are those of its stored keys and values and its deposit is held on it and what those
/// require; and storage is left only by contracts that exist or are queued for deletion.
pub(crate) fn check_books() -> Checked {
	let mut users: BTreeMap<CodeHash, u64> = BTreeMap::new();
	let mut stored: BTreeMap<AccountId, (u32, u32)> = BTreeMap::new();
	for (contract, key, value) in ContractStorage::<Runtime>::iter() {
		let (items, bytes) = stored.entry(contract).or_default();
		*items += 1;
		*bytes += (key.len() + value.len()) as u32;
	}
	for (contract, info) in ContractInfoOf::<Runtime>::iter() {
		*users.entry(info.code_hash).or_default() += 1;
		let (items, bytes) = stored.remove(&contract).unwrap_or_default();
		ensure((info.storage_items, info.storage_bytes) == (items, bytes), || {
			format!(
				"{contract} records {} items of {} bytes, stores {items} of {bytes}",
				info.storage_items, info.storage_bytes
			)
		})?;
		let held = Balances::balance_on_hold(&RuntimeHoldReason::OcosVm(HoldReason::StorageDeposit), &contract);
		ensure(held == info.storage_deposit && held == info.deposit_required(), || {
			format!(
				"{contract} holds {held} for storage, records {}, requires {}",
				info.storage_deposit,
				info.deposit_required()
			)
		})?;
	}
	let queued: Vec<AccountId> = DeletionQueue::<Runtime>::iter_values().collect();
	ensure(stored.keys().all(|contract| queued.contains(contract)), || {
		format!("storage of contracts that are neither alive nor queued for deletion: {:?}", stored.keys())
	})?;
	let mut code_deposits: BTreeMap<AccountId, u128> = BTreeMap::new();
	for (code_hash, info) in CodeInfoOf::<Runtime>::iter() {
		let contracts = users.remove(&code_hash).unwrap_or_default();
		ensure(info.refcount == contracts, || {
			format!("code {code_hash:?} counts {} users, {contracts} contracts run it", info.refcount)
		})?;
		ensure(PristineCode::<Runtime>::contains_key(code_hash), || format!("code {code_hash:?} has no bytes"))?;
		*code_deposits.entry(info.owner).or_default() += info.deposit;
	}
	ensure(users.is_empty(), || format!("contracts run code that is not stored: {:?}", users.keys()))?;
	for signer in signers() {
		let held = Balances::balance_on_hold(&RuntimeHoldReason::OcosVm(HoldReason::CodeUploadDeposit), &signer);
		let owed = code_deposits.get(&signer).copied().unwrap_or_default();
		ensure(held == owed, || format!("{signer} holds {held} for code, owes {owed}"))?;
	}
	Ok(())
}
