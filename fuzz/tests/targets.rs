//! The fuzz targets, bounded: a fixed set of seeds per target, and every input a long run saved
//! under `fuzz/corpus/<target>/` replayed as a regression case.

use ocos_fuzz::{input, Target};
use std::path::PathBuf;

/// Seeds per target: a few seconds of each.
const SEEDS: u64 = 2_000;

#[test]
fn every_target_keeps_its_promises_on_fixed_seeds() {
	for target in Target::ALL {
		for seed in 0..SEEDS {
			let data = input(seed, 8 * 1024);
			assert_eq!(target.run(&data), Ok(()), "{} on seed {seed}", target.name());
		}
	}
}

#[test]
fn every_saved_finding_replays_without_one() {
	// At run time, not compiled in: the corpus of the checkout the tests run from.
	let corpus = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo runs the tests")).join("corpus");
	for target in Target::ALL {
		let Ok(cases) = std::fs::read_dir(corpus.join(target.name())) else { continue };
		for case in cases {
			let path = case.expect("a corpus entry").path();
			let data = std::fs::read(&path).expect("a saved case");
			assert_eq!(target.run(&data), Ok(()), "{}", path.display());
		}
	}
}
