//! The SDK's edges, run in the sandbox: panics in debug and release builds, overflow checks, the
//! buffer's limits, storage keys and values of every size, and the lazily loaded list.

use ocos_contract::dispatch::DispatchError;
use ocos_contract_build::Build;
use ocos_sandbox::{alice, Failure, Sandbox, TrapKind, VmError};
use probe_contract::probe::ProbeRef;

const PROBE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/probe");

/// A sandbox with the probe deployed, built in release or debug.
fn deployed(debug: bool) -> (Sandbox, ProbeRef) {
	let code = if debug {
		Build::new(PROBE).debug(true).run().expect("the probe builds").wasm
	} else {
		ocos_sandbox::build(PROBE)
	};
	let mut sandbox = Sandbox::new();
	let address = sandbox.deploy(&alice(), &code, ProbeRef::new()).unwrap();
	(sandbox, ProbeRef::at(address))
}

#[test]
fn a_panic_reverts_with_its_message_in_a_debug_build_and_traps_in_a_release_build() {
	let (mut sandbox, probe) = deployed(true);
	let failed = sandbox.call(&alice(), probe.fail("the sky fell".into()));
	assert!(failed.reverted);
	match failed.result {
		Err(Failure::Dispatch(DispatchError::Panic(message))) => assert!(message.contains("the sky fell"), "{message}"),
		other => panic!("expected a panic with its message, got {other:?}"),
	}

	let (mut sandbox, probe) = deployed(false);
	let trapped = sandbox.call(&alice(), probe.fail("the sky fell".into()));
	assert_eq!(trapped.result, Err(Failure::Vm(VmError::ContractTrapped(TrapKind::Unreachable))));
	assert!(trapped.output.is_empty(), "a release build carries no message");
}

#[test]
fn arithmetic_overflow_traps() {
	let (mut sandbox, probe) = deployed(false);
	assert_eq!(sandbox.call(&alice(), probe.sum(vec![1, 2, 3])).unwrap(), 6);
	let overflow = sandbox.call(&alice(), probe.sum(vec![u64::MAX, 1]));
	assert_eq!(overflow.result, Err(Failure::Vm(VmError::ContractTrapped(TrapKind::Unreachable))));
}

#[test]
fn inputs_and_outputs_of_every_size_up_to_the_buffer_pass_and_longer_ones_trap() {
	let (mut sandbox, probe) = deployed(false);
	for len in [0, 1, 31, 32, 33, 1_000, 16_000] {
		let input: Vec<u8> = (0..len).map(|byte| byte as u8).collect();
		assert_eq!(sandbox.call(&alice(), probe.echo(input.clone())).unwrap(), input, "{len} bytes");
	}
	let too_long = sandbox.call(&alice(), probe.echo(vec![7; ocos_contract::buffer::BUFFER_LEN]));
	assert_eq!(too_long.result, Err(Failure::Vm(VmError::ContractTrapped(TrapKind::OutputBufferTooSmall))));
}

#[test]
fn storage_keeps_values_of_every_size_under_keys_up_to_the_chains_limit() {
	let (mut sandbox, probe) = deployed(false);
	let key = vec![1u8; 100];
	let blob: Vec<u8> = (0..10_000).map(|byte| byte as u8).collect();
	assert_eq!(sandbox.call(&alice(), probe.swap(key.clone(), blob.clone())).unwrap(), None);
	assert_eq!(sandbox.call(&alice(), probe.swap(key.clone(), vec![])).unwrap(), Some(blob));
	assert_eq!(sandbox.call(&alice(), probe.swap(key, vec![9])).unwrap(), Some(vec![]));
	let long_key = sandbox.call(&alice(), probe.swap(vec![1u8; 200], vec![9]));
	assert_eq!(long_key.result, Err(Failure::Vm(VmError::ContractTrapped(TrapKind::StorageKeyTooLong))));
}

#[test]
fn a_vector_loads_items_one_by_one() {
	let (mut sandbox, probe) = deployed(false);
	for number in [5, 6, 7] {
		sandbox.call(&alice(), probe.push(number)).unwrap();
	}
	assert_eq!(sandbox.call(&alice(), probe.numbers()).unwrap(), vec![5, 6, 7]);
	assert_eq!(sandbox.call(&alice(), probe.pop()).unwrap(), Some(7));
	assert_eq!(sandbox.call(&alice(), probe.push(8)).unwrap(), 2);
	assert_eq!(sandbox.call(&alice(), probe.numbers()).unwrap(), vec![5, 6, 8]);
}
