#!/usr/bin/env node
'use strict';
/**
 * npm run validate:manifest [-- [path/to/manifest.xml] [--base-url https://host/folder/] [--assets dir]]
 *
 * Validates a manifest offline against Microsoft's XSDs and lints it (render-manifest.js). With
 * --base-url it also renders the manifest for that host and checks the result, which is what an
 * admin would upload. Exit codes follow the CLI: 0 clean, 1 problems found, 2 usage or I/O error.
 */
const fs = require('fs');
const path = require('path');
const { validateManifestXsd } = require('./validate-xsd');
const { lintManifest, renderManifest, checkVersionBump, lastTaggedVersion } = require('./render-manifest');

const REPO_ROOT = path.resolve(__dirname, '../..');
const USAGE = 'usage: node scripts/manifest/cli.js [manifest.xml] [--base-url https://host/path/] [--assets dir]';

function parseArgs(argv) {
  const args = { file: path.join(REPO_ROOT, 'manifest.xml'), baseUrl: null, assetsDir: path.join(REPO_ROOT, 'assets') };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--base-url' || a === '--assets') {
      const v = argv[++k];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === '--base-url') args.baseUrl = v;
      else args.assetsDir = path.resolve(v);
    } else if (a === '-h' || a === '--help') {
      args.help = true;
    } else if (a.startsWith('-')) {
      throw new Error(`unknown option ${a}`);
    } else {
      args.file = path.resolve(a);
    }
  }
  return args;
}

async function check(label, xml, options) {
  const lines = [];
  const xsd = await validateManifestXsd(xml);
  for (const e of xsd.errors) lines.push(`${label}: XSD ${e}`);
  for (const p of lintManifest(xml, options)) lines.push(`${label}:${p.line || ''} [${p.rule}] ${p.message}`);
  return lines;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let xml;
  let packageVersion;
  try {
    xml = fs.readFileSync(args.file, 'utf8');
    packageVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
  } catch (e) {
    console.error(`cannot read: ${e.message}`);
    return 2;
  }
  const rel = path.relative(process.cwd(), args.file);
  const label = rel && !rel.startsWith('..') ? rel : args.file;
  const problems = await check(label, xml, { assetsDir: args.assetsDir, packageVersion });

  if (path.resolve(args.file) === path.join(REPO_ROOT, 'manifest.xml')) {
    const tagged = lastTaggedVersion({ repoDir: REPO_ROOT });
    const version = (/<Version>\s*([^<\s]+)\s*<\/Version>/.exec(xml) || [])[1] || '';
    if (tagged) for (const p of checkVersionBump(version, tagged.version, tagged)) problems.push(`${label}: [${p.rule}] ${p.message} (tag ${tagged.tag})`);
    else console.log('no release tag yet: version-bump check skipped');
  }

  if (args.baseUrl) {
    let rendered;
    try {
      rendered = renderManifest(xml, args.baseUrl);
    } catch (e) {
      console.error(e.message);
      return 2;
    }
    problems.push(...(await check(`${label} rendered for ${args.baseUrl}`, rendered, { assetsDir: args.assetsDir, packageVersion })));
  }

  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`${problems.length} problem(s)`);
    return 1;
  }
  console.log(`${label}: valid against the Office XSDs and lint-clean${args.baseUrl ? ` (also rendered for ${args.baseUrl})` : ''}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(2);
  },
);
