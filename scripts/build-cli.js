#!/usr/bin/env node
'use strict';
/**
 * Bundles the CLI (src/cli/main.ts → build/cli.js), its worker script (src/cli/scan-worker.ts →
 * build/scan-worker.js, loaded by the pool beside cli.js) and the in-process bench library
 * (src/cli/bench-entry.ts → build/bench-lib.js) with esbuild: one file each, every dependency
 * (except 7z-wasm, see below) and the compiled pack (build/pack.json) inside, so `mirrorface-guard` starts without resolving
 * hundreds of modules and the bench times exactly the code the CLI runs.
 */
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

if (!fs.existsSync(path.join(root, 'build', 'pack.json'))) {
  console.error('build-cli: build/pack.json is missing; run "npm run build:pack" first.');
  process.exit(1);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // The pack is embedded; message content never reaches a dynamic require.
  loader: { '.json': 'json' },
  define: { 'process.env.MFG_VERSION': JSON.stringify(pkg.version) },
  logLevel: 'warning',
  legalComments: 'none',
  // 7-Zip (WebAssembly, 1.6 MB) is required from node_modules the first time a RAR/7z/CAB… is met
  // (src/cli/seven-zip.ts), beside its .wasm: never bundled, never read by a scan that needs none.
  external: ['7z-wasm'],
};

Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(root, 'build/cli.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli/scan-worker.ts')], outfile: path.join(root, 'build/scan-worker.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli/bench-entry.ts')], outfile: path.join(root, 'build/bench-lib.js') }),
]).then(
  () => console.log('build-cli: wrote build/cli.js, build/scan-worker.js and build/bench-lib.js'),
  (e) => {
    console.error(`build-cli: ${e && e.message ? e.message : e}`);
    process.exit(1);
  },
);
