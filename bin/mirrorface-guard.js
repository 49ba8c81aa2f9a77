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
//
// A smaller TurboFan inlining budget for this process and its workers. A scan is short against
// the JIT's own work: every worker optimises the same parser and engine code from scratch, and
// with V8's default budget (920 bytes of inlined bytecode per optimised function) those compiles
// cost about as much CPU as the scan's steady state. 300 measured about 11 % less wall and CPU
// time with --jobs 2 over the corpora and 6 % on a 220 MB mbox, with identical output (README,
// Performance; `npm run bench` re-measures it). V8 reads the flag when it optimises a function,
// so setting it before the bundle loads is in time; Node warns that flags changed at run time
// may do nothing, which here would only cost the speed. A budget given on the command line
// (`node --max-inlined-bytecode-size-cumulative=N bin/mirrorface-guard.js`) wins.
if (!process.execArgv.some((a) => a.startsWith('--max-inlined-bytecode-size-cumulative'))) {
  require('v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
}
require(bundle).main();
