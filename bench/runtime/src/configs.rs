//! The configuration of every pallet: `ocos-runtime`'s block limits, fees, balances and
//! database weights, and pallet-contracts with its default schedule and this chain's deposits.

use crate::{
	AccountId, Balance, Balances, Block, BlockNumber, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, System, Timestamp, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Nothing, Randomness, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureSigned,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, One},
	Perbill,
};
use sp_version::RuntimeVersion;

/// The base unit of balances, as `ocos-runtime`'s.
pub const UNIT: Balance = 1_000_000_000_000;
const MILLI_UNIT: Balance = UNIT / 1_000;
const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// The share of a block's weight that normal transactions may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	/// `ocos-runtime`'s blocks: two seconds of compute and 10 MiB of proof.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, 10 * 1024 * 1024),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = H256;
	type BlockHashCount = ConstU32<2400>;
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<MILLI_UNIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// The randomness contracts may ask for: a hash of the subject and the parent block's hash.
/// Predictable, which is enough for a runtime that only measures (no workload asks for it).
pub struct ParentHashRandomness;

impl Randomness<H256, BlockNumber> for ParentHashRandomness {
	fn random(subject: &[u8]) -> (H256, BlockNumber) {
		(BlakeTwo256::hash_of(&(subject, System::parent_hash())), System::block_number())
	}
}

parameter_types! {
	/// `ocos-runtime`'s deposits: a hundredth of a unit an item, ten micro-units a byte.
	pub const DepositPerItem: Balance = 10 * MILLI_UNIT;
	pub const DepositPerByte: Balance = 10 * MICRO_UNIT;
	pub const DefaultDepositLimit: Balance = 1024 * DepositPerItem::get() + 1024 * 1024 * DepositPerByte::get();
	pub const CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(0);
	pub ContractsSchedule: pallet_contracts::Schedule<Runtime> = Default::default();
}

impl pallet_contracts::Config for Runtime {
	type Time = Timestamp;
	type Randomness = ParentHashRandomness;
	type Currency = Balances;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CallFilter = Nothing;
	type WeightPrice = pallet_transaction_payment::Pallet<Runtime>;
	type WeightInfo = crate::contracts_weights::WeightInfo<Runtime>;
	type ChainExtension = ();
	type Schedule = ContractsSchedule;
	type CallStack = [pallet_contracts::Frame<Self>; 5];
	type DepositPerByte = DepositPerByte;
	type DefaultDepositLimit = DefaultDepositLimit;
	type DepositPerItem = DepositPerItem;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type AddressGenerator = pallet_contracts::DefaultAddressGenerator;
	type MaxCodeLen = ConstU32<{ 123 * 1024 }>;
	type MaxStorageKeyLen = ConstU32<128>;
	type MaxTransientStorageSize = ConstU32<{ 1024 * 1024 }>;
	type MaxDelegateDependencies = ConstU32<32>;
	type UnsafeUnstableInterface = ConstBool<false>;
	type MaxDebugBufferLen = ConstU32<{ 2 * 1024 * 1024 }>;
	type UploadOrigin = EnsureSigned<AccountId>;
	type InstantiateOrigin = EnsureSigned<AccountId>;
	/// None: the chain starts at pallet-contracts' latest storage version. Its benchmarks measure
	/// the migration framework on two steps that do nothing.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type Migrations = ();
	#[cfg(feature = "runtime-benchmarks")]
	type Migrations = pallet_contracts::migration::codegen::BenchMigrations;
	type Debug = ();
	type Environment = ();
	type ApiVersion = ();
	type Xcm = ();
}
