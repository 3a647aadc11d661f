//! End-to-end: the real node, driven by subxt as a wallet or dapp would.

use ocos_e2e::{
	account, address, call_tx, contract_storage, deploy, deploy_code, deploy_with_input, dev, free_balance, submit,
	weight, within, Node, TempDir, GAS_PROOF_SIZE, GAS_REF_TIME,
};
use std::time::Duration;
use subxt::dynamic::{self, At, Value};

fn u32_le(value: u32) -> Vec<u8> {
	value.to_le_bytes().to_vec()
}

/// 1. Upload, instantiate and call a contract; read its state through the runtime API and its
/// log from the block.
#[tokio::test(flavor = "multi_thread")]
async fn contracts_are_deployed_called_and_read_back() {
	let dir = TempDir::new("ocos-e2e-deploy");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();

	let counter = deploy(&client, "counter", &alice).await;
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(0u64.to_le_bytes().to_vec()));

	let events = submit(&client, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the call succeeds");
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));

	let log = ocos_e2e::ocos_event(&events, "ContractLog").expect("a ContractLog event in the block");
	assert_eq!(ocos_e2e::account_field(&log, "contract"), counter);
	assert_eq!(ocos_e2e::bytes_of(log.at("data").unwrap()), 1u64.to_le_bytes());
	let mut topic = [0u8; 32];
	topic[..11].copy_from_slice(b"incremented");
	assert_eq!(ocos_e2e::bytes_of(log.at("topics").unwrap().at(0).unwrap()), topic);
}

/// 2. Estimate gas with a dry run, submit with exactly that, and succeed; submit with too little
/// and fail with `OutOfGas`, the state unchanged and the fee paid.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_estimates_the_gas_a_call_needs() {
	let dir = TempDir::new("ocos-e2e-gas");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let counter = deploy(&client, "counter", &alice).await;

	let report = ocos_e2e::dry_run(&client, account(&alice), counter, Vec::new()).await;
	let (ref_time, proof_size) = ocos_e2e::gas_required(&report);
	assert_eq!(ocos_e2e::variant_name(report.at("result").unwrap()), "Ok", "dry run: {report}");
	assert!(ref_time > 0);

	submit(&client, &call_tx(counter, vec![], weight(ref_time, proof_size)), &alice)
		.await
		.expect("the estimate suffices");
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));

	let balance_before = free_balance(&client, account(&alice)).await;
	let error = submit(&client, &call_tx(counter, vec![], weight(ref_time / 2, proof_size)), &alice)
		.await
		.expect_err("half the estimate runs out of gas");
	assert!(error.contains("OcosVm::OutOfGas"), "unexpected error: {error}");
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));
	assert!(free_balance(&client, account(&alice)).await < balance_before, "the fee is charged");

	// A dry run executes as the next block: a contract storing the block number it runs in is
	// dry-run and submitted with exactly the gas required, block after block, and the number the
	// dry run saw is the number of the block that ran the call.
	let recorder = deploy(&client, "block_recorder", &alice).await;
	for _ in 0..3 {
		let report = ocos_e2e::call_at_gas_required(&client, recorder, &alice).await;
		let stored = contract_storage(&client, recorder, b"block").await;
		assert_eq!(stored, Some(ocos_e2e::returned_data(&report)), "the dry run ran as the block that included it");
	}
}

/// 3. The council registers an engine, freezes uploads to it, and calls a contract as the DAO,
/// which reads who approved.
#[tokio::test(flavor = "multi_thread")]
async fn a_council_motion_governs_engines_and_calls_contracts_as_the_dao() {
	let dir = TempDir::new("ocos-e2e-dao");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let motion = |call: Value| dynamic::tx("Council", "propose", vec![Value::u128(1), call, Value::u128(100_000)]);
	let ocos_call =
		|name: &str, args: Vec<(&str, Value)>| Value::unnamed_variant("OcosVm", [Value::named_variant(name, args)]);
	let executed_ok = |events: &subxt::extrinsics::ExtrinsicEvents<subxt::PolkadotConfig>| {
		events
			.iter()
			.filter_map(Result::ok)
			.filter(|event| event.pallet_name() == "Council" && event.event_name() == "Executed")
			.map(|event| ocos_e2e::variant_name(ocos_e2e::event_fields(&event).at("result").unwrap()).to_owned())
			.collect::<Vec<_>>()
	};

	let register = ocos_call(
		"register_engine",
		vec![("kind", Value::unnamed_variant("Wasmi", [])), ("config", Value::from_bytes(Vec::<u8>::new()))],
	);
	let events = submit(&client, &motion(register), &alice).await.expect("the motion passes");
	assert_eq!(executed_ok(&events), vec!["Ok"]);
	assert!(events
		.iter()
		.filter_map(Result::ok)
		.any(|event| event.pallet_name() == "OcosVm" && event.event_name() == "EngineRegistered"));

	let freeze = ocos_call(
		"set_engine_status",
		vec![("engine", Value::u128(1)), ("status", Value::unnamed_variant("UploadsFrozen", []))],
	);
	let events = submit(&client, &motion(freeze), &alice).await.expect("the motion passes");
	assert_eq!(executed_ok(&events), vec!["Ok"]);
	let upload = dynamic::tx(
		"OcosVm",
		"upload_code",
		vec![Value::from_bytes(ocos_e2e::fixture("dummy")), Value::u128(1), Value::unnamed_variant("None", [])],
	);
	let error = submit(&client, &upload, &alice).await.expect_err("uploads to a frozen engine fail");
	assert!(error.contains("OcosVm::EngineUploadsFrozen"), "unexpected error: {error}");

	let contract = deploy(&client, "dao", &alice).await;
	let dao_call = ocos_call(
		"dao_call",
		vec![
			("dest", address(contract)),
			("value", Value::u128(0)),
			("gas_limit", weight(GAS_REF_TIME / 4, GAS_PROOF_SIZE)),
			("storage_deposit_limit", Value::u128(1_000_000_000_000)),
			("data", Value::from_bytes(Vec::<u8>::new())),
		],
	);
	let events = submit(&client, &motion(dao_call), &alice).await.expect("the motion passes");
	assert_eq!(executed_ok(&events), vec!["Ok"]);
	// Success, then the context: a council motion approved by 1 of 1 members.
	let expected = [u32_le(0), vec![1], u32_le(1), u32_le(1)].concat();
	assert_eq!(contract_storage(&client, contract, b"context").await, Some(expected));
}

/// 4. A node restarted on the same base path keeps every contract, its storage and balances.
#[tokio::test(flavor = "multi_thread")]
async fn state_survives_a_restart_and_calls_go_on() {
	let dir = TempDir::new("ocos-e2e-restart");
	let alice = dev::alice();
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let counter = deploy(&client, "counter", &alice).await;
	submit(&client, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice).await.unwrap();
	let balance = free_balance(&client, counter).await;
	let alice_balance = free_balance(&client, account(&alice)).await;
	drop(client);
	node.stop().await;

	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));
	assert_eq!(free_balance(&client, counter).await, balance);
	assert_eq!(free_balance(&client, account(&alice)).await, alice_balance);
	submit(&client, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice).await.unwrap();
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(2u64.to_le_bytes().to_vec()));
}

/// 5. Two validators (Aura + GRANDPA): a call made through one is finalized and visible on the
/// other.
#[tokio::test(flavor = "multi_thread")]
async fn a_two_validator_network_finalizes_contract_calls() {
	let dir = TempDir::new("ocos-e2e-local");
	let (alice_node, bob_node) = ocos_e2e::start_two_validators(dir.path()).await;
	let on_alice = alice_node.client().await;
	let on_bob = bob_node.client().await;
	let alice = dev::alice();

	let counter =
		within(Duration::from_secs(300), "deploy on the validator network", deploy(&on_alice, "counter", &alice)).await;
	submit(&on_alice, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the call is finalized");
	let seen_on_bob = within(Duration::from_secs(120), "bob's finalized state shows the call", async {
		loop {
			if contract_storage(&on_bob, counter, b"count").await == Some(1u64.to_le_bytes().to_vec()) {
				return true;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	})
	.await;
	assert!(seen_on_bob);
}

/// 6. A contract that loops until its gas runs out, run by the runtime in WebAssembly on a real
/// node: the block includes the call, which fails with `OutOfGas` and pays for all its gas, and
/// the chain goes on. The engine must not exhaust the runtime's own stack, however many
/// instructions the gas limit buys.
#[tokio::test(flavor = "multi_thread")]
async fn a_loop_that_burns_all_its_gas_fails_in_a_block_and_the_chain_goes_on() {
	let dir = TempDir::new("ocos-e2e-loop");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let looping = deploy(&client, "loop", &alice).await;

	let balance_before = free_balance(&client, account(&alice)).await;
	let error = submit(&client, &call_tx(looping, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect_err("the loop runs out of gas");
	assert!(error.contains("OcosVm::OutOfGas"), "unexpected error: {error}");
	let paid = balance_before - free_balance(&client, account(&alice)).await;
	assert!(paid > 0, "the fee and the gas are charged");

	let counter = deploy(&client, "counter", &alice).await;
	submit(&client, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the chain goes on");
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));
}

/// 7. One hostile extrinsic for each way a contract could make a block cost more than its weight:
/// each is included in a block, fails with its exact error (or succeeds within its bounds) and
/// pays its fee, and the chain goes on producing blocks after every one.
#[tokio::test(flavor = "multi_thread")]
async fn hostile_extrinsics_are_bounded_and_paid_and_the_chain_goes_on() {
	use ocos_vm_fixtures as shapes;
	let dir = TempDir::new("ocos-e2e-hostile");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let counter = deploy(&client, "counter", &alice).await;
	let mut count = 0u64;
	let mut the_chain_goes_on = || {
		count += 1;
		let client = client.clone();
		let alice = alice.clone();
		async move {
			submit(&client, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
				.await
				.expect("a block after the hostile one");
			assert_eq!(contract_storage(&client, counter, b"count").await, Some(count.to_le_bytes().to_vec()));
		}
	};
	let upload = |code: Vec<u8>| {
		dynamic::tx(
			"OcosVm",
			"upload_code",
			vec![Value::from_bytes(code), Value::u128(0), Value::unnamed_variant("None", [])],
		)
	};
	let expect_error = |result: Result<_, String>, error: &str| {
		let message = result.err().unwrap_or_else(|| panic!("expected {error}"));
		assert!(message.contains(error), "expected {error}, got: {message}");
	};

	// Init expressions: a long extended-const global is refused at upload, in a block.
	let long_constant = format!("i32.const 1 {}", "i32.const 1 i32.add ".repeat(20_000));
	let extended = wat::parse_str(format!(
		r#"(module (global i32 {long_constant}) (memory (export "memory") 1) (func (export "deploy")) (func (export "call")))"#
	))
	.unwrap();
	expect_error(submit(&client, &upload(extended), &alice).await, "OcosVm::CodeRejected");
	the_chain_goes_on().await;

	// Upload validation: 120 KiB of the code dearest to validate, invalid at its very end, is
	// refused in a block and pays for its length.
	let mut invalid = shapes::compiled(120 * 1024, shapes::Body::PopcntChain);
	invalid.push(0x0b);
	expect_error(submit(&client, &upload(invalid), &alice).await, "OcosVm::CodeRejected");
	the_chain_goes_on().await;

	// Errors: rejected code with a whole extrinsic of gas pays for the upload, not the gas.
	let before = free_balance(&client, account(&alice)).await;
	let rejected = dynamic::tx(
		"OcosVm",
		"instantiate_with_code",
		vec![
			Value::from_bytes(vec![0u8, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]),
			Value::u128(0),
			Value::u128(0),
			weight(GAS_REF_TIME * 5, GAS_PROOF_SIZE),
			Value::unnamed_variant("None", []),
			Value::from_bytes(Vec::<u8>::new()),
			Value::from_bytes(Vec::<u8>::new()),
		],
	);
	expect_error(submit(&client, &rejected, &alice).await, "OcosVm::CodeRejected");
	let paid = before - free_balance(&client, account(&alice)).await;
	assert!(paid < u128::from(GAS_REF_TIME), "paid {paid}: the gas was charged");
	the_chain_goes_on().await;

	// Instantiation by shape: the largest element segment instantiates within its weight.
	let elements = deploy_code(&client, shapes::element_items(4_096), b"elements", &alice).await;
	submit(&client, &call_tx(elements, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice).await.unwrap();
	the_chain_goes_on().await;

	// Memory: one call loading distinct large contracts until the call stack's budget is used up:
	// the callees beyond it trap, their caller goes on.
	let mut callees = Vec::new();
	for salt in 0..12 {
		callees.extend(deploy_code(&client, shapes::distinct(120 * 1024, salt), &[salt as u8], &alice).await);
	}
	let fanout = deploy(&client, "fanout", &alice).await;
	let events = submit(&client, &call_tx(fanout, callees, weight(GAS_REF_TIME * 5, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the fan-out call returns");
	assert!(events.iter().filter_map(Result::ok).any(|event| event.event_name() == "Called"));
	the_chain_goes_on().await;

	// Logs: more than a call stack may emit traps.
	let log = deploy(&client, "log", &alice).await;
	let mut input = [40u32.to_le_bytes(), 4u32.to_le_bytes()].concat();
	input.extend(vec![0xEE; 4 * 32 + 512]);
	expect_error(
		submit(&client, &call_tx(log, input, weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice).await,
		"OcosVm::ContractTrapped",
	);
	the_chain_goes_on().await;

	// Fuel gaps: calls of the widest function until the gas runs out.
	let wide = deploy_code(&client, ocos_e2e::fixture("widest_call"), b"wide", &alice).await;
	expect_error(
		submit(&client, &call_tx(wide, u32::MAX.to_le_bytes().to_vec(), weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
			.await,
		"OcosVm::OutOfGas",
	);
	the_chain_goes_on().await;

	// Terminate: a contract of many items terminates at a fixed price; idle time deletes its
	// storage, and its address is free again.
	let filler = deploy(&client, "filler", &alice).await;
	submit(&client, &call_tx(filler, 150u32.to_le_bytes().to_vec(), weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.unwrap();
	submit(&client, &call_tx(filler, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice).await.unwrap();
	the_chain_goes_on().await;
	assert_eq!(
		deploy(&client, "filler", &alice).await,
		filler,
		"the address is free once idle time deleted the storage"
	);
}

/// 8. A contract written with the SDK, built by `ocos-contract-build`: deployed with its typed
/// constructor, called with a typed message, its event decoded from the block and a view read
/// through a dry run, as a dapp does with the contract's metadata.
#[tokio::test(flavor = "multi_thread")]
async fn an_sdk_token_is_deployed_called_and_read_on_the_dev_chain() {
	use codec::Decode;
	use ocos_contract::{dispatch::DispatchError, event::Event, AccountId};
	use token::token::{TokenRef, Transfer};

	let built = ocos_contract_build::Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/token"))
		.run()
		.expect("the token builds");
	let dir = TempDir::new("ocos-e2e-sdk");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let (alice, bob) = (dev::alice(), dev::bob());

	let constructor = TokenRef::new(1_000).input();
	let token =
		TokenRef::at(AccountId(deploy_with_input(&client, built.wasm, constructor, b"sdk-token", &alice).await));
	let transfer = token.transfer(AccountId(account(&bob)), 250).input();
	let events = submit(&client, &call_tx(token.0 .0, transfer, weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the transfer succeeds");
	let log = ocos_e2e::ocos_event(&events, "ContractLog").expect("the Transfer log in the block");
	assert_eq!(ocos_e2e::bytes_of(log.at("topics").unwrap().at(0).unwrap()), Transfer::SIGNATURE);
	let transferred = Transfer::decode(&mut &ocos_e2e::bytes_of(log.at("data").unwrap())[..]).expect("a Transfer");
	assert_eq!(
		transferred,
		Transfer { from: Some(AccountId(account(&alice))), to: AccountId(account(&bob)), value: 250 }
	);

	let balance_of = token.balance_of(AccountId(account(&bob))).input();
	let output = ocos_e2e::returned_data(&ocos_e2e::dry_run(&client, account(&bob), token.0 .0, balance_of).await);
	assert_eq!(<Result<u128, DispatchError>>::decode(&mut &output[..]), Ok(Ok(250)));
}

/// 9. The dev chain as a dapp watches it: a transaction is reported in a block, then finalized a
/// moment later, in that block.
#[tokio::test(flavor = "multi_thread")]
async fn the_dev_chain_reports_a_transaction_in_a_block_then_finalized() {
	use subxt::transactions::TransactionStatus;

	let dir = TempDir::new("ocos-e2e-dev-chain");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let counter = deploy(&client, "counter", &alice).await;
	let increment = call_tx(counter, vec![], weight(2_000_000_000, 256 * 1024));

	let mut progress =
		client.tx().await.unwrap().sign_and_submit_then_watch_default(&increment, &alice).await.expect("submitted");
	let mut statuses = Vec::new();
	let succeeded = within(Duration::from_secs(60), "the call is finalized", async {
		while let Some(status) = progress.next().await {
			match status.expect("a status") {
				TransactionStatus::InBestBlock(block) => statuses.push(("in block", block.block_hash())),
				TransactionStatus::InFinalizedBlock(block) => {
					statuses.push(("finalized", block.block_hash()));
					return block.wait_for_success().await.is_ok();
				}
				TransactionStatus::Validated | TransactionStatus::Broadcasted => {}
				TransactionStatus::NoLongerInBestBlock => panic!("the call's block was retracted on a one-node chain"),
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => panic!("the call was not included: {message}"),
			}
		}
		false
	})
	.await;
	assert!(succeeded, "the call succeeds");
	assert_eq!(statuses.iter().map(|(status, _)| *status).collect::<Vec<_>>(), ["in block", "finalized"]);
	assert_eq!(statuses[0].1, statuses[1].1, "finalized in the block it was reported in");
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(1u64.to_le_bytes().to_vec()));
}

/// 10. The `ocos` command line as a contract author drives it against the dev chain: a new
/// project from the template built, deployed, called, queried and read; then build,
/// upload, instantiate, call and query the SDK's token, every step a dry run first, and read its
/// storage decoded; a revert
/// decoded by the message's error type, an out-of-gas call named by the chain's error, and a
/// metadata that does not describe the called contract refused before anything is sent.
#[tokio::test(flavor = "multi_thread")]
async fn the_ocos_command_line_deploys_calls_and_queries_a_contract() {
	let dir = TempDir::new("ocos-e2e-cli");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let ocos = |args: &[&str]| ocos_e2e::ocos(&url, args);
	let bob = format!("0x{}", account(&dev::bob()).iter().map(|byte| format!("{byte:02x}")).collect::<String>());

	// A project from the template: built, deployed, called, queried, read, its events listed.
	let project = dir.path().join("flipper");
	let project = project.to_str().expect("a UTF-8 path");
	let (code, created) = ocos(&["new", project]);
	assert_eq!((code, &created["new"]["name"]), (0, &serde_json::json!("flipper")), "{created}");
	let (code, built) = ocos(&["build", project]);
	assert_eq!(code, 0, "{built}");
	let (code, uploaded) = ocos(&["upload", "-c", project, "-x"]);
	assert_eq!(code, 0, "{uploaded}");
	assert_eq!(uploaded["submitted"]["code_hash"], built["build"]["code_hash"], "{uploaded}");
	let (code, instantiated) = ocos(&["instantiate", "41", "-c", project, "-x"]);
	assert_eq!(code, 0, "{instantiated}");
	let flipper = instantiated["address"].as_str().expect("the new contract's address").to_string();
	let (code, counted) = ocos(&["call", &flipper, "increment", "-c", project, "-x"]);
	assert_eq!((code, &counted["dry_run"]["result"]), (0, &serde_json::json!(42)), "{counted}");
	assert_eq!(counted["submitted_events"][0]["event"], "Incremented", "{counted}");
	let (code, count) = ocos(&["query", &flipper, "get", "-c", project]);
	assert_eq!((code, &count["dry_run"]["result"]), (0, &serde_json::json!(42)), "{count}");
	let (code, storage) = ocos(&["storage", &flipper, "-c", project]);
	assert_eq!((code, &storage["storage"]["COUNT"]), (0, &serde_json::json!(42)), "{storage}");
	let (code, events) = ocos(&["events", &flipper, "-c", project]);
	assert_eq!(code, 0, "{events}");
	assert_eq!(events["events"][0]["fields"]["count"], 42, "{events}");

	let (code, built) = ocos(&["build", "examples/token"]);
	assert_eq!(code, 0, "{built}");
	assert!(built["build"]["size"].as_u64().unwrap() <= 8 * 1024, "{built}");

	let (code, uploaded) = ocos(&["upload", "-c", "examples/token", "-x"]);
	assert_eq!(code, 0, "{uploaded}");
	assert_eq!(uploaded["submitted"]["code_hash"], built["build"]["code_hash"], "the code stored is the code built");

	let (code, instantiated) = ocos(&["instantiate", "1000", "-c", "examples/token", "-x"]);
	assert_eq!(code, 0, "{instantiated}");
	let token = instantiated["address"].as_str().expect("the new contract's address").to_string();
	assert_eq!(instantiated["submitted_events"][0]["event"], "Transfer", "{instantiated}");

	let (code, sent) = ocos(&["call", &token, "transfer", &bob, "250", "-c", "examples/token", "-x"]);
	assert_eq!(code, 0, "{sent}");
	assert_eq!(sent["dry_run"]["reverted"], false);
	assert!(sent["dry_run"]["gas_required"]["ref_time"].as_u64().unwrap() > 0);
	assert_eq!(sent["submitted_events"][0]["event"], "Transfer", "{sent}");

	let (code, balance) = ocos(&["query", &token, "balance_of", &bob, "-c", "examples/token"]);
	assert_eq!(code, 0, "{balance}");
	assert_eq!(balance["dry_run"]["result"], 250, "{balance}");

	let (code, events) = ocos(&["events", &token, "-c", "examples/token"]);
	assert_eq!(code, 0, "{events}");
	let events = events["events"].as_array().expect("a list of events").clone();
	assert_eq!(events.iter().map(|event| event["event"].clone()).collect::<Vec<_>>(), ["Transfer", "Transfer"]);
	assert_eq!(events[1]["fields"]["value"], 250, "the mint, then the transfer: {events:?}");

	// `--follow` prints each new event as a JSON line as its block is finalized.
	let mut follower = std::process::Command::new(ocos_e2e::cli_binary())
		.args(["events", &token, "-c", "examples/token", "--blocks", "1", "--follow", "--json", "--url", &url])
		.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
		.stdout(std::process::Stdio::piped())
		.spawn()
		.expect("ocos events --follow runs");
	let lines = std::io::BufRead::lines(std::io::BufReader::new(follower.stdout.take().unwrap()));
	let (sender, received) = std::sync::mpsc::channel();
	std::thread::spawn(move || lines.map_while(Result::ok).for_each(|line| drop(sender.send(line))));
	std::thread::sleep(Duration::from_secs(2));
	let (code, sent) = ocos(&["call", &token, "transfer", &bob, "7", "-c", "examples/token", "-x"]);
	assert_eq!(code, 0, "{sent}");
	let followed = loop {
		let line = received.recv_timeout(Duration::from_secs(30)).expect("the follower prints the new event");
		let event: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
		if event["fields"]["value"] == 7 {
			break event;
		}
	};
	follower.kill().expect("the follower stops");
	assert_eq!(followed["event"], "Transfer");
	assert!(followed["block"].as_u64().unwrap() > 0);

	let (code, storage) = ocos(&["storage", &token, "-c", "examples/token"]);
	assert_eq!(code, 0, "{storage}");
	assert_eq!(storage["storage"]["TOTAL_SUPPLY"], 1000, "{storage}");
	let (code, storage) = ocos(&["storage", &token, "balances", &bob, "-c", "examples/token"]);
	assert_eq!((code, &storage["storage"]["BALANCES"]), (0, &serde_json::json!(257)), "{storage}");

	let (code, info) = ocos(&["info", &token]);
	assert_eq!(code, 0, "{info}");
	assert_eq!(info["info"]["code_hash"], built["build"]["code_hash"]);
	assert_eq!(info["info"]["storage_items"], 3, "the supply and two balances: {info}");
	let (code, engines) = ocos(&["engines"]);
	assert_eq!(code, 0, "{engines}");
	assert_eq!(engines["engines"][0], serde_json::json!({ "id": 0, "kind": "Wasmi", "status": "Active" }));

	let (code, refused) = ocos(&["call", &token, "transfer", &bob, "5000", "-c", "examples/token", "-x"]);
	assert_eq!(code, 1, "a revert is a refusal: {refused}");
	assert_eq!(refused["dry_run"]["reverted"], true);
	assert!(refused["error"].as_str().unwrap().contains("InsufficientBalance"), "{refused}");
	assert!(refused.get("block").is_none(), "a dry run that reverts is not submitted");

	// Submitted without a dry run, the revert happens in a block: the fee is paid, and `ocos`
	// replays the call on the state the block started from to say why.
	let gas = "100000000000,1000000";
	let (code, reverted) =
		ocos(&["call", &token, "transfer", &bob, "5000", "-c", "examples/token", "--skip-dry-run", "--gas", gas, "-x"]);
	assert_eq!(code, 1, "{reverted}");
	assert!(reverted.get("dry_run").is_none(), "no dry run before submitting: {reverted}");
	let failed = reverted["failed"]["error"].as_str().unwrap();
	assert!(failed.starts_with("OcosVm::ContractReverted"), "{reverted}");
	let why = reverted["failed"]["why"].as_str().unwrap();
	assert!(why.starts_with("`transfer` reverted: ") && why.contains("InsufficientBalance"), "{reverted}");
	assert_eq!(reverted["error"].as_str().unwrap(), format!("{failed}: {why}"), "{reverted}");

	let (code, starved) =
		ocos(&["call", &token, "transfer", &bob, "1", "-c", "examples/token", "-x", "--gas", "1000000,1000"]);
	assert_eq!(code, 1, "{starved}");
	assert!(starved["error"].as_str().unwrap().contains("OcosVm::OutOfGas"), "{starved}");

	let (code, mismatched) = ocos(&["query", &token, "get", "-c", "examples/counter"]);
	assert_eq!(code, 3, "{mismatched}");
	assert!(mismatched["error"].as_str().unwrap().contains("not the code the metadata describes"), "{mismatched}");

	let (code, balance) = ocos(&["query", &token, "balance_of", &bob, "-c", "examples/token"]);
	assert_eq!(
		(code, &balance["dry_run"]["result"]),
		(0, &serde_json::json!(257)),
		"the refused calls changed nothing"
	);
}

/// 11. The `ocos` command line as council members drive it: a motion freezing uploads to an
/// engine proposed, refused an early close, voted and closed; root through sudo thawing it; a
/// `dao_call` on the `dao-treasury` example dry-run with the motion's approvals, voted and run,
/// paying out; and refusals (too few approvals, not a member) that change nothing.
#[tokio::test(flavor = "multi_thread")]
async fn council_members_govern_engines_and_the_dao_treasury_with_ocos() {
	let dir = TempDir::new("ocos-e2e-gov");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let url = format!("ws://127.0.0.1:{}", node.rpc_port);
	let ocos = |args: &[&str]| ocos_e2e::ocos(&url, args);
	// Alice, Bob and Charlie form the council: a motion needs two ayes.
	let members = [dev::alice(), dev::bob(), dev::charlie()].map(|member| Value::from_bytes(account(&member)));
	let set_members = Value::named_variant(
		"set_members",
		[
			("new_members", Value::unnamed_composite(members)),
			("prime", Value::unnamed_variant("None", [])),
			("old_count", Value::u128(1)),
		],
	);
	let sudo = dynamic::tx("Sudo", "sudo", vec![Value::unnamed_variant("Council", [set_members])]);
	submit(&client, &sudo, &dev::alice()).await.expect("the council is set");

	let (code, proposed) = ocos(&["gov", "set-engine-status", "0", "uploads-frozen", "-x"]);
	assert_eq!(code, 0, "{proposed}");
	assert_eq!((&proposed["motion"]["ayes"], &proposed["motion"]["threshold"]), (&1.into(), &2.into()), "{proposed}");
	let hash = proposed["motion"]["hash"].as_str().expect("the motion's hash").to_string();
	let (code, motions) = ocos(&["gov", "motions"]);
	assert_eq!(code, 0, "{motions}");
	assert_eq!(motions["motions"].as_array().map(Vec::len), Some(1), "{motions}");
	assert!(motions["motions"][0]["call"].as_str().unwrap().contains("set_engine_status"), "{motions}");

	let (code, early) = ocos(&["gov", "close", &hash, "-x"]);
	assert_eq!(code, 1, "{early}");
	assert!(early["error"].as_str().unwrap().contains("Council::TooEarly"), "{early}");
	let (code, voted) = ocos(&["gov", "vote", &hash, "aye", "-x", "--suri", "//Bob"]);
	assert_eq!((code, &voted["motion"]["ayes"]), (0, &2.into()), "{voted}");
	let (code, closed) = ocos(&["gov", "close", &hash, "-x", "--suri", "//Charlie"]);
	assert_eq!(code, 0, "{closed}");
	assert!(closed["events"].to_string().contains("EngineStatusChanged"), "{closed}");
	let (_, engines) = ocos(&["engines"]);
	assert_eq!(engines["engines"][0]["status"], "UploadsFrozen", "{engines}");
	let (code, frozen) = ocos(&["upload", "-c", "examples/dao-treasury"]);
	assert_eq!(code, 1, "{frozen}");
	assert!(frozen["error"].as_str().unwrap().contains("OcosVm::EngineUploadsFrozen"), "{frozen}");

	let (code, thawed) = ocos(&["gov", "set-engine-status", "0", "active", "--sudo", "-x"]);
	assert_eq!(code, 0, "{thawed}");
	let (_, engines) = ocos(&["engines"]);
	assert_eq!(engines["engines"][0]["status"], "Active", "{engines}");

	// A treasury that pays on two thirds of the council, holding 1000.
	let treasury = ["-c", "examples/dao-treasury"];
	let (code, uploaded) = ocos(&[&["upload", "-x"][..], &treasury].concat());
	assert_eq!(code, 0, "{uploaded}");
	let (code, instantiated) =
		ocos(&[&["instantiate", "None", "2", "3", "--value", "1000", "-x"][..], &treasury].concat());
	assert_eq!(code, 0, "{instantiated}");
	let address = instantiated["address"].as_str().expect("the treasury's address").to_string();
	let dave = dev::dave();
	let dave_hex = format!("0x{}", account(&dave).iter().map(|byte| format!("{byte:02x}")).collect::<String>());
	let release = |extra: &[&str]| {
		ocos(&[&["gov", "dao-call", &address, "release", &dave_hex, "100"][..], &treasury, extra].concat())
	};

	// One aye of three is not two thirds: the dry run says so, and nothing is proposed.
	let (code, refused) = release(&["--threshold", "1", "-x"]);
	assert_eq!(code, 1, "{refused}");
	assert!(refused["error"].as_str().unwrap().contains("NotEnoughApprovals"), "{refused}");
	let (_, motions) = ocos(&["gov", "motions"]);
	assert_eq!(motions["motions"], serde_json::json!([]), "{motions}");
	let (code, stranger) = release(&["-x", "--finalized", "--suri", "//Dave"]);
	assert_eq!(code, 1, "{stranger}");
	assert!(stranger["error"].as_str().unwrap().contains("Council::NotMember"), "{stranger}");

	let funds =
		|| ocos(&[&["query", &address, "funds"][..], &treasury].concat()).1["dry_run"]["result"].as_u64().unwrap();
	let funds_before = funds();
	let before = free_balance(&client, account(&dave)).await;
	let (code, proposed) = release(&["-x"]);
	assert_eq!(code, 0, "{proposed}");
	assert_eq!(proposed["dry_run"]["reverted"], false, "{proposed}");
	let hash = proposed["motion"]["hash"].as_str().expect("the motion's hash").to_string();
	assert_eq!(free_balance(&client, account(&dave)).await, before, "nothing is paid before the motion passes");
	let (code, voted) = ocos(&["gov", "vote", &hash, "aye", "-x", "--suri", "//Bob"]);
	assert_eq!(code, 0, "{voted}");
	let (code, closed) = ocos(&[&["gov", "close", &hash, "-x", "--finalized"][..], &treasury].concat());
	assert_eq!(code, 0, "{closed}");
	let released = &closed["submitted_events"][0];
	assert_eq!(released["event"], "Released", "{closed}");
	assert_eq!(released["fields"]["amount"], 100, "{closed}");
	assert!(released["fields"]["approved_by"].to_string().contains("Collective"), "{closed}");
	assert_eq!(free_balance(&client, account(&dave)).await, before + 100);
	assert_eq!(funds(), funds_before - 100);
}

/// 12. A burst from one account, as a dapp sends it: 1000 calls signed at once with consecutive
/// nonces and the default mortality, submitted together. Every one is finalized, none is dropped,
/// and the contract counted each exactly once.
#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_calls_from_one_account_is_finalized_in_full_and_once() {
	use subxt::config::polkadot::PolkadotExtrinsicParamsBuilder;
	const BURST: u64 = 1000;
	let dir = TempDir::new("ocos-e2e-burst");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();
	let counter = deploy(&client, "counter", &alice).await;

	let mut transactions = client.tx().await.expect("a transactions client");
	let first_nonce =
		transactions.account_nonce(&subxt::utils::AccountId32(account(&alice))).await.expect("Alice's nonce");
	let call = call_tx(counter, vec![], weight(10_000_000_000, 256 * 1024));
	let mut signed = Vec::new();
	for offset in 0..BURST {
		let params = PolkadotExtrinsicParamsBuilder::<subxt::PolkadotConfig>::new().nonce(first_nonce + offset).build();
		signed.push(transactions.create_signed(&call, &alice, params).await.expect("signed"));
	}
	let first_block = client.at_current_block().await.expect("the finalized block").block_number();
	let started = std::time::Instant::now();
	let submitted = futures::future::join_all(signed.iter().map(|transaction| transaction.submit_and_watch())).await;
	// Why each call that was not finalized failed, as the calls end.
	let failures = std::sync::Mutex::new(Vec::new());
	let finalized = submitted.into_iter().enumerate().map(|(index, progress)| {
		let failures = &failures;
		async move {
			let progress = progress.unwrap_or_else(|error| panic!("call {index} refused by the node: {error}"));
			if let Err(error) = progress.wait_for_finalized().await {
				failures.lock().expect("no call panicked").push(format!("call {index}: {error}"));
			}
		}
	});
	let timeout = Duration::from_secs(300);
	let finished = tokio::time::timeout(timeout, futures::future::join_all(finalized)).await;
	let elapsed = started.elapsed();
	let failures = failures.into_inner().expect("no call panicked");
	let summary = format!("{} of {BURST} calls failed: {:?}", failures.len(), &failures[..failures.len().min(5)]);
	if finished.is_err() {
		node.fail(&format!("the burst was not finalized within {timeout:?}; {summary}"))
	}
	assert!(failures.is_empty(), "{summary}");
	// Each call counts once: none failed, none ran twice.
	assert_eq!(contract_storage(&client, counter, b"count").await, Some(BURST.to_le_bytes().to_vec()));
	let next_nonce = client
		.tx()
		.await
		.expect("a transactions client")
		.account_nonce(&subxt::utils::AccountId32(account(&alice)))
		.await;
	assert_eq!(next_nonce.expect("Alice's nonce"), first_nonce + BURST);
	let last_block = client.at_current_block().await.expect("the finalized block").block_number();
	println!(
		"{BURST} calls finalized in {:.1} s ({:.0} calls/s) over {} blocks",
		elapsed.as_secs_f64(),
		BURST as f64 / elapsed.as_secs_f64(),
		last_block - first_block
	);
}

/// 13. A council motion registers the EVM engine; an ERC-20 compiled by solc is uploaded for it,
/// instantiated with its constructor's arguments and called through the node, its `Transfer` log in
/// the block and its balance read back with a dry run.
#[tokio::test(flavor = "multi_thread")]
async fn a_council_registers_the_evm_engine_and_a_solidity_erc20_runs_on_it() {
	let dir = TempDir::new("ocos-e2e-evm");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let alice = dev::alice();

	// `EvmConfig { chain_id: 420, hardfork: Prague }`, SCALE-encoded.
	let config = [420u64.to_le_bytes().to_vec(), vec![1]].concat();
	let register = Value::unnamed_variant(
		"OcosVm",
		[Value::named_variant(
			"register_engine",
			[("kind", Value::unnamed_variant("Evm", [])), ("config", Value::from_bytes(config))],
		)],
	);
	let motion = dynamic::tx("Council", "propose", vec![Value::u128(1), register, Value::u128(100_000)]);
	let events = submit(&client, &motion, &alice).await.expect("the motion passes");
	let registered = ocos_e2e::ocos_event(&events, "EngineRegistered").expect("the EVM engine is registered");
	assert_eq!(registered.at("engine").and_then(Value::as_u128), Some(1));

	let word = |value: u128| [vec![0; 16], value.to_be_bytes().to_vec()].concat();
	// An address the chain does not know: its Ethereum-derived account holds what it receives.
	let recipient = [0x77u8; 20];
	let recipient_word = [vec![0; 12], recipient.to_vec()].concat();
	let token =
		ocos_e2e::deploy_on_engine(&client, 1, ocos_vm_fixtures::evm::solidity("Token"), word(1_000), b"erc20", &alice)
			.await;

	// transfer(address,uint256)
	let transfer = [vec![0xa9, 0x05, 0x9c, 0xbb], recipient_word.clone(), word(250)].concat();
	let events = submit(&client, &call_tx(token, transfer, weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &alice)
		.await
		.expect("the transfer succeeds");
	let log = ocos_e2e::ocos_event(&events, "ContractLog").expect("the Transfer log in the block");
	assert_eq!(ocos_e2e::bytes_of(log.at("topics").unwrap().at(2).unwrap()), recipient_word);
	assert_eq!(ocos_e2e::bytes_of(log.at("data").unwrap()), word(250));

	// balanceOf(address)
	let balance_of = [vec![0x70, 0xa0, 0x82, 0x31], recipient_word].concat();
	let output = ocos_e2e::returned_data(&ocos_e2e::dry_run(&client, account(&alice), token, balance_of).await);
	assert_eq!(output, word(250));

	// A contract storing `block.number`, as a ballot recording each vote's block does: storing
	// the number again costs less than the change the next block makes, so only a dry run that
	// executes as the next block asks for enough gas. Dry-run and submitted at exactly the gas
	// required, four votes in a row succeed.
	let recorder = ocos_vm_fixtures::evm::deployer(&[0x43, 0x5f, 0x55, 0x00]); // SSTORE(0, NUMBER)
	let recorder = ocos_e2e::deploy_on_engine(&client, 1, recorder, Vec::new(), b"recorder", &alice).await;
	for _ in 0..4 {
		ocos_e2e::call_at_gas_required(&client, recorder, &alice).await;
	}
}
