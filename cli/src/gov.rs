//! `ocos gov`: what a council member does from a terminal. Motions (or, with `--sudo`, root
//! calls) that register engines, move them between statuses and call contracts as the DAO; the
//! votes that carry a motion; the close that runs it.
//!
//! A motion the signer proposes carries the signer's aye. One that needs a single aye runs at
//! once; any other runs when a member closes it with enough ayes (or when its time is up).

use crate::{
	chain::{self, call_name, Chain, Included},
	contract::{self, Contract},
	Failure, LimitArgs, MessageArgs, Output, SubmitArgs,
};
use clap::{Args, Subcommand, ValueEnum};
use codec::{Decode, Encode};
use frame_support::dispatch::GetDispatchInfo;
use ocos_runtime::{RuntimeCall, RuntimeEvent};
use pallet_ocos_vm::{context::DaoContext, EngineId, EngineKind, EngineStatus};
use serde_json::json;
use sp_core::H256;
use std::path::PathBuf;

/// The governance commands.
#[derive(Subcommand)]
pub enum GovCommand {
	/// Register an engine of `KIND` (`wasmi` or `evm`; `move-vm` and `zk-vm` once the runtime has
	/// them).
	RegisterEngine {
		/// The engine's kind.
		#[arg(value_parser = parse_variant::<EngineKind>)]
		kind: EngineKind,
		/// The engine's configuration, `0x`-hex (none by default). For `evm`, the SCALE encoding
		/// of its chain id (u64) and hardfork (`00` Cancun, `01` Prague): chain id 420 on Prague
		/// is `0xa40100000000000001`.
		#[arg(long, default_value = "0x")]
		config: String,
		#[command(flatten)]
		via: Via,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// Move engine `ENGINE` to `STATUS`: `active`, `uploads-frozen`, `disabled`, `deprecated` or
	/// `retired`.
	SetEngineStatus {
		/// The engine's id, as `ocos engines` lists it.
		engine: EngineId,
		/// Its new status.
		#[arg(value_parser = parse_variant::<EngineStatus>)]
		status: EngineStatus,
		#[command(flatten)]
		via: Via,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// Call `MESSAGE` of the contract at `ADDRESS` as the DAO, dry-run first as the motion would
	/// run it (its approvals the threshold's).
	DaoCall {
		#[command(flatten)]
		message: MessageArgs,
		/// Value the DAO sends with the call.
		#[arg(long, default_value_t = 0)]
		value: chain::Balance,
		#[command(flatten)]
		limits: LimitArgs,
		#[command(flatten)]
		via: Via,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// The council's open motions: their calls and votes.
	Motions,
	/// Vote on the open motion `HASH`.
	Vote {
		/// The motion's hash, as `ocos gov motions` lists it.
		#[arg(value_parser = parse_hash)]
		hash: H256,
		/// `aye` or `nay`.
		vote: Vote,
		#[command(flatten)]
		submit: SubmitArgs,
	},
	/// Close the motion `HASH`: run its call if it has enough ayes, drop it if it cannot get them.
	Close {
		/// The motion's hash, as `ocos gov motions` lists it.
		#[arg(value_parser = parse_hash)]
		hash: H256,
		/// The contract whose metadata decodes the logs of a `dao-call` motion.
		#[arg(long, short = 'c')]
		contract: Option<PathBuf>,
		#[command(flatten)]
		submit: SubmitArgs,
	},
}

/// How a governed call is dispatched.
#[derive(Args)]
pub struct Via {
	/// Dispatch as root through `sudo` (the sudo key signs) instead of proposing a motion.
	#[arg(long)]
	sudo: bool,
	/// The ayes the motion needs (default: more than half of the council, the majority the
	/// runtime requires).
	#[arg(long, conflicts_with = "sudo")]
	threshold: Option<u32>,
}

/// A vote.
#[derive(Clone, Copy, ValueEnum)]
pub enum Vote {
	/// For the motion.
	Aye,
	/// Against it.
	Nay,
}

/// Who approves a governed call.
#[derive(Clone, Copy)]
enum Approval {
	/// Root, through sudo.
	Root,
	/// A council motion that needs `threshold` ayes of `members`.
	Motion { threshold: u32, members: u32 },
}

impl Approval {
	/// How `via` dispatches, with the council as it is now.
	async fn of(via: &Via, chain: &Chain) -> Result<Self, Failure> {
		if via.sudo {
			return Ok(Approval::Root);
		}
		let members = chain.council_members().await?.len() as u32;
		Ok(Approval::Motion { threshold: via.threshold.unwrap_or(members / 2 + 1), members })
	}

	/// What a contract the DAO calls with this approval reads through `dao_context`.
	fn context(&self) -> DaoContext {
		match *self {
			Approval::Root => DaoContext::Root,
			Approval::Motion { threshold, members } => DaoContext::Collective { approvals: threshold, members },
		}
	}
}

/// Runs a governance command.
pub async fn run(command: GovCommand, url: &str, suri: &str, output: &mut Output) -> Result<(), Failure> {
	match command {
		GovCommand::RegisterEngine { kind, config, via, submit } => {
			let config =
				contract::decode_hex(config.trim_start_matches("0x")).ok_or("--config is not hex".to_string())?;
			// A motion that cannot pass fails only when it runs: refuse it now.
			let Some(implementation) = pallet_ocos_vm::registry::implementation::<ocos_runtime::Runtime>(kind) else {
				return Err(Failure::Refused(format!(
					"the runtime has no {kind:?} engine to register (OcosVm::EngineNotAvailable)"
				)));
			};
			if !implementation.accepts_config(&config) {
				return Err(Failure::Refused(format!(
					"the {kind:?} engine does not accept this --config (OcosVm::InvalidEngineConfig)"
				)));
			}
			let chain = Chain::connect(url, suri).await?;
			let approval = Approval::of(&via, &chain).await?;
			let call = pallet_ocos_vm::Call::register_engine { kind, config };
			govern(&chain, call.into(), approval, &submit, output).await.map(drop)
		}
		GovCommand::SetEngineStatus { engine, status, via, submit } => {
			let chain = Chain::connect(url, suri).await?;
			let engines = chain.engines().await?;
			let (_, info) = engines
				.iter()
				.find(|(id, _)| *id == engine)
				.ok_or_else(|| Failure::Refused(format!("there is no engine {engine}: see `ocos engines`")))?;
			if !info.status.may_become(status) {
				return Err(Failure::Refused(format!(
					"engine {engine} is {:?}: it cannot become {status:?}",
					info.status
				)));
			}
			let approval = Approval::of(&via, &chain).await?;
			let call = pallet_ocos_vm::Call::set_engine_status { engine, status };
			govern(&chain, call.into(), approval, &submit, output).await.map(drop)
		}
		GovCommand::DaoCall { message, value, limits, via, submit } => {
			let message = message.encode()?;
			let chain = Chain::connect(url, suri).await?;
			crate::check_code(&chain, &message.contract, &message.address).await?;
			let approval = Approval::of(&via, &chain).await?;
			let report = chain.dry_run_dao_call(approval.context(), &message.address, value, &message.data).await?;
			crate::show_exec_dry_run(&message.contract, message.function(), &report, output)?;
			let call = pallet_ocos_vm::Call::dao_call {
				dest: message.address.clone().into(),
				value,
				gas_limit: limits.gas_limit(&report),
				storage_deposit_limit: limits.deposit_limit(&report),
				data: message.data.clone(),
			};
			if let Some(included) = govern(&chain, call.into(), approval, &submit, output).await? {
				crate::show_events(Some(&message.contract), &included.logs(), output, "submitted_events");
			}
			Ok(())
		}
		GovCommand::Motions => {
			let chain = Chain::connect(url, suri).await?;
			let motions = chain.motions().await?;
			let texts: Vec<String> = motions
				.iter()
				.map(|motion| {
					format!(
						"{:?} #{}: {}\n  {} of {} ayes, {} nays; ends at block {}",
						motion.hash,
						motion.votes.index,
						call_name(&motion.call),
						motion.votes.ayes.len(),
						motion.votes.threshold,
						motion.votes.nays.len(),
						motion.votes.end
					)
				})
				.collect();
			let as_json: Vec<serde_json::Value> = motions.iter().map(motion_json).collect();
			output.say("motions", json!(as_json), || match texts.is_empty() {
				true => "no open motions".into(),
				false => texts.join("\n"),
			});
			Ok(())
		}
		GovCommand::Vote { hash, vote, submit } => {
			let chain = Chain::connect(url, suri).await?;
			let motion = open_motion(&chain, hash).await?;
			let approve = matches!(vote, Vote::Aye);
			if !submit.execute {
				output.say("motion", motion_json(&motion), || {
					format!("{hash:?} #{}: {}; vote with -x", motion.votes.index, call_name(&motion.call))
				});
				return Ok(());
			}
			let call = pallet_collective::Call::vote { proposal: hash, index: motion.votes.index, approve };
			let included = chain.submit(call.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
			show_governed(&included, output);
			show_votes(hash, motion.votes.threshold, &included.events, output);
			Ok(())
		}
		GovCommand::Close { hash, contract, submit } => {
			let contract = contract.map(|path| Contract::load(&path, false)).transpose()?;
			let chain = Chain::connect(url, suri).await?;
			let motion = open_motion(&chain, hash).await?;
			if !submit.execute {
				output.say("motion", motion_json(&motion), || {
					format!("{hash:?} #{}: {}; close it with -x", motion.votes.index, call_name(&motion.call))
				});
				return Ok(());
			}
			let call = pallet_collective::Call::close {
				proposal_hash: hash,
				index: motion.votes.index,
				proposal_weight_bound: motion.call.get_dispatch_info().call_weight,
				length_bound: motion.call.encoded_size() as u32,
			};
			let included = chain.submit(call.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
			show_governed(&included, output);
			crate::show_events(contract.as_ref(), &included.logs(), output, "submitted_events");
			Ok(())
		}
	}
}

/// Dispatches `call` with `approval`: as root through sudo, or as a council motion the signer
/// proposes and votes aye on. Without `-x`, only says what it would send. The extrinsic that
/// ran `call`, if it ran.
async fn govern(
	chain: &Chain,
	call: RuntimeCall,
	approval: Approval,
	submit: &SubmitArgs,
	output: &mut Output,
) -> Result<Option<Included>, Failure> {
	let name = call_name(&call);
	if !submit.execute {
		output.say("would_send", json!(format!("{call:?}")), || match approval {
			Approval::Root => format!("would dispatch {name} as root through sudo; submit it with -x"),
			Approval::Motion { threshold, members } => format!(
				"would propose {name} to the council ({threshold} of {members} ayes to pass); submit it with -x"
			),
		});
		return Ok(None);
	}
	let Approval::Motion { threshold, .. } = approval else {
		let sudo = pallet_sudo::Call::sudo { call: Box::new(call) };
		let included = chain.submit(sudo.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
		show_governed(&included, output);
		return Ok(Some(included));
	};
	let length_bound = call.encoded_size() as u32;
	let propose = pallet_collective::Call::propose { threshold, proposal: Box::new(call), length_bound };
	let proposed = chain.submit(propose.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
	show_governed(&proposed, output);
	let Some((hash, index)) = proposed.events.iter().find_map(|event| match event {
		RuntimeEvent::Council(pallet_collective::Event::Proposed { proposal_hash, proposal_index, .. }) => {
			Some((*proposal_hash, *proposal_index))
		}
		_ => None,
	}) else {
		// A motion that needs one aye ran at once.
		return Ok(Some(proposed));
	};
	let vote = pallet_collective::Call::vote { proposal: hash, index, approve: true };
	let voted = chain.submit(vote.into(), submit.finalized, output.json).await?.map_err(Failure::from)?;
	show_governed(&voted, output);
	show_votes(hash, threshold, &voted.events, output);
	Ok(None)
}

/// The open motion `hash`, or a refusal naming it.
async fn open_motion(chain: &Chain, hash: H256) -> Result<chain::Motion, Failure> {
	chain.motion(hash).await?.ok_or_else(|| Failure::Refused(format!("there is no open motion {hash:?}")))
}

/// Shows the governance events of an extrinsic: the council's, sudo's and the registry's.
fn show_governed(included: &Included, output: &mut Output) {
	let governed: Vec<String> = included
		.events
		.iter()
		.filter(|event| match event {
			RuntimeEvent::Council(_) | RuntimeEvent::Sudo(_) => true,
			RuntimeEvent::OcosVm(event) => !matches!(event, pallet_ocos_vm::Event::ContractLog { .. }),
			_ => false,
		})
		.map(|event| format!("{event:?}"))
		.collect();
	let block = contract::hex(&included.block);
	output.say("block", json!(block), || format!("in block {block}"));
	output.say("events", json!(governed), || {
		governed.iter().map(|event| format!("  {event}")).collect::<Vec<_>>().join("\n")
	});
}

/// Shows the tally after a vote on motion `hash` of `threshold`, and what to do next.
fn show_votes(hash: H256, threshold: u32, events: &[RuntimeEvent], output: &mut Output) {
	let Some((ayes, nays)) = events.iter().find_map(|event| match event {
		RuntimeEvent::Council(pallet_collective::Event::Voted { yes, no, .. }) => Some((*yes, *no)),
		_ => None,
	}) else {
		return;
	};
	output.say(
		"motion",
		json!({ "hash": format!("{hash:?}"), "threshold": threshold, "ayes": ayes, "nays": nays }),
		|| match ayes >= threshold {
			true => format!("motion {hash:?}: {ayes} of {threshold} ayes: run it with `ocos gov close {hash:?} -x`"),
			false => format!(
				"motion {hash:?}: {ayes} of {threshold} ayes, {nays} nays: members vote with `ocos gov vote {hash:?} aye -x`"
			),
		},
	);
}

/// A motion as JSON.
fn motion_json(motion: &chain::Motion) -> serde_json::Value {
	json!({
		"hash": format!("{:?}", motion.hash),
		"index": motion.votes.index,
		"call": format!("{:?}", motion.call),
		"threshold": motion.votes.threshold,
		"ayes": motion.votes.ayes.iter().map(chain::show_account).collect::<Vec<_>>(),
		"nays": motion.votes.nays.iter().map(chain::show_account).collect::<Vec<_>>(),
		"end": motion.votes.end,
	})
}

/// A fieldless variant of `T` by its name, in any case, with `-` or `_` between words or none
/// (`uploads-frozen`, `UploadsFrozen`).
fn parse_variant<T: scale_info::TypeInfo + Decode>(text: &str) -> Result<T, String> {
	let scale_info::TypeDef::Variant(variants) = T::type_info().type_def else {
		return Err(format!("{} is not an enum", core::any::type_name::<T>()));
	};
	let plain = |name: &str| name.to_lowercase().replace(['-', '_'], "");
	let variant =
		variants.variants.iter().find(|variant| variant.fields.is_empty() && plain(variant.name) == plain(text));
	let Some(variant) = variant else {
		let names: Vec<&str> = variants.variants.iter().map(|variant| variant.name).collect();
		return Err(format!("`{text}` is none of {}", names.join(", ")));
	};
	T::decode(&mut &[variant.index][..]).map_err(|error| error.to_string())
}

/// A `0x`-hex hash of 32 bytes.
fn parse_hash(text: &str) -> Result<H256, String> {
	let bytes = contract::decode_hex(text.trim_start_matches("0x")).ok_or_else(|| format!("`{text}` is not hex"))?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| format!("`{text}` is not 32 bytes"))?;
	Ok(H256(bytes))
}
