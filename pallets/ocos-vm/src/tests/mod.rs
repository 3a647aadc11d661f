//! The pallet's behaviour, one specification per test. Fixtures are the `.wat` files in
//! `fixtures/`, each showing one behaviour; rejected modules are written inline next to the
//! reason they are rejected for.
//!
//! One module per concern; `common` holds what they share: the fixtures' loader, dispatch
//! helpers and assertions that a failure changed nothing.

use crate::{
	gas,
	limits::{
		MAX_ELEMENT_ITEMS, MAX_EXPORTS, MAX_GLOBALS, MAX_IMPORTS, MAX_LOCALS_PER_FUNCTION, MAX_PARAMS, MAX_SEGMENTS,
		MAX_TYPES,
	},
	mock::*,
	storage::{self, CodeHash},
	uapi::{call_flags, wat_imports, ReturnCode, Syscall, SENTINEL},
	wasm::cost::{self, FuelPrices},
	CodeInfoOf, ContractInfoOf, ContractStorage, DeletionQueue, EngineKind, EngineStatus, Engines, Error, Event,
	ExitReason, HoldReason, NextEngineId, PristineCode, RejectReason, TrapKind, VmResult, WeightInfo,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchErrorWithPostInfo, DispatchResultWithPostInfo},
	traits::{
		fungible::{Inspect, InspectHold},
		Get, Hooks,
	},
	weights::Weight,
};
use ocos_vm_fixtures as fixtures;
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::{AccountId32, DispatchError};

mod abi;
mod bounds;
mod calls;
mod common;
mod crypto;
mod dao;
mod dry_run;
mod evm;
mod instantiate;
mod metering;
mod nesting;
mod registry;
mod terminate;
mod traps;
mod upload;

use common::*;
