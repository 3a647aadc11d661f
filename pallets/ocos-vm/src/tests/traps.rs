//! Hostile contracts: each fails with its exact error and changes nothing.

use super::*;

#[test]
fn unbounded_recursion_traps_with_stack_overflow() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("recursion");
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::ContractTrapped(TrapKind::StackOverflow));
	});
}

#[test]
fn growing_memory_past_the_limit_traps() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("memory_grow");
		// Growing within MaxMemoryPages (16) works; past it traps.
		assert_eq!(output(&contract, 15u32.to_le_bytes().to_vec()), 1u32.to_le_bytes());
		assert_fails_unchanged(
			|| call(&contract, 16u32.to_le_bytes().to_vec()),
			Error::<Test>::ContractTrapped(TrapKind::MemoryLimitExceeded),
		);
	});
}

#[test]
fn syscall_pointers_outside_memory_trap_and_never_reach_the_runtime() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("bad_pointer");
		for op in 0u8..4 {
			assert_fails_unchanged(
				|| call(&contract, vec![op]),
				Error::<Test>::ContractTrapped(TrapKind::SyscallOutOfBounds),
			);
		}
	});
}

#[test]
fn a_wasm_load_out_of_bounds_traps() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("bad_pointer");
		assert_fails_unchanged(
			|| call(&contract, vec![4]),
			Error::<Test>::ContractTrapped(TrapKind::MemoryOutOfBounds),
		);
	});
}

#[test]
fn oversized_keys_values_and_logs_trap_with_the_limit_they_broke() {
	ExtBuilder::default().build().execute_with(|| {
		let store = deploy("storage");
		assert_fails_unchanged(
			|| call(&store, key_input(0, &[1; 129], b"v")),
			Error::<Test>::ContractTrapped(TrapKind::StorageKeyTooLong),
		);
		assert_fails_unchanged(
			|| call(&store, key_input(0, b"k", &vec![1; 16 * 1024 + 1])),
			Error::<Test>::ContractTrapped(TrapKind::StorageValueTooLarge),
		);
		assert_ok!(call(&store, key_input(0, &[1; 128], &vec![1; 16 * 1024])));
		let log = deploy("log");
		let log_input = |topics: u32, data: usize| log_input(1, topics, data);
		assert_fails_unchanged(|| call(&log, log_input(5, 1)), Error::<Test>::ContractTrapped(TrapKind::TooManyTopics));
		assert_fails_unchanged(
			|| call(&log, log_input(1, 1025)),
			Error::<Test>::ContractTrapped(TrapKind::LogDataTooLarge),
		);
		assert_ok!(call(&log, log_input(4, 1024)));
		System::assert_has_event(
			Event::ContractLog { contract: log, topics: vec![H256::repeat_byte(0xEE); 4], data: vec![0xEE; 1024] }
				.into(),
		);
	});
}

#[test]
fn hashing_more_than_the_buffer_limit_traps() {
	let code = wat::parse_str(
		r#"(module
			(import "ocos" "hash_blake2_256" (func $blake2 (param i32 i32 i32)))
			(memory (export "memory") 1)
			(func (export "deploy"))
			(func (export "call") (call $blake2 (i32.const 0) (i32.const 32769) (i32.const 0))))"#,
	)
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let hashes = instantiate(upload_bytes(code), b"");
		assert_fails_unchanged(|| call(&hashes, vec![]), Error::<Test>::ContractTrapped(TrapKind::BufferTooLarge));
	});
}

#[test]
// A chain fault is `defensive!`: a panic in debug builds, a log in release ones (which the tests are).
#[cfg_attr(debug_assertions, should_panic)]
fn a_broken_chain_guarantee_traps_as_a_chain_fault_and_changes_nothing() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("counter");
		// Stored code never goes while a contract runs it: take it away behind the pallet's back.
		let code_hash = ContractInfoOf::<Test>::get(&contract).unwrap().code_hash;
		PristineCode::<Test>::remove(code_hash);
		assert_fails_unchanged(|| call(&contract, vec![]), Error::<Test>::ContractTrapped(TrapKind::ChainFault));
	});
}
