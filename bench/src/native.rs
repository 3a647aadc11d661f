//! The native Rust twins of the computing workloads: the same algorithms, compiled for this
//! machine, as the ceiling no engine can reach. Each returns what its kernel returns.

/// The sum of 0..n, as `loop.wat`.
pub fn sum(n: u32) -> i64 {
	let mut sum = 0i64;
	let mut i = 0u32;
	while i < n {
		sum = sum.wrapping_add(i64::from(std::hint::black_box(i)));
		i += 1;
	}
	sum
}

/// Fibonacci with two recursive calls per level, as `fib.wat`.
pub fn fib(n: u32) -> i64 {
	if n < 2 {
		i64::from(n)
	} else {
		fib(std::hint::black_box(n - 1)) + fib(n - 2)
	}
}

/// The number of primes below `n`, as `sieve.wat`.
pub fn sieve(n: u32) -> i64 {
	let n = n as usize;
	let mut composite = vec![false; n];
	let mut count = 0;
	for i in 2..n {
		if !composite[i] {
			count += 1;
			let mut j = i * i;
			while j < n {
				composite[j] = true;
				j += i;
			}
		}
	}
	count
}

/// The first 8 bytes (little-endian) of Keccak-256 over `n` bytes of the pattern 0, 1, 2, ..., as
/// `keccak.wat` and `keccak_syscall.wat`.
pub fn keccak(n: u32) -> i64 {
	let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
	let digest = sp_io::hashing::keccak_256(&data);
	i64::from_le_bytes(digest[..8].try_into().expect("a digest has 32 bytes"))
}
