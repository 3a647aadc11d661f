//! `ocos-fuzz TARGET [--seconds N] [--seed S] [--corpus DIR]`: runs a fuzz target on random
//! inputs until the time is up, and saves every input that breaks a promise or panics under
//! `DIR/TARGET/` (default `fuzz/corpus`), where the tests replay it. Prints executions per second.
//! `ocos-fuzz list` names the targets.

use ocos_fuzz::{input, Target};
use std::{
	path::PathBuf,
	time::{Duration, Instant},
};

/// The longest input the driver makes.
const MAX_INPUT_LEN: usize = 8 * 1024;

fn main() {
	let mut args = std::env::args().skip(1);
	let usage = "usage: ocos-fuzz list | ocos-fuzz TARGET [--seconds N] [--seed S] [--corpus DIR]";
	let name = args.next().unwrap_or_else(|| panic!("{usage}"));
	if name == "list" {
		Target::ALL.into_iter().for_each(|target| println!("{}", target.name()));
		return;
	}
	let target = Target::from_name(&name).unwrap_or_else(|| panic!("{usage}"));
	let (mut seconds, mut seed, mut corpus) = (60u64, 0u64, PathBuf::from("fuzz/corpus"));
	while let Some(flag) = args.next() {
		let value = args.next().unwrap_or_else(|| panic!("{usage}"));
		match flag.as_str() {
			"--seconds" => seconds = value.parse().expect("--seconds: a number"),
			"--seed" => seed = value.parse().expect("--seed: a number"),
			"--corpus" => corpus = value.into(),
			_ => panic!("{usage}"),
		}
	}
	let findings_dir = corpus.join(target.name());
	// A finding is reported once, with its input; the hook's own message would repeat it.
	std::panic::set_hook(Box::new(|_| {}));
	let (started, deadline) = (Instant::now(), Instant::now() + Duration::from_secs(seconds));
	let (mut runs, mut findings) = (0u64, 0u64);
	while Instant::now() < deadline {
		let data = input(seed.wrapping_add(runs), MAX_INPUT_LEN);
		runs += 1;
		let finding = match std::panic::catch_unwind(|| target.run(&data)) {
			Ok(Ok(())) => continue,
			Ok(Err(finding)) => finding.0,
			Err(panic) => {
				ocos_fuzz::reset();
				let message = panic.downcast_ref::<String>().cloned();
				format!(
					"panic: {}",
					message.or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string())).unwrap_or_default()
				)
			}
		};
		findings += 1;
		std::fs::create_dir_all(&findings_dir).expect("the corpus folder");
		let file = findings_dir.join(ocos_fuzz::case_name(&data));
		std::fs::write(&file, &data).expect("the finding is saved");
		eprintln!("{}: {finding} (saved as {})", target.name(), file.display());
	}
	let elapsed = started.elapsed().as_secs_f64();
	println!(
		"{}: {runs} runs in {elapsed:.0} s ({:.0} runs/s) from seed {seed}, {findings} findings",
		target.name(),
		runs as f64 / elapsed
	);
}
