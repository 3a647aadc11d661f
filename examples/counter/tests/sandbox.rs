use counter::counter::{CounterRef, Incremented};
use ocos_sandbox::{alice, to_contract, Sandbox};

#[test]
fn increment_counts_and_emits() {
	let code = ocos_sandbox::build(env!("CARGO_MANIFEST_DIR"));
	let mut sandbox = Sandbox::new();
	let counter = CounterRef::at(sandbox.deploy(&alice(), &code, CounterRef::new(41)).unwrap());
	let counted = sandbox.call(&alice(), counter.increment());
	assert_eq!(counted.result, Ok(42));
	assert_eq!(counted.events::<Incremented>(), vec![Incremented { by: to_contract(&alice()), count: 42 }]);
	assert_eq!(sandbox.call(&alice(), counter.get()).unwrap(), 42);
}
