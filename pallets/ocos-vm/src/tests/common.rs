//! What the tests of every concern share.

use super::*;

pub(super) type Vm = crate::Pallet<Test>;
pub(super) type Weights = ();

pub(super) const GAS_LIMIT: Weight = Weight::from_parts(100_000_000_000, 4 * 1024 * 1024);

/// What the DAO lets a contract it calls spend of its funds on storage deposits.
pub(super) const DAO_DEPOSIT_LIMIT: u128 = 1_000_000;

pub(super) fn wasm(name: &str) -> Vec<u8> {
	let path = format!("{}/fixtures/{name}.wat", env!("CARGO_MANIFEST_DIR"));
	wat::parse_file(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

pub(super) fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

pub(super) fn code_hash_of(code: &[u8]) -> CodeHash {
	H256(sp_io::hashing::blake2_256(code))
}

/// Uploads `code` for engine 0 as Alice.
pub(super) fn upload_bytes(code: Vec<u8>) -> CodeHash {
	assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), 0, None));
	code_hash_of(&code)
}

pub(super) fn upload(name: &str) -> CodeHash {
	upload_bytes(wasm(name))
}

pub(super) fn instantiate(code_hash: CodeHash, salt: &[u8]) -> AccountId32 {
	assert_ok!(Vm::instantiate(signed(&ALICE), code_hash, 0, GAS_LIMIT, None, vec![], salt.to_vec()));
	storage::contract_address::<Test>(&ALICE, &code_hash, salt)
}

/// Uploads and instantiates a fixture as Alice.
pub(super) fn deploy(name: &str) -> AccountId32 {
	instantiate(upload(name), b"")
}

pub(super) fn call(dest: &AccountId32, input: Vec<u8>) -> DispatchResultWithPostInfo {
	Vm::call(signed(&ALICE), dest.clone(), 0, GAS_LIMIT, None, input)
}

/// What a call of `dest` by Alice returns, run as a dry run whose changes are discarded.
pub(super) fn dry_run(dest: &AccountId32, input: Vec<u8>) -> VmResult {
	dry_run_outcome(ALICE, dest, 0, input).result.expect("the call runs")
}

pub(super) fn dry_run_outcome(
	origin: AccountId32,
	dest: &AccountId32,
	value: u128,
	input: Vec<u8>,
) -> crate::exec::Outcome<Test> {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	with_transaction(|| {
		let outcome = Vm::bare_call(origin, dest.clone(), value, GAS_LIMIT, None, input);
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(outcome))
	})
	.unwrap()
}

pub(super) fn output(dest: &AccountId32, input: Vec<u8>) -> Vec<u8> {
	let result = dry_run(dest, input);
	assert_eq!(result.exit, ExitReason::Returned);
	result.output
}

pub(super) fn state_root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Runs `f`, asserts it failed with `error`, and that no storage (balances, contracts, events)
/// changed. Returns the failure's post-dispatch info.
pub(super) fn assert_fails_unchanged(
	f: impl FnOnce() -> DispatchResultWithPostInfo,
	error: impl Into<DispatchError>,
) -> frame_support::dispatch::PostDispatchInfo {
	let before = state_root();
	let result = f();
	assert_eq!(state_root(), before, "a failed call changed state");
	match result {
		Err(DispatchErrorWithPostInfo { error: actual, post_info }) => {
			assert_eq!(actual, error.into());
			post_info
		}
		Ok(_) => panic!("expected the call to fail"),
	}
}

pub(super) fn vm_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::OcosVm(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub(super) fn held(reason: HoldReason, who: &AccountId32) -> u128 {
	Balances::balance_on_hold(&reason.into(), who)
}

pub(super) fn key_input(op: u8, key: &[u8], value: &[u8]) -> Vec<u8> {
	let mut input = vec![op];
	input.extend((key.len() as u32).to_le_bytes());
	input.extend(key);
	input.extend(value);
	input
}

pub(super) fn u32_at(bytes: &[u8], at: usize) -> u32 {
	u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Input for `log.wat`: emit `times` logs of `topics` topics and `data` bytes, all 0xEE.
pub(super) fn log_input(times: u32, topics: u32, data: usize) -> Vec<u8> {
	let mut input = [times.to_le_bytes(), topics.to_le_bytes()].concat();
	input.extend(vec![0xEE; topics as usize * 32 + data]);
	input
}

/// Input for `proxy.wat`: call `callee` with `flags`, `value`, `gas` and `input`.
pub(super) fn proxy_input(flags: u32, callee: &AccountId32, value: u128, gas: u64, input: &[u8]) -> Vec<u8> {
	let mut bytes = flags.to_le_bytes().to_vec();
	bytes.extend(AsRef::<[u8]>::as_ref(callee));
	bytes.extend(value.to_le_bytes());
	bytes.extend(gas.to_le_bytes());
	bytes.extend(input);
	bytes
}

/// Runs `f` and discards its changes, as the node does with runtime API calls.
pub(super) fn discarding<R>(f: impl FnOnce() -> R) -> R {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	with_transaction(|| TransactionOutcome::Rollback(Ok::<_, DispatchError>(f()))).unwrap()
}
