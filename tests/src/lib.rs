//! A harness for end-to-end tests: starts the real `ocos-node` binary on free loopback ports in
//! a temporary directory, connects a subxt client, and stops the node and removes the directory
//! when dropped. Every wait has a deadline that fails with a message saying what did not happen.

use std::{
	fs,
	future::Future,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::{
	dynamic::{self, At, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

pub use subxt;
pub use subxt_signer::sr25519::dev;

/// The client type the tests use.
pub type Client = OnlineClient<PolkadotConfig>;

/// How long a node may take to start answering RPC.
pub const START_TIMEOUT: Duration = Duration::from_secs(120);

/// Gas for calls in the tests: 10% of a block's compute.
pub const GAS_REF_TIME: u64 = 200_000_000_000;
/// Proof size for calls in the tests.
pub const GAS_PROOF_SIZE: u64 = 4 * 1024 * 1024;

/// The `ocos-node` binary: `$OCOS_NODE`, or the one built beside the tests.
pub fn node_binary() -> PathBuf {
	binary("ocos-node", "OCOS_NODE")
}

/// The `ocos` command line: `$OCOS_CLI`, or the one built beside the tests.
pub fn cli_binary() -> PathBuf {
	binary("ocos", "OCOS_CLI")
}

/// Runs `ocos ARGS --url URL --json` from the repository's root, as a script would: its exit
/// code and the JSON it printed.
pub fn ocos(url: &str, args: &[&str]) -> (i32, serde_json::Value) {
	let output = Command::new(cli_binary())
		.args(args)
		.args(["--url", url, "--json"])
		.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
		.output()
		.expect("ocos runs");
	let stdout = String::from_utf8_lossy(&output.stdout);
	let json = serde_json::from_str(&stdout).unwrap_or_else(|error| {
		panic!("ocos {args:?} printed no JSON ({error}): {stdout}\n{}", String::from_utf8_lossy(&output.stderr))
	});
	(output.status.code().expect("an exit code"), json)
}

/// The binary `name` of this workspace: `$variable`, or the one built in the tests' profile.
fn binary(name: &str, variable: &str) -> PathBuf {
	if let Some(path) = std::env::var_os(variable) {
		return path.into();
	}
	let test_binary = std::env::current_exe().expect("the test binary has a path");
	let release_dir = test_binary.parent().and_then(Path::parent).expect("tests run from target/<profile>/deps");
	let binary = release_dir.join(name);
	assert!(binary.exists(), "{} does not exist: build it first: scripts/test.sh does", binary.display());
	binary
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port").port()
}

/// A directory under the system's temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
	/// Creates a fresh directory whose name starts with `prefix`.
	pub fn new(prefix: &str) -> Self {
		let unique = format!(
			"{prefix}-{}-{}",
			std::process::id(),
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
		);
		let path = std::env::temp_dir().join(unique);
		fs::create_dir_all(&path).expect("the temp dir can be created");
		Self(path)
	}

	/// The directory.
	pub fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = fs::remove_dir_all(&self.0);
	}
}

/// A running node.
pub struct Node {
	child: Option<Child>,
	/// The node's name in messages.
	pub name: String,
	/// The port of its JSON-RPC server.
	pub rpc_port: u16,
	/// The port of its libp2p listener.
	pub p2p_port: u16,
	log: PathBuf,
}

impl Node {
	/// Starts `ocos-node` with `args`, its database under `base_path`, on free loopback ports, and
	/// waits until its RPC answers.
	pub async fn start(name: &str, base_path: &Path, args: &[&str]) -> Node {
		let (rpc_port, p2p_port) = (free_port(), free_port());
		let log = base_path.join(format!("{name}.log"));
		let log_file = fs::File::create(&log).expect("the log file can be created");
		let child = Command::new(node_binary())
			.args(args)
			.arg("--base-path")
			.arg(base_path.join(name))
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--no-mdns", "--no-telemetry", "--no-prometheus"])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("ocos-node starts");
		let mut node = Node { child: Some(child), name: name.into(), rpc_port, p2p_port, log };
		node.wait_until_ready().await;
		node
	}

	/// The WebSocket URL of its RPC server.
	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// A client connected to this node.
	pub async fn client(&self) -> Client {
		Client::from_insecure_url(self.url()).await.unwrap_or_else(|error| self.fail(&format!("connect: {error}")))
	}

	async fn wait_until_ready(&mut self) {
		let deadline = Instant::now() + START_TIMEOUT;
		while Instant::now() < deadline {
			if let Some(status) = self.child.as_mut().and_then(|child| child.try_wait().ok().flatten()) {
				self.fail(&format!("exited with {status} before answering RPC"));
			}
			if Client::from_insecure_url(self.url()).await.is_ok() {
				return;
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
		self.fail(&format!("did not answer RPC within {START_TIMEOUT:?}"))
	}

	/// Panics with `message` and the end of the node's log.
	pub fn fail(&self, message: &str) -> ! {
		let log = fs::read_to_string(&self.log).unwrap_or_default();
		let tail: Vec<&str> = log.lines().filter(|line| !line.contains("💤 Idle")).rev().take(60).collect();
		let tail: Vec<&str> = tail.into_iter().rev().collect();
		panic!("node {}: {message}\n--- last lines of its log ---\n{}", self.name, tail.join("\n"))
	}

	/// The node's libp2p peer id.
	pub async fn peer_id(&self) -> String {
		let rpc = subxt::rpcs::RpcClient::from_insecure_url(self.url()).await.expect("rpc connects");
		rpc.request("system_localPeerId", subxt::rpcs::rpc_params![]).await.expect("system_localPeerId")
	}

	/// Stops the node as an operator would (SIGTERM) and waits for it to exit.
	pub async fn stop(mut self) {
		let Some(mut child) = self.child.take() else {
			return;
		};
		let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(60);
		while Instant::now() < deadline {
			if child.try_wait().ok().flatten().is_some() {
				return;
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
		let _ = child.kill();
		let _ = child.wait();
		panic!("node {} did not stop within 60 s of SIGTERM", self.name);
	}

	/// Kills the node with SIGKILL, as a crash or an out-of-memory kill would: no shutdown runs.
	pub fn kill(mut self) {
		if let Some(mut child) = self.child.take() {
			child.kill().unwrap_or_else(|error| panic!("node {}: SIGKILL: {error}", self.name));
			let _ = child.wait();
		}
	}

	/// The node's resident memory (RSS), in bytes, as Linux reports it.
	pub fn rss_bytes(&self) -> u64 {
		let pid = self.child.as_ref().map(Child::id).unwrap_or_else(|| self.fail("not running"));
		let status =
			fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_else(|error| self.fail(&error.to_string()));
		let kib = status
			.lines()
			.find_map(|line| line.strip_prefix("VmRSS:"))
			.and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
			.unwrap_or_else(|| self.fail("no VmRSS in /proc/PID/status"));
		kib * 1024
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Runs `future`, failing with `what` if it takes longer than `timeout`.
pub async fn within<F: Future>(timeout: Duration, what: &str, future: F) -> F::Output {
	tokio::time::timeout(timeout, future).await.unwrap_or_else(|_| panic!("timed out after {timeout:?}: {what}"))
}

/// A contract from the pallet's fixtures, compiled from its `.wat` file.
pub fn fixture(name: &str) -> Vec<u8> {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pallets/ocos-vm/fixtures").join(format!("{name}.wat"));
	wat::parse_file(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A `Weight` as a call argument.
pub fn weight(ref_time: u64, proof_size: u64) -> Value {
	Value::named_composite([("ref_time", Value::u128(ref_time.into())), ("proof_size", Value::u128(proof_size.into()))])
}

/// An account as a `MultiAddress` call argument.
pub fn address(account: [u8; 32]) -> Value {
	Value::unnamed_variant("Id", [Value::from_bytes(account)])
}

/// The 32 bytes of a signer's account.
pub fn account(signer: &Keypair) -> [u8; 32] {
	signer.public_key().0
}

/// `OcosVm.call` with the tests' gas and no deposit limit.
pub fn call_tx(dest: [u8; 32], data: Vec<u8>, gas: Value) -> subxt::tx::DynamicPayload<Vec<Value>> {
	dynamic::tx(
		"OcosVm",
		"call",
		vec![address(dest), Value::u128(0), gas, Value::unnamed_variant("None", []), Value::from_bytes(data)],
	)
}

/// Submits `payload` signed by `signer` and waits until it is finalized and succeeded.
pub async fn submit<Call: subxt::tx::Payload>(
	client: &Client,
	payload: &Call,
	signer: &Keypair,
) -> Result<subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>, String> {
	let progress = client
		.tx()
		.await
		.map_err(|error| error.to_string())?
		.sign_and_submit_then_watch_default(payload, signer)
		.await
		.map_err(|error| format!("submit: {error}"))?;
	within(Duration::from_secs(120), "the transaction is finalized", progress.wait_for_finalized_success())
		.await
		.map_err(|error| error.to_string())
}

/// Uploads and instantiates a fixture as `signer`, its name as the salt; returns the contract's
/// account.
pub async fn deploy(client: &Client, name: &str, signer: &Keypair) -> [u8; 32] {
	deploy_code(client, fixture(name), name.as_bytes(), signer).await
}

/// Uploads and instantiates `code` as `signer` with `salt`; returns the contract's account.
pub async fn deploy_code(client: &Client, code: Vec<u8>, salt: &[u8], signer: &Keypair) -> [u8; 32] {
	deploy_with_input(client, code, Vec::new(), salt, signer).await
}

/// Uploads and instantiates `code` as `signer` with `salt`, `deploy` reading `input`; returns
/// the contract's account.
pub async fn deploy_with_input(
	client: &Client,
	code: Vec<u8>,
	input: Vec<u8>,
	salt: &[u8],
	signer: &Keypair,
) -> [u8; 32] {
	deploy_on_engine(client, 0, code, input, salt, signer).await
}

/// Uploads `code` for `engine` and instantiates it as `signer` with `salt` and `input`; returns
/// the contract's account.
pub async fn deploy_on_engine(
	client: &Client,
	engine: u32,
	code: Vec<u8>,
	input: Vec<u8>,
	salt: &[u8],
	signer: &Keypair,
) -> [u8; 32] {
	let payload = dynamic::tx(
		"OcosVm",
		"instantiate_with_code",
		vec![
			Value::from_bytes(code),
			Value::u128(engine.into()),
			Value::u128(0),
			weight(GAS_REF_TIME, GAS_PROOF_SIZE),
			Value::unnamed_variant("None", []),
			Value::from_bytes(input),
			Value::from_bytes(salt),
		],
	);
	let events = submit(client, &payload, signer).await.unwrap_or_else(|error| panic!("deploy: {error}"));
	account_field(&ocos_event(&events, "Instantiated").expect("an Instantiated event"), "contract")
}

/// The fields of the first `OcosVm` event named `name` among `events`.
pub fn ocos_event(events: &subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>, name: &str) -> Option<Value> {
	events
		.iter()
		.filter_map(Result::ok)
		.find(|event| event.pallet_name() == "OcosVm" && event.event_name() == name)
		.map(|event| event_fields(&event))
}

/// What a dry run of `origin` calling `dest` with `input` reports (`OcosVmApi::call`) at the
/// current block.
pub async fn dry_run(client: &Client, origin: [u8; 32], dest: [u8; 32], input: Vec<u8>) -> Value {
	let call = dynamic::runtime_api_call::<_, Value>(
		"OcosVmApi",
		"call",
		(origin, dest, 0u128, None::<Value>, None::<u128>, input),
	);
	let at = client.at_current_block().await.unwrap();
	at.runtime_apis().call(call).await.expect("OcosVmApi::call")
}

/// The gas limit a dry run found sufficient: `(ref_time, proof_size)`.
pub fn gas_required(report: &Value) -> (u64, u64) {
	let required = report.at("gas_required").unwrap_or_else(|| panic!("no gas_required in {report}"));
	let part = |name: &str| required.at(name).and_then(Value::as_u128).unwrap_or_else(|| panic!("{name}: {report}"));
	(part("ref_time") as u64, part("proof_size") as u64)
}

/// Dry-runs a call of `contract` without input as `signer`, submits it with exactly the gas the
/// dry run required, and returns the dry run's report; panics unless the call succeeds.
pub async fn call_at_gas_required(client: &Client, contract: [u8; 32], signer: &Keypair) -> Value {
	let report = dry_run(client, account(signer), contract, Vec::new()).await;
	let (ref_time, proof_size) = gas_required(&report);
	submit(client, &call_tx(contract, Vec::new(), weight(ref_time, proof_size)), signer)
		.await
		.unwrap_or_else(|error| panic!("the dry run's gas must suffice in the next block: {error}"));
	report
}

/// The data a dry run's call returned.
pub fn returned_data(report: &Value) -> Vec<u8> {
	let data = report.at("result").and_then(|result| result.at(0)).and_then(|ok| ok.at("data"));
	bytes_of(data.unwrap_or_else(|| panic!("the call returned nothing: {report}")))
}

/// The fields of an event, decoded as a value (the pallet and event variants unwrapped).
pub fn event_fields(event: &subxt::events::Event<'_, PolkadotConfig>) -> Value {
	let event_value: Value = event.decode_as::<Value>().expect("the event decodes");
	event_value.at(0).cloned().unwrap_or_else(|| panic!("no fields in {event_value}"))
}

/// The 32-byte account in field `name` of a decoded event.
pub fn account_field(event: &Value, name: &str) -> [u8; 32] {
	let bytes = bytes_of(event.at(name).unwrap_or_else(|| panic!("no field {name} in {event}")));
	bytes.try_into().expect("an account is 32 bytes")
}

/// The bytes of a decoded byte sequence or array value (unwrapping a newtype).
pub fn bytes_of(value: &Value) -> Vec<u8> {
	use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
	match &value.value {
		ValueDef::Composite(Composite::Unnamed(values)) if values.len() == 1 && !is_byte(&values[0]) => {
			bytes_of(&values[0])
		}
		ValueDef::Composite(composite) => composite
			.values()
			.map(|value| match value.value {
				ValueDef::Primitive(Primitive::U128(byte)) => byte as u8,
				_ => panic!("not a byte: {value}"),
			})
			.collect(),
		_ => panic!("not bytes: {value}"),
	}
}

/// The name of a decoded enum value's variant (`"Ok"`, `"Err"`, …).
pub fn variant_name(value: &Value) -> &str {
	match &value.value {
		subxt::ext::scale_value::ValueDef::Variant(variant) => &variant.name,
		_ => panic!("not an enum value: {value}"),
	}
}

fn is_byte(value: &Value) -> bool {
	matches!(value.value, subxt::ext::scale_value::ValueDef::Primitive(subxt::ext::scale_value::Primitive::U128(_)))
}

/// `OcosVmApi::get_storage` at the latest finalized block.
pub async fn contract_storage(client: &Client, contract: [u8; 32], key: &[u8]) -> Option<Vec<u8>> {
	let payload = dynamic::runtime_api_call::<_, Option<Vec<u8>>>("OcosVmApi", "get_storage", (contract, key.to_vec()));
	let at = client.at_current_block().await.expect("the latest block");
	at.runtime_apis().call(payload).await.expect("OcosVmApi::get_storage")
}

/// The nonce and free balance of `account` at block `at`.
pub async fn account_info(at: &subxt::OnlineClientAtBlock<PolkadotConfig>, account: [u8; 32]) -> (u64, u128) {
	let address = dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let info = at.storage().fetch(address, (account,)).await.expect("System.Account").decode().expect("decodes");
	let nonce = info.at("nonce").and_then(Value::as_u128).expect("a nonce") as u64;
	let free = info.at("data").and_then(|data| data.at("free")).and_then(Value::as_u128).expect("a free balance");
	(nonce, free)
}

/// The free balance of `account` at the latest finalized block.
pub async fn free_balance(client: &Client, account: [u8; 32]) -> u128 {
	account_info(&client.at_current_block().await.expect("the latest block"), account).await.1
}

/// Starts the `local` chain's two validators (Aura + GRANDPA), `alice` and `bob`, with their
/// databases under `base_path`, Bob booting from Alice.
pub async fn start_two_validators(base_path: &Path) -> (Node, Node) {
	let alice_key = "0000000000000000000000000000000000000000000000000000000000000001";
	let bob_key = "0000000000000000000000000000000000000000000000000000000000000002";
	let alice = Node::start("alice", base_path, &["--chain", "local", "--alice", "--node-key", alice_key]).await;
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", alice.p2p_port, alice.peer_id().await);
	let bob =
		Node::start("bob", base_path, &["--chain", "local", "--bob", "--node-key", bob_key, "--bootnodes", &bootnode])
			.await;
	(alice, bob)
}
