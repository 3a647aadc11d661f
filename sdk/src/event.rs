//! Events: structs marked `#[event]` in a contract module, emitted as logs. Topic 0 is the
//! BLAKE2b-256 hash of the event's name, so a client knows which event a log is; each field marked
//! `#[topic]` adds a topic, its SCALE encoding when that fits in 32 bytes (zero-padded) and the
//! encoding's hash otherwise. The log's data is the whole event, SCALE-encoded: the metadata
//! decodes it.

use crate::{
	buffer::{self, Writer},
	env,
};
use codec::{Encode, Output};

/// An event a contract emits.
pub trait Event: Encode {
	/// Topic 0: the hash of the event's name.
	const SIGNATURE: [u8; 32];

	/// Pushes the topic of each `#[topic]` field, in order, onto `topics`.
	fn topics(&self, topics: &mut Topics);
}

/// The topics of a log being emitted, written one after the other at the top of the buffer.
pub struct Topics<'w>(&'w mut Writer);

impl Topics<'_> {
	/// Pushes the topic of an indexed field.
	pub fn push<T: Encode + ?Sized>(&mut self, field: &T) {
		let mark = self.0.mark();
		field.encode_to(self.0);
		self.0.fit(mark, hash);
	}
}

/// The BLAKE2b-256 hash of an encoding longer than a topic: by the chain in a contract, by the
/// SDK itself in a client.
fn hash(encoded: &[u8]) -> [u8; 32] {
	#[cfg(target_arch = "wasm32")]
	return env::hash_blake2_256(encoded);
	#[cfg(not(target_arch = "wasm32"))]
	{
		let mut hash = [0u8; 32];
		hash.copy_from_slice(blake2b_simd::Params::new().hash_length(32).hash(encoded).as_bytes());
		hash
	}
}

/// The topic of an indexed field: its SCALE encoding, zero-padded, or the encoding's hash when
/// longer than 32 bytes. A client filters logs by it.
pub fn topic<T: Encode + ?Sized>(field: &T) -> [u8; 32] {
	let mut topic = [0u8; 32];
	buffer::with_written(|writer| Topics(writer).push(field), |bytes| buffer::copy(bytes, &mut topic));
	topic
}

/// Emits `event` as a log.
pub fn emit<E: Event>(event: &E) {
	buffer::with_written(
		|writer| {
			writer.write(&E::SIGNATURE);
			event.topics(&mut Topics(writer));
		},
		|topics| buffer::with_encoded(event, |data| env::log(topics.as_chunks::<32>().0, data)),
	);
}
