//! What a contract tells its clients about itself: its constructor, messages, events, errors and
//! storage, with every type they use in a scale-info registry. Built with the `metadata` feature, a
//! contract exports `__ocos_metadata`, which returns this SCALE-encoded;
//! `ocos-contract-build` runs it and writes the JSON a client reads.

use alloc::{string::String, vec::Vec};
use codec::{Decode, Encode};
use scale_info::{MetaType, PortableRegistry, Registry, TypeInfo};

/// A contract's metadata.
#[derive(Clone, Debug, PartialEq, Eq, Encode)]
#[cfg_attr(feature = "serde", derive(Decode, serde::Serialize, serde::Deserialize))]
pub struct ContractMetadata {
	/// The contract module's name.
	pub name: String,
	/// Its `#[deploy]` constructor.
	pub deploy: Function,
	/// Its `#[message]`s.
	pub messages: Vec<Function>,
	/// Its `#[event]`s.
	pub events: Vec<EventSpec>,
	/// The error types its messages return in `Err`.
	pub errors: Vec<u32>,
	/// [`DispatchError`](crate::dispatch::DispatchError): every output is `Result<R,
	/// DispatchError>`.
	pub dispatch_error: u32,
	/// Its storage items.
	pub storage: Vec<StorageSpec>,
	/// Every type above, by id.
	pub types: PortableRegistry,
}

/// A constructor or message.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Function {
	/// Its name.
	pub name: String,
	/// The 4 bytes that start a call of it (none for the constructor).
	#[cfg_attr(feature = "serde", serde(with = "hex_option"))]
	pub selector: Option<[u8; 4]>,
	/// Its arguments, in order.
	pub args: Vec<Field>,
	/// The type it returns, if any.
	pub returns: Option<u32>,
	/// Whether it accepts value.
	pub payable: bool,
	/// Whether it may change state (a message not marked `view`).
	pub mutates: bool,
	/// Its documentation.
	pub docs: Vec<String>,
}

/// A named value of a type.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Field {
	/// Its name.
	pub name: String,
	/// Its type's id.
	pub ty: u32,
	/// Whether it is an event topic.
	pub indexed: bool,
}

/// An event.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EventSpec {
	/// Its name.
	pub name: String,
	/// Topic 0 of its logs.
	#[cfg_attr(feature = "serde", serde(with = "hex_array"))]
	pub signature: [u8; 32],
	/// Its fields, in order.
	pub fields: Vec<Field>,
	/// Its documentation.
	pub docs: Vec<String>,
}

/// What kind of storage an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum StorageKind {
	/// An [`Item`](crate::storage::Item).
	Item,
	/// A [`Map`](crate::storage::Map).
	Map,
	/// A [`Vector`](crate::storage::Vector).
	Vector,
}

/// A storage item.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StorageSpec {
	/// The constant's name.
	pub name: String,
	/// What kind of item it is.
	pub kind: StorageKind,
	/// The prefix of its keys: the SCALE encoding of its name.
	#[cfg_attr(feature = "serde", serde(with = "hex_vec"))]
	pub prefix: Vec<u8>,
	/// The type of a map's keys.
	pub key: Option<u32>,
	/// The type of its values.
	pub value: u32,
}

/// Collects a contract's metadata; the [`contract`](crate::contract) macro drives it.
pub struct Builder {
	registry: Registry,
}

impl Default for Builder {
	fn default() -> Self {
		Self { registry: Registry::new() }
	}
}

impl Builder {
	/// The id of type `T`, registered with everything it contains.
	pub fn ty<T: TypeInfo + 'static>(&mut self) -> u32 {
		self.registry.register_type(&MetaType::new::<T>()).id
	}

	/// The metadata, with every type registered.
	pub fn finish(
		self,
		name: &str,
		deploy: Function,
		messages: Vec<Function>,
		events: Vec<EventSpec>,
		errors: Vec<u32>,
		dispatch_error: u32,
		storage: Vec<StorageSpec>,
	) -> ContractMetadata {
		let types: PortableRegistry = self.registry.into();
		ContractMetadata { name: name.into(), deploy, messages, events, errors, dispatch_error, storage, types }
	}
}

/// Documentation as the registry keeps it.
pub fn docs(lines: &[&str]) -> Vec<String> {
	lines.iter().map(|line| String::from(*line)).collect()
}

/// Bytes in JSON as `0x`-prefixed hex strings.
#[cfg(feature = "serde")]
mod hex_vec {
	use alloc::{format, string::String, vec::Vec};
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
		let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
		serializer.serialize_str(&format!("0x{hex}"))
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
		let text = String::deserialize(deserializer)?;
		let hex = text.strip_prefix("0x").ok_or_else(|| D::Error::custom("hex must start with 0x"))?;
		if hex.len() % 2 != 0 {
			return Err(D::Error::custom("hex has an odd number of digits"));
		}
		(0..hex.len()).step_by(2).map(|at| u8::from_str_radix(&hex[at..at + 2], 16).map_err(D::Error::custom)).collect()
	}
}

/// A byte array in JSON as a hex string.
#[cfg(feature = "serde")]
mod hex_array {
	use serde::{de::Error, Deserializer, Serializer};

	pub fn serialize<S: Serializer, const N: usize>(bytes: &[u8; N], serializer: S) -> Result<S::Ok, S::Error> {
		super::hex_vec::serialize(bytes, serializer)
	}

	pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(deserializer: D) -> Result<[u8; N], D::Error> {
		super::hex_vec::deserialize(deserializer)?
			.try_into()
			.map_err(|_| D::Error::custom(alloc::format!("expected {N} bytes")))
	}
}

/// An optional byte array in JSON as a hex string or `null`.
#[cfg(feature = "serde")]
mod hex_option {
	use serde::{Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer, const N: usize>(bytes: &Option<[u8; N]>, serializer: S) -> Result<S::Ok, S::Error> {
		match bytes {
			Some(bytes) => super::hex_vec::serialize(bytes, serializer),
			None => serializer.serialize_none(),
		}
	}

	pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
		deserializer: D,
	) -> Result<Option<[u8; N]>, D::Error> {
		#[derive(Deserialize)]
		struct Hex<const M: usize>(#[serde(with = "super::hex_array")] [u8; M]);
		Ok(Option::<Hex<N>>::deserialize(deserializer)?.map(|Hex(bytes)| bytes))
	}
}
