//! Compiles the benchmarks' contracts (`fixtures/benchmarks/*.wat`) into `OUT_DIR` when the pallet
//! is built with `runtime-benchmarks`, so the runtime can embed them.

fn main() {
	println!("cargo::rerun-if-changed=fixtures/benchmarks");
	#[cfg(feature = "runtime-benchmarks")]
	compile_benchmark_fixtures();
}

#[cfg(feature = "runtime-benchmarks")]
fn compile_benchmark_fixtures() {
	use std::{env, fs, path::PathBuf};
	let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("benchmarks");
	fs::create_dir_all(&out_dir).expect("OUT_DIR is writable");
	for entry in fs::read_dir("fixtures/benchmarks").expect("fixtures/benchmarks exists") {
		let path = entry.expect("a readable directory").path();
		if path.extension().is_some_and(|extension| extension == "wat") {
			let wasm = wat::parse_file(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
			fs::write(out_dir.join(path.file_stem().unwrap()).with_extension("wasm"), wasm)
				.expect("OUT_DIR is writable");
		}
	}
}
