//! The genesis presets: `development` (one node, Alice is everything) and `local_testnet`
//! (Alice and Bob validate and form the council).

use crate::{configs::DaoAccount, AccountId, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What every dev account starts with.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The DAO's account starts with enough to pay for the contracts it runs.
const DAO_ENDOWMENT: u128 = 10_000 * UNIT;

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	council: Vec<AccountId>,
	root: AccountId,
) -> Value {
	let mut balances: Vec<(AccountId, u128)> = endowed.into_iter().map(|account| (account, ENDOWMENT)).collect();
	balances.push((DaoAccount::get(), DAO_ENDOWMENT));
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.into_iter().map(|(_, grandpa)| (grandpa, 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		council: pallet_collective::GenesisConfig { members: council },
	})
}

fn authority(keyring: Sr25519Keyring) -> (AuraId, GrandpaId) {
	let grandpa = match keyring {
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		_ => Ed25519Keyring::Alice,
	};
	(keyring.public().into(), grandpa.public().into())
}

/// The development chain: Alice authors, is sudo and the council's only member.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|keyring| keyring.to_account_id()).collect(),
		vec![Sr25519Keyring::Alice.to_account_id()],
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The local testnet: Alice and Bob validate and form the council; Alice is sudo.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice), authority(Sr25519Keyring::Bob)],
		Sr25519Keyring::well_known().map(|keyring| keyring.to_account_id()).collect(),
		vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()],
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The preset named `id`, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).expect("serialization to json is expected to work. qed.").into_bytes())
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
