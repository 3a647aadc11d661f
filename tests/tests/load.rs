//! Load: many accounts call contracts over RPC as fast as the node takes the calls, on the dev
//! chain and on two validators. Every call is finalized once, the contracts' state counts each
//! one, the nodes' memory stays bounded, and the rate is printed beside what the weights allow a
//! block. `scripts/load.sh` runs them longer through `OCOS_LOAD_CALLS` and `OCOS_LOAD_ACCOUNTS`
//! (the dev chain), `OCOS_LOAD_LOCAL_CALLS` and `OCOS_LOAD_LOCAL_ACCOUNTS` (two validators).

use codec::Decode;
use futures::{future::join_all, stream::FuturesUnordered, StreamExt};
use ocos_contract::{dispatch::DispatchError, AccountId};
use ocos_e2e::{
	account, address, bytes_of, call_tx, deploy, deploy_with_input, dev, event_fields, start_two_validators, weight,
	within, Client, Node, TempDir,
};
use std::{
	collections::{BTreeMap, BTreeSet},
	future::Future,
	sync::{
		atomic::{AtomicUsize, Ordering},
		Mutex, PoisonError,
	},
	time::{Duration, Instant},
};
use subxt::{
	client::OnlineClientAtBlockImpl,
	config::polkadot::PolkadotExtrinsicParamsBuilder,
	dynamic::{self, At, Value},
	events::Phase,
	transactions::{SubmittableTransaction, TransactionProgress, TransactionStatus},
	tx::DynamicPayload,
	utils::H256,
	OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, DeriveJunction};
use token::token::TokenRef;

/// Contract calls on the dev chain, shared among the accounts.
const DEV_CALLS: u32 = 3200;
/// Accounts calling on the dev chain.
const DEV_ACCOUNTS: u32 = 32;
/// Contract calls on two validators, whose blocks come every 6 s and hold about 200 of them.
const LOCAL_CALLS: u32 = 1600;
/// Accounts calling on two validators.
const LOCAL_ACCOUNTS: u32 = 16;

/// Gas of every call: five times the ref_time of a token transfer. A block takes a call while
/// its room holds the call's whole limit, so the limits stay close to what the calls use.
const CALL_GAS_REF_TIME: u64 = 10_000_000_000;
/// Proof size of every call: a little over the 43 KiB a token transfer is charged.
const CALL_GAS_PROOF_SIZE: u64 = 64 * 1024;
/// The bytes of the value each storage call writes under its fresh key.
const STORAGE_VALUE_LEN: usize = 1024;
/// The balance each account receives: a call costs it at most 0.04 units of fees and deposit.
const FUNDS: u128 = 100_000_000_000_000;
/// The tokens Alice mints.
const TOKEN_SUPPLY: u128 = 1_000_000_000_000_000;
/// The tokens each account receives, more than any run sends.
const TOKENS: u128 = 1_000_000;
/// The message of the fork-aware pool's race between a submission and a new view
/// (polkadot-sdk#11419): it answers a transaction submitted once that it is already imported,
/// while it keeps and includes the transaction.
const ALREADY_IMPORTED: &str = "Transaction is already imported";

/// The most calls the load keeps submitted and not yet finalized, shared among the accounts: an
/// eighth of what a validator's pool holds (8192 transactions), beyond which it drops the latest
/// ("exceeding limits") and the calls after them wait forever; and what two validators finalize
/// (about 200 calls per 6 s block) well within the 4 minutes subxt waits for a transaction.
const IN_FLIGHT: usize = 1024;

/// The most resident memory a node may take during a run: eight times what it takes at rest
/// (about 250 MiB). Its caches are bounded, the trie cache by 1 GiB that only the state blocks
/// read fills (a few MiB here), the pool by 20 MiB of ready transactions, and the runtime by 8
/// instances; a node that kept what it had finalized would cross it as runs grow.
const RSS_BOUND: u64 = 2 * 1024 * 1024 * 1024;
/// How often the nodes' memory is sampled.
const RSS_INTERVAL: Duration = Duration::from_millis(100);

/// The load tests run one at a time, so each measures the machine alone.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A transaction signed and ready to submit.
type Signed = SubmittableTransaction<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;
/// The statuses of a submitted transaction.
type Progress = TransactionProgress<PolkadotConfig, OnlineClientAtBlockImpl<PolkadotConfig>>;
/// A client at one block.
type AtBlock = OnlineClientAtBlock<PolkadotConfig>;

/// 1. The dev chain under load: 32 accounts, funded by one burst from Alice, send 3200 calls:
/// token transfers through the SDK's token and storage writes of 1 KiB under fresh keys. All
/// accounts send at once, each a burst of consecutive nonces submitted in order as fast as the
/// pool validates them, at most 1024 calls awaiting finalization. Every call is finalized (or,
/// for the pool's "already imported" race, taken without a watcher); the finalized blocks hold
/// each once and show it succeeded; the token's balances, the storage contract's entries and the
/// accounts' nonces count each exactly once; and the node's memory stays under 2 GiB.
#[tokio::test(flavor = "multi_thread")]
async fn many_accounts_calling_contracts_on_the_dev_chain_are_each_finalized_once_in_bounded_memory() {
	let _alone = ONE_RUN_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
	let dir = TempDir::new("ocos-load-dev");
	let node = Node::start("dev", dir.path(), &["--dev"]).await;
	run("dev", &[&node], Size::from_env("OCOS_LOAD", DEV_ACCOUNTS, DEV_CALLS)).await;
}

/// 2. Two validators under load: the same run with 16 accounts and 1600 calls, half the accounts
/// sending through Alice's node and half through Bob's.
#[tokio::test(flavor = "multi_thread")]
async fn many_accounts_calling_contracts_on_two_validators_are_each_finalized_once_in_bounded_memory() {
	let _alone = ONE_RUN_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
	let dir = TempDir::new("ocos-load-local");
	let (alice, bob) = start_two_validators(dir.path()).await;
	run("local", &[&alice, &bob], Size::from_env("OCOS_LOAD_LOCAL", LOCAL_ACCOUNTS, LOCAL_CALLS)).await;
}

/// How many accounts send how many calls in all.
#[derive(Clone, Copy)]
struct Size {
	accounts: u32,
	calls: u32,
}

impl Size {
	/// `accounts` and `calls`, unless the environment's `{prefix}_ACCOUNTS` or `{prefix}_CALLS`
	/// say otherwise.
	fn from_env(prefix: &str, accounts: u32, calls: u32) -> Self {
		let read = |name: &str, default: u32| match std::env::var(format!("{prefix}_{name}")) {
			Ok(value) => value.parse().unwrap_or_else(|_| panic!("{prefix}_{name}={value} is not a number")),
			Err(_) => default,
		};
		let size = Size { accounts: read("ACCOUNTS", accounts), calls: read("CALLS", calls) };
		assert!(size.accounts > 0 && size.calls >= size.accounts, "at least one call per account");
		size
	}

	/// The calls account `index` sends: an equal share, the first accounts one more.
	fn calls_of(self, index: u32) -> u32 {
		self.calls / self.accounts + u32::from(index < self.calls % self.accounts)
	}

	/// The token transfers account `index` sends: its even calls.
	fn transfers_of(self, index: u32) -> u32 {
		self.calls_of(index).div_ceil(2)
	}
}

/// The contracts the accounts call.
struct Contracts {
	token: TokenRef,
	storage: [u8; 32],
}

/// Runs the load on `nodes` (named `chain` in what it prints) while sampling their memory; prints
/// the figures and holds the memory to its bound.
async fn run(chain: &str, nodes: &[&Node], size: Size) {
	let token_code = ocos_contract_build::Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/token"))
		.run()
		.expect("the token builds")
		.wasm;
	let rss_at_start: Vec<u64> = nodes.iter().map(|node| node.rss_bytes()).collect();
	let (figures, rss_peaks) = with_peak_rss(nodes, load_and_check(nodes, token_code, size)).await;
	for line in figures {
		println!("load on {chain}: {line}");
	}
	for ((node, start), peak) in nodes.iter().zip(rss_at_start).zip(rss_peaks) {
		let name = &node.name;
		let (start, peak, bound) = (start >> 20, peak >> 20, RSS_BOUND >> 20);
		println!(
			"load on {chain}: node {name} resident memory {start} MiB at start, {peak} MiB at peak (bound {bound} MiB)"
		);
		assert!(peak < bound, "node {name} took {peak} MiB, over its bound of {bound} MiB");
	}
}

/// Runs `work` while sampling each node's resident memory every `RSS_INTERVAL`: its output and
/// each node's peak.
async fn with_peak_rss<F: Future>(nodes: &[&Node], work: F) -> (F::Output, Vec<u64>) {
	let mut work = std::pin::pin!(work);
	let mut peaks = vec![0; nodes.len()];
	loop {
		for (peak, node) in peaks.iter_mut().zip(nodes) {
			*peak = (*peak).max(node.rss_bytes());
		}
		tokio::select! {
			output = &mut work => return (output, peaks),
			_ = tokio::time::sleep(RSS_INTERVAL) => {}
		}
	}
}

/// Deploys the contracts, funds the accounts, sends the load and checks that every call counted
/// once: the figures to print.
async fn load_and_check(nodes: &[&Node], token_code: Vec<u8>, size: Size) -> Vec<String> {
	let client = nodes[0].client().await;
	let alice = dev::alice();
	let token = deploy_with_input(&client, token_code, TokenRef::new(TOKEN_SUPPLY).input(), b"load-token", &alice);
	let token = TokenRef::at(AccountId(within(Duration::from_secs(300), "the token is deployed", token).await));
	let storage = deploy(&client, "storage", &alice).await;
	let contracts = Contracts { token, storage };
	let accounts: Vec<Keypair> = (0..size.accounts).map(|index| alice.derive([DeriveJunction::hard(index)])).collect();

	let funding: Vec<_> = accounts
		.iter()
		.flat_map(|receiver| {
			let funds =
				dynamic::tx("Balances", "transfer_keep_alive", vec![address(account(receiver)), Value::u128(FUNDS)]);
			[funds, token_call(&contracts, contracts.token.transfer(AccountId(account(receiver)), TOKENS).input())]
		})
		.collect();
	let alice_funded = nonce(&finalized(&client).await, account(&alice)).await + funding.len() as u64;
	let funding = sign_burst(&client, &alice, &funding).await;
	finalize_bursts(nodes[0], &[funding], Duration::from_secs(180)).await;
	until_nonces_are_finalized(&client, &[(account(&alice), alice_funded)]).await;

	let after = finalized(&client).await.block_number();
	let (elapsed, watched) = send_load(nodes, &accounts, &contracts, size).await;
	let nonces: Vec<_> =
		(0..).zip(&accounts).map(|(index, sender)| (account(sender), size.calls_of(index).into())).collect();
	until_nonces_are_finalized(&client, &nonces).await;
	expect_each_call_counted_once(&client, &contracts, &accounts, size).await;
	let included = include_and_weigh(&client, &contracts, &accounts, after).await;
	expect_blocks_hold_each_call_once(&included, &watched, size);
	figures(&client, size, elapsed, &included, &watched).await
}

/// `OcosVm.call` of `contracts`' token with `input` and the load's gas.
fn token_call(contracts: &Contracts, input: Vec<u8>) -> DynamicPayload<Vec<Value>> {
	call_tx(contracts.token.0 .0, input, weight(CALL_GAS_REF_TIME, CALL_GAS_PROOF_SIZE))
}

/// Call `call` of account `index`: its even calls send one token to Bob, its odd calls write
/// a fresh key of the storage contract.
fn load_call(contracts: &Contracts, index: u32, call: u32) -> DynamicPayload<Vec<Value>> {
	if call % 2 == 0 {
		return token_call(contracts, contracts.token.transfer(AccountId(account(&dev::bob())), 1).input());
	}
	let key = storage_key(index, call);
	// storage.wat's set: op 0, the key's length, the key, the value.
	let input = [&[0][..], &(key.len() as u32).to_le_bytes(), &key, &storage_value(&key)].concat();
	call_tx(contracts.storage, input, weight(CALL_GAS_REF_TIME, CALL_GAS_PROOF_SIZE))
}

/// The key call `call` of account `index` writes: both indices, so every write is to a new key.
fn storage_key(index: u32, call: u32) -> Vec<u8> {
	[&b"load"[..], &index.to_le_bytes(), &call.to_le_bytes()].concat()
}

/// The value written under `key`: the key repeated to `STORAGE_VALUE_LEN` bytes.
fn storage_value(key: &[u8]) -> Vec<u8> {
	key.iter().copied().cycle().take(STORAGE_VALUE_LEN).collect()
}

/// Signs `calls` as `signer` with consecutive nonces from its next one, as a dapp signs a burst,
/// but immortal: the dev chain seals a block whenever a transaction is ready, so a burst sent in
/// nonce order takes a block or more per call of each account; signed for subxt's default 32
/// blocks, a load's last calls would expire before their turn. Their nonces keep them from being
/// included twice.
async fn sign_burst(client: &Client, signer: &Keypair, calls: &[DynamicPayload<Vec<Value>>]) -> Vec<Signed> {
	let mut transactions = client.tx().await.expect("a transactions client");
	let signer_account = subxt::utils::AccountId32(account(signer));
	let first_nonce = transactions.account_nonce(&signer_account).await.expect("the signer's nonce");
	let mut signed = Vec::with_capacity(calls.len());
	for (offset, call) in (0..).zip(calls) {
		let params =
			PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(first_nonce + offset).immortal().build();
		signed.push(transactions.create_signed(call, signer, params).await.expect("signed"));
	}
	signed
}

/// What became of a submitted transaction.
enum Outcome {
	/// Finalized in this block.
	Finalized(H256),
	/// Taken by the pool, which answered `ALREADY_IMPORTED` and lost its watcher: the nonces
	/// and the finalized blocks account for it.
	Unwatched,
	/// Refused, dropped or invalid: why.
	Failed(String),
}

/// Where the watched transactions were finalized.
#[derive(Default)]
struct Watched {
	/// How many were finalized in each block.
	per_block: BTreeMap<H256, u32>,
	/// How many the pool took without a watcher.
	unwatched: u32,
}

/// How many transactions were finalized so far, and why the ones that failed did.
#[derive(Default)]
struct Tally {
	finalized: AtomicUsize,
	/// Each reason and the transactions (`burst.position`) it befell.
	failures: Mutex<BTreeMap<String, Vec<String>>>,
}

impl Tally {
	/// Counts the outcome of transaction `position` of `burst`.
	fn record(&self, burst: usize, position: usize, outcome: &Outcome) {
		match outcome {
			Outcome::Finalized(_) => drop(self.finalized.fetch_add(1, Ordering::Relaxed)),
			Outcome::Unwatched => {}
			Outcome::Failed(why) => {
				let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
				failures.entry(why.clone()).or_default().push(format!("{burst}.{position}"));
			}
		}
	}

	/// How many were finalized and, if any failed, how many of `total` for each reason and the
	/// first they befell.
	fn summary(&self, total: usize) -> Option<String> {
		let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
		let reasons: Vec<String> = failures
			.iter()
			.map(|(why, transactions)| format!("{} (the first {}): {why}", transactions.len(), transactions[0]))
			.collect();
		let finalized = self.finalized.load(Ordering::Relaxed);
		(!reasons.is_empty()).then(|| format!("{finalized} of {total} transactions finalized; failed: {reasons:?}"))
	}
}

/// Submits every burst at once, each in nonce order, and waits until each transaction is
/// finalized. Fails with the end of `node`'s log and why transactions failed if any did, or if
/// that takes longer than `timeout`.
async fn finalize_bursts(node: &Node, bursts: &[Vec<Signed>], timeout: Duration) -> Watched {
	let tally = Tally::default();
	let window = (IN_FLIGHT / bursts.len()).max(1);
	let all =
		join_all(bursts.iter().enumerate().map(|(burst, signed)| finalize_in_order(burst, signed, window, &tally)));
	let outcomes = tokio::time::timeout(timeout, all).await;
	let total = bursts.iter().map(Vec::len).sum();
	let Ok(outcomes) = outcomes else {
		let finalized = tally.finalized.load(Ordering::Relaxed);
		let summary = tally.summary(total).unwrap_or_default();
		node.fail(&format!("{finalized} of {total} transactions finalized within {timeout:?}; {summary}"))
	};
	if let Some(summary) = tally.summary(total) {
		node.fail(&summary)
	}
	let mut watched = Watched::default();
	for outcome in outcomes.into_iter().flatten() {
		match outcome {
			Outcome::Finalized(block) => *watched.per_block.entry(block).or_default() += 1,
			Outcome::Unwatched => watched.unwatched += 1,
			Outcome::Failed(_) => {}
		}
	}
	watched
}

/// Submits the transactions of `burst` in nonce order, each once the pool has validated the one
/// before and while fewer than `window` of the burst await their finalization, and waits until
/// each is finalized. Sent all at once instead, they reach the pool out of order over concurrent
/// subscriptions and wait in its future queue for their predecessors: a validator's fork-aware
/// pool drops the latest past the queue's limit (819 transactions, 2 MiB, "exceeding limits"),
/// and the dev chain's single-state pool keeps waiting a transaction whose predecessor was
/// included over two blocks before it was validated (it remembers two blocks' nonces); either
/// way their successors wait forever.
async fn finalize_in_order(burst: usize, transactions: &[Signed], window: usize, tally: &Tally) -> Vec<Outcome> {
	let finalize = |position: usize, progress: Progress| async move {
		let outcome = match progress.wait_for_finalized().await {
			Ok(in_block) => Outcome::Finalized(in_block.block_hash()),
			Err(error) => Outcome::Failed(error.to_string()),
		};
		tally.record(burst, position, &outcome);
		outcome
	};
	let mut in_flight = FuturesUnordered::new();
	let mut outcomes = Vec::with_capacity(transactions.len());
	for (position, transaction) in transactions.iter().enumerate() {
		if in_flight.len() == window {
			outcomes.extend(in_flight.next().await);
		}
		match submit_validated(transaction).await {
			Ok(progress) => in_flight.push(finalize(position, progress)),
			Err(outcome) => {
				tally.record(burst, position, &outcome);
				outcomes.push(outcome);
			}
		}
	}
	outcomes.extend(in_flight.collect::<Vec<_>>().await);
	outcomes
}

/// Submits `transaction` and waits until the pool has validated it: its progress from there, or
/// what became of it. The dev chain may include a transaction before its watcher hears it was
/// validated: its first status is then its block.
async fn submit_validated(transaction: &Signed) -> Result<Progress, Outcome> {
	let refused = |error| Outcome::Failed(format!("refused by the node: {error}"));
	let mut progress = transaction.submit_and_watch().await.map_err(refused)?;
	match progress.next().await {
		Some(Ok(TransactionStatus::Validated | TransactionStatus::InBestBlock(_))) => Ok(progress),
		Some(Ok(TransactionStatus::InFinalizedBlock(in_block))) => Err(Outcome::Finalized(in_block.block_hash())),
		Some(Ok(TransactionStatus::Invalid { message })) if message == ALREADY_IMPORTED => Err(Outcome::Unwatched),
		status => Err(Outcome::Failed(format!("not validated: {status:?}"))),
	}
}

/// Signs every account's calls with consecutive nonces, each account on its own connection to
/// one of `nodes` in turn, then submits every account's burst at once and waits until each call
/// is finalized: the time from the first submission to the last finalization, and where the
/// calls were finalized.
async fn send_load(nodes: &[&Node], accounts: &[Keypair], contracts: &Contracts, size: Size) -> (Duration, Watched) {
	let clients = join_all((0..accounts.len()).map(|index| nodes[index % nodes.len()].client())).await;
	let bursts = join_all((0..).zip(accounts).zip(&clients).map(|((index, sender), client)| async move {
		let calls: Vec<_> = (0..size.calls_of(index)).map(|call| load_call(contracts, index, call)).collect();
		sign_burst(client, sender, &calls).await
	}))
	.await;
	let started = Instant::now();
	let timeout = Duration::from_secs(120) + Duration::from_millis(50) * size.calls;
	let watched = finalize_bursts(nodes[0], &bursts, timeout).await;
	(started.elapsed(), watched)
}

/// The client at the latest finalized block.
async fn finalized(client: &Client) -> AtBlock {
	client.at_current_block().await.expect("the latest finalized block")
}

/// Waits until each account's nonce at the latest finalized block is the one paired with it:
/// until a transaction the pool took without a watcher is finalized too.
async fn until_nonces_are_finalized(client: &Client, nonces: &[([u8; 32], u64)]) {
	within(Duration::from_secs(120), "every account's calls are finalized", async {
		loop {
			let at = finalized(client).await;
			let mut behind = false;
			for &(account, expected) in nonces {
				behind |= nonce(&at, account).await < expected;
			}
			if !behind {
				return;
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	})
	.await
}

/// The accounts' nonces, the token's balances and the storage contract's entries, read at the
/// latest finalized block, count every call exactly once.
async fn expect_each_call_counted_once(client: &Client, contracts: &Contracts, accounts: &[Keypair], size: Size) {
	let at = finalized(client).await;
	for (index, sender) in (0..).zip(accounts) {
		assert_eq!(nonce(&at, account(sender)).await, u64::from(size.calls_of(index)), "account {index}'s nonce");
		let tokens = TOKENS - u128::from(size.transfers_of(index));
		assert_eq!(token_balance(&at, contracts, account(sender)).await, tokens, "account {index}'s tokens");
	}
	let transfers: u128 = (0..size.accounts).map(|index| u128::from(size.transfers_of(index))).sum();
	assert_eq!(token_balance(&at, contracts, account(&dev::bob())).await, transfers, "Bob received every transfer");
	let alice_tokens = TOKEN_SUPPLY - TOKENS * u128::from(size.accounts);
	assert_eq!(token_balance(&at, contracts, account(&dev::alice())).await, alice_tokens, "Alice's tokens");

	let written: BTreeMap<Vec<u8>, Vec<u8>> = (0..size.accounts)
		.flat_map(|index| (1..size.calls_of(index)).step_by(2).map(move |call| storage_key(index, call)))
		.map(|key| (key.clone(), storage_value(&key)))
		.collect();
	let stored = contract_entries(&at, contracts.storage).await;
	let missing = written.keys().filter(|key| !stored.contains_key(*key)).count();
	let unexpected = stored.keys().filter(|key| !written.contains_key(*key)).count();
	assert!(
		stored == written,
		"the storage contract holds {} entries: {missing} missing, {unexpected} unexpected",
		stored.len()
	);
	let info = dynamic::storage::<([u8; 32],), Value>("OcosVm", "ContractInfoOf");
	let info = at.storage().fetch(info, (contracts.storage,)).await.expect("ContractInfoOf").decode().expect("decodes");
	let field = |name: &str| info.at(name).and_then(Value::as_u128).unwrap_or_else(|| panic!("no {name} in {info}"));
	let bytes: usize = written.iter().map(|(key, value)| key.len() + value.len()).sum();
	assert_eq!(field("storage_items"), written.len() as u128, "the storage contract's count of entries");
	assert_eq!(field("storage_bytes"), bytes as u128, "the storage contract's count of bytes");
}

/// The nonce of `account`.
async fn nonce(at: &AtBlock, account: [u8; 32]) -> u64 {
	ocos_e2e::account_info(at, account).await.0
}

/// The tokens `owner` holds, read through a dry run of `balance_of`.
async fn token_balance(at: &AtBlock, contracts: &Contracts, owner: [u8; 32]) -> u128 {
	let input = contracts.token.balance_of(AccountId(owner)).input();
	let dry_run = dynamic::runtime_api_call::<_, Value>(
		"OcosVmApi",
		"call",
		(owner, contracts.token.0 .0, 0u128, None::<Value>, None::<u128>, input),
	);
	let report = at.runtime_apis().call(dry_run).await.expect("OcosVmApi::call");
	let output = report.at("result").and_then(|result| result.at(0)).and_then(|ok| ok.at("data"));
	let output = bytes_of(output.unwrap_or_else(|| panic!("balance_of returned nothing: {report}")));
	match <Result<u128, DispatchError>>::decode(&mut &output[..]) {
		Ok(Ok(balance)) => balance,
		other => panic!("balance_of: {other:?}"),
	}
}

/// Every key and value `contract` stores, read in one pass over its storage.
async fn contract_entries(at: &AtBlock, contract: [u8; 32]) -> BTreeMap<Vec<u8>, Vec<u8>> {
	let address = dynamic::storage::<([u8; 32], Vec<u8>), Vec<u8>>("OcosVm", "ContractStorage");
	let mut entries = at.storage().iter(address, (contract,)).await.expect("ContractStorage");
	let mut stored = BTreeMap::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.expect("an entry");
		let key = entry.key().expect("its key").part(1).expect("the contract's key").decode_as::<Vec<u8>>();
		let key = key.expect("decodes").expect("a hasher that keeps the key");
		stored.insert(key, entry.value().decode_as::<Vec<u8>>().expect("the value"));
	}
	stored
}

/// How many of the load's calls of one kind the blocks hold, and what they weigh in all.
#[derive(Default)]
struct Weighed {
	calls: u32,
	ref_time: u64,
	proof_size: u64,
}

impl Weighed {
	/// Adds a call of this weight.
	fn add(&mut self, (ref_time, proof_size): (u64, u64)) {
		self.calls += 1;
		self.ref_time += ref_time;
		self.proof_size += proof_size;
	}

	/// The mean call's ref_time (ps) and proof size (bytes).
	fn mean(&self) -> (f64, f64) {
		let calls = f64::from(self.calls);
		(self.ref_time as f64 / calls, self.proof_size as f64 / calls)
	}
}

/// The load's calls in the finalized blocks.
struct Included {
	/// How many each block that holds any holds.
	per_block: BTreeMap<H256, u32>,
	transfers: Weighed,
	writes: Weighed,
}

/// The load's calls in the finalized blocks after block `after`, read from their extrinsics and
/// events, token transfers and storage writes apart. Fails if an extrinsic in them failed, or if
/// a load account signed anything but an `OcosVm.call`.
async fn include_and_weigh(client: &Client, contracts: &Contracts, accounts: &[Keypair], after: u64) -> Included {
	let senders: BTreeSet<[u8; 32]> = accounts.iter().map(account).collect();
	let mut included =
		Included { per_block: BTreeMap::new(), transfers: Weighed::default(), writes: Weighed::default() };
	for number in after + 1..=finalized(client).await.block_number() {
		let at = client.at_block(number).await.expect("a finalized block");
		let mut weights = BTreeMap::new();
		for event in at.events().fetch().await.expect("its events").iter().map(|event| event.expect("an event")) {
			let Phase::ApplyExtrinsic(index) = event.phase() else { continue };
			let fields = event_fields(&event);
			match (event.pallet_name(), event.event_name()) {
				("System", "ExtrinsicFailed") => panic!("extrinsic {index} of block {number} failed: {fields}"),
				("System", "ExtrinsicSuccess") => {
					let weight = fields.at("dispatch_info").and_then(|info| info.at("weight")).expect("a weight");
					let part = |name: &str| weight.at(name).and_then(Value::as_u128).expect("a weight part") as u64;
					weights.insert(index as usize, (part("ref_time"), part("proof_size")));
				}
				_ => {}
			}
		}
		let mut calls = 0;
		for extrinsic in at.extrinsics().fetch().await.expect("its extrinsics").iter() {
			let extrinsic = extrinsic.expect("an extrinsic");
			// A signed extrinsic's address: `MultiAddress::Id` and the account.
			let signer = extrinsic.address_bytes().and_then(|address| address.strip_prefix(&[0]));
			if !signer.and_then(|id| <[u8; 32]>::try_from(id).ok()).is_some_and(|signer| senders.contains(&signer)) {
				continue;
			}
			assert_eq!((extrinsic.pallet_name(), extrinsic.call_name()), ("OcosVm", "call"), "in block {number}");
			let dest = extrinsic.iter_call_data_fields().find(|field| field.name() == "dest").expect("a dest");
			let dest = bytes_of(dest.decode_as::<Value>().expect("an address").at(0).expect("an account"));
			let kind = if dest == contracts.token.0 .0 { &mut included.transfers } else { &mut included.writes };
			kind.add(weights[&extrinsic.index()]);
			calls += 1;
		}
		if calls > 0 {
			included.per_block.insert(at.block_hash(), calls);
		}
	}
	included
}

/// The finalized blocks hold every call once, each call reported finalized in the block that
/// holds it, and each call the pool took without a watcher in some block.
fn expect_blocks_hold_each_call_once(included: &Included, watched: &Watched, size: Size) {
	assert_eq!(included.per_block.values().sum::<u32>(), size.calls, "the calls in the finalized blocks");
	let unreported: u32 = included
		.per_block
		.iter()
		.map(|(block, calls)| {
			let reported = watched.per_block.get(block).copied().unwrap_or_default();
			calls
				.checked_sub(reported)
				.unwrap_or_else(|| panic!("block {block:?} holds {calls} calls, {reported} reported"))
		})
		.sum();
	assert_eq!(unreported, watched.unwatched, "the calls finalized in a block but not reported in it");
}

/// The figures of a run: calls per second, per block, what each kind of call weighs, and the
/// most calls a block could hold by their weight.
async fn figures(
	client: &Client,
	size: Size,
	elapsed: Duration,
	included: &Included,
	watched: &Watched,
) -> Vec<String> {
	let at = finalized(client).await;
	let block_weights =
		at.constants().entry(dynamic::constant::<Value>("System", "BlockWeights")).expect("BlockWeights");
	let normal = block_weights
		.at("per_class")
		.and_then(|classes| classes.at("normal"))
		.and_then(|normal| normal.at("max_total"))
		.and_then(|max_total| max_total.at(0))
		.unwrap_or_else(|| panic!("no normal max_total in {block_weights}"));
	let part = |name: &str| normal.at(name).and_then(Value::as_u128).expect("a weight part") as f64;
	let (max_ref_time, max_proof_size) = (part("ref_time"), part("proof_size"));

	let (transfers, writes) = (&included.transfers, &included.writes);
	let all = Weighed {
		calls: transfers.calls + writes.calls,
		ref_time: transfers.ref_time + writes.ref_time,
		proof_size: transfers.proof_size + writes.proof_size,
	};
	let (ref_time, proof_size) = all.mean();
	let (by_ref_time, by_proof_size) = (max_ref_time / ref_time, max_proof_size / proof_size);
	let weighs = |weighed: &Weighed| {
		let (ref_time, proof_size) = weighed.mean();
		format!("{:.0} µs and {:.1} KiB of proof", ref_time / 1e6, proof_size / 1024.0)
	};
	let calls = f64::from(size.calls);
	let blocks = included.per_block.len();
	vec![
		format!(
			"{} calls ({} token transfers, {} storage writes of {STORAGE_VALUE_LEN} bytes) from {} accounts finalized in {:.1} s: {:.0} calls/s",
			size.calls,
			transfers.calls,
			writes.calls,
			size.accounts,
			elapsed.as_secs_f64(),
			calls / elapsed.as_secs_f64()
		),
		format!(
			"{blocks} blocks: {:.0} calls per block on average, {} in the fullest; taken by the pool without a watcher (\"{ALREADY_IMPORTED}\"): {}",
			calls / blocks as f64,
			included.per_block.values().max().copied().unwrap_or_default(),
			watched.unwatched
		),
		format!("a token transfer weighs {}, a storage write {}", weighs(transfers), weighs(writes)),
		format!(
			"a block's {:.2} s and {:.1} MiB for normal calls hold {by_ref_time:.0} and {by_proof_size:.0} of these calls: at most {:.0} per block",
			max_ref_time / 1e12,
			max_proof_size / 1024.0 / 1024.0,
			by_ref_time.min(by_proof_size)
		),
	]
}
