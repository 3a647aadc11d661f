//! Typed calls of other contracts. The [`contract`](crate::contract) macro generates, for a
//! contract module `token`, a `TokenRef` whose methods are the contract's messages; each builds a
//! [`CallBuilder`] that sends the call and decodes the callee's result:
//!
//! ```ignore
//! let paid: Result<(), token::Error> = TokenRef::at(token_address)
//!     .transfer(to, amount)
//!     .gas_limit(2_000_000_000)
//!     .call()?;
//! ```
//!
//! A contract that calls another depends on its crate with the feature `as-dependency`, which
//! leaves out the other contract's `deploy` and `call` exports.

use crate::{buffer, dispatch::DispatchError, env, AccountId, Balance};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use ocos_vm_uapi::ReturnCode;

/// Why a call of another contract gave no result.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, scale_info::TypeInfo)]
pub enum CallError {
	/// The callee could not run the message (see [`DispatchError`]); its changes were rolled back.
	Dispatch(DispatchError),
	/// The callee trapped or ran out of gas; its changes were rolled back.
	Trapped,
	/// The value could not be sent.
	TransferFailed,
	/// The account is not a contract.
	NotAContract,
	/// The call would exceed the chain's maximum call depth.
	MaxCallDepthReached,
	/// The call would re-enter a contract that did not allow it.
	ReentranceDenied,
	/// The callee's output does not decode as the message's result.
	InvalidOutput,
	/// The callee reverted with this output (a raw call, whose output is not decoded: for an EVM
	/// contract, its revert data); its changes were rolled back.
	Reverted(alloc::vec::Vec<u8>),
}

/// Calls `callee` with raw `input` (a selector and arguments, or anything another kind of
/// contract reads: an EVM contract's calldata, see [`crate::evm`]), sending `value`, with at most
/// `gas_limit` (0: all that is left): the callee's output when it returned.
pub fn call_raw(
	callee: &AccountId,
	input: &[u8],
	value: Balance,
	gas_limit: u64,
) -> Result<alloc::vec::Vec<u8>, CallError> {
	env::call(callee, input, value, gas_limit, false, |code, output| match code {
		code if code == ReturnCode::Success.as_u32() => Ok(output.to_vec()),
		code if code == ReturnCode::CalleeReverted.as_u32() => Err(CallError::Reverted(output.to_vec())),
		code => Err(failed(code)),
	})
}

/// Why a call that ended with return code `code` gave no output.
fn failed(code: u32) -> CallError {
	match code {
		code if code == ReturnCode::TransferFailed.as_u32() => CallError::TransferFailed,
		code if code == ReturnCode::NotAContract.as_u32() => CallError::NotAContract,
		code if code == ReturnCode::MaxCallDepthReached.as_u32() => CallError::MaxCallDepthReached,
		code if code == ReturnCode::ReentranceDenied.as_u32() => CallError::ReentranceDenied,
		_ => CallError::Trapped,
	}
}

/// A call of a message of a contract, ready to send: `A` are its arguments (a tuple), `R` what
/// it returns.
pub struct CallBuilder<A, R> {
	callee: AccountId,
	selector: [u8; 4],
	arguments: A,
	value: Balance,
	gas_limit: u64,
	allow_reentry: bool,
	_result: PhantomData<fn() -> R>,
}

impl<A: Encode, R: Decode> CallBuilder<A, R> {
	/// A call of the message with `selector` of `callee`, with `arguments`.
	pub fn new(callee: AccountId, selector: [u8; 4], arguments: A) -> Self {
		Self { callee, selector, arguments, value: 0, gas_limit: 0, allow_reentry: false, _result: PhantomData }
	}

	/// Sends `value` with the call (the message must be `payable`).
	pub fn value(mut self, value: Balance) -> Self {
		self.value = value;
		self
	}

	/// Gives the call at most `gas_limit` of `ref_time`; by default, all that is left.
	pub fn gas_limit(mut self, gas_limit: u64) -> Self {
		self.gas_limit = gas_limit;
		self
	}

	/// Lets the callee call back into this contract.
	pub fn allow_reentry(mut self) -> Self {
		self.allow_reentry = true;
		self
	}

	/// Sends the call and decodes what the message returned.
	pub fn call(self) -> Result<R, CallError> {
		let input = (self.selector, &self.arguments);
		buffer::with_encoded(&input, |input| {
			env::call(&self.callee, input, self.value, self.gas_limit, self.allow_reentry, |code, output| {
				Self::result(code, output)
			})
		})
	}

	/// The result of a call that ended with return code `code` and `output`.
	pub fn result(code: u32, output: &[u8]) -> Result<R, CallError> {
		match code {
			code if code == ReturnCode::Success.as_u32() || code == ReturnCode::CalleeReverted.as_u32() => {
				Self::decode_output(output)
			}
			code => Err(failed(code)),
		}
	}

	/// Decodes the output of a message that returned or reverted: what it returned, or why it
	/// could not run.
	pub fn decode_output(mut output: &[u8]) -> Result<R, CallError> {
		match crate::decode::decode_from::<Result<R, DispatchError>>(&mut output) {
			Ok(Ok(result)) if output.is_empty() => Ok(result),
			Ok(Err(error)) if output.is_empty() => Err(CallError::Dispatch(error)),
			_ => Err(CallError::InvalidOutput),
		}
	}

	/// The contract called.
	pub fn callee(&self) -> AccountId {
		self.callee
	}

	/// The value sent.
	pub fn transferred_value(&self) -> Balance {
		self.value
	}

	/// The input of the call: the selector, then the arguments.
	pub fn input(&self) -> alloc::vec::Vec<u8> {
		(self.selector, &self.arguments).encode()
	}
}

/// The constructor of a contract with its arguments `A` (a tuple), returning `R`: what a client
/// deploys the contract's code with.
pub struct Deploy<A, R> {
	arguments: A,
	value: Balance,
	_result: PhantomData<fn() -> R>,
}

impl<A: Encode, R: Decode> Deploy<A, R> {
	/// The constructor with `arguments`.
	pub fn new(arguments: A) -> Self {
		Self { arguments, value: 0, _result: PhantomData }
	}

	/// Sends `value` to the new contract (the constructor must be `payable`).
	pub fn value(mut self, value: Balance) -> Self {
		self.value = value;
		self
	}

	/// The value sent.
	pub fn transferred_value(&self) -> Balance {
		self.value
	}

	/// The input of `deploy`: the arguments.
	pub fn input(&self) -> alloc::vec::Vec<u8> {
		self.arguments.encode()
	}
}
