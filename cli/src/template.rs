//! `ocos new`: a contract project made from the `counter` example (its contract and its sandbox
//! test, renamed), standalone, depending on the SDK of the OCOS-VM checkout `ocos` was built
//! from and locked to the versions that checkout builds with.

use std::path::{Path, PathBuf};

/// The example the template is, as it is tested in this repository.
const CONTRACT: &str = include_str!("../../examples/counter/src/lib.rs");
const SANDBOX_TEST: &str = include_str!("../../examples/counter/tests/sandbox.rs");

/// The OCOS-VM checkout `ocos` was built from: its SDK and its `Cargo.lock`.
fn checkout() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Creates the project in the new folder `path`, named after its last part; its name.
pub fn create(path: &Path) -> Result<String, String> {
	let name = path
		.file_name()
		.and_then(|name| name.to_str())
		.ok_or_else(|| format!("{}: the folder's name is the contract's name", path.display()))?;
	let valid = name.starts_with(|first: char| first.is_ascii_lowercase())
		&& name.chars().all(|char| char.is_ascii_lowercase() || char.is_ascii_digit() || char == '_' || char == '-');
	if !valid {
		return Err(format!("`{name}` cannot name a contract: use lowercase letters, digits, `_` and `-`"));
	}
	if path.exists() {
		return Err(format!("{} exists already", path.display()));
	}
	let sdk = checkout()
		.join("sdk")
		.canonicalize()
		.map_err(|error| format!("the OCOS-VM SDK this `ocos` was built with is gone ({error})"))?;
	let lock = std::fs::read_to_string(checkout().join("Cargo.lock"))
		.map_err(|error| format!("the OCOS-VM checkout's Cargo.lock: {error}"))?;
	let module = name.replace('-', "_");
	let camel: String =
		module.split('_').map(|word| word[..1.min(word.len())].to_uppercase() + &word[1.min(word.len())..]).collect();
	let rename = |text: &str| {
		text.replace("pub mod counter", &format!("pub mod {module}"))
			.replace("use counter::counter::", &format!("use {module}::{module}::"))
			.replace("CounterRef", &format!("{camel}Ref"))
	};
	let files = [
		("Cargo.toml", manifest(name, &sdk)),
		("Cargo.lock", lock),
		("src/lib.rs", rename(CONTRACT)),
		("tests/sandbox.rs", rename(SANDBOX_TEST)),
		(".gitignore", "/target\n".into()),
		("README.md", readme(name, path)),
	];
	for (file, text) in files {
		let file = path.join(file);
		let write = |file: &Path| {
			std::fs::create_dir_all(file.parent().expect("a file in the project"))?;
			std::fs::write(file, text)
		};
		write(&file).map_err(|error| format!("{}: {error}", file.display()))?;
	}
	Ok(name.to_string())
}

/// The project's manifest: a `cdylib` for the chain and an `rlib` for its tests and callers.
fn manifest(name: &str, sdk: &Path) -> String {
	let sdk = sdk.display();
	format!(
		r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib", "rlib"]

[dependencies]
ocos-contract = {{ path = "{sdk}" }}

[features]
# Built as another contract's dependency: its `…Ref` only, no entry points.
as-dependency = []
metadata = ["ocos-contract/metadata"]

[dev-dependencies]
ocos-contract = {{ path = "{sdk}", features = ["std"] }}
ocos-sandbox = {{ path = "{sdk}/sandbox" }}

# A project of its own, not a member of an enclosing workspace.
[workspace]
"#
	)
}

/// The project's README: how to build, test and deploy it.
fn readme(name: &str, path: &Path) -> String {
	let path = path.display();
	format!(
		r#"# {name}

An OCOS-VM contract: a counter anyone increments (`src/lib.rs`), with a test that runs it in the
sandbox, inside the chain's own runtime (`tests/sandbox.rs`).

- Build: `ocos build {path}` writes `target/ocos-contract/{name}.wasm` and `.json`, checked
  with the chain's own upload check.
- Test: `cargo test --release --manifest-path {path}/Cargo.toml`.
- Deploy on a dev chain (`ocos-node --dev`): `ocos upload -c {path} -x`, then
  `ocos instantiate 0 -c {path} -x`, and `ocos call ADDRESS increment -c {path} -x`.
"#
	)
}
