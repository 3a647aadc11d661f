//! The gas meter. Gas is [`Weight`]: a call's `gas_limit` caps both the computation (`ref_time`)
//! and the proof size its execution may use. The wasmi engine counts execution in fuel; fuel is
//! converted to `ref_time` at the benchmarked price of one unit ([`ref_time_per_fuel`]).
//!
//! Every frame has its own meter, nested inside its caller's: a nested call can use at most what
//! its caller has left, and what it used is added to its caller's meter when it ends.

use crate::{Config, WeightInfo};
use frame_support::weights::Weight;
use sp_runtime::traits::Zero;

/// What a benchmarked weight adds for `n` units of its component: `weight(n) - weight(0)`.
///
/// Benchmarks of execution run a whole call, whose fixed part the extrinsic (`call`) or the
/// nested call (`call_base`) already pays; only their growth is charged as gas.
pub fn marginal(weight: fn(u32) -> Weight, n: u32) -> Weight {
	weight(n).saturating_sub(weight(0))
}

/// The `ref_time` one unit of fuel costs: the highest price of the benchmarked instruction mixes
/// (arithmetic, chains of unary operators, control flow), so that no mix of them runs below its
/// cost; in the chains each operator is a unit and an instruction of wasmi's (32 of an iteration's
/// 48 units, the rest its loop's), the densest code there is. Never zero. Loads, divisions, calls, bulk memory and compilation cost more than one unit; their prices
/// are derived from this one ([`FuelPrices`](crate::wasm::cost::FuelPrices)).
pub fn ref_time_per_fuel<T: Config>() -> u64 {
	let mixes: [fn(u32) -> Weight; 3] =
		[T::WeightInfo::fuel_arithmetic, T::WeightInfo::fuel_unary, T::WeightInfo::fuel_control];
	mixes.into_iter().map(|mix| marginal(mix, 1).ref_time()).max().unwrap_or_default().max(1)
}

/// Ran out of gas. The meter has then charged its whole limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfGas;

/// Counts the gas one call frame uses against its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasMeter {
	limit: Weight,
	consumed: Weight,
	/// The most `consumed` has been, before refunds: the limit the same execution needs.
	peak: Weight,
	/// The `ref_time` one unit of engine fuel costs; never zero.
	ref_time_per_fuel: u64,
}

impl GasMeter {
	/// A meter with `limit`, converting fuel at `ref_time_per_fuel` (taken as 1 when zero).
	pub fn new(limit: Weight, ref_time_per_fuel: u64) -> Self {
		Self { limit, consumed: Weight::zero(), peak: Weight::zero(), ref_time_per_fuel: ref_time_per_fuel.max(1) }
	}

	/// Charges `amount`, or charges the whole limit and fails when `amount` does not fit.
	pub fn charge(&mut self, amount: Weight) -> Result<(), OutOfGas> {
		let consumed = self.consumed.saturating_add(amount);
		if consumed.any_gt(self.limit) {
			self.exhaust();
			return Err(OutOfGas);
		}
		self.consumed = consumed;
		self.peak = self.peak.max(consumed);
		Ok(())
	}

	/// Gives back `amount` charged before it was known to be more than needed.
	pub fn refund(&mut self, amount: Weight) {
		self.consumed = self.consumed.saturating_sub(amount);
	}

	/// Marks the whole limit as used (the frame ran out of gas inside the engine).
	pub fn exhaust(&mut self) {
		self.consumed = self.limit;
		self.peak = self.limit;
	}

	/// What this frame may still use.
	pub fn gas_left(&self) -> Weight {
		self.limit.saturating_sub(self.consumed)
	}

	/// What this frame and the frames it called have used.
	pub fn consumed(&self) -> Weight {
		self.consumed
	}

	/// The gas limit the same execution needs: the most it had consumed at any point, which is
	/// more than [`consumed`](Self::consumed) when charges made in advance were refunded.
	pub fn required(&self) -> Weight {
		self.peak
	}

	/// The fuel the engine may burn with the `ref_time` left.
	pub fn fuel_left(&self) -> u64 {
		self.gas_left().ref_time() / self.ref_time_per_fuel
	}

	/// Charges `fuel` units burnt by the engine.
	pub fn charge_fuel(&mut self, fuel: u64) -> Result<(), OutOfGas> {
		self.charge(Weight::from_parts(fuel.saturating_mul(self.ref_time_per_fuel), 0))
	}

	/// A meter for a nested frame: `limit` capped by what is left here, or all that is left when
	/// `limit` is zero in both dimensions.
	pub fn nested(&self, limit: Weight) -> GasMeter {
		let left = self.gas_left();
		let limit = if limit.is_zero() { left } else { limit.min(left) };
		GasMeter::new(limit, self.ref_time_per_fuel)
	}

	/// Adds what a nested frame used to this meter. A nested meter never exceeds what was left
	/// here, so this cannot overrun the limit.
	pub fn absorb(&mut self, nested: GasMeter) {
		self.peak = self.peak.max(self.consumed.saturating_add(nested.peak).min(self.limit));
		self.consumed = self.consumed.saturating_add(nested.consumed).min(self.limit);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn charging_past_the_limit_consumes_everything() {
		let mut meter = GasMeter::new(Weight::from_parts(100, 10), 1);
		assert_eq!(meter.charge(Weight::from_parts(60, 5)), Ok(()));
		assert_eq!(meter.gas_left(), Weight::from_parts(40, 5));
		assert_eq!(meter.charge(Weight::from_parts(10, 6)), Err(OutOfGas));
		assert_eq!(meter.consumed(), Weight::from_parts(100, 10));
	}

	#[test]
	fn fuel_converts_at_the_configured_price() {
		let mut meter = GasMeter::new(Weight::from_parts(1_000, 0), 30);
		assert_eq!(meter.fuel_left(), 33);
		meter.charge_fuel(10).unwrap();
		assert_eq!(meter.consumed(), Weight::from_parts(300, 0));
		assert_eq!(meter.charge_fuel(24), Err(OutOfGas));
	}

	#[test]
	fn refunds_give_back_what_was_charged_in_advance() {
		let mut meter = GasMeter::new(Weight::from_parts(100, 10), 1);
		meter.charge(Weight::from_parts(80, 8)).unwrap();
		meter.refund(Weight::from_parts(50, 5));
		assert_eq!(meter.consumed(), Weight::from_parts(30, 3));
		assert_eq!(meter.required(), Weight::from_parts(80, 8));
		assert_eq!(meter.charge(Weight::from_parts(70, 7)), Ok(()));
		assert_eq!(meter.required(), Weight::from_parts(100, 10));
	}

	#[test]
	fn a_nested_peak_counts_from_where_its_caller_stood() {
		let mut parent = GasMeter::new(Weight::from_parts(1_000, 100), 1);
		parent.charge(Weight::from_parts(100, 10)).unwrap();
		let mut nested = parent.nested(Weight::zero());
		nested.charge(Weight::from_parts(500, 50)).unwrap();
		nested.refund(Weight::from_parts(400, 40));
		parent.absorb(nested);
		assert_eq!(parent.consumed(), Weight::from_parts(200, 20));
		assert_eq!(parent.required(), Weight::from_parts(600, 60));
	}

	#[test]
	fn nested_meters_are_capped_by_the_parent_and_add_up() {
		let mut parent = GasMeter::new(Weight::from_parts(1_000, 100), 1);
		parent.charge(Weight::from_parts(400, 0)).unwrap();
		let all = parent.nested(Weight::zero());
		assert_eq!(all.gas_left(), Weight::from_parts(600, 100));
		let mut capped = parent.nested(Weight::from_parts(5_000, 10));
		assert_eq!(capped.gas_left(), Weight::from_parts(600, 10));
		capped.charge(Weight::from_parts(50, 5)).unwrap();
		parent.absorb(capped);
		assert_eq!(parent.consumed(), Weight::from_parts(450, 5));
	}
}
