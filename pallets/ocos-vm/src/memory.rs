//! Bounds-checked access to a contract's linear memory from syscalls.
//!
//! A contract hands the host pointers and lengths; none of them is trusted. Every access computes
//! its end with `checked_add` and is refused unless the whole range lies inside the memory, so a bad
//! pointer traps the contract with [`TrapKind::SyscallOutOfBounds`] and never touches the runtime.
//! Each call frame runs in its own instance with its own memory: memory is never shared.

use crate::result::TrapKind;

/// A view of one frame's linear memory during a syscall.
pub struct ContractMemory<'m> {
	bytes: &'m mut [u8],
}

impl<'m> ContractMemory<'m> {
	/// Wraps the memory bytes of the running instance.
	pub fn new(bytes: &'m mut [u8]) -> Self {
		Self { bytes }
	}

	fn range(&self, ptr: u32, len: u32) -> Result<core::ops::Range<usize>, TrapKind> {
		let start = ptr as usize;
		let end = start.checked_add(len as usize).ok_or(TrapKind::SyscallOutOfBounds)?;
		if end > self.bytes.len() {
			return Err(TrapKind::SyscallOutOfBounds);
		}
		Ok(start..end)
	}

	/// Borrows `len` bytes at `ptr`.
	pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], TrapKind> {
		Ok(&self.bytes[self.range(ptr, len)?])
	}

	/// Reads a fixed-size array at `ptr`.
	pub fn read_array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], TrapKind> {
		let mut array = [0u8; N];
		array.copy_from_slice(self.slice(ptr, N as u32)?);
		Ok(array)
	}

	/// Reads a little-endian `u32` at `ptr`.
	pub fn read_u32(&self, ptr: u32) -> Result<u32, TrapKind> {
		Ok(u32::from_le_bytes(self.read_array(ptr)?))
	}

	/// Reads a little-endian `u128` at `ptr` (a balance).
	pub fn read_u128(&self, ptr: u32) -> Result<u128, TrapKind> {
		Ok(u128::from_le_bytes(self.read_array(ptr)?))
	}

	/// Writes `data` at `ptr`.
	pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), TrapKind> {
		let range = self.range(ptr, data.len() as u32)?;
		self.bytes[range].copy_from_slice(data);
		Ok(())
	}

	/// Writes variable-length output by the ABI's `(out_ptr, out_len_ptr)` convention: the
	/// capacity is read from `out_len_ptr`, the data written at `out_ptr` and its length at
	/// `out_len_ptr`. A buffer too small traps with [`TrapKind::OutputBufferTooSmall`].
	pub fn write_sized(&mut self, out_ptr: u32, out_len_ptr: u32, data: &[u8]) -> Result<(), TrapKind> {
		let capacity = self.read_u32(out_len_ptr)?;
		let len = u32::try_from(data.len()).map_err(|_| TrapKind::OutputBufferTooSmall)?;
		if len > capacity {
			return Err(TrapKind::OutputBufferTooSmall);
		}
		self.write(out_ptr, data)?;
		self.write(out_len_ptr, &len.to_le_bytes())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ranges_past_the_end_or_overflowing_are_refused() {
		let mut bytes = [0u8; 16];
		let memory = ContractMemory::new(&mut bytes);
		assert!(memory.slice(0, 16).is_ok());
		assert_eq!(memory.slice(1, 16), Err(TrapKind::SyscallOutOfBounds));
		assert_eq!(memory.slice(u32::MAX, 2), Err(TrapKind::SyscallOutOfBounds));
		assert_eq!(memory.slice(16, 0).map(|s| s.len()), Ok(0));
		assert_eq!(memory.slice(17, 0), Err(TrapKind::SyscallOutOfBounds));
	}

	#[test]
	fn sized_output_respects_the_capacity() {
		let mut bytes = [0u8; 32];
		let mut memory = ContractMemory::new(&mut bytes);
		memory.write(0, &4u32.to_le_bytes()).unwrap();
		memory.write_sized(8, 0, &[1, 2, 3]).unwrap();
		assert_eq!(memory.read_u32(0), Ok(3));
		assert_eq!(memory.slice(8, 3), Ok(&[1u8, 2, 3][..]));
		assert_eq!(memory.write_sized(8, 0, &[9; 4]), Err(TrapKind::OutputBufferTooSmall));
	}
}
