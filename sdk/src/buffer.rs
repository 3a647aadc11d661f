//! One static buffer, used as a stack of byte regions: where values are encoded before they go to
//! the host and where the host writes what a contract reads (its input, a stored value, a callee's
//! output). A contract that only stores, emits and returns values of fixed-size types then never
//! allocates, and its wasm carries no allocator.
//!
//! Bytes are written at the top of the buffer and lent to a closure for as long as it runs;
//! whatever is written meanwhile goes above them. Regions are released in the reverse order of
//! their writing, by the closures' nesting.

use codec::{Encode, Output};

/// The size of the buffer, in bytes: the most a contract's input, a value it stores or reads, an
/// event or a callee's output can be, together with the values being encoded around it.
pub const BUFFER_LEN: usize = 32 * 1024;

/// The buffer and where its free part starts (`top`): the bytes below are written, and lent or
/// being written. A contract has one of each; native code (tests, tools) one per thread.
#[cfg(target_arch = "wasm32")]
mod state {
	use super::BUFFER_LEN;

	struct Buffer([u8; BUFFER_LEN]);

	static mut BUFFER: Buffer = Buffer([0; BUFFER_LEN]);
	static mut TOP: usize = 0;

	// SAFETY (of the three functions): a contract runs on one thread; the statics are only read
	// and written here, by value, and the buffer's address is taken without a reference.
	pub fn base() -> *mut u8 {
		unsafe { core::ptr::addr_of_mut!(BUFFER.0) as *mut u8 }
	}

	pub fn top() -> usize {
		unsafe { TOP }
	}

	pub fn set_top(top: usize) {
		unsafe { TOP = top }
	}
}

#[cfg(not(target_arch = "wasm32"))]
mod state {
	use super::BUFFER_LEN;
	use core::cell::{Cell, UnsafeCell};
	use std::{boxed::Box, thread_local};

	thread_local! {
		static BUFFER: Box<UnsafeCell<[u8; BUFFER_LEN]>> = Box::new(UnsafeCell::new([0; BUFFER_LEN]));
		static TOP: Cell<usize> = const { Cell::new(0) };
	}

	/// The thread's buffer, which lives as long as the thread.
	pub fn base() -> *mut u8 {
		BUFFER.with(|buffer| buffer.get() as *mut u8)
	}

	pub fn top() -> usize {
		TOP.with(Cell::get)
	}

	pub fn set_top(top: usize) {
		TOP.with(|cell| cell.set(top))
	}
}

use state::{base, set_top, top};

// SAFETY (of every access to the buffer below): the buffer is used by one thread. Bytes are only
// ever written above `top` (by `Writer::write` and by the host into `free_part`), and every
// reference this module hands out covers bytes below `top`. `top` goes back down to `start` only
// when the closure lent the bytes above `start` has returned, and its reference with it.

/// Has `write` write into the buffer, lends what it wrote to `with`, and releases it.
pub fn with_written<R>(write: impl FnOnce(&mut Writer), with: impl FnOnce(&[u8]) -> R) -> R {
	let start = top();
	write(&mut Writer(()));
	let result = with(unsafe { written_since(start) });
	set_top(start);
	result
}

/// Encodes `value` into the buffer and lends its encoding to `with`.
pub fn with_encoded<R>(value: &(impl Encode + ?Sized), with: impl FnOnce(&[u8]) -> R) -> R {
	with_written(|writer| value.encode_to(writer), with)
}

/// Lends the free part of the buffer to `fill` (the host writes there), which returns how many
/// bytes it wrote (`None` when it has no result), then lends those bytes to `with` and releases
/// them.
pub fn with_filled<R>(fill: impl FnOnce(&mut [u8]) -> Option<usize>, with: impl FnOnce(Option<&[u8]>) -> R) -> R {
	let start = top();
	let filled = fill(unsafe { free_part() }).map(|len| unsafe { keep(len, start) });
	let result = with(filled);
	set_top(start);
	result
}

/// The length of the free part of the buffer. `top` never passes `BUFFER_LEN` (every raise is
/// checked against this), and `start` is never above `top`: the wrapping operations here and below
/// never wrap, and carry no overflow check into every contract.
fn free_len() -> usize {
	BUFFER_LEN.wrapping_sub(top())
}

/// The free part of the buffer.
///
/// # Safety
/// The slice must be gone before anything else writes to the buffer.
#[inline(never)]
unsafe fn free_part() -> &'static mut [u8] {
	unsafe { core::slice::from_raw_parts_mut(base().add(top()), free_len()) }
}

/// Keeps the `len` bytes written into the free part (trapping when there were not that many),
/// and returns the bytes written since `start`.
///
/// # Safety
/// Nothing may still write to those bytes: see [`written_since`].
#[inline(never)]
unsafe fn keep(len: usize, start: usize) -> &'static [u8] {
	if len > free_len() {
		overflow()
	}
	set_top(top().wrapping_add(len));
	unsafe { written_since(start) }
}

/// The bytes written since `top` was `start`.
///
/// # Safety
/// The slice must be gone before `top` goes back to `start` or below.
#[inline(never)]
unsafe fn written_since(start: usize) -> &'static [u8] {
	unsafe { core::slice::from_raw_parts(base().add(start), top().wrapping_sub(start)) }
}

/// Writes SCALE encodings at the top of the buffer.
pub struct Writer(());

impl Output for Writer {
	fn write(&mut self, bytes: &[u8]) {
		if bytes.len() > free_len() {
			overflow()
		}
		let top = top();
		copy(bytes, unsafe { core::slice::from_raw_parts_mut(base().add(top), bytes.len()) });
		set_top(top.wrapping_add(bytes.len()));
	}

	// The tags of enums and options: one byte, passed by value rather than through memory.
	#[inline(never)]
	fn push_byte(&mut self, byte: u8) {
		self.write(&[byte]);
	}
}

impl Writer {
	/// Where the next byte goes: the start of what is written from now on, for [`Writer::fit`].
	pub(crate) fn mark(&self) -> usize {
		top()
	}

	/// Makes the bytes written since `mark` exactly 32 long: zero-padded when shorter, replaced by
	/// `shorten` of them when longer.
	#[inline(never)]
	pub(crate) fn fit(&mut self, mark: usize, shorten: impl FnOnce(&[u8]) -> [u8; 32]) {
		const ZEROES: [u8; 32] = [0; 32];
		// SAFETY: the slice is gone before `top` goes back to `mark` below.
		let written = unsafe { written_since(mark) };
		match ZEROES.get(written.len()..) {
			Some(padding) => self.write(padding),
			None => {
				let short = shorten(written);
				set_top(mark);
				self.write(&short);
			}
		}
	}
}

/// Copies `from` to the start of `to`, which is at least as long: one `memory.copy`, without
/// the panic path of `copy_from_slice` (whose message formats numbers into the contract's code).
pub(crate) fn copy(from: &[u8], to: &mut [u8]) {
	let len = from.len().min(to.len());
	// SAFETY: both ranges hold `len` bytes; `to` is a unique reference, so they do not overlap.
	unsafe { core::ptr::copy_nonoverlapping(from.as_ptr(), to.as_mut_ptr(), len) }
}

/// More bytes than the buffer holds: the contract traps.
fn overflow() -> ! {
	crate::fault("the contract's buffer is full")
}
