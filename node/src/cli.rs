//! The command line: run the node, or one of the standard subcommands.

use sc_cli::RunCmd;

/// The `ocos-node` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// How to run the node.
	#[clap(flatten)]
	pub run: RunCmd,

	/// On a development chain, how long after sealing a block it is finalized, in seconds (0.05
	/// or 2 alike). A client sees each transaction in a block first, then finalized; 0 finalizes
	/// blocks as they are sealed. Kept short, so that under a burst of transactions the finalized
	/// block, which clients date their transactions from, stays within their mortality.
	#[arg(long, value_name = "SECONDS", default_value_t = 0.2)]
	pub finalize_delay_sec: f64,
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: `benchmark pallet` measures the weights of pallets on the real runtime (in a
	/// node built with `--features runtime-benchmarks`, as `scripts/benchmark.sh` builds it).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns.
	ChainInfo(sc_cli::ChainInfoCmd),
}
