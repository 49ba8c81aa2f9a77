#!/usr/bin/env node
/**
 * src/config/config-schema.ts -> schemas/config.schema.json: the JSON Schema for config.json,
 * generated from the same field definitions the validator uses (src/config/config-spec.ts).
 * esbuild bundles the TypeScript in memory, as scripts/build-pack.js does. `--check` exits 1 if
 * the committed file is out of date instead of writing it.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const OUT_FILE = path.join(ROOT, 'schemas/config.schema.json');

function generate() {
  const entry = path.join(ROOT, 'src/config/config-schema.ts');
  const result = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  const m = new Module(entry);
  m._compile(result.outputFiles[0].text, entry);
  return JSON.stringify(m.exports.configJsonSchema(), null, 2) + '\n';
}

const text = generate();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${path.relative(ROOT, OUT_FILE)} is out of date: run npm run build:schema\n`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, text);
  process.stdout.write(`build-config-schema: wrote ${path.relative(ROOT, OUT_FILE)}\n`);
}
