//! The runtime's WebAssembly as the chain stores it: the compact blob substrate-wasm-builder
//! writes through the patched `wasm-opt` (vendor/README.md).

#[test]
fn the_runtime_blob_is_webassembly_1_0_without_dwarf() {
	let blob = ocos_runtime::WASM_BINARY.expect("the runtime's WebAssembly is built");
	let code = sp_maybe_compressed_blob::decompress(blob, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
		.expect("the blob decompresses");
	// WebAssembly 1.0 with mutable globals, what wasm32v1-none emits and every executor runs.
	wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::WASM1)
		.validate_all(&code)
		.expect("the runtime is WebAssembly 1.0");
	let mut custom_sections = Vec::new();
	for payload in wasmparser::Parser::new(0).parse_all(&code) {
		if let wasmparser::Payload::CustomSection(section) = payload.expect("the runtime parses") {
			custom_sections.push(section.name().to_owned());
		}
	}
	assert!(!custom_sections.iter().any(|name| name.starts_with(".debug_")), "DWARF left: {custom_sections:?}");
	// What the node reads the runtime's version from stays.
	assert!(custom_sections.iter().any(|name| name == "runtime_version"), "{custom_sections:?}");
}
