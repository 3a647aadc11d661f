//! The EVM engine: Solidity contracts compiled by solc (`fixtures/solidity`, built by
//! `scripts/solidity.sh`) run as on Ethereum, call WebAssembly contracts and are called by them in
//! one call stack.

use super::*;
use crate::{
	address,
	evm::{EvmConfig, Hardfork},
	OriginalAccount,
};
use ocos_vm_fixtures::evm::solidity;
use sp_core::H160;

/// The engine id the EVM engine gets when a test registers it.
const EVM: u32 = 1;
const CHAIN_ID: u64 = 420;

fn register_evm() {
	let config = EvmConfig { chain_id: CHAIN_ID, hardfork: Hardfork::Prague }.encode();
	assert_ok!(Vm::register_engine(RuntimeOrigin::root(), EngineKind::Evm, config));
}

/// Uploads `name`'s init code for the EVM and instantiates it as Alice with `args`.
fn deploy_evm(name: &str, args: &[[u8; 32]]) -> AccountId32 {
	let code = solidity(name);
	assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), EVM, None));
	assert_ok!(Vm::instantiate(signed(&ALICE), code_hash_of(&code), 0, GAS_LIMIT, None, args.concat(), vec![]));
	storage::contract_address::<Test>(&ALICE, &code_hash_of(&code), b"")
}

/// Alice pays `contract` `value`, as a plain transfer.
fn fund(contract: &AccountId32, value: u128) {
	use frame_support::traits::{fungible::Mutate, tokens::Preservation};
	assert_ok!(<Balances as Mutate<_>>::transfer(&ALICE, contract, value, Preservation::Preserve));
}

fn address_of(account: &AccountId32) -> H160 {
	address::to_address::<Test>(account)
}

fn selector(signature: &str) -> [u8; 4] {
	sp_io::hashing::keccak_256(signature.as_bytes())[..4].try_into().unwrap()
}

fn word(value: u128) -> [u8; 32] {
	let mut word = [0; 32];
	word[16..].copy_from_slice(&value.to_be_bytes());
	word
}

fn address_word(address: H160) -> [u8; 32] {
	let mut word = [0; 32];
	word[12..].copy_from_slice(address.as_bytes());
	word
}

/// The calldata of `signature` with `args`, ABI-encoded.
fn abi(signature: &str, args: &[[u8; 32]]) -> Vec<u8> {
	[selector(signature).to_vec(), args.concat()].concat()
}

/// The ABI encoding of `bytes` as the tail of a dynamic argument: its length and the bytes, padded.
fn bytes_tail(bytes: &[u8]) -> Vec<u8> {
	let mut tail = word(bytes.len() as u128).to_vec();
	tail.extend(bytes);
	tail.resize(32 + bytes.len().div_ceil(32) * 32, 0);
	tail
}

/// `Features.forward(target, data, revert_after)`.
fn forward_input(target: H160, data: &[u8], revert_after: bool) -> Vec<u8> {
	let head = abi("forward(address,bytes,bool)", &[address_word(target), word(96), word(revert_after as u128)]);
	[head, bytes_tail(data)].concat()
}

/// `(bool ok, bytes output)` as `forward` and `peek` return it.
fn decode_call_result(output: &[u8]) -> (bool, Vec<u8>) {
	let ok = output[31] == 1;
	let len = u128::from_be_bytes(output[80..96].try_into().unwrap()) as usize;
	(ok, output[96..96 + len].to_vec())
}

fn uint(output: &[u8]) -> u128 {
	u128::from_be_bytes(output[16..32].try_into().unwrap())
}

/// The revert data of `Error(string)`, as `require(condition, message)` reverts.
fn error_string(message: &str) -> Vec<u8> {
	[abi("Error(string)", &[word(32)]), bytes_tail(message.as_bytes())].concat()
}

fn token_balance(token: &AccountId32, holder: &AccountId32) -> u128 {
	uint(&output(token, abi("balanceOf(address)", &[address_word(address_of(holder))])))
}

fn topic(signature: &str) -> H256 {
	H256(sp_io::hashing::keccak_256(signature.as_bytes()))
}

fn address_topic(account: &AccountId32) -> H256 {
	H256(address_word(address_of(account)))
}

#[test]
fn governance_registers_the_evm_engine_with_a_chain_id_and_a_hardfork() {
	ExtBuilder::default().build().execute_with(|| {
		let config = EvmConfig { chain_id: CHAIN_ID, hardfork: Hardfork::Cancun }.encode();
		assert_noop!(Vm::register_engine(signed(&ALICE), EngineKind::Evm, config.clone()), DispatchError::BadOrigin);
		assert_noop!(
			Vm::register_engine(RuntimeOrigin::root(), EngineKind::Evm, vec![1, 2, 3]),
			Error::<Test>::InvalidEngineConfig
		);
		assert_ok!(Vm::register_engine(RuntimeOrigin::root(), EngineKind::Evm, config.clone()));
		System::assert_last_event(Event::EngineRegistered { engine: EVM, kind: EngineKind::Evm }.into());
		assert_eq!(Engines::<Test>::get(EVM).unwrap().config.into_inner(), config);
	});
}

#[test]
fn evm_code_is_refused_when_it_is_eof_empty_or_longer_than_eip_3860_allows() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		for (code, reason) in [
			(vec![0xEF, 0x00, 0x01], RejectReason::InvalidBytecode),
			(vec![], RejectReason::InvalidBytecode),
			(vec![0x00; 49_153], RejectReason::CodeTooLarge),
		] {
			let balance = Balances::free_balance(&ALICE);
			assert_noop!(Vm::upload_code(signed(&ALICE), code, EVM, None), Error::<Test>::CodeRejected(reason));
			assert_eq!(Balances::free_balance(&ALICE), balance);
		}
	});
}

#[test]
fn an_erc20_deploys_its_runtime_code_and_transfers_with_events() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let token = deploy_evm("Token", &[word(1_000_000)]);
		// The contract runs the code its constructor returned, stored by hash with a deposit.
		let info = ContractInfoOf::<Test>::get(&token).unwrap();
		let runtime = PristineCode::<Test>::get(info.code_hash).unwrap();
		assert_eq!(info.shape.code_len as usize, runtime.len());
		assert_eq!(CodeInfoOf::<Test>::get(info.code_hash).unwrap().refcount, 1);
		assert_eq!(CodeInfoOf::<Test>::get(code_hash_of(&solidity("Token"))).unwrap().refcount, 0);
		assert_eq!(OriginalAccount::<Test>::get(address_of(&token)), Some(token.clone()));
		let transfer = topic("Transfer(address,address,uint256)");
		assert!(vm_events().contains(&Event::ContractLog {
			contract: token.clone(),
			topics: vec![transfer, H256::zero(), address_topic(&ALICE)],
			data: word(1_000_000).to_vec(),
		}));
		assert_eq!(uint(&output(&token, abi("totalSupply()", &[]))), 1_000_000);
		assert_eq!(token_balance(&token, &ALICE), 1_000_000);

		assert_ok!(call(&token, abi("transfer(address,uint256)", &[address_word(address_of(&BOB)), word(250)])));
		assert_eq!(token_balance(&token, &ALICE), 999_750);
		assert_eq!(token_balance(&token, &BOB), 250);
		System::assert_has_event(
			Event::ContractLog {
				contract: token.clone(),
				topics: vec![transfer, address_topic(&ALICE), address_topic(&BOB)],
				data: word(250).to_vec(),
			}
			.into(),
		);
	});
}

#[test]
fn reverts_carry_their_custom_errors_and_messages_and_change_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let token = deploy_evm("Token", &[word(1_000)]);
		let too_much = abi("transfer(address,uint256)", &[address_word(address_of(&BOB)), word(5_000)]);
		let reverted = dry_run(&token, too_much.clone());
		assert_eq!(reverted.exit, ExitReason::Reverted);
		let insufficient = abi(
			"InsufficientBalance(address,uint256,uint256)",
			&[address_word(address_of(&ALICE)), word(1_000), word(5_000)],
		);
		assert_eq!(reverted.output, insufficient);
		assert_fails_unchanged(|| call(&token, too_much), Error::<Test>::ContractReverted);

		let to_zero = abi("transfer(address,uint256)", &[word(0), word(1)]);
		assert_eq!(dry_run(&token, to_zero.clone()).output, error_string("transfer to the zero address"));
		assert_fails_unchanged(|| call(&token, to_zero), Error::<Test>::ContractReverted);
	});
}

#[test]
fn immutables_mappings_arrays_and_a_looping_view_work_as_on_ethereum() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		assert_eq!(output(&features, abi("owner()", &[])), address_word(address_of(&ALICE)));
		assert_eq!(uint(&output(&features, abi("createdAt()", &[]))), 1);
		for (key, value) in [(1, 10), (2, 20), (3, 30)] {
			assert_ok!(call(&features, abi("store(uint256,uint256)", &[word(key), word(value)])));
		}
		System::assert_has_event(
			Event::ContractLog {
				contract: features.clone(),
				topics: vec![topic("Stored(uint256,uint256)"), H256(word(3))],
				data: word(30).to_vec(),
			}
			.into(),
		);
		assert_eq!(uint(&output(&features, abi("values(uint256)", &[word(2)]))), 20);
		assert_eq!(uint(&output(&features, abi("sum()", &[]))), 60);

		// Only the owner stores; a zero value is refused by `require`.
		let by_bob = Vm::call(
			signed(&BOB),
			features.clone(),
			0,
			GAS_LIMIT,
			None,
			abi("store(uint256,uint256)", &[word(4), word(1)]),
		);
		assert_eq!(by_bob.unwrap_err().error, Error::<Test>::ContractReverted.into());
		let not_owner = dry_run_outcome(BOB, &features, 0, abi("store(uint256,uint256)", &[word(4), word(1)]));
		assert_eq!(not_owner.result.unwrap().output, abi("NotOwner(address)", &[address_word(address_of(&BOB))]));
		assert_eq!(
			dry_run(&features, abi("store(uint256,uint256)", &[word(4), word(0)])).output,
			error_string("zero value")
		);
	});
}

#[test]
fn clearing_a_slot_removes_the_key_and_refunds_its_deposit() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let deposit = || held(HoldReason::StorageDeposit, &features);
		let before = deposit();
		assert_ok!(call(&features, abi("store(uint256,uint256)", &[word(7), word(70)])));
		let stored = deposit();
		// The mapping slot, the array's length and its element: three keys of 32 bytes holding 32.
		assert_eq!(stored - before, 3 * (DEPOSIT_PER_ITEM + 64 * DEPOSIT_PER_BYTE));
		assert_ok!(call(&features, abi("clear(uint256)", &[word(7)])));
		assert_eq!(stored - deposit(), DEPOSIT_PER_ITEM + 64 * DEPOSIT_PER_BYTE);
		assert_eq!(uint(&output(&features, abi("values(uint256)", &[word(7)]))), 0);
	});
}

#[test]
fn the_environment_is_the_chains() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		System::set_block_number(7);
		let environment = output(&features, abi("environment()", &[]));
		let words: Vec<&[u8]> = environment.chunks(32).collect();
		assert_eq!(uint(words[0]), CHAIN_ID as u128);
		assert_eq!(uint(words[1]), 7);
		assert_eq!(uint(words[2]), 1_700_000_000);
		assert_eq!(words[3], address_word(address_of(&ALICE)));
		assert_eq!(words[4], address_word(address_of(&ALICE)));
		assert_eq!(uint(words[5]), Balances::free_balance(&features));
	});
}

#[test]
fn a_loop_past_its_gas_runs_out_of_gas_and_changes_nothing_but_the_fee() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let gas_limit = Weight::from_parts(1_000_000_000, 1024 * 1024);
		let spin = abi("spin(uint256)", &[word(u64::MAX as u128)]);
		let post = assert_fails_unchanged(
			|| Vm::call(signed(&ALICE), features.clone(), 0, gas_limit, None, spin),
			Error::<Test>::OutOfGas,
		);
		assert_eq!(post.actual_weight, Some(Weights::call().saturating_add(gas_limit)));
	});
}

#[test]
fn evm_code_calls_a_webassembly_contract_and_its_revert_rolls_the_callee_back() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let counter = deploy("counter");
		let count = || u64::from_le_bytes(Vm::get_storage(&counter, b"count").unwrap().try_into().unwrap());
		let result = output(&features, forward_input(address_of(&counter), b"", false));
		assert_eq!(decode_call_result(&result), (true, 1u64.to_le_bytes().to_vec()));
		assert_ok!(call(&features, forward_input(address_of(&counter), b"", false)));
		assert_eq!(count(), 1);
		System::assert_has_event(Event::Called { caller: features.clone(), contract: counter.clone() }.into());

		// The EVM frame reverts after the WebAssembly frame returned: both roll back.
		assert_fails_unchanged(
			|| call(&features, forward_input(address_of(&counter), b"", true)),
			Error::<Test>::ContractReverted,
		);
		assert_eq!(count(), 1);
	});
}

#[test]
fn a_webassembly_contract_calls_the_erc20_with_calldata_encoded_by_hand() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let proxy = deploy("proxy");
		let token = deploy_evm("Token", &[word(1_000)]);
		assert_ok!(call(&token, abi("transfer(address,uint256)", &[address_word(address_of(&proxy)), word(300)])));
		// The proxy is the ERC20's `msg.sender`: it moves its own tokens to Bob.
		let transfer = abi("transfer(address,uint256)", &[address_word(address_of(&BOB)), word(120)]);
		assert_ok!(call(&proxy, proxy_input(0, &token, 0, 0, &transfer)));
		assert_eq!(token_balance(&token, &proxy), 180);
		assert_eq!(token_balance(&token, &BOB), 120);
		// A transfer beyond the proxy's tokens reverts in the ERC20, which the proxy reports.
		let too_much = abi("transfer(address,uint256)", &[address_word(address_of(&BOB)), word(1_000)]);
		let result = output(&proxy, proxy_input(0, &token, 0, 0, &too_much));
		assert_eq!(u32_at(&result, 0), ReturnCode::CalleeReverted.as_u32());
		assert_eq!(&result[4..8], &selector("InsufficientBalance(address,uint256,uint256)"));
	});
}

#[test]
fn a_static_call_runs_its_callee_read_only_whatever_its_engine() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let counter = deploy("counter");
		let before = Vm::get_storage(&counter, b"count");
		let peek =
			[abi("peek(address,bytes)", &[address_word(address_of(&counter)), word(64)]), bytes_tail(b"")].concat();
		// The counter writes storage, which a read-only frame may not: its call fails.
		assert_eq!(decode_call_result(&output(&features, peek)), (false, vec![]));
		assert_ok!(call(&features, abi("sum()", &[])));
		assert_eq!(Vm::get_storage(&counter, b"count"), before);
		// A WebAssembly contract can call read-only too.
		let proxy = deploy("proxy");
		let result = output(&proxy, proxy_input(call_flags::READ_ONLY, &counter, 0, 0, b""));
		assert_eq!(u32_at(&result, 0), ReturnCode::CalleeTrapped.as_u32());
	});
}

#[test]
fn value_moves_in_the_native_currency_between_evm_contracts_and_accounts() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		fund(&features, 5_000);
		// An address the chain does not know is its Ethereum-derived account, which receives.
		let recipient = H160::repeat_byte(0x77);
		assert_ok!(call(&features, abi("pay(address,uint256)", &[address_word(recipient), word(1_000)])));
		assert_eq!(Balances::free_balance(address::eth_derived_account::<Test>(&recipient)), 1_000);
		// A payment beyond the contract's balance fails, and `require` reverts the call.
		let before = Balances::free_balance(&features);
		assert_fails_unchanged(
			|| call(&features, abi("pay(address,uint256)", &[address_word(recipient), word(before * 2)])),
			Error::<Test>::ContractReverted,
		);
	});
}

#[test]
fn transient_storage_lives_for_the_call_stack() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		assert_eq!(uint(&output(&features, abi("transient(uint256)", &[word(99)]))), 99);
	});
}

#[test]
fn the_precompiles_answer_as_on_ethereum_and_the_others_fail() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let peek = |precompile: u8, data: &[u8]| {
			let mut address = H160::zero();
			address.0[19] = precompile;
			let input = [abi("peek(address,bytes)", &[address_word(address), word(64)]), bytes_tail(data)].concat();
			decode_call_result(&output(&features, input))
		};
		assert_eq!(peek(2, b"abc"), (true, sp_io::hashing::sha2_256(b"abc").to_vec()));
		let ripemd =
			sp_core::bytes::from_hex("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc").unwrap();
		assert_eq!(peek(3, b"abc"), (true, ripemd));
		assert_eq!(peek(4, b"echo"), (true, b"echo".to_vec()));
		assert_eq!(peek(5, b"modexp"), (false, vec![]));
	});
}

#[test]
fn keccak256_hashes_through_the_host_and_is_charged_its_benchmark() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		// Returns KECCAK256 of its calldata: CALLDATACOPY(0, 0, size); MSTORE(0, KECCAK256(0, size));
		// RETURN(0, 32).
		let hasher = [0x36, 0x5f, 0x5f, 0x37, 0x36, 0x5f, 0x20, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3];
		let code = ocos_vm_fixtures::evm::deployer(&hasher);
		assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), EVM, None));
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash_of(&code), 0, GAS_LIMIT, None, vec![], vec![]));
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash_of(&code), b"");

		let long: Vec<u8> = (0..4096u32).map(|i| i as u8).collect();
		for data in [&[][..], b"abc", &long] {
			assert_eq!(output(&contract, data.to_vec()), sp_io::hashing::keccak_256(data));
		}
		// Hashing nothing never reaches the host; hashing 4 KiB pays the host's hashing on top of
		// the EVM gas of 128 more words: CALLDATACOPY's 3 and KECCAK256's 6 per word, and memory
		// of 128 words (3 per word and 128² / 512) where the empty input's MSTORE took one (3).
		let gas = |input: Vec<u8>| dry_run_outcome(ALICE, &contract, 0, input).gas_consumed.ref_time();
		let extra = gas(long) - gas(vec![]);
		let evm_gas = 128 * (3 + 6) + (128 * 3 + 128 * 128 / 512 - 3);
		let expected = evm_gas * crate::evm::ref_time_per_gas::<Test>() + Weights::hash_keccak_256(4096).ref_time();
		assert!(extra >= expected, "{extra} < {expected}");
	});
}

#[test]
fn a_delegate_call_runs_another_contracts_code_on_the_callers_storage() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		let code = solidity("Features");
		assert_ok!(Vm::instantiate(
			signed(&ALICE),
			code_hash_of(&code),
			0,
			GAS_LIMIT,
			None,
			vec![],
			b"library".to_vec()
		));
		let library = storage::contract_address::<Test>(&ALICE, &code_hash_of(&code), b"library");
		let store = abi("store(uint256,uint256)", &[word(5), word(55)]);
		let delegate =
			[abi("delegate(address,bytes)", &[address_word(address_of(&library)), word(64)]), bytes_tail(&store)]
				.concat();
		assert_ok!(call(&features, delegate));
		// The library's code ran as `features`, for Alice: `features` stored the value.
		assert_eq!(uint(&output(&features, abi("values(uint256)", &[word(5)]))), 55);
		assert_eq!(uint(&output(&library, abi("values(uint256)", &[word(5)]))), 0);
		System::assert_has_event(
			Event::ContractLog {
				contract: features.clone(),
				topics: vec![topic("Stored(uint256,uint256)"), H256(word(5))],
				data: word(55).to_vec(),
			}
			.into(),
		);
	});
}

#[test]
fn an_account_maps_its_address_so_evm_code_pays_it_and_unmaps_for_its_deposit() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		let features = deploy_evm("Features", &[]);
		fund(&features, 5_000);
		let bob = address_of(&BOB);
		let deposit = DEPOSIT_PER_ITEM + 52 * DEPOSIT_PER_BYTE;
		assert_ok!(Vm::map_account(signed(&BOB)));
		System::assert_last_event(Event::AccountMapped { account: BOB, address: bob, deposit }.into());
		assert_eq!(held(HoldReason::AddressMapping, &BOB), deposit);
		assert_noop!(Vm::map_account(signed(&BOB)), Error::<Test>::AccountAlreadyMapped);
		let eth_derived = address::eth_derived_account::<Test>(&H160::repeat_byte(9));
		assert_noop!(Vm::map_account(signed(&eth_derived)), Error::<Test>::AccountAlreadyMapped);

		let before = Balances::free_balance(&BOB);
		assert_ok!(call(&features, abi("pay(address,uint256)", &[address_word(bob), word(1_000)])));
		assert_eq!(Balances::free_balance(&BOB), before + 1_000);

		assert_ok!(Vm::unmap_account(signed(&BOB)));
		System::assert_last_event(Event::AccountUnmapped { account: BOB, address: bob }.into());
		assert_eq!(held(HoldReason::AddressMapping, &BOB), 0);
		assert_eq!(OriginalAccount::<Test>::get(bob), None);
		assert_noop!(Vm::unmap_account(signed(&BOB)), Error::<Test>::AccountNotMapped);
	});
}

#[test]
fn a_dry_run_in_the_next_blocks_context_asks_for_the_gas_that_block_needs() {
	ExtBuilder::default().build().execute_with(|| {
		register_evm();
		// Stores the block number in slot 0, as a ballot recording each vote's block does:
		// SSTORE(0, NUMBER).
		let recorder = [0x43, 0x5f, 0x55, 0x00];
		let code = ocos_vm_fixtures::evm::deployer(&recorder);
		assert_ok!(Vm::upload_code(signed(&ALICE), code.clone(), EVM, None));
		assert_ok!(Vm::instantiate(signed(&ALICE), code_hash_of(&code), 0, GAS_LIMIT, None, vec![], vec![]));
		let contract = storage::contract_address::<Test>(&ALICE, &code_hash_of(&code), b"");
		let slot = |contract: &AccountId32| Vm::get_storage(contract, &[0; 32]);
		for block in 2..5u64 {
			System::set_block_number(block);
			assert_ok!(Vm::call(signed(&ALICE), contract.clone(), 0, GAS_LIMIT, None, vec![]));
			// In the block that stored it, storing the block number again stores what is there,
			// which is cheaper than the change the next block makes.
			let in_this_block =
				discarding(|| Vm::dry_run_call(ALICE, contract.clone(), 0, None, None, vec![])).gas_required;
			let report = discarding(|| {
				Vm::enter_next_block();
				Vm::dry_run_call(ALICE, contract.clone(), 0, None, None, vec![])
			});
			assert!(report.gas_required.ref_time() > in_this_block.ref_time());

			System::set_block_number(block + 1);
			assert_fails_unchanged(
				|| Vm::call(signed(&ALICE), contract.clone(), 0, in_this_block, None, vec![]),
				Error::<Test>::OutOfGas,
			);
			let post = Vm::call(signed(&ALICE), contract.clone(), 0, report.gas_required, None, vec![]).unwrap();
			assert_eq!(post.actual_weight, Some(Weights::call() + report.gas_consumed));
			assert_eq!(slot(&contract), Some(word(u128::from(block) + 1).to_vec()));
		}
	});
}
