//! The code the targets upload: random bytes, modules of any shape wasm-smith makes, and modules
//! shaped for the contract ABI (the `ocos` syscalls as imports, `memory`, `deploy` and `call` as
//! exports, only the features the engine runs).

use arbitrary::{Result, Unstructured};
use ocos_vm_uapi::exports;
use sp_runtime::Weight;

/// Code of any kind: random bytes, a module of a random configuration, or a module shaped for the
/// ABI that may break it (floats, a start function).
pub fn any_code(u: &mut Unstructured) -> Result<Vec<u8>> {
	match u.int_in_range(0..=2)? {
		0 => u.arbitrary(),
		1 => Ok(wasm_smith::Module::new(u.arbitrary()?, u)?.to_bytes()),
		_ => {
			let mut config = abi_config();
			config.allow_floats = u.arbitrary()?;
			config.allow_start_export = u.arbitrary()?;
			Ok(wasm_smith::Module::new(config, u)?.to_bytes())
		}
	}
}

/// A module shaped for the ABI in which every loop and call is bounded: wasm-smith counts down a
/// fuel global and traps when it runs out.
pub fn terminating_contract(u: &mut Unstructured) -> Result<Vec<u8>> {
	let mut module = wasm_smith::Module::new(abi_config(), u)?;
	module.ensure_termination(u.int_in_range(1..=10_000)?).map_err(|_| arbitrary::Error::IncorrectFormat)?;
	Ok(module.to_bytes())
}

/// A gas limit: from far too little to the most an extrinsic carries.
pub fn gas_limit(u: &mut Unstructured) -> Weight {
	let ref_time = match u.int_in_range(0..=2).unwrap_or_default() {
		0 => u.int_in_range(0..=100_000_000),
		1 => u.int_in_range(0..=50_000_000_000),
		_ => Ok(1_000_000_000_000),
	};
	Weight::from_parts(ref_time.unwrap_or_default(), u.int_in_range(0..=5 * 1024 * 1024).unwrap_or_default())
}

/// wasm-smith's configuration for the ABI: the engine's features only, within the upload limits.
fn abi_config() -> wasm_smith::Config {
	wasm_smith::Config {
		available_imports: Some(syscall_imports()),
		exports: Some(abi_exports()),
		allow_floats: false,
		allow_start_export: false,
		simd_enabled: false,
		relaxed_simd_enabled: false,
		threads_enabled: false,
		tail_call_enabled: false,
		gc_enabled: false,
		exceptions_enabled: false,
		memory64_enabled: false,
		extended_const_enabled: false,
		wide_arithmetic_enabled: false,
		compact_imports_enabled: false,
		// The memory the ABI exports is the only one: wasm-smith adds it beside those it makes.
		max_memories: 0,
		max_tables: 1,
		max_memory32_bytes: 16 * 64 * 1024,
		max_table_elements: 1_000,
		max_imports: 64,
		max_funcs: 50,
		max_instructions: 300,
		..wasm_smith::Config::default()
	}
}

/// A module importing every syscall, for wasm-smith to import from.
fn syscall_imports() -> Vec<u8> {
	wat::parse_str(format!("(module {})", ocos_vm_uapi::wat_imports())).expect("the syscall table is valid wasm; qed")
}

/// A module with the exports a contract must have, for wasm-smith to export the like.
fn abi_exports() -> Vec<u8> {
	wat::parse_str(format!(
		"(module (memory (export \"{}\") 1 16) (func (export \"{}\")) (func (export \"{}\")))",
		exports::MEMORY,
		exports::DEPLOY,
		exports::CALL
	))
	.expect("the ABI's exports are valid wasm; qed")
}
