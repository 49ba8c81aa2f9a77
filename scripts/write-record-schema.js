#!/usr/bin/env node
'use strict';
/**
 * Writes schemas/scan-record.schema.json, the published JSON Schema of the CLI's jsonl records,
 * from its one definition in src/cli/record-schema.ts (bundled in memory with esbuild, so the
 * published file is exactly the object the types are inferred from). `--check` only compares,
 * and exits 1 when the committed file is stale; test/record-schema.test.ts runs the same check.
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'schemas/scan-record.schema.json');

function loadDefinition() {
  const r = esbuild.buildSync({
    entryPoints: [path.join(root, 'src/cli/record-schema.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const m = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(m, m.exports, require);
  return m.exports.RECORD_SCHEMA;
}

const text = JSON.stringify(loadDefinition(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is stale: run "npm run schema:record"`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`write-record-schema: wrote ${path.relative(root, out)}`);
}
