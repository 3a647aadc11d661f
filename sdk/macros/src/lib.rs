//! The `#[contract]` macro of `ocos-contract`. It reads a contract module and generates, around the
//! author's own items:
//! - the `deploy` and `call` exports (unless the crate is built with `as-dependency`): the input
//!   decoded, the message found by its selector, value refused where not `payable`, the result
//!   encoded and returned, reverting on `Err`;
//! - `impl Event` for each `#[event]` struct, with its derives;
//! - a `…Ref` struct whose methods call the contract's messages from another contract;
//! - with the `metadata` feature, the `__ocos_metadata` export describing all of it.
//!
//! Selectors are the first 4 bytes of the BLAKE2b-256 hash of a message's name; an event's first
//! topic is the hash of its name.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{
	parse_macro_input, spanned::Spanned, Attribute, Error, Expr, ExprCall, ExprLit, Fields, FnArg, GenericArgument,
	Ident, Item, ItemConst, ItemFn, ItemMod, ItemStruct, Lit, Meta, Pat, PathArguments, ReturnType, Type,
};

/// Marks a contract module. See the `ocos-contract` crate for what it accepts and generates.
#[proc_macro_attribute]
pub fn contract(attribute: TokenStream, item: TokenStream) -> TokenStream {
	if !attribute.is_empty() {
		return Error::new(Span::call_site(), "`#[contract]` takes no arguments").to_compile_error().into();
	}
	let module = parse_macro_input!(item as ItemMod);
	match Contract::read(module) {
		Ok(contract) => contract.generate().into(),
		Err(error) => error.to_compile_error().into(),
	}
}

/// The BLAKE2b-256 hash of `bytes`.
fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	let hash = blake2b_simd::Params::new().hash_length(32).hash(bytes);
	let mut out = [0u8; 32];
	out.copy_from_slice(hash.as_bytes());
	out
}

/// A function of the contract: the constructor or a message.
struct Function {
	ident: Ident,
	args: Vec<(Ident, Type)>,
	returns: Option<Type>,
	payable: bool,
	view: bool,
	docs: Vec<String>,
}

impl Function {
	fn read(function: &ItemFn, options: Vec<String>) -> Result<Self, Error> {
		let mut args = Vec::new();
		for input in &function.sig.inputs {
			let FnArg::Typed(typed) = input else {
				return Err(Error::new(input.span(), "a contract's functions take no `self`"));
			};
			let Pat::Ident(name) = typed.pat.as_ref() else {
				return Err(Error::new(typed.pat.span(), "arguments must be plain names"));
			};
			args.push((name.ident.clone(), typed.ty.as_ref().clone()));
		}
		for option in &options {
			if option != "payable" && option != "view" {
				return Err(Error::new(function.sig.span(), format!("unknown option `{option}`: payable or view")));
			}
		}
		let returns = match &function.sig.output {
			ReturnType::Default => None,
			ReturnType::Type(_, ty) => Some(ty.as_ref().clone()),
		};
		Ok(Self {
			ident: function.sig.ident.clone(),
			args,
			returns,
			payable: options.iter().any(|option| option == "payable"),
			view: options.iter().any(|option| option == "view"),
			docs: docs(&function.attrs),
		})
	}

	fn selector(&self) -> [u8; 4] {
		let hash = blake2_256(self.ident.to_string().as_bytes());
		[hash[0], hash[1], hash[2], hash[3]]
	}

	/// The `E` of a function returning `Result<T, E>`.
	fn error_type(&self) -> Option<&Type> {
		let Some(Type::Path(path)) = &self.returns else { return None };
		let segment = path.path.segments.last()?;
		if segment.ident != "Result" {
			return None;
		}
		let PathArguments::AngleBracketed(arguments) = &segment.arguments else { return None };
		match arguments.args.iter().nth(1) {
			Some(GenericArgument::Type(error)) => Some(error),
			_ => None,
		}
	}

	/// Decodes the arguments, runs the function, and returns (reverting on `Err`).
	fn dispatch(&self) -> Tokens {
		let ident = &self.ident;
		let names: Vec<&Ident> = self.args.iter().map(|(name, _)| name).collect();
		let types: Vec<&Type> = self.args.iter().map(|(_, ty)| ty).collect();
		let refuse_value = (!self.payable).then(|| quote!(::ocos_contract::dispatch::refuse_value();));
		let finish = match (&self.returns, self.error_type()) {
			(None, _) => quote!(::ocos_contract::dispatch::finish_unit(result)),
			(Some(_), Some(_)) => quote!(::ocos_contract::dispatch::finish_result(result)),
			(Some(_), None) => quote!(::ocos_contract::dispatch::finish(result)),
		};
		quote! {
			#refuse_value
			#( let #names: #types = ::ocos_contract::dispatch::decode(input); )*
			let result = #ident( #(#names),* );
			#finish
		}
	}

	/// The function's metadata, with its types registered in `builder`.
	fn metadata(&self, selector: bool) -> Tokens {
		let name = self.ident.to_string();
		let selector = if selector {
			let bytes = self.selector();
			quote!(Some([#(#bytes),*]))
		} else {
			quote!(None)
		};
		let args = self.args.iter().map(|(name, ty)| {
			let name = name.to_string();
			quote!(::ocos_contract::metadata::Field { name: #name.into(), ty: builder.ty::<#ty>(), indexed: false })
		});
		let returns = match &self.returns {
			Some(ty) => quote!(Some(builder.ty::<#ty>())),
			None => quote!(None),
		};
		let (payable, mutates, docs) = (self.payable, !self.view, &self.docs);
		quote! {
			::ocos_contract::metadata::Function {
				name: #name.into(),
				selector: #selector,
				args: ::ocos_contract::__private::vec![#(#args),*],
				returns: #returns,
				payable: #payable,
				mutates: #mutates,
				docs: ::ocos_contract::metadata::docs(&[#(#docs),*]),
			}
		}
	}
}

/// An `#[event]` struct.
struct Event {
	ident: Ident,
	fields: Vec<(Ident, Type, bool)>,
	docs: Vec<String>,
}

/// A storage constant: `const NAME: Item<T> = Item::new(b"name");`.
struct Storage {
	ident: Ident,
	kind: Ident,
	types: Vec<Type>,
	name: Vec<u8>,
}

/// A contract module, read.
struct Contract {
	module: ItemMod,
	deploy: Function,
	messages: Vec<Function>,
	events: Vec<Event>,
	storage: Vec<Storage>,
}

/// The options of an attribute: `#[message(payable, view)]` gives `["payable", "view"]`.
fn options(attribute: &Attribute) -> Result<Vec<String>, Error> {
	match &attribute.meta {
		Meta::Path(_) => Ok(Vec::new()),
		Meta::List(list) => {
			let mut options = Vec::new();
			list.parse_nested_meta(|meta| {
				options.push(meta.path.get_ident().map(Ident::to_string).unwrap_or_default());
				Ok(())
			})?;
			Ok(options)
		}
		Meta::NameValue(value) => Err(Error::new(value.span(), "expected `#[message]` or `#[message(payable)]`")),
	}
}

/// Takes the attribute named `name` out of `attributes`.
fn take_attribute(attributes: &mut Vec<Attribute>, name: &str) -> Option<Attribute> {
	let at = attributes.iter().position(|attribute| attribute.path().is_ident(name))?;
	Some(attributes.remove(at))
}

/// Lets `#[derive(Encode, Decode, TypeInfo)]` on a contract's own types find SCALE and scale-info
/// through `ocos-contract`, so a contract's crate needs no other dependency.
fn point_derives_at_the_sdk(attributes: &mut Vec<Attribute>) {
	let derived = |name: &str| {
		attributes.iter().any(|attribute| {
			attribute.path().is_ident("derive")
				&& attribute
					.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
					.is_ok_and(|paths| {
						paths.iter().any(|path| path.segments.last().is_some_and(|last| last.ident == name))
					})
		})
	};
	let (codec, scale_info) = (derived("Encode") || derived("Decode"), derived("TypeInfo"));
	if codec {
		attributes.push(syn::parse_quote!(#[codec(crate = ::ocos_contract::codec)]));
	}
	if scale_info {
		attributes.push(syn::parse_quote!(#[scale_info(crate = ::ocos_contract::scale_info)]));
	}
}

/// The documentation lines of `attributes`.
fn docs(attributes: &[Attribute]) -> Vec<String> {
	attributes
		.iter()
		.filter_map(|attribute| match &attribute.meta {
			Meta::NameValue(value) if value.path.is_ident("doc") => match &value.value {
				Expr::Lit(ExprLit { lit: Lit::Str(line), .. }) => Some(line.value().trim().to_owned()),
				_ => None,
			},
			_ => None,
		})
		.collect()
}

impl Contract {
	fn read(mut module: ItemMod) -> Result<Self, Error> {
		let span = module.span();
		let Some((_, items)) = module.content.as_mut() else {
			return Err(Error::new(span, "`#[contract]` needs the module's items inline"));
		};
		let (mut deploy, mut messages, mut events, mut storage) = (None, Vec::new(), Vec::new(), Vec::new());
		for item in items.iter_mut() {
			match item {
				Item::Fn(function) => {
					if let Some(attribute) = take_attribute(&mut function.attrs, "deploy") {
						if deploy.is_some() {
							return Err(Error::new(function.sig.span(), "a contract has one `#[deploy]` constructor"));
						}
						deploy = Some(Function::read(function, options(&attribute)?)?);
					} else if let Some(attribute) = take_attribute(&mut function.attrs, "message") {
						messages.push(Function::read(function, options(&attribute)?)?);
					}
				}
				Item::Struct(structure) => {
					if take_attribute(&mut structure.attrs, "event").is_some() {
						events.push(Self::read_event(structure)?);
					} else {
						point_derives_at_the_sdk(&mut structure.attrs);
					}
				}
				Item::Enum(enumeration) => point_derives_at_the_sdk(&mut enumeration.attrs),
				Item::Const(constant) => {
					if let Some(item) = Self::read_storage(constant)? {
						storage.push(item);
					}
				}
				_ => {}
			}
		}
		let deploy = deploy.ok_or_else(|| Error::new(span, "a contract needs a `#[deploy]` constructor"))?;
		if let Some(function) = messages.iter().chain([&deploy]).find(|function| function.ident == "at") {
			return Err(Error::new(function.ident.span(), "`at` is the name of the generated `…Ref::at`"));
		}
		for (index, message) in messages.iter().enumerate() {
			if messages[..index].iter().any(|other| other.selector() == message.selector()) {
				return Err(Error::new(message.ident.span(), "two messages have the same selector (or name)"));
			}
		}
		for (index, item) in storage.iter().enumerate() {
			if storage[..index].iter().any(|other| other.name == item.name) {
				return Err(Error::new(
					item.ident.span(),
					"two storage items have the same name: their keys would collide",
				));
			}
		}
		Ok(Self { module, deploy, messages, events, storage })
	}

	/// Reads an `#[event]` struct and gives it its derives; takes its `#[topic]` attributes.
	fn read_event(structure: &mut ItemStruct) -> Result<Event, Error> {
		let Fields::Named(named) = &mut structure.fields else {
			return Err(Error::new(structure.span(), "an event has named fields"));
		};
		let mut fields = Vec::new();
		for field in named.named.iter_mut() {
			let indexed = take_attribute(&mut field.attrs, "topic").is_some();
			fields.push((field.ident.clone().expect("named fields have names"), field.ty.clone(), indexed));
		}
		if fields.iter().filter(|(_, _, indexed)| *indexed).count() > 3 {
			return Err(Error::new(
				structure.span(),
				"an event has at most 3 `#[topic]` fields (the chain allows 4 topics)",
			));
		}
		let docs = docs(&structure.attrs);
		structure.attrs.push(syn::parse_quote!(
			#[derive(::ocos_contract::Encode, ::ocos_contract::Decode, ::ocos_contract::TypeInfo)]
		));
		structure.attrs.push(syn::parse_quote!(#[codec(crate = ::ocos_contract::codec)]));
		structure.attrs.push(syn::parse_quote!(#[scale_info(crate = ::ocos_contract::scale_info)]));
		Ok(Event { ident: structure.ident.clone(), fields, docs })
	}

	/// Reads a storage constant, if `constant` is one.
	fn read_storage(constant: &ItemConst) -> Result<Option<Storage>, Error> {
		let Type::Path(path) = constant.ty.as_ref() else { return Ok(None) };
		let Some(segment) = path.path.segments.last() else { return Ok(None) };
		if !["Item", "Map", "Vector"].iter().any(|kind| segment.ident == kind) {
			return Ok(None);
		}
		let types = match &segment.arguments {
			PathArguments::AngleBracketed(arguments) => arguments
				.args
				.iter()
				.filter_map(|argument| match argument {
					GenericArgument::Type(ty) => Some(ty.clone()),
					_ => None,
				})
				.collect(),
			_ => Vec::new(),
		};
		let name = match constant.expr.as_ref() {
			Expr::Call(ExprCall { args, .. }) => match args.first() {
				Some(Expr::Lit(ExprLit { lit: Lit::ByteStr(name), .. })) => name.value(),
				_ => return Err(Error::new(constant.expr.span(), "a storage item is `Kind::new(b\"name\")`")),
			},
			_ => return Err(Error::new(constant.expr.span(), "a storage item is `Kind::new(b\"name\")`")),
		};
		if name.len() > 63 {
			return Err(Error::new(constant.expr.span(), "a storage item's name is at most 63 bytes"));
		}
		Ok(Some(Storage { ident: constant.ident.clone(), kind: segment.ident.clone(), types, name }))
	}

	fn generate(self) -> Tokens {
		let Contract { mut module, deploy, messages, events, storage } = self;
		let mut generated: Vec<Item> = Vec::new();
		generated.extend(events.iter().map(Self::event_impl));
		generated.push(Self::exports(&deploy, &messages));
		generated.extend(Self::reference(&module.ident, &deploy, &messages));
		generated.push(Self::metadata(&module.ident, &deploy, &messages, &events, &storage));
		if let Some((_, items)) = module.content.as_mut() {
			items.extend(generated);
		}
		quote!(#module)
	}

	fn event_impl(event: &Event) -> Item {
		let ident = &event.ident;
		let signature = blake2_256(ident.to_string().as_bytes());
		let topics = event.fields.iter().filter(|(_, _, indexed)| *indexed).map(|(name, _, _)| name);
		syn::parse_quote! {
			impl ::ocos_contract::event::Event for #ident {
				const SIGNATURE: [u8; 32] = [#(#signature),*];

				fn topics(&self, topics: &mut ::ocos_contract::event::Topics) {
					#( topics.push(&self.#topics); )*
				}
			}
		}
	}

	/// The `deploy` and `call` exports.
	fn exports(deploy: &Function, messages: &[Function]) -> Item {
		// A constructor without arguments does not read the input.
		let deploy_body = deploy.dispatch();
		let deploy_body = if deploy.args.is_empty() {
			deploy_body
		} else {
			quote!(::ocos_contract::dispatch::deploy(|input| { #deploy_body }))
		};
		// Each message is a function of its own, compiled by the chain only when called: the
		// dispatch a call compiles first stays a few comparisons long.
		let runners: Vec<Ident> =
			messages.iter().map(|message| format_ident!("__ocos_run_{}", message.ident)).collect();
		let arms = messages.iter().zip(&runners).map(|(message, runner)| {
			let selector = u32::from_le_bytes(message.selector());
			quote!(#selector => #runner(input),)
		});
		let runner_bodies = messages.iter().zip(&runners).map(|(message, runner)| {
			let body = message.dispatch();
			quote! {
				#[inline(never)]
				#[allow(unused_variables)]
				fn #runner(input: &mut &[u8]) -> ! {
					#body
				}
			}
		});
		syn::parse_quote! {
			#[cfg(all(target_arch = "wasm32", not(feature = "as-dependency")))]
			const _: () = {
				#[no_mangle]
				#[allow(unused_variables)]
				extern "C" fn deploy() {
					#deploy_body
				}

				#[no_mangle]
				#[allow(unused_variables)]
				extern "C" fn call() {
					::ocos_contract::dispatch::call(|selector, input| match selector {
						#(#arms)*
						_ => ::ocos_contract::dispatch::fail(::ocos_contract::dispatch::DispatchError::UnknownSelector),
					})
				}

				#(#runner_bodies)*
			};
		}
	}

	/// The `…Ref` that calls the contract from another one.
	fn reference(module: &Ident, deploy: &Function, messages: &[Function]) -> [Item; 2] {
		let ident = format_ident!("{}Ref", camel_case(&module.to_string()));
		let doc = format!("Calls the `{module}` contract at an address from another contract.");
		let methods = messages.iter().map(|message| {
			let name = &message.ident;
			let args = message.args.iter().map(|(name, ty)| quote!(#name: #ty));
			let names = message.args.iter().map(|(name, _)| name);
			let selector = message.selector();
			let types = message.args.iter().map(|(_, ty)| ty);
			let returns = message.returns.clone().unwrap_or_else(|| syn::parse_quote!(()));
			let docs = &message.docs;
			quote! {
				#( #[doc = #docs] )*
				pub fn #name(&self, #(#args),*) -> ::ocos_contract::call::CallBuilder<(#(#types,)*), #returns> {
					::ocos_contract::call::CallBuilder::new(self.0, [#(#selector),*], (#(#names,)*))
				}
			}
		});
		let constructor = {
			let name = &deploy.ident;
			let args = deploy.args.iter().map(|(name, ty)| quote!(#name: #ty));
			let names = deploy.args.iter().map(|(name, _)| name);
			let types = deploy.args.iter().map(|(_, ty)| ty);
			let returns = deploy.returns.clone().unwrap_or_else(|| syn::parse_quote!(()));
			let docs = &deploy.docs;
			quote! {
				#( #[doc = #docs] )*
				pub fn #name(#(#args),*) -> ::ocos_contract::call::Deploy<(#(#types,)*), #returns> {
					::ocos_contract::call::Deploy::new((#(#names,)*))
				}
			}
		};
		let structure = syn::parse_quote! {
			#[doc = #doc]
			#[derive(Clone, Copy, Debug, PartialEq, Eq, ::ocos_contract::Encode, ::ocos_contract::Decode, ::ocos_contract::TypeInfo)]
			#[codec(crate = ::ocos_contract::codec)]
			#[scale_info(crate = ::ocos_contract::scale_info)]
			#[allow(dead_code)]
			pub struct #ident(pub ::ocos_contract::AccountId);
		};
		let methods = syn::parse_quote! {
			#[allow(dead_code)]
			impl #ident {
				/// The contract at `address`.
				pub fn at(address: ::ocos_contract::AccountId) -> Self {
					Self(address)
				}

				#constructor

				#(#methods)*
			}
		};
		[structure, methods]
	}

	/// The `__ocos_metadata` export, with the `metadata` feature.
	fn metadata(
		module: &Ident,
		deploy: &Function,
		messages: &[Function],
		events: &[Event],
		storage: &[Storage],
	) -> Item {
		let name = module.to_string();
		let deploy = deploy.metadata(false);
		let messages_metadata = messages.iter().map(|message| message.metadata(true));
		let events = events.iter().map(|event| {
			let name = event.ident.to_string();
			let signature = blake2_256(name.as_bytes());
			let fields = event.fields.iter().map(|(field, ty, indexed)| {
				let field = field.to_string();
				quote!(::ocos_contract::metadata::Field { name: #field.into(), ty: builder.ty::<#ty>(), indexed: #indexed })
			});
			let docs = &event.docs;
			quote! {
				::ocos_contract::metadata::EventSpec {
					name: #name.into(),
					signature: [#(#signature),*],
					fields: ::ocos_contract::__private::vec![#(#fields),*],
					docs: ::ocos_contract::metadata::docs(&[#(#docs),*]),
				}
			}
		});
		let mut error_types: Vec<&Type> = Vec::new();
		for error in messages.iter().filter_map(Function::error_type) {
			if !error_types.iter().any(|known| quote!(#known).to_string() == quote!(#error).to_string()) {
				error_types.push(error);
			}
		}
		let storage = storage.iter().map(|item| {
			let name = item.ident.to_string();
			let prefix = &item.name;
			let kind = &item.kind;
			let (key, value) = match item.types.as_slice() {
				[key, value] => (quote!(Some(builder.ty::<#key>())), quote!(builder.ty::<#value>())),
				[value] => (quote!(None), quote!(builder.ty::<#value>())),
				_ => (quote!(None), quote!(builder.ty::<()>())),
			};
			quote! {
				::ocos_contract::metadata::StorageSpec {
					name: #name.into(),
					kind: ::ocos_contract::metadata::StorageKind::#kind,
					prefix: ::ocos_contract::Encode::encode(&[#(#prefix),*][..]),
					key: #key,
					value: #value,
				}
			}
		});
		syn::parse_quote! {
			#[cfg(all(target_arch = "wasm32", feature = "metadata"))]
			const _: () = {
				#[no_mangle]
				extern "C" fn __ocos_metadata() {
					let mut builder = ::ocos_contract::metadata::Builder::default();
					let deploy = #deploy;
					let messages = ::ocos_contract::__private::vec![#(#messages_metadata),*];
					let events = ::ocos_contract::__private::vec![#(#events),*];
					let errors = ::ocos_contract::__private::vec![#(builder.ty::<#error_types>()),*];
					let dispatch_error = builder.ty::<::ocos_contract::dispatch::DispatchError>();
					let storage = ::ocos_contract::__private::vec![#(#storage),*];
					let metadata = builder.finish(#name, deploy, messages, events, errors, dispatch_error, storage);
					::ocos_contract::env::return_value(false, &::ocos_contract::Encode::encode(&metadata))
				}
			};
		}
	}
}

/// `snake_case` as `CamelCase`.
fn camel_case(name: &str) -> String {
	name.split('_')
		.filter(|part| !part.is_empty())
		.map(|part| {
			let mut chars = part.chars();
			chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
		})
		.collect()
}
