//! The hashing and signature syscalls.

use super::*;

#[test]
fn hash_syscalls_match_the_runtime_hashes() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("hashes");
		let data = b"ocos-vm hashes this".to_vec();
		let hash = |algorithm: u8| output(&contract, [vec![algorithm], data.clone()].concat());
		assert_eq!(hash(0), sp_io::hashing::blake2_256(&data));
		assert_eq!(hash(1), sp_io::hashing::keccak_256(&data));
		assert_eq!(hash(2), sp_io::hashing::sha2_256(&data));
	});
}

#[test]
fn signature_syscalls_verify_sr25519_ed25519_and_recover_ecdsa_keys() {
	ExtBuilder::default().build().execute_with(|| {
		let contract = deploy("signatures");
		let message = b"bridge header #1".to_vec();
		let code = |input: Vec<u8>| u32_at(&output(&contract, input), 0);

		let sr = sr25519::Pair::from_seed(&[1; 32]);
		let sr_input =
			|signature: &[u8], message: &[u8]| [&[1u8][..], signature, sr.public().as_ref(), message].concat();
		let sr_signature = sr.sign(&message);
		assert_eq!(code(sr_input(sr_signature.as_ref(), &message)), ReturnCode::Success.as_u32());
		assert_eq!(code(sr_input(sr_signature.as_ref(), b"forged")), ReturnCode::InvalidSignature.as_u32());

		let ed = ed25519::Pair::from_seed(&[2; 32]);
		let ed_input =
			|signature: &[u8], message: &[u8]| [&[2u8][..], signature, ed.public().as_ref(), message].concat();
		let ed_signature = ed.sign(&message);
		assert_eq!(code(ed_input(ed_signature.as_ref(), &message)), ReturnCode::Success.as_u32());
		assert_eq!(code(ed_input(ed_signature.as_ref(), b"forged")), ReturnCode::InvalidSignature.as_u32());

		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		let message_hash = sp_io::hashing::keccak_256(&message);
		let ec_signature = ec.sign_prehashed(&message_hash);
		let out = output(&contract, [&[0u8][..], ec_signature.as_ref(), &message_hash].concat());
		assert_eq!(u32_at(&out, 0), ReturnCode::Success.as_u32());
		assert_eq!(out[4..37], ec.public().0);
		let out = output(&contract, [&[0u8][..], &[0u8; 65][..], &message_hash].concat());
		assert_eq!(u32_at(&out, 0), ReturnCode::InvalidSignature.as_u32());
	});
}
