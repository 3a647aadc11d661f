//! What the [`contract`](crate::contract) macro's `deploy` and `call` exports do around a
//! contract's own functions: read the input, find the message by its selector, refuse value a
//! message does not accept, decode the arguments, and return the result.
//!
//! Every message's output is `Result<R, DispatchError>` SCALE-encoded, `R` being what the message
//! returns: `Ok(r)` when the message ran, `Err(_)` when it could not. The call reverts on an
//! `Err`, and on an `Ok(Err(e))` from a message that returns a `Result`, so a caller or a client
//! decodes every outcome with the message's types.

use crate::{buffer, env};
use alloc::string::String;
use codec::{Decode, Encode, Output};
use scale_info::TypeInfo;

/// Why a message could not run.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum DispatchError {
	/// No message has the input's selector.
	#[codec(index = 0)]
	UnknownSelector,
	/// The arguments do not decode as the message's.
	#[codec(index = 1)]
	InvalidInput,
	/// Value was sent to a message (or constructor) that is not `payable`.
	#[codec(index = 2)]
	NotPayable,
	/// The contract panicked, with its message (debug builds; a release build traps).
	#[codec(index = 3)]
	Panic(String),
}

/// Runs the constructor: `run` gets its encoded arguments.
pub fn deploy(run: impl FnOnce(&mut &[u8])) -> ! {
	env::input(|mut arguments| run(&mut arguments));
	env::return_value(false, &[])
}

/// Runs a message: `run` gets the input's selector (its 4 bytes read as a little-endian `u32`) and
/// the message's encoded arguments.
pub fn call(run: impl FnOnce(u32, &mut &[u8])) -> ! {
	env::input(|input| match input.split_first_chunk::<4>() {
		Some((selector, mut arguments)) => run(u32::from_le_bytes(*selector), &mut arguments),
		None => fail(DispatchError::UnknownSelector),
	});
	fail(DispatchError::UnknownSelector)
}

/// Reverts with `error`.
pub fn fail(error: DispatchError) -> ! {
	// The output is `Err(error)` encoded: `1`, the variant's index, its field. Only a debug build
	// makes a `Panic` with a message, so a release build writes the bytes of the fieldless
	// variants itself and keeps the encoding of strings out of its code.
	let output: &[u8] = match error {
		DispatchError::Panic(message) if cfg!(debug_assertions) => {
			return_encoded(true, &Err::<(), _>(DispatchError::Panic(message)))
		}
		DispatchError::UnknownSelector => &[1, 0],
		DispatchError::InvalidInput => &[1, 1],
		DispatchError::NotPayable => &[1, 2],
		DispatchError::Panic(_) => &[1, 3, 0],
	};
	env::return_value(true, output)
}

/// Reverts unless the call came without value.
pub fn refuse_value() {
	if env::value_transferred() != 0 {
		fail(DispatchError::NotPayable)
	}
}

/// Decodes a message's arguments, all of them.
pub fn decode<T: Decode>(arguments: &mut &[u8]) -> T {
	crate::decode::decode_from(arguments).unwrap_or_else(|_| fail(DispatchError::InvalidInput))
}

/// Returns from a message that returns nothing: `Ok(())`.
pub fn finish_unit(_: ()) -> ! {
	env::return_value(false, &[0])
}

/// Returns what a message returned.
pub fn finish<R: Encode>(result: R) -> ! {
	return_ok(false, &result)
}

/// Returns what a message returning a `Result` returned, reverting on its `Err`.
pub fn finish_result<T: Encode, E: Encode>(result: Result<T, E>) -> ! {
	return_ok(result.is_err(), &result)
}

/// Ends the call with `Ok(result)` encoded: `0`, then `result`.
fn return_ok(revert: bool, result: &impl Encode) -> ! {
	buffer::with_written(
		|output| {
			output.push_byte(0);
			result.encode_to(output);
		},
		|output| env::return_value(revert, output),
	)
}

/// Ends the call with `output` encoded.
fn return_encoded(revert: bool, output: &impl Encode) -> ! {
	buffer::with_encoded(output, |output| env::return_value(revert, output))
}
