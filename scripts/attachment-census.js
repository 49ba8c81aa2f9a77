#!/usr/bin/env node
'use strict';
/**
 * Counts what the file adapter sees over ../shared/corpora, for a build of this project (its
 * build/bench-lib.js), and how many attachment hashes agree with Python's email package:
 *
 *   python3 test/helpers/python-attachments.py ../shared/corpora > /tmp/py.jsonl
 *   node scripts/attachment-census.js [BUILD_DIR=.] /tmp/py.jsonl
 *
 * BUILD_DIR may be an older checkout (built with build-pack + build-cli) to give before/after
 * figures for a change. Prints one JSON line.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const [buildDir = ROOT, pyFile] = process.argv.slice(2);
const CORPORA = path.resolve(ROOT, '../shared/corpora');
const lib = require(path.resolve(buildDir, 'build/bench-lib.js'));
const { walk } = require('./walk');

const python = pyFile
  ? fs.readFileSync(pyFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => !r.error)
  : [];
const pythonByFile = new Map();
for (const r of python) pythonByFile.set(path.resolve(r.file), [...(pythonByFile.get(path.resolve(r.file)) ?? []), r]);

(async () => {
  const c = { messages: 0, attachments: 0, archiveEntries: 0, attachedMessages: 0, attachmentsInAttachedMessages: 0, pythonAttachments: python.length, hashEqualToPython: 0 };
  const entries = (a) => a.archive?.entries?.length ?? 0;
  const everyAttachment = (m) => [...m.attachments, ...(m.attachedMessages ?? []).flatMap((x) => everyAttachment(x.message))];
  const inner = (m) => {
    for (const x of m.attachedMessages ?? []) {
      c.attachedMessages++;
      c.attachmentsInAttachedMessages += x.message.attachments.length;
      inner(x.message);
    }
  };
  // A file with no mail header (the corpora's notes and licences) is skipped, as the CLI skips it.
  for (const file of walk(CORPORA)) {
    const records = await lib.parseMessageBytes(new Uint8Array(fs.readFileSync(file)), { hasher: lib.nodeHasher });
    const ours = [];
    for (const r of records) {
      if (!r.message || !lib.isRecognisableMail(r.message)) continue;
      c.messages++;
      c.attachments += r.message.attachments.length;
      for (const a of r.message.attachments) c.archiveEntries += entries(a);
      inner(r.message);
      ours.push(...everyAttachment(r.message));
    }
    for (const want of pythonByFile.get(path.resolve(file)) ?? []) {
      if (ours.some((a) => (a.hashes?.sha256 ?? a.sha256) === want.sha256)) c.hashEqualToPython++;
    }
  }
  console.log(JSON.stringify({ build: path.resolve(buildDir), ...c }));
})();
