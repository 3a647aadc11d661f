//! `ocos build` without a node: the chain's own upload check, run on a contract's code.

use std::{
	fs,
	path::{Path, PathBuf},
	process::Command,
};

/// Runs `ocos` with `args` and `--json`: its exit code and what it printed.
fn ocos(args: &[&str]) -> (i32, serde_json::Value) {
	let output = Command::new(env!("CARGO_BIN_EXE_ocos")).args(args).arg("--json").output().expect("ocos runs");
	let json = serde_json::from_slice(&output.stdout).expect("ocos prints JSON");
	(output.status.code().expect("an exit code"), json)
}

#[test]
fn a_built_contract_passes_the_chains_upload_check_and_code_it_would_refuse_fails_with_the_reason() {
	let token = ocos_contract_build::Build::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/token"))
		.run()
		.expect("the token builds");
	let (code, built) = ocos(&["build", token.metadata_path.to_str().unwrap()]);
	assert_eq!(code, 0, "{built}");
	assert_eq!(built["build"]["size"], token.wasm.len());
	assert_eq!(built["build"]["code_hash"], token.metadata.source.hash);

	// The same metadata beside code that uses floats.
	let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ocos-cli-offline");
	fs::create_dir_all(&dir).unwrap();
	let floats = wat::parse_str(
		r#"(module (memory (export "memory") 1) (func (export "deploy"))
		   (func (export "call") (drop (f32.add (f32.const 1) (f32.const 2)))))"#,
	)
	.unwrap();
	fs::write(dir.join("floats.wasm"), floats).unwrap();
	fs::write(dir.join("floats.json"), serde_json::to_vec(&token.metadata).unwrap()).unwrap();
	let (code, refused) = ocos(&["build", dir.join("floats.json").to_str().unwrap()]);
	assert_eq!(code, 1, "{refused}");
	assert!(refused["error"].as_str().unwrap().contains("CodeRejected(FloatsNotAllowed)"), "{refused}");

	let (code, missing) = ocos(&["build", dir.join("missing.json").to_str().unwrap()]);
	assert_eq!(code, 3, "nothing to check is a local failure: {missing}");
}

/// An empty folder `name` under the tests' temporary folder.
fn fresh_dir(name: &str) -> PathBuf {
	let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
	let _ = fs::remove_dir_all(&dir);
	fs::create_dir_all(&dir).unwrap();
	dir
}

#[test]
fn a_new_project_builds_as_it_is_and_a_bad_name_or_an_existing_folder_is_refused() {
	let dir = fresh_dir("ocos-cli-new");
	let project = dir.join("my-counter");
	let (code, created) = ocos(&["new", project.to_str().unwrap()]);
	assert_eq!((code, &created["new"]["name"]), (0, &serde_json::json!("my-counter")), "{created}");
	let contract = fs::read_to_string(project.join("src/lib.rs")).unwrap();
	assert!(contract.contains("pub mod my_counter"), "{contract}");
	let test = fs::read_to_string(project.join("tests/sandbox.rs")).unwrap();
	assert!(test.contains("use my_counter::my_counter::{MyCounterRef"), "{test}");

	let (code, built) = ocos(&["build", project.to_str().unwrap()]);
	assert_eq!(code, 0, "{built}");
	assert_eq!(built["build"]["name"], "my-counter", "{built}");

	let (code, exists) = ocos(&["new", project.to_str().unwrap()]);
	assert_eq!(code, 3, "{exists}");
	assert!(exists["error"].as_str().unwrap().contains("exists already"), "{exists}");
	let (code, bad) = ocos(&["new", dir.join("Bad Name").to_str().unwrap()]);
	assert_eq!(code, 3, "{bad}");
	assert!(bad["error"].as_str().unwrap().contains("cannot name a contract"), "{bad}");
	assert!(!dir.join("Bad Name").exists());
}

#[test]
fn a_new_projects_test_passes_without_building_the_checkouts_dependencies_again() {
	let project = fresh_dir("ocos-cli-new-test").join("first-contract");
	let (code, created) = ocos(&["new", project.to_str().unwrap()]);
	assert_eq!(code, 0, "{created}");
	// As its README says, in the target dir the checkout's build filled.
	let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf();
	let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
		.args(["test", "--release", "--manifest-path"])
		.arg(project.join("Cargo.toml"))
		.env("CARGO_TARGET_DIR", &target_dir)
		.output()
		.expect("cargo runs");
	let log = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "the project's test fails:\n{log}");
	// Every crate from crates.io was built by the checkout's build, with the same features
	// (`ocos-workspace-features`). The checkout's own crates are built apart for projects (cargo
	// names the sources of its workspace's members relatively, of a path dependency absolutely),
	// once for all projects: this test builds them in `./scripts/test.sh`. So is a crate of
	// crates.io that depends on one of them (substrate-wasm-builder, on the patched wasm-opt).
	let checkout = fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
	let built_apart = dependents_of_the_checkout(&project, &checkout);
	let rebuilt: Vec<&str> = log
		.lines()
		.filter_map(|line| line.trim_start().strip_prefix("Compiling "))
		.filter(|unit| !unit.starts_with("first-contract ") && !unit.contains(&format!("({}/", checkout.display())))
		.filter(|unit| !built_apart.iter().any(|name| name == unit))
		.collect();
	assert!(
		rebuilt.is_empty(),
		"a new project built again what the checkout built: {rebuilt:?}; run scripts/workspace-features.py"
	);
}

/// The crates of crates.io in `project`'s build that depend on a crate of the checkout (a patched
/// one), as cargo names them when it compiles them (`name vVERSION`).
fn dependents_of_the_checkout(project: &Path, checkout: &Path) -> Vec<String> {
	let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
		.args(["metadata", "--format-version", "1", "--manifest-path"])
		.arg(project.join("Cargo.toml"))
		.output()
		.expect("cargo runs");
	assert!(output.status.success(), "cargo metadata fails: {}", String::from_utf8_lossy(&output.stderr));
	let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
	let packages = metadata["packages"].as_array().unwrap();
	let package = |id: &serde_json::Value| packages.iter().find(|package| package["id"] == *id).unwrap();
	let in_checkout =
		|package: &serde_json::Value| Path::new(package["manifest_path"].as_str().unwrap()).starts_with(checkout);
	metadata["resolve"]["nodes"]
		.as_array()
		.unwrap()
		.iter()
		.filter(|node| !in_checkout(package(&node["id"])))
		.filter(|node| {
			node["dependencies"].as_array().unwrap().iter().any(|dependency| in_checkout(package(dependency)))
		})
		.map(|node| {
			let package = package(&node["id"]);
			format!("{} v{}", package["name"].as_str().unwrap(), package["version"].as_str().unwrap())
		})
		.collect()
}
