//! `ocos-contract-build [--debug] [PATH]...`: builds the contract crates at the paths (the current
//! folder by default) and prints, for each, where its code and metadata went, its size and its
//! code hash.

use ocos_contract_build::Build;
use std::process::ExitCode;

fn main() -> ExitCode {
	let mut debug = false;
	let mut paths = Vec::new();
	for argument in std::env::args().skip(1) {
		match argument.as_str() {
			"--debug" => debug = true,
			"-h" | "--help" => {
				println!("usage: ocos-contract-build [--debug] [PATH]...\n\nBuilds each contract crate (default: the current folder) to <target>/ocos-contract/<name>.wasm and <name>.json.\n  --debug  keep debug assertions: a panic reverts with its message instead of trapping");
				return ExitCode::SUCCESS;
			}
			_ => paths.push(argument),
		}
	}
	if paths.is_empty() {
		paths.push(".".into());
	}
	for path in paths {
		let started = std::time::Instant::now();
		match Build::new(&path).debug(debug).run() {
			Ok(contract) => println!(
				"{}: {} bytes, code hash {}, built in {:.1} s\n  {}\n  {}",
				contract.metadata.contract.name,
				contract.wasm.len(),
				contract.metadata.source.hash,
				started.elapsed().as_secs_f64(),
				contract.wasm_path.display(),
				contract.metadata_path.display(),
			),
			Err(error) => {
				eprintln!("{path}: {error}");
				return ExitCode::FAILURE;
			}
		}
	}
	ExitCode::SUCCESS
}
