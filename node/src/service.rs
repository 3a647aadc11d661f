//! The node's services. A development chain seals a block as soon as a transaction arrives and
//! finalizes it a moment later (`--finalize-delay-sec`); any other chain produces blocks with Aura and finalizes them with
//! GRANDPA, so the same runtime runs a validator network.

use codec::Decode;
use futures::FutureExt;
use ocos_runtime::{
	apis::RuntimeApi,
	opaque::{Block, Hash},
};
use sc_client_api::StorageProvider;
use sc_client_api::{Backend, BlockBackend};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, ChainType, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;
use sp_core::storage::StorageKey;
use sp_io::hashing::twox_128;
use std::{sync::Arc, time::Duration};

/// The client of a full node.
pub(crate) type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<sp_io::SubstrateHostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport = sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLink = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;

/// How often GRANDPA justifications are imported and generated, in blocks.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// How the chain agrees on blocks.
pub enum Consensus {
	/// One node seals a block as transactions arrive and finalizes it (development chains).
	InstantSeal,
	/// Aura authors blocks in slots; GRANDPA finalizes them.
	AuraGrandpa(GrandpaBlockImport, GrandpaLink),
}

/// The parts of a node that subcommands need too.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(Consensus, Option<Telemetry>),
>;

/// Whether `config`'s chain seals blocks instantly.
pub fn seals_instantly(config: &Configuration) -> bool {
	config.chain_spec.chain_type() == ChainType::Development
}

/// How many times the limits `--pool-limit` and `--pool-kbytes` set a chain that seals instantly
/// holds.
const INSTANT_SEAL_POOL_FACTOR: usize = 10;

/// The transaction pool of a chain that seals instantly: the single-state pool, with
/// `INSTANT_SEAL_POOL_FACTOR` times the limits of `params` (81,920 ready and 8,192 future
/// transactions, 200 MiB and 20 MiB, by default).
///
/// A burst of pre-signed transactions reaches the pool a little out of order, and each whose
/// nonce comes early waits in the future queue for the one before. The fork-aware pool keeps a
/// view per block and drops a waiting transaction ("exceeding limits") when the views that held
/// it are retired before a newer view holds it, which blocks sealed and finalized milliseconds
/// apart do under a burst: every later nonce of its account was stranded. A chain that seals
/// instantly has no forks for views to follow. Its future queue holds a tenth of the ready
/// limits, which one burst could fill.
pub fn instant_seal_pool(params: &sc_cli::TransactionPoolParams) -> sc_transaction_pool::TransactionPoolOptions {
	sc_transaction_pool::TransactionPoolOptions::new_with_params(
		params.pool_limit.saturating_mul(INSTANT_SEAL_POOL_FACTOR),
		params.pool_kbytes.saturating_mul(1024 * INSTANT_SEAL_POOL_FACTOR),
		params.tx_ban_seconds,
		sc_transaction_pool::TransactionPoolType::SingleState,
		true,
		params.pool_best_blocks_only,
	)
}

/// Builds the client, database, transaction pool and import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<sp_io::SubstrateHostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) = sc_service::new_full_parts::<Block, RuntimeApi, _>(
		config,
		telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
		executor,
		Vec::new(),
	)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (import_queue, consensus) = if seals_instantly(config) {
		let import_queue = sc_consensus_manual_seal::import_queue(
			Box::new(client.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		);
		(import_queue, Consensus::InstantSeal)
	} else {
		let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
			client.clone(),
			GRANDPA_JUSTIFICATION_PERIOD,
			&client,
			select_chain.clone(),
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
		)?;
		let slot_client = client.clone();
		let import_queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: grandpa_block_import.clone(),
			justification_import: Some(Box::new(grandpa_block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, _| {
				let slot_client = slot_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(&*slot_client, parent_hash)?;
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
						*timestamp,
						slot_duration,
					);
					Ok((slot, timestamp))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			compatibility_mode: Default::default(),
		})?;
		(import_queue, Consensus::AuraGrandpa(grandpa_block_import, grandpa_link))
	};

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (consensus, telemetry),
	})
}

/// The timestamp of a dev chain block on top of `parent`: the wall clock, but at least one slot
/// after the parent's timestamp, so Aura's slots strictly increase however fast transactions
/// arrive, and still after a restart.
fn dev_block_timestamp(client: &FullClient, parent: Hash, slot_millis: u64) -> sp_timestamp::Timestamp {
	let key = StorageKey([twox_128(b"Timestamp"), twox_128(b"Now")].concat());
	let parent_timestamp = client
		.storage(parent, &key)
		.ok()
		.flatten()
		.and_then(|data| u64::decode(&mut &data.0[..]).ok())
		.unwrap_or_default();
	let now = sp_timestamp::Timestamp::current().as_millis();
	now.max(parent_timestamp + slot_millis).into()
}

/// When the development chain seals: whenever the pool makes transactions ready, and again after
/// each block while the pool still holds ready ones (a burst larger than a block). The wake-ups
/// that arrive while a block is being sealed are served by one next block, so a burst of a
/// thousand transactions takes a few blocks, not a thousand: none waits for its turn until its
/// mortality runs out, and no block is sealed empty.
fn dev_seal_commands(
	client: Arc<FullClient>,
	pool: Arc<sc_transaction_pool::TransactionPoolHandle<Block, FullClient>>,
	finalize: bool,
) -> impl futures::Stream<Item = sc_consensus_manual_seal::EngineCommand<Hash>> + Unpin {
	use futures::StreamExt;
	use sc_client_api::{BlockchainEvents, HeaderBackend};
	use sc_transaction_pool_api::TransactionPool;
	let ready_transactions = pool.import_notification_stream().map(|_| ());
	let blocks = client.import_notification_stream().map(|_| ());
	let wake_ups = futures::stream::select(ready_transactions, blocks).ready_chunks(1024);
	Box::pin(wake_ups.filter_map(move |_| {
		let (client, pool) = (client.clone(), pool.clone());
		async move {
			// The pool's view of the best block: what a block built on it now would include.
			let best = client.info().best_hash;
			let ready = pool.ready_at_with_timeout(best, Duration::from_secs(1)).await;
			let mut ready = ready.map(|_| ()).peekable();
			ready.peek().is_some().then_some(sc_consensus_manual_seal::EngineCommand::SealNewBlock {
				create_empty: false,
				finalize,
				parent_hash: None,
				sender: None,
			})
		}
	}))
}

/// Finalizes each block `delay` after it is imported, so that a client watching a transaction
/// sees it in a block first.
async fn finalize_after(client: Arc<FullClient>, spawn_handle: sc_service::SpawnTaskHandle, delay: Duration) {
	use futures::StreamExt;
	use sc_client_api::{BlockchainEvents, Finalizer};
	let mut imported = client.import_notification_stream();
	while let Some(block) = imported.next().await {
		let client = client.clone();
		spawn_handle.spawn("delayed-finalize", None, async move {
			tokio::time::sleep(delay).await;
			if let Err(error) = client.finalize_block(block.hash, None, true) {
				log::warn!("block {} not finalized: {error}", block.hash);
			}
		});
	}
}

/// Builds and starts a full node; a development chain finalizes its blocks `finalize_delay`
/// after sealing them (at once when zero).
pub fn new_full<N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
	config: Configuration,
	finalize_delay: Duration,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (consensus, mut telemetry),
	} = new_partial(&config)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.block_hash(0).ok().flatten().expect("the genesis block exists; qed"),
		&config.chain_spec,
	);
	let (grandpa_notification_service, warp_sync_config) = match &consensus {
		Consensus::AuraGrandpa(_, grandpa_link) => {
			let (grandpa_protocol_config, notification_service) = sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
				grandpa_protocol_name.clone(),
				metrics.clone(),
				net_config.peer_store_handle(),
			);
			net_config.add_notification_protocol(grandpa_protocol_config);
			let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
				backend.clone(),
				grandpa_link.shared_authority_set().clone(),
				Vec::default(),
			));
			(Some(notification_service), Some(WarpSyncConfig::WithProvider(warp_sync)))
		}
		Consensus::InstantSeal => (None, None),
	};

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers = sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
			runtime_api_provider: client.clone(),
			is_validator: config.role.is_authority(),
			keystore: Some(keystore_container.keystore()),
			offchain_db: backend.offchain_storage(),
			transaction_pool: Some(OffchainTransactionPoolFactory::new(transaction_pool.clone())),
			network_provider: Arc::new(network.clone()),
			enable_http_requests: true,
			custom_extensions: |_| vec![],
		})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps { client: client.clone(), pool: pool.clone() };
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: Arc::new(network.clone()),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	let proposer_factory = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		prometheus_registry.as_ref(),
		telemetry.as_ref().map(|telemetry| telemetry.handle()),
	);
	let slot_duration = sc_consensus_aura::slot_duration(&*client)?;

	let (block_import, grandpa_link) = match consensus {
		Consensus::InstantSeal => {
			if !role.is_authority() {
				return Ok(task_manager);
			}
			let clock_client = client.clone();
			let finalize_at_once = finalize_delay.is_zero();
			let params = sc_consensus_manual_seal::ManualSealParams {
				commands_stream: dev_seal_commands(client.clone(), transaction_pool.clone(), finalize_at_once),
				block_import: client.clone(),
				env: proposer_factory,
				client: client.clone(),
				pool: transaction_pool,
				select_chain,
				consensus_data_provider: Some(Box::new(
					sc_consensus_manual_seal::consensus::aura::AuraConsensusDataProvider::new(client.clone()),
				)),
				// Only the timestamp: the Aura digest provider derives the slot from it, and manual
				// seal takes every inherent data item for an extrinsic when it decides whether a
				// block holds any transaction.
				create_inherent_data_providers: move |parent, ()| {
					let timestamp = dev_block_timestamp(&clock_client, parent, slot_duration.as_millis());
					async move { Ok(sp_timestamp::InherentDataProvider::new(timestamp)) }
				},
			};
			let spawn = task_manager.spawn_essential_handle();
			spawn.spawn_blocking(
				"instant-seal",
				Some("block-authoring"),
				sc_consensus_manual_seal::run_manual_seal(params),
			);
			if !finalize_at_once {
				spawn.spawn(
					"delayed-finalize",
					None,
					finalize_after(client, task_manager.spawn_handle(), finalize_delay),
				);
			}
			return Ok(task_manager);
		}
		Consensus::AuraGrandpa(block_import, grandpa_link) => (block_import, grandpa_link),
	};

	if role.is_authority() {
		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(StartAuraParams {
			slot_duration,
			client,
			select_chain,
			block_import,
			proposer_factory,
			create_inherent_data_providers: move |_, ()| async move {
				let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
				let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
					*timestamp,
					slot_duration,
				);
				Ok((slot, timestamp))
			},
			force_authoring,
			backoff_authoring_blocks: Option::<()>::None,
			keystore: keystore_container.keystore(),
			sync_oracle: sync_service.clone(),
			justification_sync_link: sync_service.clone(),
			block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
			max_block_proposal_slot_portion: None,
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			compatibility_mode: Default::default(),
		})?;
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			// Full nodes follow finality without voting.
			keystore: role.is_authority().then(|| keystore_container.keystore()),
			local_role: role,
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			protocol_name: grandpa_protocol_name,
		};
		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service
				.expect("Aura + GRANDPA chains register the GRANDPA protocol above; qed"),
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|telemetry| telemetry.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}
