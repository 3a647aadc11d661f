//! The workloads, each written once as a WAT kernel (`bench/workloads/*.wat`) and wrapped in a
//! shell for where it runs: an OCOS-VM contract, a pallet-contracts contract (its `seal` ABI and
//! imported memory), or a bare module for the engines alone.
//!
//! A kernel defines `$work (param $n i32) (result i64)` (a computation the contract shells run on
//! the `n` in their input and return), or `$deploy` and `$main` (a contract that uses the chain).
//! Kernels reach the chain only through the shells' wrappers, which have the same signatures in
//! both ABIs: `$input`, `$return`, `$storage_get`, `$storage_set`, `$caller`, `$log2`, `$keccak`.
//! Addresses below 256 belong to the shells.

/// Where a module runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
	/// An OCOS-VM contract.
	Ocos,
	/// A pallet-contracts contract.
	Contracts,
	/// A bare module exporting `run(n) -> i64`, for wasmi and wasmtime alone.
	Raw,
}

/// What a workload does and which columns it has.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
	/// The name in the table.
	pub name: &'static str,
	/// The kernel's WAT.
	pub kernel: fn() -> String,
	/// Whether it probes a cost wasmi's fuel may not cover (the gas-fairness table).
	pub fuel_gap: bool,
	/// `n` for a full run and for a quick run, for `$work` kernels; `None` for contracts.
	pub n: Option<(u32, u32)>,
	/// The contract input for contract kernels.
	pub input: fn() -> Vec<u8>,
	/// Whether the kernel needs the chain (no bare-engine columns).
	pub needs_chain: bool,
	/// The same computation in Rust, where it has a native twin.
	pub native: Option<fn(u32) -> i64>,
}

impl Workload {
	/// The `n` of this run.
	pub fn n(&self, quick: bool) -> Option<u32> {
		self.n.map(|(full, small)| if quick { small } else { full })
	}

	/// The call input of this run: `n` for computations, the workload's input otherwise.
	pub fn call_input(&self, quick: bool) -> Vec<u8> {
		match self.n(quick) {
			Some(n) => n.to_le_bytes().to_vec(),
			None => (self.input)(),
		}
	}

	/// The kernel compiled for `target`.
	pub fn wasm(&self, target: Target) -> Vec<u8> {
		module(target, &(self.kernel)(), self.n.is_some())
	}
}

fn no_input() -> Vec<u8> {
	Vec::new()
}

fn transfer_to_bob() -> Vec<u8> {
	[AsRef::<[u8]>::as_ref(&crate::runtime::BOB), &1u64.to_le_bytes()[..]].concat()
}

/// Every workload of the tables, in their order.
pub fn all() -> Vec<Workload> {
	let compute = |name, kernel, n, native| Workload {
		name,
		kernel,
		n: Some(n),
		input: no_input,
		needs_chain: false,
		fuel_gap: false,
		native: Some(native),
	};
	let contract = |name, kernel, input| Workload {
		name,
		kernel,
		n: None,
		input,
		needs_chain: true,
		fuel_gap: false,
		native: None,
	};
	let gap = |name, kernel, n| Workload { fuel_gap: true, native: None, ..compute(name, kernel, n, |_| 0) };
	vec![
		contract("empty call", || include_str!("../workloads/empty.wat").into(), no_input),
		compute(
			"counting loop (n=100k)",
			|| include_str!("../workloads/loop.wat").into(),
			(100_000, 1_000),
			crate::native::sum,
		),
		compute(
			"fibonacci, recursive (n=22)",
			|| include_str!("../workloads/fib.wat").into(),
			(22, 10),
			crate::native::fib,
		),
		compute(
			"prime sieve (n=50k)",
			|| include_str!("../workloads/sieve.wat").into(),
			(50_000, 1_000),
			crate::native::sieve,
		),
		compute(
			"keccak-256 in wasm (4 KiB)",
			|| include_str!("../workloads/keccak.wat").into(),
			(4_096, 200),
			crate::native::keccak,
		),
		Workload {
			needs_chain: true,
			..compute(
				"keccak-256 syscall (4 KiB)",
				|| include_str!("../workloads/keccak_syscall.wat").into(),
				(4_096, 200),
				crate::native::keccak,
			)
		},
		contract("token transfer (ERC20-like)", || include_str!("../workloads/token.wat").into(), transfer_to_bob),
		contract("storage get x10", || include_str!("../workloads/storage_get.wat").into(), no_input),
		contract("storage set x10", || include_str!("../workloads/storage_set.wat").into(), no_input),
		gap("gap: calls of a function with 512 locals (x5000)", wide_function, (5_000, 2)),
		gap("gap: br_table of 20,000 targets, compiled", huge_br_table, (1, 1)),
		gap("gap: memory.fill 64 KiB (x100)", || include_str!("../workloads/gap_memory_fill.wat").into(), (100, 2)),
		gap("gap: memory.copy 60,000 B (x100)", || include_str!("../workloads/gap_memory_copy.wat").into(), (100, 2)),
		gap("gap: 900 nested calls (x100)", || include_str!("../workloads/gap_call_chain.wat").into(), (100, 2)),
	]
}

/// A kernel calling, n times, a function with as many locals as upload accepts: each call must
/// zero all of them.
fn wide_function() -> String {
	let locals = " i64".repeat(pallet_ocos_vm::limits::MAX_LOCALS_PER_FUNCTION as usize);
	format!(
		r#"(func $wide (param $x i64) (result i64) (local{locals}) (local.get $x))
		(func $work (param $n i32) (result i64) (local $i i32) (local $acc i64)
		  (block $done
		    (loop $next
		      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
		      (local.set $acc (call $wide (i64.extend_i32_u (local.get $i))))
		      (local.set $i (i32.add (local.get $i) (i32.const 1)))
		      (br $next)))
		  (local.get $acc))"#
	)
}

/// A kernel whose one function holds a `br_table` of 20,000 targets: compiling it, once per call
/// stack, is the work.
fn huge_br_table() -> String {
	let targets = " $a".repeat(20_000);
	format!(
		r#"(func $work (param $x i32) (result i64)
		  (block $b
		    (block $a (br_table{targets} $b (local.get $x)))
		    (return (i64.const 1)))
		  (i64.const 2))"#
	)
}

/// A contract of `target` whose code is `len` bytes or a few more: an empty contract padded with a
/// function that is never called, one validated operator per byte.
pub fn sized(target: Target, len: usize) -> Vec<u8> {
	let padded = |operators: usize| {
		let padding = format!("(func $padding i32.const 0 {} drop)", "i32.eqz ".repeat(operators));
		module(target, &format!("(func $deploy) (func $main) {padding}"), false)
	};
	let frame = padded(0).len();
	padded(len.saturating_sub(frame))
}

/// Functions every shell has: copying 32 bytes, and filling `n` bytes with the pattern 0, 1, 2, ...
const PRELUDE: &str = r#"
  (func $copy32 (param $dst i32) (param $src i32)
    (i64.store (local.get $dst) (i64.load (local.get $src)))
    (i64.store offset=8 (local.get $dst) (i64.load offset=8 (local.get $src)))
    (i64.store offset=16 (local.get $dst) (i64.load offset=16 (local.get $src)))
    (i64.store offset=24 (local.get $dst) (i64.load offset=24 (local.get $src))))
  (func $fill (param $ptr i32) (param $n i32) (local $i i32)
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $ptr) (local.get $i)) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes))))
"#;

/// A contract's entry points for a `$work` kernel: run it on the input's `n`, return the result.
const COMPUTE_MAIN: &str = r#"
  (func $deploy)
  (func $main
    (drop (call $input (i32.const 32) (i32.const 4)))
    (i64.store (i32.const 40) (call $work (i32.load (i32.const 32))))
    (call $return (i32.const 40) (i32.const 8)))
"#;

const OCOS_SHELL: &str = r#"
  (import "ocos" "input" (func $ocos_input (param i32 i32)))
  (import "ocos" "return" (func $ocos_return (param i32 i32 i32)))
  (import "ocos" "storage_get" (func $ocos_get (param i32 i32 i32 i32) (result i32)))
  (import "ocos" "storage_set" (func $ocos_set (param i32 i32 i32 i32) (result i32)))
  (import "ocos" "caller" (func $ocos_caller (param i32)))
  (import "ocos" "log" (func $ocos_log (param i32 i32 i32 i32)))
  (import "ocos" "hash_keccak_256" (func $ocos_keccak (param i32 i32 i32)))
  (memory (export "memory") 2)
  (func $input (param $ptr i32) (param $cap i32) (result i32)
    (i32.store (i32.const 0) (local.get $cap))
    (call $ocos_input (local.get $ptr) (i32.const 0))
    (i32.load (i32.const 0)))
  (func $return (param $ptr i32) (param $len i32)
    (call $ocos_return (i32.const 0) (local.get $ptr) (local.get $len)))
  (func $storage_get (param $key i32) (param $key_len i32) (param $out i32) (param $cap i32) (result i32)
    (i32.store (i32.const 0) (local.get $cap))
    (if (result i32) (i32.eqz (call $ocos_get (local.get $key) (local.get $key_len) (local.get $out) (i32.const 0)))
      (then (i32.load (i32.const 0)))
      (else (i32.const -1))))
  (func $storage_set (param $key i32) (param $key_len i32) (param $value i32) (param $value_len i32)
    (drop (call $ocos_set (local.get $key) (local.get $key_len) (local.get $value) (local.get $value_len))))
  (func $caller (param $out i32) (call $ocos_caller (local.get $out)))
  (func $log2 (param $topic1 i32) (param $topic2 i32) (param $data i32) (param $len i32)
    (call $copy32 (i32.const 64) (local.get $topic1))
    (call $copy32 (i32.const 96) (local.get $topic2))
    (call $ocos_log (i32.const 64) (i32.const 2) (local.get $data) (local.get $len)))
  (func $keccak (param $in i32) (param $len i32) (param $out i32)
    (call $ocos_keccak (local.get $in) (local.get $len) (local.get $out)))
"#;

const CONTRACTS_SHELL: &str = r#"
  (import "seal0" "input" (func $seal_input (param i32 i32)))
  (import "seal0" "seal_return" (func $seal_return (param i32 i32 i32)))
  (import "seal1" "get_storage" (func $seal_get (param i32 i32 i32 i32) (result i32)))
  (import "seal2" "set_storage" (func $seal_set (param i32 i32 i32 i32) (result i32)))
  (import "seal0" "caller" (func $seal_caller (param i32 i32)))
  (import "seal0" "deposit_event" (func $seal_event (param i32 i32 i32 i32)))
  (import "seal0" "hash_keccak_256" (func $seal_keccak (param i32 i32 i32)))
  (import "env" "memory" (memory 2 16))
  (func $input (param $ptr i32) (param $cap i32) (result i32)
    (i32.store (i32.const 0) (local.get $cap))
    (call $seal_input (local.get $ptr) (i32.const 0))
    (i32.load (i32.const 0)))
  (func $return (param $ptr i32) (param $len i32)
    (call $seal_return (i32.const 0) (local.get $ptr) (local.get $len)))
  (func $storage_get (param $key i32) (param $key_len i32) (param $out i32) (param $cap i32) (result i32)
    (i32.store (i32.const 0) (local.get $cap))
    (if (result i32) (i32.eqz (call $seal_get (local.get $key) (local.get $key_len) (local.get $out) (i32.const 0)))
      (then (i32.load (i32.const 0)))
      (else (i32.const -1))))
  (func $storage_set (param $key i32) (param $key_len i32) (param $value i32) (param $value_len i32)
    (drop (call $seal_set (local.get $key) (local.get $key_len) (local.get $value) (local.get $value_len))))
  (func $caller (param $out i32)
    (i32.store (i32.const 0) (i32.const 32))
    (call $seal_caller (local.get $out) (i32.const 0)))
  ;; Topics are a SCALE-encoded vector: its length (compact 2 = 0x08), then the topics.
  (func $log2 (param $topic1 i32) (param $topic2 i32) (param $data i32) (param $len i32)
    (i32.store8 (i32.const 63) (i32.const 0x08))
    (call $copy32 (i32.const 64) (local.get $topic1))
    (call $copy32 (i32.const 96) (local.get $topic2))
    (call $seal_event (i32.const 63) (i32.const 65) (local.get $data) (local.get $len)))
  (func $keccak (param $in i32) (param $len i32) (param $out i32)
    (call $seal_keccak (local.get $in) (local.get $len) (local.get $out)))
"#;

/// The module of `kernel` for `target`; `compute` kernels get the entry points that run `$work`.
fn module(target: Target, kernel: &str, compute: bool) -> Vec<u8> {
	let entry_points = match target {
		Target::Raw => r#"(func (export "run") (param i32) (result i64) (call $work (local.get 0)))"#,
		Target::Ocos | Target::Contracts => {
			r#"(func (export "deploy") (call $deploy)) (func (export "call") (call $main))"#
		}
	};
	let (shell, main) = match target {
		Target::Ocos => (OCOS_SHELL, compute.then_some(COMPUTE_MAIN)),
		Target::Contracts => (CONTRACTS_SHELL, compute.then_some(COMPUTE_MAIN)),
		Target::Raw => (r#"(memory (export "memory") 2)"#, None),
	};
	let text = format!("(module {shell} {PRELUDE} {kernel} {} {entry_points})", main.unwrap_or_default());
	wat::parse_str(&text).unwrap_or_else(|error| panic!("a workload does not compile for {target:?}: {error}"))
}
