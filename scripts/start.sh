#!/usr/bin/env bash
# Builds the node and starts a development chain: one node, a block sealed for every transaction,
# fresh state on every start (pass --base-path DIR to keep it). Extra arguments go to ocos-node.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ocos/target}"

bash scripts/setup.sh
# One build of every target, so the node and the tests share one resolution of features.
cargo build --release --locked --workspace --bins --tests
cat <<'MSG'
OCOS dev chain starting.
  JSON-RPC / WebSocket: ws://127.0.0.1:9944
  polkadot.js apps:     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer
  Dev accounts (Alice, Bob, ...) are funded; Alice is sudo and the council.
MSG
exec "$CARGO_TARGET_DIR/release/ocos-node" --dev --rpc-cors all "$@"
