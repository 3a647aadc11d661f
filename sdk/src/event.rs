//! Events: structs marked `#[event]` in a contract module, emitted as logs. Topic 0 is the
//! BLAKE2b-256 hash of the event's name, so a client knows which event a log is; each field marked
//! `#[topic]` adds a topic, its SCALE encoding when that fits in 32 bytes (zero-padded) and the
//! encoding's hash otherwise. The log's data is the whole event, SCALE-encoded: the metadata
//! decodes it.

use crate::{buffer, env};
use codec::Encode;

/// The most topics a log has (the chain's limit).
pub const MAX_TOPICS: usize = 4;

/// An event's topics: the first `count` of `topics`.
pub struct Topics {
	/// The topics, [`Event::SIGNATURE`] first, zeroes after the last.
	pub topics: [[u8; 32]; MAX_TOPICS],
	/// How many there are.
	pub count: usize,
}

/// An event a contract emits.
pub trait Event: Encode {
	/// Topic 0: the hash of the event's name.
	const SIGNATURE: [u8; 32];

	/// The event's topics, [`Self::SIGNATURE`] first.
	fn topics(&self) -> Topics;
}

/// The topic of an indexed field.
pub fn topic<T: Encode>(field: &T) -> [u8; 32] {
	buffer::with_encoded(field, topic_of_encoded)
}

/// The topic of a field encoded as `encoded`.
#[inline(never)]
fn topic_of_encoded(encoded: &[u8]) -> [u8; 32] {
	let mut topic = [0u8; 32];
	if encoded.len() > topic.len() {
		return env::hash_blake2_256(encoded);
	}
	buffer::copy(encoded, &mut topic);
	topic
}

/// Emits `event` as a log.
pub fn emit<E: Event>(event: &E) {
	let Topics { topics, count } = event.topics();
	buffer::with_encoded(event, |data| env::log(topics.get(..count).unwrap_or_default(), data));
}
