//! A contract as the command line knows it: its code and its metadata, and what the metadata says
//! of how to encode a constructor's or message's arguments and decode its result, its error and
//! the events it emits.

use ocos_contract::metadata::{ContractMetadata, Function, StorageSpec};
use ocos_contract_build::{Build, MetadataFile};
use scale_info::PortableRegistry;
use scale_value::{
	stringify::{custom_formatters::format_hex, custom_parsers},
	Composite, Primitive, Value, ValueDef,
};
use std::{fmt::Write, path::Path};

/// A built contract: its code and its metadata.
pub struct Contract {
	/// The code, as uploaded.
	pub wasm: Vec<u8>,
	/// The metadata file written beside it.
	pub metadata: MetadataFile,
}

/// What a constructor or message returned, decoded.
pub struct Decoded {
	/// Whether the call ran and returned (`Ok` of `Result<R, DispatchError>`); a message's own
	/// `Err` is in `value`.
	pub ran: bool,
	/// The value: what the message returned, or the `DispatchError` saying why it could not run.
	pub value: Value,
}

/// A log decoded as one of the contract's events.
pub struct DecodedEvent {
	/// The event's name.
	pub name: String,
	/// Its fields.
	pub fields: Value,
}

impl Contract {
	/// Builds the contract crate at `path` (nothing is compiled when nothing changed), or reads
	/// `path` as a built contract's `.json`, its code beside it in the `.wasm` of the same name.
	pub fn load(path: &Path, debug: bool) -> Result<Self, String> {
		if path.extension().is_some_and(|extension| extension == "json") {
			let read = |path: &Path| std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()));
			let metadata = serde_json::from_slice(&read(path)?)
				.map_err(|error| format!("{}: not a contract's metadata: {error}", path.display()))?;
			return Ok(Self { wasm: read(&path.with_extension("wasm"))?, metadata });
		}
		let built = Build::new(path).debug(debug).run().map_err(|error| error.to_string())?;
		Ok(Self { wasm: built.wasm, metadata: built.metadata })
	}

	/// The contract's constructor, messages, events, errors and types.
	pub fn spec(&self) -> &ContractMetadata {
		&self.metadata.spec
	}

	/// The hash the chain stores the code under.
	pub fn code_hash(&self) -> Result<[u8; 32], String> {
		let hex = self.metadata.source.hash.trim_start_matches("0x");
		let bytes = decode_hex(hex).ok_or_else(|| format!("the metadata's code hash {hex} is not hex"))?;
		bytes.try_into().map_err(|_| "the metadata's code hash is not 32 bytes".to_string())
	}

	/// The message called `name`.
	pub fn message(&self, name: &str) -> Result<&Function, String> {
		let messages = &self.spec().messages;
		messages.iter().find(|message| message.name == name).ok_or_else(|| {
			let names: Vec<&str> = messages.iter().map(|message| message.name.as_str()).collect();
			format!("{} has no message `{name}`; its messages: {}", self.spec().name, names.join(", "))
		})
	}

	/// The input of a call of `function` with `args`, each written as a value of its type: numbers,
	/// `true`, `"text"`, `0x`-hex bytes, SS58 addresses, `Some(1)`, `(1, 2)`, `{ to: .., value: 1 }`.
	pub fn encode_input(&self, function: &Function, args: &[String]) -> Result<Vec<u8>, String> {
		if args.len() != function.args.len() {
			let expected: Vec<String> =
				function.args.iter().map(|arg| format!("{}: {}", arg.name, self.type_name(arg.ty))).collect();
			return Err(format!(
				"`{}` takes {} argument(s) ({}), {} given",
				function.name,
				function.args.len(),
				expected.join(", "),
				args.len()
			));
		}
		let mut input = function.selector.map(Vec::from).unwrap_or_default();
		for (arg, text) in function.args.iter().zip(args) {
			input.extend(self.encode_value(text, arg.ty).map_err(|error| format!("argument `{}`: {error}", arg.name))?);
		}
		Ok(input)
	}

	/// `text`, a value written as on the command line, SCALE-encoded as type `ty`.
	pub fn encode_value(&self, text: &str, ty: u32) -> Result<Vec<u8>, String> {
		let value = parse_value(text)?;
		let mut encoded = Vec::new();
		scale_value::scale::encode_as_type(&value, ty, self.types(), &mut encoded)
			.map_err(|error| format!("`{text}` is not a {}: {error}", self.type_name(ty)))?;
		Ok(encoded)
	}

	/// `bytes` decoded as type `ty`, all of them.
	pub fn decode_value(&self, mut bytes: &[u8], ty: u32) -> Result<Value, String> {
		let value = scale_value::scale::decode_as_type(&mut bytes, ty, self.types())
			.map_err(|error| format!("{} does not decode as {}: {error}", hex(bytes), self.type_name(ty)))?;
		match bytes.is_empty() {
			true => Ok(value.remove_context()),
			false => Err(format!("{} left over after a {}", hex(bytes), self.type_name(ty))),
		}
	}

	/// The storage item called `name` (as declared: `BALANCES`, any case).
	pub fn storage_item(&self, name: &str) -> Result<&StorageSpec, String> {
		let items = &self.spec().storage;
		items.iter().find(|item| item.name.eq_ignore_ascii_case(name)).ok_or_else(|| {
			let names: Vec<&str> = items.iter().map(|item| item.name.as_str()).collect();
			format!("{} has no storage item `{name}`; its items: {}", self.spec().name, names.join(", "))
		})
	}

	/// Decodes the output of `function`: `Result<R, DispatchError>`.
	pub fn decode_output(&self, function: &Function, output: &[u8]) -> Result<Decoded, String> {
		let Some((&tag, mut rest)) = output.split_first() else {
			return Err("the contract returned no output".into());
		};
		let (ran, ty) = match tag {
			0 => (true, function.returns),
			1 => (false, Some(self.spec().dispatch_error)),
			_ => return Err(format!("the output {} is not a result", hex(output))),
		};
		let value = match ty {
			Some(ty) => scale_value::scale::decode_as_type(&mut rest, ty, self.types())
				.map_err(|error| format!("the output does not decode as {}: {error}", self.type_name(ty)))?
				.remove_context(),
			None => Value::unnamed_composite(Vec::new()),
		};
		Ok(Decoded { ran, value })
	}

	/// Decodes a log of this contract as the event whose signature is its first topic.
	pub fn decode_event(&self, topics: &[[u8; 32]], data: &[u8]) -> Option<DecodedEvent> {
		let event = self.spec().events.iter().find(|event| topics.first() == Some(&event.signature))?;
		let mut data = data;
		let mut fields = Vec::new();
		for field in &event.fields {
			let value = scale_value::scale::decode_as_type(&mut data, field.ty, self.types()).ok()?;
			fields.push((field.name.clone(), value.remove_context()));
		}
		Some(DecodedEvent { name: event.name.clone(), fields: Value::named_composite(fields) })
	}

	/// A type's name as the metadata's registry gives it (`AccountId`, `u128`, `Option`…).
	pub fn type_name(&self, ty: u32) -> String {
		use scale_info::TypeDef;
		match self.types().resolve(ty).map(|resolved| (&resolved.path.segments, &resolved.type_def)) {
			Some((path, _)) if !path.is_empty() => path.last().cloned().unwrap_or_default(),
			Some((_, TypeDef::Primitive(primitive))) => format!("{primitive:?}").to_lowercase(),
			Some((_, TypeDef::Sequence(sequence))) => format!("Vec<{}>", self.type_name(sequence.type_param.id)),
			Some((_, TypeDef::Array(array))) => format!("[{}; {}]", self.type_name(array.type_param.id), array.len),
			Some((_, TypeDef::Tuple(tuple))) => {
				let fields: Vec<String> = tuple.fields.iter().map(|field| self.type_name(field.id)).collect();
				format!("({})", fields.join(", "))
			}
			Some((_, TypeDef::Compact(compact))) => format!("Compact<{}>", self.type_name(compact.type_param.id)),
			_ => format!("type #{ty}"),
		}
	}

	fn types(&self) -> &PortableRegistry {
		&self.spec().types
	}
}

/// Parses a value written on the command line, SS58 addresses and `0x`-hex bytes included.
pub fn parse_value(text: &str) -> Result<Value<()>, String> {
	let (parsed, rest) = scale_value::stringify::from_str_custom()
		.add_custom_parser(custom_parsers::parse_ss58)
		.add_custom_parser(custom_parsers::parse_hex)
		.add_custom_parser(parse_unit_variant)
		.parse(text);
	let value = parsed.map_err(|error| format!("`{text}`: {error}"))?;
	match rest.trim() {
		"" => Ok(value),
		rest => Err(format!("`{text}`: unexpected `{rest}` after the value")),
	}
}

/// A variant without fields written as its bare name (`None`, `Native`), not `None()`.
fn parse_unit_variant(text: &mut &str) -> Option<Result<Value<()>, scale_value::stringify::ParseError>> {
	let length = text.find(|char: char| !(char.is_ascii_alphanumeric() || char == '_')).unwrap_or(text.len());
	let (name, rest) = text.split_at(length);
	if !name.starts_with(|first: char| first.is_ascii_uppercase()) || rest.trim_start().starts_with(['(', '{']) {
		return None;
	}
	*text = rest;
	Some(Ok(Value::unnamed_variant(name, [])))
}

/// A value as text: accounts (a 32-byte newtype) as SS58, byte sequences as `0x`-hex, variants
/// without fields by their name.
pub fn show<T>(value: &Value<T>) -> String {
	let mut text = String::new();
	let written = scale_value::stringify::to_writer_custom()
		.add_custom_formatter(|value, writer: &mut &mut String| {
			let account = account_of(value)?;
			Some(writer.write_str(&crate::chain::show_account(&account)))
		})
		.add_custom_formatter(|value, writer: &mut &mut String| {
			let ValueDef::Variant(variant) = &value.value else { return None };
			let shown = match &variant.values {
				Composite::Unnamed(values) if values.is_empty() => variant.name.clone(),
				Composite::Unnamed(values) => {
					let values: Vec<String> = values.iter().map(show).collect();
					format!("{}({})", variant.name, values.join(", "))
				}
				Composite::Named(fields) => {
					let fields: Vec<String> =
						fields.iter().map(|(name, value)| format!("{name}: {}", show(value))).collect();
					format!("{} {{ {} }}", variant.name, fields.join(", "))
				}
			};
			Some(writer.write_str(&shown))
		})
		.add_custom_formatter(|value, writer| format_hex(value, writer))
		.write(value, &mut text);
	match written {
		Ok(()) => text,
		Err(_) => value.to_string(),
	}
}

/// The account a value holds, when it is a newtype of 32 bytes (`AccountId([u8; 32])`).
fn account_of<T>(value: &Value<T>) -> Option<sp_runtime::AccountId32> {
	let ValueDef::Composite(Composite::Unnamed(fields)) = &value.value else { return None };
	let [inner] = fields.as_slice() else { return None };
	let ValueDef::Composite(Composite::Unnamed(bytes)) = &inner.value else { return None };
	let bytes: Vec<u8> = bytes
		.iter()
		.map(|byte| match byte.value {
			ValueDef::Primitive(Primitive::U128(byte)) => u8::try_from(byte).ok(),
			_ => None,
		})
		.collect::<Option<_>>()?;
	Some(sp_runtime::AccountId32::new(bytes.try_into().ok()?))
}

/// `bytes` as `0x`-hex.
pub fn hex(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
	format!("0x{digits}")
}

/// The bytes of `0x`-less hex `text`.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
	if !text.len().is_multiple_of(2) {
		return None;
	}
	(0..text.len()).step_by(2).map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn variants_without_fields_parse_by_their_bare_name() {
		let none = Value::unnamed_variant("None", []);
		assert_eq!(parse_value("None"), Ok(none.clone()));
		assert_eq!(parse_value("None()"), Ok(none.clone()));
		assert_eq!(parse_value("Some(None)"), Ok(Value::unnamed_variant("Some", [none.clone()])));
		assert_eq!(parse_value("Some(7)"), Ok(Value::unnamed_variant("Some", [Value::u128(7)])));
		assert_eq!(parse_value("{ to: None }"), Ok(Value::named_composite([("to", none)])));
		assert_eq!(parse_value("true"), Ok(Value::bool(true)));
	}
}
