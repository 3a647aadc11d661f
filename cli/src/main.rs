//! `ocos`: the command line of OCOS-VM contracts. It builds a contract and checks it with the
//! chain's own upload check, then uploads, instantiates, calls and queries it: always a dry run
//! first, submitted only with `-x`, every result, error and event decoded with the contract's
//! metadata and the chain's.
//!
//! Exit codes: 0 done; 1 the chain or the contract refused (a rejected upload, a revert, a failed
//! extrinsic); 2 a bad command line; 3 nothing reached the chain (a build failed, no node, a
//! metadata that does not describe the contract called).

mod chain;
mod contract;
mod gov;
mod template;

use chain::{Balance, Chain, Gas, Log, Report};
use clap::{Args, Parser, Subcommand};
use codec::Decode;
use contract::{show, Contract, DecodedEvent};
use ocos_contract::metadata::{Function, StorageKind, StorageSpec};
use pallet_ocos_vm::limits::Limits;
use scale_value::Value;
use serde_json::json;
use sp_runtime::AccountId32;
use std::{path::PathBuf, process::ExitCode};

/// The command line.
#[derive(Parser)]
#[command(name = "ocos", version, about = "Build, upload, instantiate, call and query OCOS-VM contracts.")]
struct Cli {
	/// The node's RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The account that signs: `//Alice`, a mnemonic, or `mnemonic//derivation`.
	#[arg(long, global = true, default_value = "//Alice")]
	suri: String,
	/// Print one JSON object, for scripts.
	#[arg(long, global = true)]
	json: bool,
	#[command(subcommand)]
	command: Command,
}

/// The commands.
#[derive(Subcommand)]
enum Command {
	/// Create a contract project in the new folder `PATH`: a counter with its sandbox test, ready
	/// to build on stable Rust.
	New {
		/// The project's folder; its last part names the contract.
		path: PathBuf,
	},
	/// Build a contract crate into its `.wasm` and `.json`, and check the code with the chain's
	/// own upload check.
	Build {
		/// The contract crate's folder.
		#[arg(default_value = ".")]
		path: PathBuf,
		/// Keep debug assertions: a panic reverts with its message instead of trapping.
		#[arg(long)]
		debug: bool,
	},
	/// Upload a contract's code (a dry run unless `-x`).
	Upload {
		#[command(flatten)]
		contract: ContractArg,
		/// The storage deposit limit instead of the dry run's.
		#[arg(long)]
		deposit: Option<Balance>,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// Instantiate uploaded code, running its constructor with `ARGS` (a dry run unless `-x`).
	Instantiate {
		/// The constructor's arguments, each a value of its type.
		args: Vec<String>,
		#[command(flatten)]
		contract: ContractArg,
		/// Value sent to the constructor.
		#[arg(long, default_value_t = 0)]
		value: Balance,
		/// The salt of the address, `0x`-hex (default: the time, so each instantiation is new).
		#[arg(long)]
		salt: Option<String>,
		#[command(flatten)]
		limits: LimitArgs,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// Call `MESSAGE` of the contract at `ADDRESS` with `ARGS` (a dry run unless `-x`).
	Call {
		#[command(flatten)]
		message: MessageArgs,
		/// Value sent with the call.
		#[arg(long, default_value_t = 0)]
		value: Balance,
		#[command(flatten)]
		limits: LimitArgs,
		/// Submit without a dry run first, with `--gas` (and `--deposit`, or no deposit limit):
		/// when the call fails in its block, it is replayed to say why.
		#[arg(long, requires = "gas")]
		skip_dry_run: bool,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// What the chain keeps of the contract at `ADDRESS`: its code, engine, storage and deposit.
	Info {
		/// The contract's address, SS58 or `0x`-hex.
		address: String,
	},
	/// The engines of the registry, with their kind and status.
	Engines,
	/// The logs contracts emitted in recent finalized blocks (and, with `--follow`, in every new
	/// one), decoded as events with the metadata of `-c`.
	Events {
		/// Only the logs of the contract at this address.
		address: Option<String>,
		/// The contract whose metadata decodes the logs: its crate's folder or its `.json`.
		#[arg(long, short = 'c')]
		contract: Option<PathBuf>,
		/// How many of the latest finalized blocks to read.
		#[arg(long, default_value_t = 100)]
		blocks: u64,
		/// Go on printing the logs of new finalized blocks until interrupted (one JSON object a
		/// line with `--json`).
		#[arg(long)]
		follow: bool,
	},
	/// The storage of the contract at `ADDRESS`, decoded with its metadata: every `Item` and the
	/// length of every `Vector`, or `ITEM` alone, with `KEY` for a `Map`'s entry or a `Vector`'s
	/// index.
	Storage {
		/// The contract's address, SS58 or `0x`-hex.
		address: String,
		/// A storage item, as the contract declares it (`BALANCES`).
		item: Option<String>,
		/// The map key or vector index, a value of its type.
		key: Option<String>,
		#[command(flatten)]
		contract: ContractArg,
	},
	/// Read `MESSAGE` of the contract at `ADDRESS`: a dry run, never submitted.
	Query {
		#[command(flatten)]
		message: MessageArgs,
	},
	/// Govern as a council member: motions (or root calls with `--sudo`) on the engine registry
	/// and contract calls as the DAO, votes, and the close that runs a motion.
	#[command(subcommand)]
	Gov(gov::GovCommand),
}

/// Which contract.
#[derive(Args)]
struct ContractArg {
	/// The contract: its crate's folder (built when it changed) or its built `.json`.
	#[arg(long, short = 'c', default_value = ".")]
	contract: PathBuf,
}

/// A message of a contract, with its arguments.
#[derive(Args)]
struct MessageArgs {
	/// The contract's address, SS58 or `0x`-hex.
	address: String,
	/// The message's name.
	message: String,
	/// Its arguments, each a value of its type.
	args: Vec<String>,
	#[command(flatten)]
	contract: ContractArg,
}

/// A message ready to send: its contract, the contract's address, and its encoded input.
struct Message {
	contract: Contract,
	address: AccountId32,
	name: String,
	data: Vec<u8>,
}

impl MessageArgs {
	/// Loads (or builds) the contract and encodes the message's arguments with its metadata.
	fn encode(&self) -> Result<Message, Failure> {
		let contract = Contract::load(&self.contract.contract, false)?;
		let address = chain::parse_account(&self.address)?;
		let data = contract.encode_input(contract.message(&self.message)?, &self.args)?;
		Ok(Message { contract, address, name: self.message.clone(), data })
	}
}

impl Message {
	/// The message's metadata.
	fn function(&self) -> &Function {
		self.contract.message(&self.name).expect("the message was found when it was encoded")
	}
}

/// Whether and how to submit after the dry run.
#[derive(Args)]
struct SubmitArgs {
	/// Submit: nothing is sent to the chain without it.
	#[arg(short = 'x', long)]
	execute: bool,
	/// Wait until the block is finalized, not only until the transaction is in a block.
	#[arg(long)]
	finalized: bool,
}

/// The limits of a contract call, by default those its dry run found.
#[derive(Args)]
struct LimitArgs {
	/// The gas limit instead of the dry run's: `REF_TIME,PROOF_SIZE`.
	#[arg(long, value_parser = parse_gas)]
	gas: Option<Gas>,
	/// The storage deposit limit instead of the dry run's.
	#[arg(long)]
	deposit: Option<Balance>,
}

impl LimitArgs {
	/// The gas limit: `--gas`, or what the dry run required.
	fn gas_limit<R>(&self, report: &Report<R>) -> sp_runtime::Weight {
		let (ref_time, proof_size) = self.gas.unwrap_or(report.gas_required);
		sp_runtime::Weight::from_parts(ref_time, proof_size)
	}

	/// The storage deposit limit: `--deposit`, or what the dry run held.
	fn deposit_limit<R>(&self, report: &Report<R>) -> Balance {
		self.deposit.unwrap_or(report.storage_deposit)
	}

	/// The limits of a call submitted without a dry run: `--gas`, and `--deposit` or none.
	fn without_dry_run(&self) -> Result<(sp_runtime::Weight, Option<Balance>), Failure> {
		let (ref_time, proof_size) =
			self.gas.ok_or_else(|| Failure::Local("without a dry run, give the gas limit with --gas".into()))?;
		Ok((sp_runtime::Weight::from_parts(ref_time, proof_size), self.deposit))
	}
}

/// Why a command did not succeed, and its exit code.
enum Failure {
	/// The chain or the contract refused (exit code 1).
	Refused(String),
	/// Nothing reached the chain (exit code 3).
	Local(String),
}

impl From<String> for Failure {
	fn from(message: String) -> Self {
		Failure::Local(message)
	}
}

impl From<chain::Failed> for Failure {
	fn from(failed: chain::Failed) -> Self {
		Failure::Refused(failed.error)
	}
}

/// What a command printed: its text, or its JSON with `--json`.
struct Output {
	json: bool,
	object: serde_json::Map<String, serde_json::Value>,
}

impl Output {
	/// Says `text`, or records `key: value` in the JSON.
	fn say(&mut self, key: &str, value: serde_json::Value, text: impl FnOnce() -> String) {
		if self.json {
			self.object.insert(key.into(), value);
		} else {
			println!("{}", text());
		}
	}
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let mut output = Output { json: cli.json, object: serde_json::Map::new() };
	let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
	let result = runtime.block_on(run(cli.command, &cli.url, &cli.suri, &mut output));
	let (code, error) = match result {
		Ok(()) => (ExitCode::SUCCESS, None),
		Err(Failure::Refused(message)) => (ExitCode::from(1), Some(message)),
		Err(Failure::Local(message)) => (ExitCode::from(3), Some(message)),
	};
	if output.json {
		if let Some(error) = &error {
			output.object.insert("error".into(), json!(error));
		}
		println!("{}", serde_json::Value::Object(output.object));
	} else if let Some(error) = error {
		eprintln!("error: {error}");
	}
	code
}

async fn run(command: Command, url: &str, suri: &str, output: &mut Output) -> Result<(), Failure> {
	match command {
		Command::New { path } => {
			let name = template::create(&path)?;
			output.say("new", json!({ "name": name, "path": path }), || {
				format!(
					"created contract `{name}` in {0}\n  build it: ocos build {0}\n  test it:  cargo test --release --manifest-path {0}/Cargo.toml",
					path.display()
				)
			});
			Ok(())
		}
		Command::Build { path, debug } => {
			let contract = Contract::load(&path, debug)?;
			check_offline(&contract, output)
		}
		Command::Upload { contract, deposit, submit } => {
			let contract = Contract::load(&contract.contract, false)?;
			check_offline(&contract, output)?;
			let chain = Chain::connect(url, suri).await?;
			let upload = chain.dry_run_upload(&contract.wasm).await?.map_err(Failure::Refused)?;
			output.say(
				"dry_run",
				json!({ "code_hash": contract::hex(&upload.code_hash.0), "deposit": upload.deposit }),
				|| format!("dry run: code hash {}, deposit {}", contract::hex(&upload.code_hash.0), upload.deposit),
			);
			if submit.execute {
				let call = pallet_ocos_vm::Call::upload_code {
					code: contract.wasm.clone(),
					engine: 0,
					storage_deposit_limit: Some(deposit.unwrap_or(upload.deposit)),
				};
				let included =
					chain.submit(call.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
				let code_hash = included.code_stored().map(|hash| contract::hex(&hash.0));
				output.say(
					"submitted",
					json!({ "block": contract::hex(&included.block), "code_hash": code_hash }),
					|| format!("uploaded in block {}", contract::hex(&included.block)),
				);
			} else if !output.json {
				println!("submit it with -x");
			}
			Ok(())
		}
		Command::Instantiate { args, contract, value, salt, limits, submit } => {
			let contract = Contract::load(&contract.contract, false)?;
			let constructor = &contract.spec().deploy;
			let data = contract.encode_input(constructor, &args)?;
			let salt = match salt {
				Some(salt) => {
					contract::decode_hex(salt.trim_start_matches("0x")).ok_or("--salt is not hex".to_string())?
				}
				None => std::time::SystemTime::now()
					.duration_since(std::time::UNIX_EPOCH)
					.map(|elapsed| elapsed.as_nanos().to_le_bytes()[..8].to_vec())
					.unwrap_or_default(),
			};
			let chain = Chain::connect(url, suri).await?;
			let code_hash = contract.code_hash()?;
			let report = chain.dry_run_instantiate(code_hash.into(), value, &data, &salt).await?;
			let instantiated = report.result.as_ref().map_err(|error| Failure::Refused(error.clone()))?;
			let address = instantiated.account_id.clone();
			let reverted = instantiated.result.reverted;
			let returned = instantiated.result.data.clone();
			show_dry_run(&contract, constructor, &report, reverted, &returned, output)?;
			output.say("address", json!(chain::show_account(&address)), || {
				format!("address: {}", chain::show_account(&address))
			});
			if submit.execute {
				let call = pallet_ocos_vm::Call::instantiate {
					code_hash: code_hash.into(),
					value,
					gas_limit: limits.gas_limit(&report),
					storage_deposit_limit: Some(limits.deposit_limit(&report)),
					data,
					salt,
				};
				let included =
					chain.submit(call.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
				show_included(&contract, &included.block, &included.logs(), output);
			} else if !output.json {
				println!("submit it with -x");
			}
			Ok(())
		}
		Command::Call { message, value, limits, skip_dry_run, submit } => {
			let submit = Some(Submission { limits, submit, skip_dry_run });
			call(url, suri, message.encode()?, value, submit, output).await
		}
		Command::Query { message } => call(url, suri, message.encode()?, 0, None, output).await,
		Command::Gov(command) => gov::run(command, url, suri, output).await,
		Command::Info { address } => {
			let address = chain::parse_account(&address)?;
			let chain = Chain::connect(url, suri).await?;
			let info = chain
				.contract_info(&address)
				.await?
				.ok_or_else(|| Failure::Refused(format!("no contract at {}", chain::show_account(&address))))?;
			let code_hash = contract::hex(&info.code_hash.0);
			output.say(
				"info",
				json!({
					"address": chain::show_account(&address),
					"code_hash": code_hash,
					"engine": info.engine,
					"code_len": info.shape.code_len,
					"storage_items": info.storage_items,
					"storage_bytes": info.storage_bytes,
					"storage_deposit": info.storage_deposit,
				}),
				|| {
					format!(
						"{}\n  code {code_hash} ({} bytes) on engine {}\n  storage: {} items, {} bytes, deposit {}",
						chain::show_account(&address),
						info.shape.code_len,
						info.engine,
						info.storage_items,
						info.storage_bytes,
						info.storage_deposit
					)
				},
			);
			Ok(())
		}
		Command::Storage { address, item, key, contract } => {
			let contract = Contract::load(&contract.contract, false)?;
			let address = chain::parse_account(&address)?;
			let chain = Chain::connect(url, suri).await?;
			check_code(&chain, &contract, &address).await?;
			let items: Vec<&StorageSpec> = match &item {
				Some(name) => vec![contract.storage_item(name)?],
				None => contract.spec().storage.iter().collect(),
			};
			let mut as_json = serde_json::Map::new();
			let mut lines = Vec::new();
			for item in items {
				let (shown, value) = read_item(&chain, &contract, &address, item, key.as_deref()).await?;
				lines.push(shown);
				as_json.insert(item.name.clone(), value);
			}
			output.say("storage", serde_json::Value::Object(as_json), || lines.join("\n"));
			Ok(())
		}
		Command::Events { address, contract, blocks, follow } => {
			let contract = contract.map(|path| Contract::load(&path, false)).transpose()?;
			let address = address.map(|address| chain::parse_account(&address)).transpose()?;
			let chain = Chain::connect(url, suri).await?;
			let wanted = |logs: Vec<Log>| -> Vec<Log> {
				logs.into_iter()
					.filter(|(emitter, _, _)| address.as_ref().is_none_or(|address| address == emitter))
					.collect()
			};
			let mut recent = Vec::new();
			for (block, logs) in chain.recent_logs(blocks).await? {
				recent.extend(describe_logs(contract.as_ref(), &wanted(logs)).into_iter().map(|(text, mut json)| {
					json["block"] = json!(block);
					(format!("#{block} {text}"), json)
				}));
			}
			if !follow {
				let texts: Vec<String> = recent.iter().map(|(text, _)| text.clone()).collect();
				let as_json: Vec<serde_json::Value> = recent.into_iter().map(|(_, json)| json).collect();
				output.say("events", json!(as_json), || texts.join("\n"));
				return Ok(());
			}
			// Following never ends: each event is printed as it comes, not gathered.
			let print = |text: String, json: serde_json::Value| match output.json {
				true => println!("{json}"),
				false => println!("{text}"),
			};
			for (text, json) in recent {
				print(text, json);
			}
			let contract = contract.as_ref();
			Err(Failure::Refused(
				chain
					.follow_logs(|block, logs| {
						for (text, mut json) in describe_logs(contract, &wanted(logs)) {
							json["block"] = json!(block);
							print(format!("#{block} {text}"), json);
						}
					})
					.await
					.unwrap_err(),
			))
		}
		Command::Engines => {
			let chain = Chain::connect(url, suri).await?;
			let engines = chain.engines().await?;
			let as_json: Vec<serde_json::Value> = engines
				.iter()
				.map(
					|(id, info)| json!({ "id": id, "kind": format!("{:?}", info.kind), "status": format!("{:?}", info.status) }),
				)
				.collect();
			output.say("engines", json!(as_json), || {
				engines
					.iter()
					.map(|(id, info)| format!("{id}: {:?}, {:?}", info.kind, info.status))
					.collect::<Vec<_>>()
					.join("\n")
			});
			Ok(())
		}
	}
}

/// Runs the chain's own upload check on the built code, with the sample runtime's limits.
fn check_offline(contract: &Contract, output: &mut Output) -> Result<(), Failure> {
	let limits = Limits::of::<ocos_runtime::Runtime>();
	let name = &contract.metadata.contract.name;
	let size = contract.wasm.len();
	match pallet_ocos_vm::wasm::prepare::check(&contract.wasm, &limits) {
		Ok(shape) => {
			output.say(
				"build",
				json!({
					"name": name,
					"size": size,
					"max_code_len": limits.code_len,
					"code_hash": contract.metadata.source.hash,
					"functions": shape.functions,
				}),
				|| {
					format!(
						"{name}: {size} bytes of {} (MaxCodeLen), code hash {}, accepted by the chain's upload check",
						limits.code_len, contract.metadata.source.hash
					)
				},
			);
			Ok(())
		}
		Err(reason) => {
			Err(Failure::Refused(format!("{name}: the chain would refuse this code: CodeRejected({reason:?})")))
		}
	}
}

/// How `ocos call` submits.
struct Submission {
	limits: LimitArgs,
	submit: SubmitArgs,
	skip_dry_run: bool,
}

/// Calls (or, without `submit`, queries) `message`.
async fn call(
	url: &str,
	suri: &str,
	message: Message,
	value: Balance,
	submission: Option<Submission>,
	output: &mut Output,
) -> Result<(), Failure> {
	let chain = Chain::connect(url, suri).await?;
	check_code(&chain, &message.contract, &message.address).await?;
	let submission = submission.filter(|submission| submission.submit.execute);
	let report = match submission.as_ref().is_some_and(|submission| submission.skip_dry_run) {
		true => None,
		false => {
			let report = chain.dry_run_call(&message.address, value, &message.data).await?;
			show_exec_dry_run(&message.contract, message.function(), &report, output)?;
			Some(report)
		}
	};
	let Some(Submission { limits, submit, .. }) = submission else {
		if !output.json && message.function().mutates {
			println!("submit it with -x");
		}
		return Ok(());
	};
	let (gas_limit, storage_deposit_limit) = match &report {
		Some(report) => (limits.gas_limit(report), Some(limits.deposit_limit(report))),
		None => limits.without_dry_run()?,
	};
	let call = pallet_ocos_vm::Call::call {
		dest: message.address.clone().into(),
		value,
		gas_limit,
		storage_deposit_limit,
		data: message.data.clone(),
	};
	match chain.submit(call.into(), submit.finalized, output.json).await? {
		Ok(included) => {
			show_included(&message.contract, &included.block, &included.logs(), output);
			Ok(())
		}
		Err(failed) => {
			let limits = (gas_limit, storage_deposit_limit);
			let replay = chain.replay_call(failed.block, &message.address, value, &message.data, limits).await;
			Err(Failure::Refused(why_it_failed(&message, &failed, replay, output)))
		}
	}
}

/// Says why a call that a block included failed, from its replay on the state the block started
/// from ([`Chain::replay_call`]): the contract's revert decoded with the message's result type,
/// or the chain's error when it is not the one the block reported. A replay that cannot be run
/// or decoded is said as such, after the failure.
fn why_it_failed(
	message: &Message,
	failed: &chain::Failed,
	replay: Result<Report<pallet_ocos_vm::api::ExecReturn>, String>,
	output: &mut Output,
) -> String {
	let replayed = "replayed on the state its block started from";
	let why = match replay.map(|report| report.result) {
		Ok(Ok(returned)) if returned.reverted => {
			match message.contract.decode_output(message.function(), &returned.data) {
				Ok(decoded) => Some(format!("`{}` reverted: {}", message.name, show(&decoded.value))),
				Err(error) => Some(format!("{replayed}, it reverts with output that does not decode: {error}")),
			}
		}
		Ok(Ok(_)) => {
			Some(format!("{replayed}, it succeeds: a transaction before it in the same block changed what it read"))
		}
		Ok(Err(error)) if error == failed.error => None,
		Ok(Err(error)) => Some(format!("{replayed}: {error}")),
		Err(error) => Some(format!("it could not be replayed: {error}")),
	};
	let block = contract::hex(&failed.block);
	output.say("failed", json!({ "block": block, "error": failed.error, "why": why }), || {
		format!("in block {block}, failed with {}", failed.error)
	});
	match why {
		Some(why) => format!("{}: {why}", failed.error),
		None => failed.error.clone(),
	}
}

/// Shows the dry run of a call: see [`show_dry_run`].
fn show_exec_dry_run(
	contract: &Contract,
	function: &Function,
	report: &Report<pallet_ocos_vm::api::ExecReturn>,
	output: &mut Output,
) -> Result<(), Failure> {
	let returned = report.result.as_ref().map_err(|error| Failure::Refused(error.clone()))?;
	show_dry_run(contract, function, report, returned.reverted, &returned.data, output)
}

/// Refuses a contract whose code is not the code `contract`'s metadata describes.
async fn check_code(chain: &Chain, contract: &Contract, address: &AccountId32) -> Result<(), Failure> {
	match chain.contract_info(address).await?.map(|info| info.code_hash) {
		None => Err(Failure::Refused(format!("no contract at {}", chain::show_account(address)))),
		Some(deployed) if deployed.0 != contract.code_hash()? => Err(Failure::Local(format!(
			"the contract at {} runs code {}, not the code the metadata describes ({}): refusing to encode or decode with it",
			chain::show_account(address),
			contract::hex(&deployed.0),
			contract.metadata.source.hash
		))),
		Some(_) => Ok(()),
	}
}

/// Reads storage item `item` (the entry under `key` of a map, the item at index `key` of a
/// vector): its text and its JSON.
async fn read_item(
	chain: &Chain,
	contract: &Contract,
	address: &AccountId32,
	item: &StorageSpec,
	key: Option<&str>,
) -> Result<(String, serde_json::Value), Failure> {
	let name = &item.name;
	let read = |storage_key: Vec<u8>, ty: Option<u32>| async move {
		let Some(bytes) = chain.contract_storage(address, &storage_key).await? else { return Ok::<_, String>(None) };
		match ty {
			Some(ty) => contract.decode_value(&bytes, ty).map(Some),
			None => u32::decode(&mut &bytes[..])
				.map(|length| Some(Value::u128(length.into())))
				.map_err(|error| error.to_string()),
		}
	};
	let shown = |value: &Option<Value>| value.as_ref().map(show).unwrap_or_else(|| "none".into());
	let as_json = |value: Option<Value>| value.map(|value| json!(value)).unwrap_or(serde_json::Value::Null);
	match (item.kind, key) {
		(StorageKind::Item, None) => {
			let value = read(item.prefix.clone(), Some(item.value)).await?;
			Ok((format!("{name}: {}", shown(&value)), as_json(value)))
		}
		(StorageKind::Item, Some(_)) => Err(Failure::Local(format!("{name} is an item: it takes no key"))),
		(StorageKind::Map, None) => {
			Ok((format!("{name}: a map (give a key to read an entry)"), serde_json::Value::Null))
		}
		(StorageKind::Map, Some(key)) => {
			let ty = item.key.ok_or(format!("{name} has no key type in the metadata"))?;
			let storage_key = [item.prefix.clone(), contract.encode_value(key, ty)?].concat();
			let value = read(storage_key, Some(item.value)).await?;
			Ok((format!("{name}[{key}]: {}", shown(&value)), as_json(value)))
		}
		(StorageKind::Vector, None) => {
			let length = read(item.prefix.clone(), None).await?;
			Ok((format!("{name}: {} items", shown(&length)), json!({ "length": as_json(length) })))
		}
		(StorageKind::Vector, Some(index)) => {
			let index: u32 = index.parse().map_err(|error| format!("`{index}` is not an index: {error}"))?;
			let storage_key = [item.prefix.clone(), index.to_le_bytes().to_vec()].concat();
			let value = read(storage_key, Some(item.value)).await?;
			Ok((format!("{name}[{index}]: {}", shown(&value)), as_json(value)))
		}
	}
}

/// Shows a dry run: the decoded result, gas, deposit and events; a revert or a `DispatchError`
/// is a refusal.
fn show_dry_run<R>(
	contract: &Contract,
	function: &Function,
	report: &Report<R>,
	reverted: bool,
	returned: &[u8],
	output: &mut Output,
) -> Result<(), Failure> {
	let decoded = contract.decode_output(function, returned)?;
	let result = show(&decoded.value);
	output.say(
		"dry_run",
		json!({
			"result": decoded.value,
			"ran": decoded.ran,
			"reverted": reverted,
			"gas_required": { "ref_time": report.gas_required.0, "proof_size": report.gas_required.1 },
			"gas_consumed": { "ref_time": report.gas_consumed.0, "proof_size": report.gas_consumed.1 },
			"storage_deposit": report.storage_deposit,
		}),
		|| {
			format!(
				"{}: {result}{}\n  gas required: {} ref_time, {} proof_size; storage deposit: {}",
				function.name,
				if reverted { " (reverted)" } else { "" },
				report.gas_required.0,
				report.gas_required.1,
				report.storage_deposit
			)
		},
	);
	show_events(Some(contract), &report.logs, output, "events");
	match (decoded.ran, reverted) {
		(false, _) => Err(Failure::Refused(format!("`{}` could not run: {result}", function.name))),
		(true, true) => Err(Failure::Refused(format!("`{}` reverted: {result}", function.name))),
		(true, false) => Ok(()),
	}
}

/// Shows where an extrinsic was included and the events its contracts emitted.
fn show_included(contract: &Contract, block: &[u8; 32], logs: &[Log], output: &mut Output) {
	output.say("block", json!(contract::hex(block)), || format!("in block {}", contract::hex(block)));
	show_events(Some(contract), logs, output, "submitted_events");
}

/// Shows logs, decoded as the contract's events where they are.
fn show_events(contract: Option<&Contract>, logs: &[Log], output: &mut Output, key: &str) {
	let described = describe_logs(contract, logs);
	if described.is_empty() && !output.json {
		return;
	}
	let texts: Vec<String> = described.iter().map(|(text, _)| format!("  {text}")).collect();
	let as_json: Vec<serde_json::Value> = described.into_iter().map(|(_, json)| json).collect();
	output.say(key, json!(as_json), || texts.join("\n"));
}

/// Each log as text and JSON: decoded as an event of `contract` where it is one, raw otherwise.
fn describe_logs(contract: Option<&Contract>, logs: &[Log]) -> Vec<(String, serde_json::Value)> {
	logs.iter()
		.map(|(emitter, topics, data)| {
			let emitter = chain::show_account(emitter);
			match contract.and_then(|contract| contract.decode_event(topics, data)) {
				Some(DecodedEvent { name, fields }) => (
					format!("event {name} {}", show(&fields)),
					json!({ "contract": emitter, "event": name, "fields": fields }),
				),
				None => {
					let topics: Vec<String> = topics.iter().map(|topic| contract::hex(topic)).collect();
					let data = contract::hex(data);
					(
						format!("log of {emitter}: topics {topics:?}, data {data}"),
						json!({ "contract": emitter, "topics": topics, "data": data }),
					)
				}
			}
		})
		.collect()
}

/// Parses `REF_TIME,PROOF_SIZE`.
fn parse_gas(text: &str) -> Result<Gas, String> {
	let (ref_time, proof_size) = text.split_once(',').ok_or("expected REF_TIME,PROOF_SIZE")?;
	let number = |text: &str| text.trim().parse::<u64>().map_err(|error| format!("`{text}`: {error}"));
	Ok((number(ref_time)?, number(proof_size)?))
}
