//! The call stack's budget of the runtime's memory.
//!
//! Contracts run inside the runtime, whose heap is fixed (128 MiB when a block is built) and
//! shared by everything the block does. What a call stack loads stays there until the stack ends:
//! every module it parsed and every function it compiled (wasmi's engine frees nothing before it
//! is dropped), and, while a frame runs, its instance, memory and value stack. A stack that took
//! more than the heap has would abort the runtime: the block author would lose the block and
//! collect no fee.
//!
//! So every stack has a budget (`MaxStackMemory`), and an engine charges it before it takes the
//! memory, by a bound of what it is about to allocate: a module's footprint when it is first
//! loaded (kept until the stack ends), a frame's when the frame starts (given back when it ends),
//! a memory's growth when it grows. A charge that does not fit fails the frame with
//! [`TrapKind::MemoryBudgetExhausted`](crate::TrapKind::MemoryBudgetExhausted), the same way in
//! block building and import.

/// The budget would be exceeded; nothing was charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapExhausted;

/// Counts the bytes of runtime memory one call stack holds against its budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeapMeter {
	limit: u64,
	used: u64,
	peak: u64,
}

impl HeapMeter {
	/// A meter with a budget of `limit` bytes.
	pub fn new(limit: u32) -> Self {
		Self { limit: limit.into(), used: 0, peak: 0 }
	}

	/// Takes `bytes` from the budget, or fails without taking anything when they do not fit.
	pub fn charge(&mut self, bytes: u64) -> Result<(), HeapExhausted> {
		let used = self.used.checked_add(bytes).filter(|used| *used <= self.limit).ok_or(HeapExhausted)?;
		self.used = used;
		self.peak = self.peak.max(used);
		Ok(())
	}

	/// Gives back `bytes` that were charged and are free again.
	pub fn release(&mut self, bytes: u64) {
		self.used = self.used.saturating_sub(bytes);
	}

	/// The bytes held now.
	pub fn used(&self) -> u64 {
		self.used
	}

	/// The most bytes held at once so far.
	pub fn peak(&self) -> u64 {
		self.peak
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_charge_that_does_not_fit_takes_nothing() {
		let mut meter = HeapMeter::new(100);
		assert_eq!(meter.charge(60), Ok(()));
		assert_eq!(meter.charge(41), Err(HeapExhausted));
		assert_eq!(meter.used(), 60);
		assert_eq!(meter.charge(40), Ok(()));
		meter.release(70);
		assert_eq!((meter.used(), meter.peak()), (30, 100));
		assert_eq!(meter.charge(u64::MAX), Err(HeapExhausted));
	}
}
