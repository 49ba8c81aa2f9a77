#!/usr/bin/env node
/**
 * seeds/*.yml -> build/pack.json (and build/pack.pane.json for the task pane), validated. The
 * compiler is the same TypeScript the CLI and the task pane use (src/pack/compile-pack.ts):
 * esbuild bundles it in memory and we evaluate it here, so the build can never accept a pack that
 * the runtime loader would reject.
 *
 * On any error: every `file: field: message` line goes to stderr, nothing is written, exit 1.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const SEEDS = path.join(ROOT, 'seeds');
const OUT_DIR = path.join(ROOT, 'build');
const OUT_FILE = path.join(OUT_DIR, 'pack.json');
/** What the task pane embeds (src/pack/pane-pack.ts): the same pack without analyst-only text. */
const PANE_FILE = path.join(OUT_DIR, 'pack.pane.json');

function loadCompiler() {
  const entry = path.join(ROOT, 'src/pack/build-entry.ts');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for src/pack/build-entry.ts');
  const m = new Module(entry, module);
  m.filename = entry;
  m.paths = Module._nodeModulePaths(ROOT);
  m._compile(file.text, entry);
  return m.exports;
}

/** The pack's files, as repo-relative paths with forward slashes. */
function seedFiles() {
  const out = [];
  const add = (abs) => out.push({ path: path.relative(ROOT, abs).split(path.sep).join('/'), text: fs.readFileSync(abs, 'utf8') });
  for (const name of ['pack.yml', 'sources.yml', 'guidance.yml']) {
    const abs = path.join(SEEDS, name);
    if (fs.existsSync(abs)) add(abs);
  }
  for (const dir of ['lists', 'rules']) {
    const absDir = path.join(SEEDS, dir);
    if (!fs.existsSync(absDir)) continue;
    for (const name of fs.readdirSync(absDir).sort()) if (/\.ya?ml$/i.test(name)) add(path.join(absDir, name));
  }
  return out;
}

function main() {
  const started = process.hrtime.bigint();
  const { compilePack, formatPackError, panePack } = loadCompiler();
  const { pack, errors } = compilePack(seedFiles());
  if (!pack || errors.length > 0) {
    for (const e of errors) process.stderr.write(`${formatPackError(e)}\n`);
    process.stderr.write(`build-pack: ${errors.length} error(s); build/pack.json not written\n`);
    process.exit(1);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(OUT_FILE, JSON.stringify(pack));
  fs.writeFileSync(PANE_FILE, JSON.stringify(panePack(pack)));
  const entries = pack.lists.reduce((n, l) => n + l.entries.length, 0);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `build-pack: pack ${pack.version}: ${pack.sources.length} sources, ${pack.guidance.length} guidance, ${pack.rules.length} rules, ${pack.lists.length} lists, ${entries} entries -> build/pack.json, build/pack.pane.json (${ms.toFixed(0)} ms)\n`,
  );
}

main();
