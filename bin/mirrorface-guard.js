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
// Stack traces from the bundle point at the TypeScript sources (maps are read only when a trace is made).
if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
require(bundle).main();
