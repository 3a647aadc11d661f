//! Does nothing: cargo resolves a package's `[build-dependencies]` only for its build script, and
//! they are the host's side of the features this crate enables (build scripts and proc-macros).

fn main() {}
