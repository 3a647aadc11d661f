fn main() {
	// Only the native build of the `blob` feature builds the WebAssembly (the build of the
	// WebAssembly itself has no `std`), with pallet-contracts' benchmarks in it.
	#[cfg(all(feature = "std", feature = "blob"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_feature("runtime-benchmarks").build();
}
