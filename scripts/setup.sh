#!/usr/bin/env bash
# Installs what building OCOS-VM needs on a Debian machine with rustup, and nothing that is already there;
# points the shared target dir at this checkout. Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang libclang-dev)
# The node's WebRTC transport links the system's OpenSSL (.cargo/config.toml: OPENSSL_NO_VENDOR).
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
pkg-config --exists openssl 2>/dev/null || need_apt+=(libssl-dev)
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

# Tests and tools embed their checkout's path (`env!("CARGO_MANIFEST_DIR")`), and cargo keeps them
# when the same sources are built from another checkout into the shared target dir: rebuild the
# files that embed it when the checkout is not the one the target dir last built.
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
	checkout_stamp="$CARGO_TARGET_DIR/ocos-checkout"
	if [ "$(cat "$checkout_stamp" 2>/dev/null)" != "$PWD" ]; then
		grep -rlE --include='*.rs' '^[[:space:]]*[^/[:space:]].*env!\("CARGO_MANIFEST_DIR"\)' pallets sdk cli tests bench examples | xargs -r touch
		mkdir -p "$CARGO_TARGET_DIR" && echo "$PWD" > "$checkout_stamp"
	fi
fi
