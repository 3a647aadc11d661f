//! What `ocos-contract-build` makes: code within the size targets, and metadata that describes the
//! contract as the SDK dispatches it.

use ocos_contract::metadata::StorageKind;
use ocos_contract_build::{code_hash, hex, Build, MetadataFile};

fn example(name: &str) -> String {
	format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn an_empty_contract_takes_under_one_kib() {
	let built = Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/empty")).run().expect("it builds");
	println!("empty contract: {} bytes", built.wasm.len());
	assert!(built.wasm.len() <= 1024, "{} bytes", built.wasm.len());
}

#[test]
fn the_token_takes_at_most_8_kib_and_its_metadata_describes_it() {
	let built = Build::new(example("token")).run().expect("the token builds");
	println!("token: {} bytes", built.wasm.len());
	assert!(built.wasm.len() <= 8 * 1024, "{} bytes", built.wasm.len());
	assert_eq!(std::fs::read(&built.wasm_path).unwrap(), built.wasm);

	let json = std::fs::read_to_string(&built.metadata_path).unwrap();
	let file: MetadataFile = serde_json::from_str(&json).expect("the JSON reads back");
	assert_eq!(file, built.metadata);
	assert_eq!(file.source.hash, hex(&code_hash(&built.wasm)));
	assert_eq!(file.source.wasm_len, built.wasm.len());
	assert!(file.source.language.starts_with("ocos-contract "));
	assert!(file.source.compiler.starts_with("rustc 1."));
	assert_eq!(file.contract.name, "token");

	let spec = &file.spec;
	assert_eq!(spec.deploy.name, "new");
	assert_eq!(spec.deploy.selector, None);
	let names: Vec<&str> = spec.messages.iter().map(|message| message.name.as_str()).collect();
	assert_eq!(names, ["total_supply", "balance_of", "allowance", "transfer", "approve", "transfer_from"]);
	for message in &spec.messages {
		let hash = code_hash(message.name.as_bytes());
		assert_eq!(message.selector, Some([hash[0], hash[1], hash[2], hash[3]]), "{}", message.name);
		assert!(!message.payable);
		assert_eq!(message.mutates, !["total_supply", "balance_of", "allowance"].contains(&message.name.as_str()));
	}
	let transfer = spec.messages.iter().find(|message| message.name == "transfer").unwrap();
	let arguments: Vec<&str> = transfer.args.iter().map(|field| field.name.as_str()).collect();
	assert_eq!(arguments, ["to", "value"]);
	let result = spec.types.resolve(transfer.returns.unwrap()).expect("the result type is registered");
	assert_eq!(result.path.segments, ["Result"]);

	let events: Vec<(&str, Vec<bool>)> = spec
		.events
		.iter()
		.map(|event| (event.name.as_str(), event.fields.iter().map(|field| field.indexed).collect()))
		.collect();
	assert_eq!(events, [("Transfer", vec![true, true, false]), ("Approval", vec![true, true, false])]);
	assert_eq!(spec.events[0].signature, code_hash(b"Transfer"));

	let error = spec.types.resolve(spec.errors[0]).expect("the error type is registered");
	assert_eq!(error.path.segments.last().map(String::as_str), Some("Error"));
	let dispatch_error = spec.types.resolve(spec.dispatch_error).unwrap();
	assert_eq!(dispatch_error.path.segments.last().map(String::as_str), Some("DispatchError"));

	let storage: Vec<(&str, StorageKind, &[u8])> =
		spec.storage.iter().map(|item| (item.name.as_str(), item.kind, &item.prefix[..])).collect();
	assert_eq!(
		storage,
		[
			("BALANCES", StorageKind::Map, &b"\x20balances"[..]),
			("ALLOWANCES", StorageKind::Map, &b"\x28allowances"[..]),
			("TOTAL_SUPPLY", StorageKind::Item, &b"\x30total_supply"[..]),
		]
	);
}

#[test]
fn a_crate_that_is_not_a_contract_is_refused_with_the_reason() {
	let error = Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../macros")).run().expect_err("not a contract");
	assert!(error.to_string().contains("cdylib"), "{error}");
}
