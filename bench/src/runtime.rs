//! One mock runtime with both contract pallets, so that they run on the same balances, clock and
//! database weights: `OcosVm` with the sample runtime's limits, and `Contracts` (pallet-contracts)
//! with its test defaults. Both use their benchmarked weights with ParityDB's database weights, as
//! `ocos-runtime` does.

use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, EnsureOrigin},
	weights::{constants::ParityDbWeight, RuntimeDbWeight},
};
use frame_system::{EnsureRoot, RawOrigin};
use pallet_ocos_vm::context::DaoContext;
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

type Block = frame_system::mocking::MockBlock<Runtime>;

frame_support::construct_runtime!(
	pub enum Runtime {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		OcosVm: pallet_ocos_vm,
		Contracts: pallet_contracts,
	}
);

/// The account that deploys and calls every contract.
pub const ALICE: AccountId32 = AccountId32::new([1; 32]);
/// The recipient of token transfers.
pub const BOB: AccountId32 = AccountId32::new([2; 32]);
/// What every account starts with: enough for any deposit the workloads make.
const INITIAL_BALANCE: u64 = 1_000_000_000_000_000_000;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<u64>;
	type DbWeight = DatabaseWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = u64;
	type ExistentialDeposit = ConstU64<1_000_000>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Runtime {}

parameter_types! {
	/// The database weights every weight includes, the sample runtime's (ParityDB's). The harness
	/// zeroes them to see what the computation alone is charged, which is what a measured time
	/// can be held against.
	pub static DatabaseWeight: RuntimeDbWeight = ParityDbWeight::get();
}

parameter_types! {
	pub const DaoAccount: AccountId32 = AccountId32::new([0xDA; 32]);
	pub const DepositPerByte: u64 = 10_000;
	pub const DepositPerItem: u64 = 1_000_000;
	pub ContractsSchedule: pallet_contracts::Schedule<Runtime> = Default::default();
}

/// Root runs contracts as the DAO; the workloads never do.
pub struct EnsureRootDao;

impl EnsureOrigin<RuntimeOrigin> for EnsureRootDao {
	type Success = DaoContext;

	fn try_origin(origin: RuntimeOrigin) -> Result<DaoContext, RuntimeOrigin> {
		match origin.clone().into() {
			Ok(RawOrigin::Root) => Ok(DaoContext::Root),
			_ => Err(origin),
		}
	}
}

impl pallet_ocos_vm::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type EngineAdminOrigin = EnsureRoot<AccountId32>;
	type DaoOrigin = EnsureRootDao;
	type DaoAccount = DaoAccount;
	type DepositPerByte = DepositPerByte;
	type DepositPerItem = DepositPerItem;
	type MaxCodeLen = ConstU32<{ 128 * 1024 }>;
	type MaxMemoryPages = ConstU32<16>;
	type MaxStorageKeyLen = ConstU32<128>;
	type MaxStorageValueLen = ConstU32<{ 16 * 1024 }>;
	type MaxLogTopics = ConstU32<4>;
	type MaxLogDataLen = ConstU32<512>;
	type MaxBufferLen = ConstU32<{ 64 * 1024 }>;
	type MaxCallDepth = ConstU32<8>;
	type MaxStackMemory = ConstU32<{ 32 * 1024 * 1024 }>;
	type MaxLogBytesPerStack = ConstU32<{ 16 * 1024 }>;
	type MaxLogBytesPerBlock = ConstU32<{ 1024 * 1024 }>;
	type WeightInfo = pallet_ocos_vm::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_contracts::config_preludes::TestDefaultConfig)]
impl pallet_contracts::Config for Runtime {
	type Time = Timestamp;
	type Currency = Balances;
	type CallStack = [pallet_contracts::Frame<Self>; 5];
	type Schedule = ContractsSchedule;
	type WeightInfo = pallet_contracts::weights::SubstrateWeight<Runtime>;
}

/// Fresh state: funded accounts, the wasmi engine registered, the clock set.
pub fn new_state() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: vec![(ALICE, INITIAL_BALANCE), (BOB, INITIAL_BALANCE), (DaoAccount::get(), INITIAL_BALANCE)],
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.expect("the genesis builds");
	let mut state = sp_io::TestExternalities::new(storage);
	state.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(1_700_000_000_000);
	});
	state
}
