//! The ABI: the host links every syscall as the ABI crate declares it.

use super::*;

/// A module importing every syscall with the signature the ABI crate gives it is accepted and
/// links: the host's definitions cannot drift from the ABI.
#[test]
fn every_abi_syscall_is_linked_with_the_abi_signature() {
	assert_eq!(crate::syscall::LINKED, Syscall::ALL);
	let imports = wat_imports();
	let code = wat::parse_str(format!(
		r#"(module {imports} (memory (export "memory") 1) (func (export "deploy")) (func (export "call")))"#
	))
	.unwrap();
	ExtBuilder::default().build().execute_with(|| {
		let contract = instantiate(upload_bytes(code), b"");
		assert_ok!(call(&contract, vec![]));
	});
}
