//! `ocos new`: a contract project made from the `counter` example (its contract and its sandbox
//! test, renamed), standalone, depending on the SDK of the OCOS-VM checkout `ocos` was built
//! from and locked to the versions that checkout builds with.

use std::path::{Path, PathBuf};

/// The example the template is, as it is tested in this repository.
const CONTRACT: &str = include_str!("../../examples/counter/src/lib.rs");
const SANDBOX_TEST: &str = include_str!("../../examples/counter/tests/sandbox.rs");

/// The OCOS-VM checkout `ocos` was built from: its SDK, its `Cargo.lock` and its manifest.
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
	let root = checkout()
		.canonicalize()
		.map_err(|error| format!("the OCOS-VM checkout this `ocos` was built from is gone ({error})"))?;
	let sdk = root.join("sdk");
	let checkout_manifest = std::fs::read_to_string(root.join("Cargo.toml"))
		.map_err(|error| format!("the OCOS-VM checkout's Cargo.toml: {error}"))?;
	let lock = std::fs::read_to_string(root.join("Cargo.lock"))
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
		("Cargo.toml", manifest(name, &sdk, &built_as(&checkout_manifest, &root))),
		("Cargo.lock", lock),
		("src/lib.rs", rename(CONTRACT)),
		("tests/sandbox.rs", rename(SANDBOX_TEST)),
		(".cargo/config.toml", cargo_config(&root)),
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

/// The project's manifest: a `cdylib` for the chain and an `rlib` for its tests and callers; then
/// `built_as`, the checkout's own build settings.
fn manifest(name: &str, sdk: &Path, built_as: &str) -> String {
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

# As the OCOS-VM checkout builds: its release profile (the sandbox runs the chain's runtime
# natively) and its patched crates (the wasmi the runtime executes contracts with, and the
# wasm-opt its build script runs).
{built_as}
# A project of its own, not a member of an enclosing workspace.
[workspace]
"#
	)
}

/// The sections of the checkout's manifest a project must build with, as they are written there,
/// their paths made absolute (from `root`, the checkout): the release profile and the patches.
fn built_as(checkout_manifest: &str, root: &Path) -> String {
	["[profile.release]", "[patch.crates-io]"]
		.into_iter()
		.filter_map(|header| {
			let start = checkout_manifest.lines().position(|line| line == header)?;
			let lines = checkout_manifest.lines().skip(start);
			let section: Vec<&str> = lines
				.enumerate()
				.take_while(|(at, line)| *at == 0 || !line.starts_with('['))
				.map(|(_, line)| line)
				.collect();
			Some(section.join("\n").trim_end().replace("path = \"", &format!("path = \"{}/", root.display())) + "\n\n")
		})
		.collect()
}

/// The project's cargo configuration: the environment the checkout builds with (its
/// `.cargo/config.toml`), so that its build of the crates a project shares is the project's too;
/// cargo builds a crate again for another environment.
fn cargo_config(root: &Path) -> String {
	format!(
		r#"# As the OCOS-VM checkout builds: the runtime's wasm from the checkout's lock file, the
# system's OpenSSL.
[env]
WASM_BUILD_WORKSPACE_HINT = "{}"
OPENSSL_NO_VENDOR = "1"
"#,
		root.display()
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

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_project_builds_with_the_checkouts_release_profile_and_patched_crates() {
		let checkout_manifest = std::fs::read_to_string(checkout().join("Cargo.toml")).unwrap();
		let root = Path::new("/checkout");
		let manifest = manifest("flipper", &root.join("sdk"), &built_as(&checkout_manifest, root));
		assert!(manifest.contains("\n[profile.release]\n"), "{manifest}");
		assert!(manifest.contains("\npanic = \"unwind\"\n"), "{manifest}");
		assert!(manifest.contains("\n[patch.crates-io]\n"), "{manifest}");
		assert!(manifest.contains("\nwasmi = { path = \"/checkout/vendor/wasmi\" }\n"), "{manifest}");
		assert!(manifest.contains("\nwasm-opt = { path = \"/checkout/vendor/wasm-opt\" }\n"), "{manifest}");
		assert!(manifest.ends_with("\n[workspace]\n"), "{manifest}");
	}
}
