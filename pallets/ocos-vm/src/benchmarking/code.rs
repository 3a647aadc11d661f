//! The contracts the benchmarks run: fixed ones compiled from `fixtures/benchmarks/*.wat` when
//! the pallet is built, and contracts of any size encoded here.

use alloc::{vec, vec::Vec};

/// A compiled benchmark fixture, by the name of its `.wat` file.
macro_rules! fixture {
	($name:literal) => {
		include_bytes!(concat!(env!("OUT_DIR"), "/benchmarks/", $name, ".wasm")).as_slice()
	};
}

/// `r` iterations of integer arithmetic.
pub const FUEL_ARITHMETIC: &[u8] = fixture!("fuel_arithmetic");
/// `r` iterations of loads and stores.
pub const FUEL_MEMORY: &[u8] = fixture!("fuel_memory");
/// `r` iterations of branches.
pub const FUEL_CONTROL: &[u8] = fixture!("fuel_control");
/// `r` iterations of direct and indirect calls.
pub const FUEL_CALLS: &[u8] = fixture!("fuel_calls");
/// `r` iterations of the `caller` syscall.
pub const SYSCALL_ENTRY: &[u8] = fixture!("syscall_entry");

/// A valid contract of about `len` bytes (never less than its 68-byte frame) whose `deploy` and
/// `call` do nothing. The rest is a function that is never called, made of the code that costs
/// the most to parse and validate per byte: one type-checked operator (`i32.eqz`) per byte.
pub fn sized(len: u32) -> Vec<u8> {
	const FRAME: usize = 68;
	let first = padded((len as usize).saturating_sub(FRAME));
	// Longer padding takes longer length prefixes: take their bytes off the padding.
	match first.len().checked_sub(len as usize) {
		Some(excess) if excess > 0 && first.len() > FRAME => padded((len as usize).saturating_sub(FRAME + excess)),
		_ => first,
	}
}

/// The contract of [`sized`] with `padding` operators in its uncalled function.
fn padded(padding: usize) -> Vec<u8> {
	// The body of the padding function: no locals, `i32.const 0`, the operators, `drop`, `end`.
	let mut body = Vec::with_capacity(padding + 6);
	body.extend_from_slice(&[0x00, 0x41, 0x00]);
	body.resize(body.len() + padding, 0x45);
	body.extend_from_slice(&[0x1a, 0x0b]);

	let empty_body: &[u8] = &[0x02, 0x00, 0x0b];
	let mut code_section = vec![0x03];
	code_section.extend_from_slice(empty_body);
	code_section.extend_from_slice(empty_body);
	leb128(&mut code_section, body.len() as u32);
	code_section.extend_from_slice(&body);

	let mut module = b"\0asm\x01\0\0\0".to_vec();
	// One type, `(func)`; three functions of it; one memory of one page.
	section(&mut module, 1, &[0x01, 0x60, 0x00, 0x00]);
	section(&mut module, 3, &[0x03, 0x00, 0x00, 0x00]);
	section(&mut module, 5, &[0x01, 0x00, 0x01]);
	let mut exports = vec![0x03];
	for (name, kind, index) in [("memory", 0x02, 0x00), ("deploy", 0x00, 0x00), ("call", 0x00, 0x01)] {
		exports.push(name.len() as u8);
		exports.extend_from_slice(name.as_bytes());
		exports.extend_from_slice(&[kind, index]);
	}
	section(&mut module, 7, &exports);
	section(&mut module, 10, &code_section);
	module
}

fn section(module: &mut Vec<u8>, id: u8, content: &[u8]) {
	module.push(id);
	leb128(module, content.len() as u32);
	module.extend_from_slice(content);
}

fn leb128(out: &mut Vec<u8>, mut value: u32) {
	loop {
		let byte = (value & 0x7f) as u8;
		value >>= 7;
		if value == 0 {
			out.push(byte);
			return;
		}
		out.push(byte | 0x80);
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{limits::Limits, mock::Test};

	#[test]
	fn sized_code_has_the_size_asked_for_and_is_accepted() {
		let limits = Limits::of::<Test>();
		for len in [0, 100, 1_000, 10_000, limits.code_len] {
			let code = sized(len);
			assert!(code.len() as u32 <= len.max(68), "{len}: {} bytes", code.len());
			assert!(code.len() as u32 + 4 >= len, "{len}: {} bytes", code.len());
			let engine = crate::wasm::WasmiEngine;
			assert_eq!(crate::engine::VmEngine::<Test>::prepare(&engine, &code, &limits), Ok(()), "{len}");
		}
	}
}
