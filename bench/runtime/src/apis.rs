//! The runtime APIs the comparison and the benchmarks call: blocks, the genesis, and
//! pallet-contracts' benchmarks.

use crate::{configs::UNIT, Block, Executive, InherentDataExt, Runtime, RuntimeGenesisConfig, VERSION};
use alloc::{vec, vec::Vec};
use frame_support::genesis_builder_helper::{build_state, get_preset};
use sp_api::impl_runtime_apis;
use sp_core::OpaqueMetadata;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Block as BlockT, ApplyExtrinsicResult};
use sp_version::RuntimeVersion;

// The benchmark list, before the APIs that expand it.
#[cfg(feature = "runtime-benchmarks")]
frame_benchmarking::define_benchmarks!([pallet_contracts, Contracts]);

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, development_preset)
		}

		fn preset_names() -> Vec<PresetId> {
			vec![PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET)]
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use crate::Contracts;
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, crate::AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use crate::Contracts;
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::{TrackedStorageKey, WhitelistedStorageKeys};

			let whitelist: Vec<TrackedStorageKey> = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}
}

/// The `development` preset: every well-known account holds a million units.
fn development_preset(id: &PresetId) -> Option<Vec<u8>> {
	if id.as_str() != sp_genesis_builder::DEV_RUNTIME_PRESET {
		return None;
	}
	let balances: Vec<_> =
		Sr25519Keyring::well_known().map(|account| (account.to_account_id(), 1_000_000 * UNIT)).collect();
	let patch = frame_support::build_struct_json_patch!(RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances },
	});
	Some(serde_json::to_string(&patch).expect("a preset is JSON").into_bytes())
}
