#!/usr/bin/env bash
# Compiles the Solidity fixtures (pallets/ocos-vm/fixtures/solidity/*.sol) with solc 0.8.37 from
# npm (solcjs: a WebAssembly build of solc that runs offline under node, installed once into
# ~/.cache/ocos/solc) and writes each contract's init code (`NAME.hex`) and ABI (`NAME.abi.json`)
# beside its source. Commit what it writes: the tests read those files and need no node.
set -euo pipefail
cd "$(dirname "$0")/.."
solc_dir="${SOLC_DIR:-$HOME/.cache/ocos/solc}"
if [ ! -f "$solc_dir/node_modules/solc/package.json" ]; then
	mkdir -p "$solc_dir"
	npm install --prefix "$solc_dir" --no-save --no-audit --no-fund solc@0.8.37
fi
NODE_PATH="$solc_dir/node_modules" node scripts/solidity.js pallets/ocos-vm/fixtures/solidity/*.sol
