#!/usr/bin/env node
'use strict';
// Thin shim: the CLI is bundled into build/cli.js (one file, fast start-up) by `npm run build:cli`.
const path = require('path');
const fs = require('fs');

const bundle = path.join(__dirname, '..', 'build', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'mirrorface-guard: build/cli.js is missing. Run "npm install" (or "npm run build:pack && npm run build:cli") in ' +
      path.resolve(__dirname, '..') +
      ' first.\n',
  );
  process.exit(2);
}
// Source maps are not enabled here: Node reads and parses a bundle's map when the bundle loads,
// not when a trace is made, which cost 0.3-0.7 s and 23 MB in the main thread and again in each
// worker. For stack traces that point at the TypeScript sources, run with
// NODE_OPTIONS=--enable-source-maps (build/*.js.map sit beside the bundles).
require(bundle).main();
