//! Faults, end to end: the real node killed under load and restarted on its database, one
//! validator of two killed and restarted, and corrupt input sent to the RPC server.

use ocos_e2e::{
	account, call_tx, contract_storage, deploy, dev, free_balance, submit, weight, within, Client, Node, TempDir,
	GAS_PROOF_SIZE, GAS_REF_TIME,
};
use std::time::Duration;
use subxt::{
	config::polkadot::PolkadotExtrinsicParamsBuilder,
	dynamic::{self, At, Value},
	ext::jsonrpsee::ws_client::WsClientBuilder,
	rpcs::{rpc_params, Error as RpcError, RpcClient, UserError},
	utils::{AccountId32, MultiSignature, H256},
	PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The latest finalized block the client knows of: its number and hash.
async fn finalized(client: &Client) -> (u64, H256) {
	let block = client.at_current_block().await.expect("the finalized block");
	(block.block_number(), block.block_hash())
}

/// Waits until the client knows of a finalized block after `number`; returns the latest one.
async fn finalized_after(client: &Client, number: u64) -> (u64, H256) {
	loop {
		let block = finalized(client).await;
		if block.0 > number {
			return block;
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// The number of the node's best block.
async fn best_number(rpc: &RpcClient) -> u64 {
	let header: serde_json::Value = rpc.request("chain_getHeader", rpc_params![]).await.expect("chain_getHeader");
	let number = header["number"].as_str().expect("a hex block number");
	u64::from_str_radix(number.trim_start_matches("0x"), 16).expect("a hex block number")
}

/// The hash of the node's best block.
async fn best_hash(rpc: &RpcClient) -> H256 {
	rpc.request("chain_getBlockHash", rpc_params![]).await.expect("chain_getBlockHash")
}

/// The hash the node holds for block `number` of its chain, if it has one.
async fn block_hash(rpc: &RpcClient, number: u64) -> Option<H256> {
	rpc.request("chain_getBlockHash", rpc_params![number]).await.expect("chain_getBlockHash")
}

/// The `counter` fixture's count at block `at`.
async fn count_at(client: &Client, counter: [u8; 32], at: H256) -> u64 {
	let payload =
		dynamic::runtime_api_call::<_, Option<Vec<u8>>>("OcosVmApi", "get_storage", (counter, b"count".to_vec()));
	let block = client.at_block(at).await.expect("the block");
	let count = block.runtime_apis().call(payload).await.expect("OcosVmApi::get_storage").expect("a count");
	u64::from_le_bytes(count.try_into().expect("the count is 8 bytes"))
}

/// The account of `who` at block `at`: its nonce (how many of its transactions the chain holds up
/// to there) and its free balance.
async fn account_at(client: &Client, who: [u8; 32], at: H256) -> (u64, u128) {
	ocos_e2e::account_info(&client.at_block(at).await.expect("the block"), who).await
}

/// The nonce the node gives `who`'s next transaction: its pool and best block counted.
async fn next_nonce(rpc: &RpcClient, who: [u8; 32]) -> u64 {
	rpc.request("system_accountNextIndex", rpc_params![AccountId32(who)]).await.expect("system_accountNextIndex")
}

/// A signed transaction, ready to submit.
type Signed = subxt::tx::SubmittableTransaction<PolkadotConfig, subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>>;

/// `count` calls of `payload` signed by `signer` with consecutive nonces from its nonce at the
/// latest finalized block, mortal from that block.
async fn signed_burst<Call: subxt::tx::Payload>(
	client: &Client,
	payload: &Call,
	signer: &Keypair,
	count: u64,
) -> Vec<Signed> {
	let transactions = client.tx().await.expect("a transactions client");
	let first_nonce = transactions.account_nonce(&AccountId32(account(signer))).await.expect("the signer's nonce");
	let (number, hash) = finalized(client).await;
	(0..count)
		.map(|offset| {
			let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
				.nonce(first_nonce + offset)
				.mortal_from_unchecked(64, number, hash)
				.build();
			let mut signable = transactions.create_signable_offline(payload, params).expect("a signable call");
			signable.sign(signer).expect("signed")
		})
		.collect()
}

/// Signs `payload` with the next nonce the node gives `signer` (its pool and best block
/// counted), submits it and waits until it is finalized and succeeded; returns its block.
async fn submit_at_next_nonce<Call: subxt::tx::Payload>(
	client: &Client,
	rpc: &RpcClient,
	payload: &Call,
	signer: &Keypair,
) -> H256 {
	let nonce = next_nonce(rpc, account(signer)).await;
	let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).build();
	let mut transactions = client.tx().await.expect("a transactions client");
	let signed = transactions.create_signed(payload, signer, params).await.expect("signed");
	let progress = signed.submit_and_watch().await.expect("the node accepts the call");
	let included = within(Duration::from_secs(60), "the call is finalized", progress.wait_for_finalized())
		.await
		.expect("the call is finalized");
	included.wait_for_success().await.expect("the call succeeds");
	included.block_hash()
}

/// 1. A dev node killed with SIGKILL under load, three times over: 1000 calls signed with
/// consecutive nonces are submitted at once, and as soon as a block of them is finalized the node
/// is killed, still taking calls into its pool and sealing blocks. Restarted on its database, it
/// holds the block it had finalized with the same hash and the same state; the counter equals
/// the number of calls the chain holds, at that block and after (nothing half-applied); and a new
/// call counts exactly once. The calls still in the pool at the kill are lost: the pool is not
/// persistent, resubmitting is the client's job.
#[tokio::test(flavor = "multi_thread")]
async fn a_node_killed_under_load_comes_back_with_its_finalized_state_three_times() {
	const BURST: u64 = 1000;
	const KILLS: usize = 3;
	let dir = TempDir::new("ocos-faults-kill");
	let alice = dev::alice();
	let mut node = Node::start("dev", dir.path(), &["--dev"]).await;
	let mut client = node.client().await;
	let counter = deploy(&client, "counter", &alice).await;
	let (_, deployed_in) = finalized(&client).await;
	let (nonce_after_deploy, _) = account_at(&client, account(&alice), deployed_in).await;
	let increment = call_tx(counter, vec![], weight(GAS_REF_TIME / 5, 256 * 1024));

	for kill in 1..=KILLS {
		let (before_burst, _) = finalized(&client).await;
		let burst = signed_burst(&client, &increment, &alice, BURST).await;
		let submissions = tokio::spawn(async move {
			let submitted = futures::future::join_all(burst.iter().map(|call| call.submit())).await;
			submitted.iter().filter(|submission| submission.is_ok()).count()
		});
		let (number, hash) = within(
			Duration::from_secs(60),
			"a block of the burst is finalized",
			finalized_after(&client, before_burst),
		)
		.await;
		let count = count_at(&client, counter, hash).await;
		drop(client);
		node.kill();
		let accepted = within(Duration::from_secs(60), "the submissions end with the node", submissions)
			.await
			.expect("the submissions end");

		node = Node::start("dev", dir.path(), &["--dev"]).await;
		client = node.client().await;
		let rpc = RpcClient::from_insecure_url(node.url()).await.expect("rpc connects");
		assert_eq!(block_hash(&rpc, number).await, Some(hash), "kill {kill}: block {number} is the one finalized");
		assert!(finalized(&client).await.0 >= number, "kill {kill}: finality went back before block {number}");
		assert_eq!(count_at(&client, counter, hash).await, count, "kill {kill}: the state at block {number}");
		let calls = account_at(&client, account(&alice), hash).await.0 - nonce_after_deploy;
		assert_eq!(count, calls, "kill {kill}: one count for each call in the chain up to block {number}");

		let best = best_hash(&rpc).await;
		let count_at_restart = count_at(&client, counter, best).await;
		let included_in = submit_at_next_nonce(&client, &rpc, &increment, &alice).await;
		let count_after = count_at(&client, counter, included_in).await;
		assert_eq!(count_after, count_at_restart + 1, "kill {kill}: the new call counts once");
		let calls = account_at(&client, account(&alice), included_in).await.0 - nonce_after_deploy;
		assert_eq!(count_after, calls, "kill {kill}: one count for each call in the chain");
		println!(
			"kill {kill}: {accepted} of {BURST} calls accepted before the kill; {count} counted at block {number}, \
			 finalized before it, {count_at_restart} at the best block after the restart"
		);
	}
}

/// 2. Two validators (Aura + GRANDPA), Bob's killed with SIGKILL while Alice's authors on alone
/// (`--force-authoring`: a validator without peers otherwise waits for the network): with one of
/// the two GRANDPA voters down, no block Alice authors alone is finalized. Bob's validator
/// restarted on its database with the same key and bootnode lets finality resume on both nodes,
/// past every block Alice authored alone, and a call submitted through it is finalized and seen
/// on Alice's.
#[tokio::test(flavor = "multi_thread")]
async fn a_validator_killed_and_restarted_lets_finality_resume() {
	let dir = TempDir::new("ocos-faults-validator");
	let alice_key = "0000000000000000000000000000000000000000000000000000000000000001";
	let bob_key = "0000000000000000000000000000000000000000000000000000000000000002";
	let alice_args = ["--chain", "local", "--alice", "--node-key", alice_key, "--force-authoring"];
	let alice_node = Node::start("alice", dir.path(), &alice_args).await;
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", alice_node.p2p_port, alice_node.peer_id().await);
	let bob_args = ["--chain", "local", "--bob", "--node-key", bob_key, "--bootnodes", &bootnode];
	let bob_node = Node::start("bob", dir.path(), &bob_args).await;
	let on_alice = alice_node.client().await;
	let alice_rpc = RpcClient::from_insecure_url(alice_node.url()).await.expect("rpc connects");
	let counter = within(
		Duration::from_secs(300),
		"deploy on the validator network",
		deploy(&on_alice, "counter", &dev::alice()),
	)
	.await;

	bob_node.kill();
	// Bob may have voted for the blocks he knew, one of his own perhaps still on its way to
	// Alice; a block after that one was authored by Alice alone.
	let best_at_kill = best_number(&alice_rpc).await;
	let finalized_while_down = within(Duration::from_secs(60), "Alice authors blocks alone", async {
		while best_number(&alice_rpc).await < best_at_kill + 2 {
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
		finalized(&on_alice).await.0
	})
	.await;
	assert!(
		finalized_while_down <= best_at_kill + 1,
		"block {finalized_while_down} was finalized with Bob down; Alice's best was {best_at_kill} at the kill"
	);

	let bob_node = Node::start("bob", dir.path(), &bob_args).await;
	let best_at_restart = best_number(&alice_rpc).await;
	let on_bob = bob_node.client().await;
	within(Duration::from_secs(180), "finality resumes on both nodes", async {
		while finalized(&on_alice).await.0 < best_at_restart || finalized(&on_bob).await.0 < best_at_restart {
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	})
	.await;

	submit(&on_bob, &call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE)), &dev::bob())
		.await
		.expect("the call through Bob's node is finalized");
	within(Duration::from_secs(60), "Alice's finalized state shows the call", async {
		while contract_storage(&on_alice, counter, b"count").await != Some(1u64.to_le_bytes().to_vec()) {
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	})
	.await;
	println!(
		"validators: finalized stayed at {finalized_while_down} with Bob down (best {best_at_kill} at the kill), \
		 resumed past {best_at_restart}"
	);
}

/// The node's answer to `author_submitExtrinsic` with `params`, which must be an error; printed.
async fn refusal(rpc: &RpcClient, what: &str, params: subxt::rpcs::client::RpcParams) -> UserError {
	match rpc.request::<serde_json::Value>("author_submitExtrinsic", params).await {
		Ok(hash) => panic!("{what}: accepted as {hash}"),
		Err(RpcError::User(error)) => {
			println!("{what}: code {}, message {:?}, data {}", error.code, error.message, error_data(&error));
			error
		}
		Err(other) => panic!("{what}: no error answer from the node but {other}"),
	}
}

/// The data of an RPC error, as JSON (`null` without any).
fn error_data(error: &UserError) -> &str {
	error.data.as_ref().map_or("null", |data| data.get())
}

/// `bytes` as a 0x-prefixed hex string.
fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>())
}

/// An encoded extrinsic with the last `cut` bytes of its body removed and its length prefix
/// rewritten to match: well framed, its contents cut short.
fn cut_short(encoded: &[u8], cut: usize) -> Vec<u8> {
	use codec::{Compact, CompactLen, Decode, Encode};
	let length = Compact::<u32>::decode(&mut &encoded[..]).expect("a length prefix").0;
	let body = &encoded[Compact::<u32>::compact_len(&length)..];
	let body = &body[..body.len() - cut];
	[Compact(body.len() as u32).encode(), body.to_vec()].concat()
}

/// 3. Corrupt input at the RPC boundary of a dev node, each refused with its own error before it
/// reaches the pool: bytes that are no extrinsic, a signed call cut short (its length prefix
/// then wrong, or rewritten to match), the call with one byte of its signature flipped, a remark
/// longer than a block may hold, and parameters of the wrong type. No block is sealed, no fee
/// charged and no nonce used; the untouched call is then accepted, finalized and charged its fee
/// alone, and the node answers as before.
#[tokio::test(flavor = "multi_thread")]
async fn corrupt_input_at_the_rpc_is_refused_and_costs_nothing() {
	let dir = TempDir::new("ocos-faults-rpc");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	let client = node.client().await;
	let rpc = RpcClient::from_insecure_url(node.url()).await.expect("rpc connects");
	let alice = dev::alice();
	let alice_id = AccountId32(account(&alice));
	let counter = deploy(&client, "counter", &alice).await;
	let (block_before, hash_before) = finalized(&client).await;
	let (nonce_before, balance_before) = account_at(&client, account(&alice), hash_before).await;

	let transactions = client.tx().await.expect("a transactions client");
	let increment = call_tx(counter, vec![], weight(GAS_REF_TIME, GAS_PROOF_SIZE));
	let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().build();
	let mut signable = transactions.create_signable(&increment, &alice_id, params).await.expect("a signable call");
	let signature = alice.sign(&signable.signer_payload().expect("the signer payload"));
	let valid = signable.sign_with_account_and_signature(&alice_id, &signature.into()).expect("signed");
	let mut flipped = signature;
	flipped.0[10] ^= 0x01;
	let forged = signable.sign_with_account_and_signature(&alice_id, &MultiSignature::from(flipped)).expect("signed");
	let remark = dynamic::tx("System", "remark", (vec![0xAB_u8; 6 * 1024 * 1024],));
	let params = PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().build();
	let oversized = transactions
		.create_signable(&remark, &alice_id, params)
		.await
		.expect("a signable remark")
		.sign(&alice)
		.expect("signed");

	// The node decodes the length-prefixed bytes before anything else.
	for (what, bytes) in
		[("0x0102ff", vec![0x01, 0x02, 0xff]), ("cut short", valid.encoded()[..valid.encoded().len() - 4].to_vec())]
	{
		let error = refusal(&rpc, what, rpc_params![hex(&bytes)]).await;
		assert_eq!(error.code, 1040, "{what}: {error}");
		assert!(error.message.contains("Could not decode `OpaqueExtrinsic.0`"), "{what}: {error}");
		assert!(error.message.contains("Not enough data to decode vector"), "{what}: {error}");
	}
	// Well framed, the bytes reach the runtime, which cannot decode them as its extrinsic: it traps.
	let error = refusal(&rpc, "cut short, framed", rpc_params![hex(&cut_short(valid.encoded(), 4))]).await;
	assert_eq!(error.code, 1002, "{error}");
	assert!(
		error.message.starts_with("Verification Error: Runtime error: Execution failed: Execution aborted due to trap"),
		"{error}"
	);
	// The runtime checks the signature when the pool validates the call.
	let error = refusal(&rpc, "flipped signature", rpc_params![hex(forged.encoded())]).await;
	assert_eq!((error.code, error.message.as_str()), (1010, "Invalid Transaction"));
	assert_eq!(error_data(&error), "\"Transaction has a bad signature\"");
	// 12 MiB of hex: more than the default client sends (10 MiB), less than the node's RPC server
	// takes (15 MiB), so the runtime refuses the remark's length: 6 MiB, the block 5 MiB.
	let large_requests = RpcClient::new(
		WsClientBuilder::default()
			.max_request_size(16 * 1024 * 1024)
			.build(node.url())
			.await
			.expect("a client for large requests connects"),
	);
	let error = refusal(&large_requests, "6 MiB remark", rpc_params![hex(oversized.encoded())]).await;
	assert_eq!((error.code, error.message.as_str()), (1010, "Invalid Transaction"));
	assert_eq!(error_data(&error), "\"Transaction would exhaust the block limits\"");
	// Parameters that are not hex bytes are refused by the RPC server.
	for (what, params, reason) in [
		("a number", rpc_params![42], "invalid type: integer `42`, expected a (both 0x-prefixed or not) hex string"),
		("not hex", rpc_params!["0xzz"], "invalid hex character: z"),
	] {
		let error = refusal(&rpc, what, params).await;
		assert_eq!((error.code, error.message.as_str()), (-32602, "Invalid params"), "{what}");
		assert!(error_data(&error).contains(reason), "{what}: {}", error_data(&error));
	}

	assert_eq!(best_number(&rpc).await, block_before, "no block was sealed");
	assert_eq!(next_nonce(&rpc, account(&alice)).await, nonce_before, "no call is in the pool");
	assert_eq!(free_balance(&client, account(&alice)).await, balance_before, "no fee was charged");

	let progress = valid.submit_and_watch().await.expect("the untouched call is accepted");
	let included = within(Duration::from_secs(60), "the call is finalized", progress.wait_for_finalized())
		.await
		.expect("the call is finalized");
	let events = included.wait_for_success().await.expect("the call succeeds");
	let fee = events
		.iter()
		.filter_map(Result::ok)
		.find(|event| event.pallet_name() == "TransactionPayment" && event.event_name() == "TransactionFeePaid")
		.map(|event| ocos_e2e::event_fields(&event).at("actual_fee").and_then(Value::as_u128).expect("a fee"))
		.expect("a TransactionFeePaid event");
	let (nonce_after, balance_after) = account_at(&client, account(&alice), included.block_hash()).await;
	assert_eq!((nonce_after, balance_after), (nonce_before + 1, balance_before - fee), "only the valid call paid");
	assert_eq!(count_at(&client, counter, included.block_hash()).await, 1);
	let health: serde_json::Value = rpc.request("system_health", rpc_params![]).await.expect("system_health answers");
	assert_eq!(health["isSyncing"], false, "{health}");
}
