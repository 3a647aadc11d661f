//! The configuration of every pallet in the runtime.

use crate::{
	AccountId, Aura, Balance, Balances, Block, Hash, Nonce, OriginCaller, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, System, Timestamp, DAYS,
	EXISTENTIAL_DEPOSIT, MICRO_UNIT, MILLI_UNIT, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOfDiverse, EnsureOrigin, OriginTrait, VariantCountOf,
	},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_ocos_vm::context::DaoContext;
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{AccountIdConversion, One},
	Perbill,
};
use sp_version::RuntimeVersion;

/// The share of a block's weight that normal transactions may use; the rest is kept for
/// operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// The most state one block may read, as proof size: 10 MiB.
const MAX_BLOCK_PROOF_SIZE: u64 = 10 * 1024 * 1024;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per block, and at most 10 MiB of state read (proof size): a
	/// block's reads are bounded as its compute is, and the chain could become a parachain,
	/// whose blocks carry their proofs.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, MAX_BLOCK_PROOF_SIZE),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = ConstU32<2400>;
	/// The node keeps its state in ParityDB: a read and a write cost what ParityDB takes on the
	/// reference hardware (8 and 50 µs; RocksDB's 25 and 100 µs would charge storage-bound
	/// calls for a database the node does not use).
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
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
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
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

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// The council: the DAO's voting body.
pub type CouncilCollective = pallet_collective::Instance1;

parameter_types! {
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ConstU32<{ 5 * DAYS }>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// A council motion carried by more than half of the members.
pub type CouncilMajority = pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>;

/// Who runs contracts as the DAO: root, or a council majority. Succeeds with who approved.
pub struct EnsureDao;

impl EnsureOrigin<RuntimeOrigin> for EnsureDao {
	type Success = DaoContext;

	fn try_origin(origin: RuntimeOrigin) -> Result<DaoContext, RuntimeOrigin> {
		match origin.caller() {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(DaoContext::Root),
			OriginCaller::Council(pallet_collective::RawOrigin::Members(approvals, members))
				if approvals.saturating_mul(2) > *members =>
			{
				Ok(DaoContext::Collective { approvals: *approvals, members: *members })
			}
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

parameter_types! {
	/// The DAO's own account, derived from this id: it calls contracts in `dao_call` and pays.
	pub const DaoPalletId: PalletId = PalletId(*b"ocos/dao");
	pub DaoAccount: AccountId = DaoPalletId::get().into_account_truncating();
	/// A storage item (a code, a contract, a key) holds a hundredth of a unit.
	pub const DepositPerItem: Balance = 10 * MILLI_UNIT;
	/// A stored byte holds ten micro-units: 64 KiB of code holds about 0.66 units.
	pub const DepositPerByte: Balance = 10 * MICRO_UNIT;
}

impl pallet_ocos_vm::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type EngineAdminOrigin = EitherOfDiverse<EnsureRoot<AccountId>, CouncilMajority>;
	type DaoOrigin = EnsureDao;
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
