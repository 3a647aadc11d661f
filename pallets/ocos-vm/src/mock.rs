//! A test runtime with balances, a clock and the pallet, and an [`ExtBuilder`] for its genesis.

use crate::{self as pallet_ocos_vm, context::DaoContext};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::{EnsureRoot, RawOrigin};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		OcosVm: pallet_ocos_vm,
	}
);

pub const ALICE: AccountId32 = AccountId32::new([1; 32]);
pub const BOB: AccountId32 = AccountId32::new([2; 32]);
pub const CHARLIE: AccountId32 = AccountId32::new([3; 32]);
/// The DAO's treasury account, the caller of `dao_call`s.
pub const DAO: AccountId32 = AccountId32::new([0xDA; 32]);
/// Signs as a council that approved 3 of 5 (a stand-in for a collective's motion origin).
pub const COUNCIL: AccountId32 = AccountId32::new([0xC0; 32]);

pub const EXISTENTIAL_DEPOSIT: u128 = 100;
pub const DEPOSIT_PER_BYTE: u128 = 1;
pub const DEPOSIT_PER_ITEM: u128 = 1_000;
pub const INITIAL_BALANCE: u128 = 1_000_000_000;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type ExistentialDeposit = frame_support::traits::ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

parameter_types! {
	/// A test may shrink the call stack's memory budget to reach it.
	pub static MaxStackMemory: u32 = 32 * 1024 * 1024;
	pub const DaoAccount: AccountId32 = DAO;
	pub const DepositPerByte: u128 = DEPOSIT_PER_BYTE;
	pub const DepositPerItem: u128 = DEPOSIT_PER_ITEM;
}

/// Root runs as the DAO with a root context; [`COUNCIL`] as a 3-of-5 council motion.
pub struct EnsureDao;

impl frame_support::traits::EnsureOrigin<RuntimeOrigin> for EnsureDao {
	type Success = DaoContext;

	fn try_origin(origin: RuntimeOrigin) -> Result<DaoContext, RuntimeOrigin> {
		match origin.clone().into() {
			Ok(RawOrigin::Root) => Ok(DaoContext::Root),
			Ok(RawOrigin::Signed(who)) if who == COUNCIL => Ok(DaoContext::Collective { approvals: 3, members: 5 }),
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

impl pallet_ocos_vm::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type EngineAdminOrigin = EnsureRoot<AccountId32>;
	type DaoOrigin = EnsureDao;
	type DaoAccount = DaoAccount;
	type DepositPerByte = DepositPerByte;
	type DepositPerItem = DepositPerItem;
	type MaxCodeLen = ConstU32<{ 64 * 1024 }>;
	type MaxMemoryPages = ConstU32<16>;
	type MaxStorageKeyLen = ConstU32<128>;
	type MaxStorageValueLen = ConstU32<{ 16 * 1024 }>;
	type MaxLogTopics = ConstU32<4>;
	type MaxLogDataLen = ConstU32<1024>;
	type MaxBufferLen = ConstU32<{ 32 * 1024 }>;
	type MaxCallDepth = ConstU32<8>;
	type MaxStackMemory = MaxStackMemory;
	type MaxLogBytesPerStack = ConstU32<{ 4 * 1024 }>;
	type MaxLogBytesPerBlock = ConstU32<{ 16 * 1024 }>;
	type WeightInfo = ();
}

/// Builds the genesis of [`Test`]: funded accounts and the wasmi engine.
pub struct ExtBuilder {
	balances: Vec<(AccountId32, u128)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { balances: [ALICE, BOB, CHARLIE, DAO, COUNCIL].into_iter().map(|who| (who, INITIAL_BALANCE)).collect() }
	}
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances: self.balances, ..Default::default() },
			ocos_vm: Default::default(),
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		// Signature syscalls are benchmarked with keys the keystore makes.
		ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(1_700_000_000_000);
		});
		ext
	}
}
