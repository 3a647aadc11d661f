//! The part of [wasm-opt](https://crates.io/crates/wasm-opt)'s API that substrate-wasm-builder
//! calls, for a runtime built for `wasm32v1-none` (WebAssembly 1.0 and mutable globals).
//!
//! substrate-wasm-builder runs Binaryen at optimisation level 0 with two passes, `signext-lowering`
//! and `strip-dwarf`, and, for the compact blob, WebAssembly 1.0 only. Code built for
//! `wasm32v1-none` has no sign-extension operators to lower, so what is left is to check that the
//! module is WebAssembly 1.0 and to drop its DWARF sections, which this crate does without
//! compiling Binaryen's C++. A module that is not WebAssembly 1.0 (a runtime built for
//! `wasm32-unknown-unknown`, whose code has sign-extension operators) is refused with the reason,
//! not lowered.

use std::{fmt, fs, io, path::Path};

/// A pass of Binaryen's that substrate-wasm-builder adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
	/// Lowers sign-extension operators to WebAssembly 1.0: the module is checked to have none.
	SignextLowering,
	/// Removes the DWARF custom sections (`.debug_*`).
	StripDwarf,
}

/// What to do to a module: the passes, the features it may use and whether its names stay.
#[derive(Clone, Debug)]
pub struct OptimizationOptions {
	passes: Vec<Pass>,
	mvp_features_only: bool,
	debug_info: bool,
}

/// Why a module was not written.
#[derive(Debug)]
pub enum OptimizationError {
	/// The input could not be read.
	Read(io::Error),
	/// The output could not be written.
	Write(io::Error),
	/// The input is not WebAssembly 1.0 (with mutable globals), or not valid at all.
	ValidateWasmInput(String),
}

impl fmt::Display for OptimizationError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Read(error) => write!(f, "reading the wasm module: {error}"),
			Self::Write(error) => write!(f, "writing the wasm module: {error}"),
			Self::ValidateWasmInput(reason) => write!(
				f,
				"the wasm module is not WebAssembly 1.0 with mutable globals (build the runtime for \
				 wasm32v1-none: `rustup target add wasm32v1-none`): {reason}"
			),
		}
	}
}

impl std::error::Error for OptimizationError {}

impl OptimizationOptions {
	/// Binaryen's level 0: no optimisation, only the passes added.
	pub fn new_opt_level_0() -> Self {
		Self { passes: Vec::new(), mvp_features_only: false, debug_info: false }
	}

	/// Adds `pass`.
	pub fn add_pass(&mut self, pass: Pass) -> &mut Self {
		self.passes.push(pass);
		self
	}

	/// Whether the module's names (its `name` section) are kept.
	pub fn debug_info(&mut self, keep: bool) -> &mut Self {
		self.debug_info = keep;
		self
	}

	/// Accepts only WebAssembly 1.0 (with mutable globals, as `wasm32v1-none` emits).
	pub fn mvp_features_only(&mut self) -> &mut Self {
		self.mvp_features_only = true;
		self
	}

	/// Reads the module at `infile`, checks it and writes it to `outfile` (which may be the same
	/// file) without the sections the options drop.
	pub fn run(&self, infile: impl AsRef<Path>, outfile: impl AsRef<Path>) -> Result<(), OptimizationError> {
		let module = fs::read(infile).map_err(OptimizationError::Read)?;
		if self.mvp_features_only || self.passes.contains(&Pass::SignextLowering) {
			wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::WASM1)
				.validate_all(&module)
				.map_err(|error| OptimizationError::ValidateWasmInput(error.to_string()))?;
		}
		let strip_dwarf = self.passes.contains(&Pass::StripDwarf);
		let kept = sections(&module)
			.map_err(OptimizationError::ValidateWasmInput)?
			.into_iter()
			.filter(|section| match section.custom_name {
				Some(name) => !(strip_dwarf && name.starts_with(b".debug_")) && (self.debug_info || name != b"name"),
				None => true,
			})
			.flat_map(|section| section.bytes);
		let output: Vec<u8> = module[..HEADER_LEN].iter().chain(kept).copied().collect();
		fs::write(outfile, output).map_err(OptimizationError::Write)
	}
}

/// The magic number and version that start a module.
const HEADER_LEN: usize = 8;

/// A section of a module: its bytes (id, size and content) and, for a custom section, its name.
struct Section<'a> {
	bytes: &'a [u8],
	custom_name: Option<&'a [u8]>,
}

/// The sections of `module`, in order.
fn sections(module: &[u8]) -> Result<Vec<Section<'_>>, String> {
	if module.len() < HEADER_LEN || module[..4] != *b"\0asm" {
		return Err("not a wasm module".into());
	}
	let mut sections = Vec::new();
	let mut at = HEADER_LEN;
	while at < module.len() {
		let id = module[at];
		let (size, content_at) = leb128_u32(module, at + 1)?;
		let end = content_at
			.checked_add(size as usize)
			.filter(|end| *end <= module.len())
			.ok_or("a section runs past the end")?;
		let custom_name = if id == 0 {
			let (len, name_at) = leb128_u32(module, content_at)?;
			let name_end = name_at
				.checked_add(len as usize)
				.filter(|name_end| *name_end <= end)
				.ok_or("a custom section's name runs past it")?;
			Some(&module[name_at..name_end])
		} else {
			None
		};
		sections.push(Section { bytes: &module[at..end], custom_name });
		at = end;
	}
	Ok(sections)
}

/// The unsigned LEB128 number at `at` in `bytes` and where what follows it starts.
fn leb128_u32(bytes: &[u8], mut at: usize) -> Result<(u32, usize), String> {
	let mut value: u32 = 0;
	for shift in (0..35).step_by(7) {
		let byte = *bytes.get(at).ok_or("a number runs past the end")?;
		at += 1;
		if shift == 28 && byte & 0x70 != 0 {
			return Err("a number is too large".into());
		}
		value |= u32::from(byte & 0x7f) << shift;
		if byte & 0x80 == 0 {
			return Ok((value, at));
		}
	}
	Err("a number is too large".into())
}
