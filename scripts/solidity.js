// Compiles Solidity sources with solcjs (the `solc` package, found through NODE_PATH) and writes,
// beside each source, every contract's init code (`NAME.hex`) and ABI (`NAME.abi.json`).
// Usage: node scripts/solidity.js FILE.sol...
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const files = process.argv.slice(2);
const sources = Object.fromEntries(files.map((file) => [file, { content: fs.readFileSync(file, 'utf8') }]));
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'prague',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const error of output.errors || []) {
  console.error(error.formattedMessage || error.message);
  failed = failed || error.severity === 'error';
}
if (failed) process.exit(1);
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, contract] of Object.entries(contracts)) {
    const dir = path.dirname(file);
    fs.writeFileSync(path.join(dir, `${name}.hex`), contract.evm.bytecode.object + '\n');
    fs.writeFileSync(path.join(dir, `${name}.abi.json`), JSON.stringify(contract.abi, null, 1) + '\n');
    console.log(`${name}: ${contract.evm.bytecode.object.length / 2} bytes of init code`);
  }
}
console.log(`solc ${solc.version()}`);
