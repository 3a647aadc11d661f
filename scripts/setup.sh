#!/usr/bin/env bash
# Installs what building OCOS-VM needs on a Debian machine with rustup, and nothing that is already there.
# Safe to run again: every step checks before it acts.
set -euo pipefail

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang libclang-dev)
# scripts/benchmark.sh assembles its runs' weights with Python (scripts/assemble-weights.py).
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
	sudo_cmd=""
	[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
	echo "setup: installing ${need_apt[*]}"
	$sudo_cmd apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The runtime is built for wasm32v1-none (the plain WebAssembly MVP target, no std rebuild);
# wasm32-unknown-unknown builds contract fixtures written in Rust.
installed_targets=$(rustup target list --installed)
for target in wasm32v1-none wasm32-unknown-unknown; do
	grep -qx "$target" <<<"$installed_targets" || rustup target add "$target"
done
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
