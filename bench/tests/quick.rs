//! The harness in its quick mode, as CI runs it: every workload runs through every column, the
//! columns agree on every result (the harness checks that itself), every workload and hostile
//! shape is applied by the runtime's WebAssembly in a block, and the tables are printed. Nothing
//! here is timed.

use std::process::Command;

#[test]
fn the_quick_harness_runs_every_workload_through_every_column() {
	let output = Command::new(env!("CARGO_BIN_EXE_ocos-bench")).arg("--quick").output().expect("ocos-bench starts");
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(
		output.status.success(),
		"ocos-bench --quick failed:\n{stdout}\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	for section in [
		"## Time per call",
		"## Weight charged per call",
		"## Summary",
		"## Code size",
		"## The SDK's token",
		"## In the runtime",
	] {
		assert!(stdout.contains(section), "no {section} section in:\n{stdout}");
	}
	for workload in [
		"empty call",
		"counting loop",
		"fibonacci",
		"prime sieve",
		"keccak-256 in wasm",
		"keccak-256 syscall",
		"token transfer",
		"storage get",
		"storage set",
	] {
		let row = stdout
			.lines()
			.find(|line| line.starts_with(&format!("| {workload}")))
			.unwrap_or_else(|| panic!("no row for {workload}"));
		assert!(!row.contains("NaN") && !row.contains("inf"), "a broken measurement: {row}");
	}
}
