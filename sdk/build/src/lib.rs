//! # ocos-contract-build
//!
//! Builds a contract crate written with `ocos-contract` on stable Rust, with nothing to install but
//! the `wasm32-unknown-unknown` target:
//! 1. `cargo build --target wasm32-unknown-unknown` with the contract profile ([`PROFILE`]: LTO,
//!    one codegen unit, `panic = "abort"`, overflow checks, stripped) and a 32 KiB stack, so the
//!    contract's memory starts at two pages;
//! 2. the same with the crate's `metadata` feature, whose wasm exports `__ocos_metadata`: it runs
//!    in wasmi and returns the contract's metadata, SCALE-encoded;
//! 3. writes `<name>.wasm` and `<name>.json` (the metadata, the code hash, the SDK and rustc
//!    versions) under `<target dir>/ocos-contract/`.
//!
//! The profile is passed to cargo on its command line, so a contract's workspace needs no
//! `[profile]` of its own. A debug build ([`Build::debug`]) keeps debug assertions: a panic
//! reverts the call with its message instead of trapping.

use codec::Decode;
use ocos_contract::metadata::ContractMetadata;
use serde::{Deserialize, Serialize};
use std::{
	fmt,
	path::{Path, PathBuf},
	process::Command,
};

/// The cargo profile contracts are built with, and its settings.
pub const PROFILE: (&str, &[(&str, &str)]) = (
	"ocos-contract",
	&[
		("inherits", "\"release\""),
		// `token` is 6,955 bytes at 3 (a transfer burns 60k fuel), 7,004 at 2 (61k), 8,021 at "s"
		// (80k) and 8,336 at "z" (87k): inlining the SDK's closures leaves less code than calling
		// them, and the chain charges for every byte of a function it compiles.
		("opt-level", "3"),
		("lto", "true"),
		("codegen-units", "1"),
		("panic", "\"abort\""),
		("overflow-checks", "true"),
		("debug-assertions", "false"),
		("strip", "true"),
	],
);

/// The stack a contract gets, in bytes: the linker's default (1 MiB) would make every instance
/// start with 17 pages of memory.
pub const STACK_SIZE: u32 = 32 * 1024;

/// The name of the export that returns a contract's metadata.
pub const METADATA_EXPORT: &str = "__ocos_metadata";

/// A build of one contract crate.
#[derive(Clone, Debug)]
pub struct Build {
	manifest: PathBuf,
	debug: bool,
}

/// A built contract.
#[derive(Clone, Debug)]
pub struct Contract {
	/// The code, as uploaded.
	pub wasm: Vec<u8>,
	/// What the JSON file holds.
	pub metadata: MetadataFile,
	/// Where the code was written.
	pub wasm_path: PathBuf,
	/// Where the metadata was written.
	pub metadata_path: PathBuf,
}

/// The JSON file written beside a contract's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataFile {
	/// Where the code comes from.
	pub source: Source,
	/// The contract's crate.
	pub contract: Package,
	/// Its constructor, messages, events, errors, storage and types.
	pub spec: ContractMetadata,
}

/// Where a contract's code comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
	/// The code hash the chain stores the code under (BLAKE2b-256 of the code), `0x`-hex.
	pub hash: String,
	/// The code's length, in bytes.
	pub wasm_len: usize,
	/// The SDK, e.g. `ocos-contract 0.1.0`.
	pub language: String,
	/// `rustc --version`.
	pub compiler: String,
	/// Whether it was a debug build (panics revert with their message).
	pub debug: bool,
}

/// A contract's crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
	/// Its name.
	pub name: String,
	/// Its version.
	pub version: String,
}

/// Why a contract did not build.
#[derive(Debug)]
pub enum Error {
	/// A command could not run.
	Io(String, std::io::Error),
	/// A command failed; its standard error is shown.
	Command(String, String),
	/// The crate is not a contract: the reason.
	NotAContract(String),
	/// The metadata export failed: the reason.
	Metadata(String),
}

impl fmt::Display for Error {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		match self {
			Error::Io(what, error) => write!(f, "{what}: {error}"),
			Error::Command(what, stderr) => write!(f, "{what} failed:\n{stderr}"),
			Error::NotAContract(reason) => write!(f, "not a contract crate: {reason}"),
			Error::Metadata(reason) => write!(f, "the metadata could not be read: {reason}"),
		}
	}
}

impl std::error::Error for Error {}

/// What `cargo metadata` tells of the crate.
struct CrateInfo {
	name: String,
	version: String,
	lib_name: String,
	sdk_version: String,
	target_dir: PathBuf,
}

impl Build {
	/// A release build of the contract crate at `path` (its folder or its `Cargo.toml`).
	pub fn new(path: impl AsRef<Path>) -> Self {
		let path = path.as_ref();
		let manifest = if path.is_dir() { path.join("Cargo.toml") } else { path.to_path_buf() };
		Self { manifest, debug: false }
	}

	/// A debug build: a panic reverts with its message instead of trapping.
	pub fn debug(mut self, debug: bool) -> Self {
		self.debug = debug;
		self
	}

	/// Builds the code and the metadata and writes them.
	pub fn run(&self) -> Result<Contract, Error> {
		let info = self.crate_info()?;
		let out_dir = info.target_dir.join("ocos-contract");
		let wasm = self.cargo_build(&info, &out_dir.join("code"), false)?;
		let with_metadata = self.cargo_build(&info, &out_dir.join("metadata"), true)?;
		let spec = read_metadata(&with_metadata)?;
		let metadata = MetadataFile {
			source: Source {
				hash: hex(&code_hash(&wasm)),
				wasm_len: wasm.len(),
				language: format!("ocos-contract {}", info.sdk_version),
				compiler: rustc_version()?,
				debug: self.debug,
			},
			contract: Package { name: info.name.clone(), version: info.version },
			spec,
		};
		let stem = if self.debug { format!("{}.debug", info.name) } else { info.name };
		let wasm_path = out_dir.join(format!("{stem}.wasm"));
		let metadata_path = out_dir.join(format!("{stem}.json"));
		let json = serde_json::to_string_pretty(&metadata).expect("the metadata serializes; qed");
		std::fs::write(&wasm_path, &wasm).map_err(|error| Error::Io(wasm_path.display().to_string(), error))?;
		std::fs::write(&metadata_path, json).map_err(|error| Error::Io(metadata_path.display().to_string(), error))?;
		Ok(Contract { wasm, metadata, wasm_path, metadata_path })
	}

	fn crate_info(&self) -> Result<CrateInfo, Error> {
		let output = run(cargo().args(["metadata", "--format-version", "1", "--manifest-path"]).arg(&self.manifest))?;
		let metadata: serde_json::Value =
			serde_json::from_slice(&output).map_err(|error| Error::NotAContract(error.to_string()))?;
		let manifest = std::fs::canonicalize(&self.manifest)
			.map_err(|error| Error::Io(self.manifest.display().to_string(), error))?;
		let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
		let package = packages
			.iter()
			.find(|package| package["manifest_path"].as_str().map(PathBuf::from) == Some(manifest.clone()))
			.ok_or_else(|| Error::NotAContract(format!("no package at {}", self.manifest.display())))?;
		let lib = package["targets"]
			.as_array()
			.and_then(|targets| {
				targets.iter().find(|target| {
					target["crate_types"].as_array().is_some_and(|types| types.iter().any(|ty| ty == "cdylib"))
				})
			})
			.ok_or_else(|| Error::NotAContract("its [lib] needs crate-type = [\"cdylib\", \"rlib\"]".into()))?;
		let has_feature = |feature: &str| package["features"].get(feature).is_some();
		if !has_feature("metadata") {
			return Err(Error::NotAContract("it needs a feature `metadata = [\"ocos-contract/metadata\"]`".into()));
		}
		let sdk_version = packages
			.iter()
			.find(|package| package["name"] == "ocos-contract")
			.and_then(|package| package["version"].as_str())
			.ok_or_else(|| Error::NotAContract("it does not depend on ocos-contract".into()))?;
		let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
		Ok(CrateInfo {
			name: text(&package["name"]),
			version: text(&package["version"]),
			lib_name: text(&lib["name"]).replace('-', "_"),
			sdk_version: sdk_version.to_owned(),
			target_dir: PathBuf::from(text(&metadata["target_directory"])),
		})
	}

	/// Runs `cargo build` for wasm32 into `target_dir` and returns the code.
	fn cargo_build(&self, info: &CrateInfo, target_dir: &Path, metadata: bool) -> Result<Vec<u8>, Error> {
		let (profile, settings) = PROFILE;
		let mut command = cargo();
		command
			.args(["build", "--target", "wasm32-unknown-unknown", "--profile", profile, "--manifest-path"])
			.arg(&self.manifest)
			.arg("--target-dir")
			.arg(target_dir)
			.env("CARGO_ENCODED_RUSTFLAGS", format!("-Clink-arg=-zstack-size={STACK_SIZE}"))
			.env_remove("RUSTFLAGS");
		for (key, value) in settings {
			let value = if *key == "debug-assertions" && self.debug { "true" } else { value };
			command.arg("--config").arg(format!("profile.{profile}.{key}={value}"));
		}
		if metadata {
			command.args(["--features", "metadata"]);
		}
		run(&mut command)?;
		let path = target_dir.join("wasm32-unknown-unknown").join(profile).join(format!("{}.wasm", info.lib_name));
		std::fs::read(&path).map_err(|error| Error::Io(path.display().to_string(), error))
	}
}

/// `cargo`: the one running this program when there is one.
fn cargo() -> Command {
	Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` and returns its standard output.
fn run(command: &mut Command) -> Result<Vec<u8>, Error> {
	let what = format!("{command:?}");
	let output = command.output().map_err(|error| Error::Io(what.clone(), error))?;
	if !output.status.success() {
		return Err(Error::Command(what, String::from_utf8_lossy(&output.stderr).into_owned()));
	}
	Ok(output.stdout)
}

fn rustc_version() -> Result<String, Error> {
	let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
	let output = run(Command::new(rustc).arg("--version"))?;
	Ok(String::from_utf8_lossy(&output).trim().to_owned())
}

/// The hash the chain stores `code` under: its BLAKE2b-256.
pub fn code_hash(code: &[u8]) -> [u8; 32] {
	let hash = blake2b_simd::Params::new().hash_length(32).hash(code);
	hash.as_bytes().try_into().expect("the hash is 32 bytes; qed")
}

/// `bytes` as `0x`-prefixed hex.
pub fn hex(bytes: &[u8]) -> String {
	std::iter::once("0x".to_owned()).chain(bytes.iter().map(|byte| format!("{byte:02x}"))).collect()
}

/// Runs the `__ocos_metadata` export of `wasm` in wasmi and decodes what it returns. Every
/// import but `return` traps: the export only builds and returns the metadata.
pub fn read_metadata(wasm: &[u8]) -> Result<ContractMetadata, Error> {
	use wasmi::{Caller, Engine, Extern, Func, Linker, Module, Store};
	let error = |error: wasmi::Error| Error::Metadata(error.to_string());
	let link_error = |error: wasmi::errors::LinkerError| Error::Metadata(error.to_string());
	let engine = Engine::default();
	let module = Module::new(&engine, wasm).map_err(error)?;
	let mut store = Store::new(&engine, None::<Vec<u8>>);
	let mut linker = Linker::new(&engine);
	for import in module.imports() {
		let Some(ty) = import.ty().func().cloned() else { continue };
		let name = import.name().to_owned();
		let func = if name == "return" {
			Func::wrap(&mut store, |mut caller: Caller<'_, Option<Vec<u8>>>, _flags: u32, ptr: u32, len: u32| {
				let memory = caller.get_export("memory").and_then(Extern::into_memory);
				let data = memory.and_then(|memory| {
					memory
						.data(&caller)
						.get(ptr as usize..(ptr as usize).checked_add(len as usize)?)
						.map(<[u8]>::to_vec)
				});
				*caller.data_mut() = data;
				Err::<(), _>(wasmi::Error::new("returned"))
			})
		} else {
			Func::new(&mut store, ty, move |_, _, _| Err(wasmi::Error::new(format!("`{name}` is not available"))))
		};
		linker.define(import.module(), import.name(), func).map_err(link_error)?;
	}
	let instance = linker.instantiate_and_start(&mut store, &module).map_err(error)?;
	let export = instance
		.get_typed_func::<(), ()>(&store, METADATA_EXPORT)
		.map_err(|_| Error::Metadata(format!("the code has no `{METADATA_EXPORT}` export")))?;
	let trap = export.call(&mut store, ()).err();
	let output = store.data_mut().take().ok_or_else(|| {
		Error::Metadata(format!(
			"`{METADATA_EXPORT}` did not return: {}",
			trap.map(|trap| trap.to_string()).unwrap_or_default()
		))
	})?;
	ContractMetadata::decode(&mut &output[..]).map_err(|error| Error::Metadata(error.to_string()))
}
