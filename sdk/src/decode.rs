//! SCALE decoding over bytes, with reads that cannot panic: a contract's code then carries no
//! panic path that formats numbers, which keeps the formatting machinery out of its wasm.

use codec::{Decode, Error, Input};

/// Bytes being decoded.
struct Bytes<'a>(&'a [u8]);

impl Input for Bytes<'_> {
	fn remaining_len(&mut self) -> Result<Option<usize>, Error> {
		Ok(Some(self.0.len()))
	}

	fn read(&mut self, into: &mut [u8]) -> Result<(), Error> {
		let (read, rest) = self.0.split_at_checked(into.len()).ok_or("not enough bytes")?;
		crate::buffer::copy(read, into);
		self.0 = rest;
		Ok(())
	}
}

/// Decodes a `T` from the start of `bytes`, advancing them past it.
pub fn decode_from<T: Decode>(bytes: &mut &[u8]) -> Result<T, Error> {
	let mut input = Bytes(bytes);
	let value = T::decode(&mut input)?;
	*bytes = input.0;
	Ok(value)
}
