//! The chain as the command line talks to it: dry runs through `OcosVmApi`, extrinsics signed
//! and watched until they are in a block (or finalized), and errors named from the chain's own
//! metadata.

use codec::{Decode, Encode};
use frame_support::traits::GetCallMetadata;
use indicatif::{ProgressBar, ProgressStyle};
use ocos_runtime::{RuntimeCall, RuntimeEvent};
use pallet_ocos_vm::{
	api::{DryRun, ExecReturn, InstantiateReturn, UploadReturn},
	context::DaoContext,
	registry::{EngineId, EngineInfo},
	storage::CodeHash,
};
use sp_core::H256;
use sp_runtime::{AccountId32, DispatchError};
use std::{str::FromStr, time::Duration};
use subxt::{
	config::{polkadot::PolkadotExtrinsicParamsBuilder, RpcConfigFor},
	rpcs::{LegacyRpcMethods, RpcClient},
	transactions::TransactionStatus,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// A balance of the chain's native currency.
pub type Balance = u128;

/// What the chain keeps of a contract.
pub type ContractInfo = pallet_ocos_vm::storage::ContractInfo<ocos_runtime::Runtime>;

/// A call's gas: `(ref_time, proof_size)`.
pub type Gas = (u64, u64);

/// What a dry run of a call executes with and on.
struct Conditions {
	/// The gas limit; `None` is the most an extrinsic can carry.
	gas_limit: Option<sp_runtime::Weight>,
	/// The storage deposit limit; `None` is no limit.
	deposit_limit: Option<Balance>,
	/// The block whose state it runs on; `None` is the best block.
	at: Option<H256>,
}

impl Conditions {
	/// The largest limits, on the best block: what a call's dry run before submission uses.
	const BEST: Conditions = Conditions { gas_limit: None, deposit_limit: None, at: None };
}

/// A connection to a node, and the account that signs.
pub struct Chain {
	client: OnlineClient<PolkadotConfig>,
	rpc: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
	signer: Keypair,
}

/// A log a contract emitted: the contract, its topics, its data.
pub type Log = (AccountId32, Vec<[u8; 32]>, Vec<u8>);

/// What a dry run of a call or an instantiation reports, the error named.
pub struct Report<R> {
	/// The result, or the named error the extrinsic would fail with.
	pub result: Result<R, String>,
	/// The least gas limit that suffices.
	pub gas_required: Gas,
	/// The gas used.
	pub gas_consumed: Gas,
	/// The storage deposit the caller would pay.
	pub storage_deposit: Balance,
	/// The logs, in order.
	pub logs: Vec<Log>,
}

/// An extrinsic included in a block.
pub struct Included {
	/// The block's hash.
	pub block: [u8; 32],
	/// Every event the extrinsic caused, in order.
	pub events: Vec<RuntimeEvent>,
}

impl Included {
	/// The contracts' logs, in order.
	pub fn logs(&self) -> Vec<Log> {
		self.events.iter().filter_map(log_of).collect()
	}

	/// The code stored, if any.
	pub fn code_stored(&self) -> Option<CodeHash> {
		self.events.iter().find_map(|event| match event {
			RuntimeEvent::OcosVm(pallet_ocos_vm::Event::CodeStored { code_hash, .. }) => Some(*code_hash),
			_ => None,
		})
	}
}

/// An extrinsic a block included and that failed there: the fee was paid, nothing else changed.
pub struct Failed {
	/// The block's hash.
	pub block: [u8; 32],
	/// The error, named from the chain's metadata.
	pub error: String,
}

/// A council motion still open.
pub struct Motion {
	/// The hash of the proposed call.
	pub hash: H256,
	/// The proposed call.
	pub call: RuntimeCall,
	/// The motion's votes, index, threshold and end.
	pub votes: Votes,
}

/// A motion's state as `pallet_collective` stores it (`Votes`, whose fields it keeps private).
#[derive(Decode)]
pub struct Votes {
	/// The motion's index.
	pub index: u32,
	/// The ayes it needs.
	pub threshold: u32,
	/// Who voted aye.
	pub ayes: Vec<AccountId32>,
	/// Who voted nay.
	pub nays: Vec<AccountId32>,
	/// The block at which it may be closed without enough ayes.
	pub end: u32,
}

impl Chain {
	/// Connects to the node at `url`, to sign as `suri` (`//Alice`, a mnemonic, `mnemonic//path`).
	pub async fn connect(url: &str, suri: &str) -> Result<Self, String> {
		let uri = SecretUri::from_str(suri).map_err(|error| format!("--suri: {error}"))?;
		let signer = Keypair::from_uri(&uri).map_err(|error| format!("--suri: {error}"))?;
		// Signed extrinsics carry no secret: plain `ws://` is as good as `wss://` for them.
		let unreachable = |error: &dyn std::fmt::Display| format!("cannot reach a node at {url}: {error}");
		let rpc = RpcClient::from_insecure_url(url).await.map_err(|error| unreachable(&error))?;
		let client =
			OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone()).await.map_err(|error| unreachable(&error))?;
		Ok(Self { client, rpc: LegacyRpcMethods::new(rpc), signer })
	}

	/// The signing account.
	pub fn account(&self) -> AccountId32 {
		AccountId32::new(self.signer.public_key().0)
	}

	/// Calls runtime API `function` with `args` at the node's best block, on which the next
	/// transaction will be built, and decodes what it returns.
	async fn runtime_api<R: Decode>(&self, function: &str, args: impl Encode) -> Result<R, String> {
		self.runtime_api_at(function, args, None).await
	}

	/// Calls runtime API `function` with `args` at block `at` (the best block without one).
	async fn runtime_api_at<R: Decode>(
		&self,
		function: &str,
		args: impl Encode,
		at: Option<H256>,
	) -> Result<R, String> {
		let bytes = self
			.rpc
			.state_call(function, Some(&args.encode()), at)
			.await
			.map_err(|error| format!("{function}: {error}"))?;
		R::decode(&mut &bytes[..])
			.map_err(|error| format!("{function} returned what this client cannot decode: {error}"))
	}

	/// Dry-runs `upload_code` of `code` for engine 0: its code hash and deposit.
	pub async fn dry_run_upload(&self, code: &[u8]) -> Result<Result<UploadReturn<Balance>, String>, String> {
		let result: Result<UploadReturn<Balance>, DispatchError> =
			self.runtime_api("OcosVmApi_upload_code", (self.account(), code, 0u32, None::<Balance>)).await?;
		Ok(match result {
			Ok(upload) => Ok(upload),
			Err(error) => Err(self.describe(&error).await),
		})
	}

	/// Dry-runs `instantiate` of stored code.
	pub async fn dry_run_instantiate(
		&self,
		code_hash: CodeHash,
		value: Balance,
		data: &[u8],
		salt: &[u8],
	) -> Result<Report<InstantiateReturn<AccountId32>>, String> {
		let args = (self.account(), code_hash, value, None::<sp_runtime::Weight>, None::<Balance>, data, salt);
		let dry_run: DryRun<InstantiateReturn<AccountId32>, AccountId32, Balance> =
			self.runtime_api("OcosVmApi_instantiate", args).await?;
		Ok(self.report(dry_run).await)
	}

	/// Dry-runs `call` of `contract`.
	pub async fn dry_run_call(
		&self,
		contract: &AccountId32,
		value: Balance,
		data: &[u8],
	) -> Result<Report<ExecReturn>, String> {
		self.dry_run_exec("OcosVmApi_call", self.account(), contract, value, data, Conditions::BEST).await
	}

	/// Runs again, on the state its block started from, a call that `block` included and that
	/// failed, with the limits it was submitted with: the dry run executes as that block did
	/// (its number, its earliest time), so the result says why it failed, unless a transaction
	/// before it in the same block changed what it read.
	pub async fn replay_call(
		&self,
		block: [u8; 32],
		contract: &AccountId32,
		value: Balance,
		data: &[u8],
		limits: (sp_runtime::Weight, Option<Balance>),
	) -> Result<Report<ExecReturn>, String> {
		let header = self
			.rpc
			.chain_get_header(Some(H256(block)))
			.await
			.map_err(|error| format!("the header of block {}: {error}", crate::contract::hex(&block)))?
			.ok_or_else(|| format!("the node has no block {}", crate::contract::hex(&block)))?;
		let (gas_limit, deposit_limit) = limits;
		let conditions = Conditions { gas_limit: Some(gas_limit), deposit_limit, at: Some(header.parent_hash) };
		self.dry_run_exec("OcosVmApi_call", self.account(), contract, value, data, conditions).await
	}

	/// Dry-runs `dao_call` of `contract` as a motion approved by `context` would run it.
	pub async fn dry_run_dao_call(
		&self,
		context: DaoContext,
		contract: &AccountId32,
		value: Balance,
		data: &[u8],
	) -> Result<Report<ExecReturn>, String> {
		self.dry_run_exec("OcosVmApi_dao_call", context, contract, value, data, Conditions::BEST).await
	}

	/// Dry-runs a call of `contract` by `function`, whose first argument is `origin`, under
	/// `conditions`.
	async fn dry_run_exec(
		&self,
		function: &str,
		origin: impl Encode,
		contract: &AccountId32,
		value: Balance,
		data: &[u8],
		conditions: Conditions,
	) -> Result<Report<ExecReturn>, String> {
		let args = (origin, contract, value, conditions.gas_limit, conditions.deposit_limit, data);
		let dry_run: DryRun<ExecReturn, AccountId32, Balance> =
			self.runtime_api_at(function, args, conditions.at).await?;
		Ok(self.report(dry_run).await)
	}

	async fn report<R>(&self, dry_run: DryRun<R, AccountId32, Balance>) -> Report<R> {
		let result = match dry_run.result {
			Ok(result) => Ok(result),
			Err(error) => Err(self.describe(&error).await),
		};
		Report {
			result,
			gas_required: (dry_run.gas_required.ref_time(), dry_run.gas_required.proof_size()),
			gas_consumed: (dry_run.gas_consumed.ref_time(), dry_run.gas_consumed.proof_size()),
			storage_deposit: dry_run.storage_deposit,
			logs: dry_run
				.logs
				.into_iter()
				.map(|(contract, topics, data)| (contract, topics.into_iter().map(|topic| topic.0).collect(), data))
				.collect(),
		}
	}

	/// The value of storage item `item` of `pallet` under the already hashed `key` at the node's
	/// best block (where dry runs run), decoded, or `None` when there is none.
	async fn pallet_storage<V: Decode>(&self, pallet: &str, item: &str, key: &[u8]) -> Result<Option<V>, String> {
		let storage_key =
			[&sp_io::hashing::twox_128(pallet.as_bytes())[..], &sp_io::hashing::twox_128(item.as_bytes())[..], key]
				.concat();
		match self.rpc.state_get_storage(&storage_key, None).await {
			Ok(Some(bytes)) => {
				V::decode(&mut &bytes[..]).map(Some).map_err(|error| format!("{pallet}.{item}: {error}"))
			}
			Ok(None) => Ok(None),
			Err(error) => Err(format!("{pallet}.{item}: {error}")),
		}
	}

	/// The value the contract at `address` stores under `key`.
	pub async fn contract_storage(&self, address: &AccountId32, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
		self.runtime_api("OcosVmApi_get_storage", (address, key)).await
	}

	/// What the chain keeps of the contract at `address`, or `None` when there is no contract there.
	pub async fn contract_info(&self, address: &AccountId32) -> Result<Option<ContractInfo>, String> {
		self.pallet_storage("OcosVm", "ContractInfoOf", address.as_ref()).await
	}

	/// The engines of the registry, by id.
	pub async fn engines(&self) -> Result<Vec<(EngineId, EngineInfo)>, String> {
		let next: EngineId = self.pallet_storage("OcosVm", "NextEngineId", &[]).await?.unwrap_or_default();
		let mut engines = Vec::new();
		for engine in 0..next {
			let key = [&sp_io::hashing::twox_64(&engine.encode())[..], &engine.encode()[..]].concat();
			if let Some(info) = self.pallet_storage("OcosVm", "Engines", &key).await? {
				engines.push((engine, info));
			}
		}
		Ok(engines)
	}

	/// The council's members.
	pub async fn council_members(&self) -> Result<Vec<AccountId32>, String> {
		Ok(self.pallet_storage("Council", "Members", &[]).await?.unwrap_or_default())
	}

	/// The council's open motions, oldest first.
	pub async fn motions(&self) -> Result<Vec<Motion>, String> {
		let hashes: Vec<H256> = self.pallet_storage("Council", "Proposals", &[]).await?.unwrap_or_default();
		let mut motions = Vec::new();
		for hash in hashes {
			motions.extend(self.motion(hash).await?);
		}
		Ok(motions)
	}

	/// The open motion to run the call of `hash`, if there is one.
	pub async fn motion(&self, hash: H256) -> Result<Option<Motion>, String> {
		let call = self.pallet_storage("Council", "ProposalOf", hash.as_bytes()).await?;
		let votes = self.pallet_storage("Council", "Voting", hash.as_bytes()).await?;
		Ok(call.zip(votes).map(|(call, votes)| Motion { hash, call, votes }))
	}

	/// Signs and submits `call`, showing its progress, until it is in a block (or finalized,
	/// with `finalized`); its events, or the named error it failed with: the extrinsic's own or
	/// that of the call a motion or sudo dispatched.
	pub async fn submit(
		&self,
		call: RuntimeCall,
		finalized: bool,
		quiet: bool,
	) -> Result<Result<Included, Failed>, String> {
		let call_name = call_name(&call);
		let mut transactions = self.client.tx().await.map_err(|error| error.to_string())?;
		let payload = transactions
			.from_call_data_bytes(&call.encode())
			.map_err(|error| format!("{call_name}: the chain does not take this call: {error}"))?;
		let progress_bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
		progress_bar.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"));
		progress_bar.enable_steady_tick(Duration::from_millis(100));
		progress_bar.set_message(format!("{call_name}: submitting"));
		// The node's next nonce counts the signer's transactions in the pool and in blocks not yet
		// finalized: a command run right after another that submitted is not outdated.
		let nonce = self
			.rpc
			.system_account_next_index(&subxt::utils::AccountId32(self.signer.public_key().0))
			.await
			.map_err(|error| format!("the signer's nonce: {error}"))?;
		let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
		let mut progress = transactions
			.sign_and_submit_then_watch(&payload, &self.signer, params)
			.await
			.map_err(|error| format!("the node refused the transaction: {error}"))?;
		let in_block = loop {
			let status = progress
				.next()
				.await
				.ok_or("the node stopped reporting the transaction")?
				.map_err(|error| error.to_string())?;
			match status {
				TransactionStatus::Validated | TransactionStatus::Broadcasted => {
					progress_bar.set_message(format!("{call_name}: in the pool"))
				}
				TransactionStatus::NoLongerInBestBlock => {
					progress_bar.set_message(format!("{call_name}: retracted, waiting"))
				}
				TransactionStatus::InBestBlock(block) if !finalized => break block,
				TransactionStatus::InBestBlock(_) => {
					progress_bar.set_message(format!("{call_name}: in a block, waiting for finality"))
				}
				TransactionStatus::InFinalizedBlock(block) => break block,
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					progress_bar.finish_and_clear();
					return Err(format!("the transaction was not included: {message}"));
				}
			}
		};
		progress_bar.finish_and_clear();
		let events = in_block.fetch_events().await.map_err(|error| error.to_string())?;
		let block = in_block.block_hash().0;
		let mut included = Included { block, events: Vec::new() };
		for event in events.iter() {
			let event = runtime_event(&event.map_err(|error| error.to_string())?)?;
			let error = match &event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
					Some(self.describe(dispatch_error).await)
				}
				RuntimeEvent::Council(pallet_collective::Event::Executed { result: Err(error), .. }) => {
					Some(format!("the motion's call failed: {}", self.describe(error).await))
				}
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(error) }) => {
					Some(format!("the sudo call failed: {}", self.describe(error).await))
				}
				_ => None,
			};
			if let Some(error) = error {
				return Ok(Err(Failed { block, error }));
			}
			included.events.push(event);
		}
		Ok(Ok(included))
	}

	/// The contract logs of the last `blocks` finalized blocks: `(block number, its logs)` for
	/// each block with any.
	pub async fn recent_logs(&self, blocks: u64) -> Result<Vec<(u64, Vec<Log>)>, String> {
		let latest = self.client.at_current_block().await.map_err(|error| error.to_string())?.block_number();
		let mut found = Vec::new();
		for number in latest.saturating_sub(blocks.saturating_sub(1))..=latest {
			let at = self.client.at_block(number).await.map_err(|error| error.to_string())?;
			let logs = block_logs(&at.events().fetch().await.map_err(|error| error.to_string())?)?;
			if !logs.is_empty() {
				found.push((number, logs));
			}
		}
		Ok(found)
	}

	/// Calls `each` with the contract logs of every block finalized from now on, until the node
	/// goes away.
	pub async fn follow_logs(&self, mut each: impl FnMut(u64, Vec<Log>)) -> Result<(), String> {
		let mut blocks = self.client.stream_blocks().await.map_err(|error| error.to_string())?;
		while let Some(block) = futures::StreamExt::next(&mut blocks).await {
			let block = block.map_err(|error| error.to_string())?;
			let at = block.at().await.map_err(|error| error.to_string())?;
			let logs = block_logs(&at.events().fetch().await.map_err(|error| error.to_string())?)?;
			if !logs.is_empty() {
				each(block.number(), logs);
			}
		}
		Err("the node closed the subscription".into())
	}

	/// `error` named from the chain's metadata, with its documentation: `OcosVm::CodeRejected(
	/// FloatsNotAllowed): the code was refused …; FloatsNotAllowed: the module uses f32/f64 …`.
	pub async fn describe(&self, error: &DispatchError) -> String {
		let DispatchError::Module(module) = error else {
			return format!("{error:?}");
		};
		let Ok(at) = self.client.at_current_block().await else {
			return format!("{error:?}");
		};
		let metadata = at.metadata();
		let Some(pallet) = metadata.pallet_by_error_index(module.index) else {
			return format!("{error:?}");
		};
		let Some(variant) = pallet.error_variant_by_index(module.error[0]) else {
			return format!("{}::error #{}", pallet.name(), module.error[0]);
		};
		let mut text = format!("{}::{}", pallet.name(), variant.name);
		let mut docs = vec![variant.docs.join(" ")];
		// A variant with a field (`CodeRejected(RejectReason)`): the field's variant, by its byte.
		if let Some(field) = variant.fields.first() {
			if let Some(scale_info::TypeDef::Variant(inner)) =
				metadata.types().resolve(field.ty.id).map(|ty| &ty.type_def)
			{
				if let Some(reason) = inner.variants.iter().find(|reason| reason.index == module.error[1]) {
					text.push_str(&format!("({})", reason.name));
					docs.push(format!("{}: {}", reason.name, reason.docs.join(" ")));
				}
			}
		}
		let docs: Vec<String> = docs.into_iter().filter(|doc| !doc.ends_with(": ") && !doc.is_empty()).collect();
		match docs.is_empty() {
			true => text,
			false => format!("{text}: {}", docs.join("; ")),
		}
	}
}

/// The contract logs among a block's `events`.
fn block_logs(events: &subxt::events::Events<PolkadotConfig>) -> Result<Vec<Log>, String> {
	let mut logs = Vec::new();
	for event in events.iter() {
		logs.extend(log_of(&runtime_event(&event.map_err(|error| error.to_string())?)?));
	}
	Ok(logs)
}

/// `event` as this chain's runtime defines it.
fn runtime_event(event: &subxt::events::Event<'_, PolkadotConfig>) -> Result<RuntimeEvent, String> {
	let bytes = [&[event.pallet_index(), event.event_index()][..], event.field_bytes()].concat();
	RuntimeEvent::decode(&mut &bytes[..])
		.map_err(|error| format!("an event of this chain this client cannot decode: {error}"))
}

/// The log `event` is, if it is a contract's log.
fn log_of(event: &RuntimeEvent) -> Option<Log> {
	let RuntimeEvent::OcosVm(pallet_ocos_vm::Event::ContractLog { contract, topics, data }) = event else {
		return None;
	};
	Some((contract.clone(), topics.iter().map(|topic| topic.0).collect(), data.clone()))
}

/// `Pallet.call` of a call.
pub fn call_name(call: &RuntimeCall) -> String {
	let metadata = call.get_call_metadata();
	format!("{}.{}", metadata.pallet_name, metadata.function_name)
}

/// An account written as SS58 or `0x`-hex.
pub fn parse_account(text: &str) -> Result<AccountId32, String> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = crate::contract::decode_hex(hex).ok_or_else(|| format!("`{text}` is not hex"))?;
		let bytes: [u8; 32] = bytes.try_into().map_err(|_| format!("`{text}` is not 32 bytes"))?;
		return Ok(AccountId32::new(bytes));
	}
	use sp_core::crypto::Ss58Codec;
	AccountId32::from_ss58check(text).map_err(|error| format!("`{text}` is not an account: {error:?}"))
}

/// An account as SS58.
pub fn show_account(account: &AccountId32) -> String {
	use sp_core::crypto::Ss58Codec;
	account.to_ss58check()
}
