/**
 * Property test: the file adapter and the engine never throw and never hang on damaged mail.
 * Seeds are real messages from ../shared/corpora (Japanese multipart, macro and password-ZIP
 * attachments, an Outlook .msg, an mbox, malformed MIME); fast-check damages them the ways
 * broken or hostile mail does: flipped bytes, truncation, duplicated headers, mangled
 * boundaries, inserted junk. Seeded and bounded, so a failure reproduces and the run stays quick.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseMessageBytes } from '../src/adapters/files';
import { nodeHasher } from '../src/adapters/hash/node-hasher';
import { evaluate } from '../src/engine';
import { LEVELS, type Pack } from '../src/engine/types';
import { CORPORA, REPO_ROOT, requireCorpora } from './helpers/corpus';

const SEEDS = [
  'fml8/testmails/multipart=mixed',
  'fml8/testmails/text=plain.jp',
  'spamassassin_testdata/spam/olevbmacro/zippwmacro.eml',
  'spamassassin_testdata/spam/olevbmacro/macro.eml',
  'msgreader_hiraoka/A memo.msg',
  'mimekit/mbox/simple.mbox.txt',
  'stalwart_mail-parser/malformed/005.eml',
];
/** fast-check seed: fixed so CI and a developer see the same cases. */
const SEED = 20250305;
const RUNS = 250;
/** One parse + evaluate of a message of a few KB takes milliseconds; seconds means a hang. */
const PER_CASE_MS = 5_000;

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'dup-header'; which: number; times: number }
  | { kind: 'boundary'; which: number; how: 'drop' | 'shorten' | 'garble' }
  | { kind: 'insert'; at: number; junk: Uint8Array };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('dup-header' as const), which: fc.nat(), times: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('boundary' as const), which: fc.nat(), how: fc.constantFrom('drop' as const, 'shorten' as const, 'garble' as const) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

/** latin1 keeps every byte as one char, so text edits map back to the same bytes. */
const toText = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const toBytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const pos = (f: number): number => Math.min(input.length, Math.floor(f * input.length));
  switch (m.kind) {
    case 'flip': {
      if (input.length === 0) return input;
      const out = input.slice();
      const i = Math.min(out.length - 1, pos(m.at));
      out[i] = (out[i] ?? 0) ^ m.xor;
      return out;
    }
    case 'truncate':
      return input.slice(0, pos(m.at));
    case 'insert': {
      const i = pos(m.at);
      const out = new Uint8Array(input.length + m.junk.length);
      out.set(input.subarray(0, i));
      out.set(m.junk, i);
      out.set(input.subarray(i), i + m.junk.length);
      return out;
    }
    case 'dup-header': {
      const text = toText(input);
      const end = text.search(/\r?\n\r?\n/);
      const head = end < 0 ? text : text.slice(0, end);
      const lines = head.split(/\r?\n/).filter((l) => /^[\x21-\x39\x3b-\x7e]+:/.test(l));
      const line = lines[m.which % Math.max(1, lines.length)];
      if (!line) return input;
      return toBytes(text.replace(line, Array.from({ length: m.times + 1 }, () => line).join('\r\n')));
    }
    case 'boundary': {
      const text = toText(input);
      const found = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((x) => x[1] ?? '');
      const b = found[m.which % Math.max(1, found.length)];
      if (!b) return input;
      const marks = [...text.matchAll(new RegExp(`--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g'))];
      const mark = marks[m.which % Math.max(1, marks.length)];
      if (!mark || mark.index === undefined) return input;
      const at = mark.index;
      const len = mark[0].length;
      const replacement = m.how === 'drop' ? '' : m.how === 'shorten' ? mark[0].slice(0, Math.max(2, len - 3)) : `--${b.split('').reverse().join('')}\u0000`;
      return toBytes(text.slice(0, at) + replacement + text.slice(at + len));
    }
  }
}

describe('parseMessageBytes + evaluate on damaged real mail', () => {
  let seeds: Uint8Array[];
  let pack: Pack;
  beforeAll(() => {
    requireCorpora();
    seeds = SEEDS.map((s) => new Uint8Array(fs.readFileSync(path.join(CORPORA, s))));
    pack = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'build/pack.json'), 'utf8')) as Pack;
  });

  it('the seeds themselves parse (so mutations start from real structure)', async () => {
    for (const bytes of seeds) {
      const items = await parseMessageBytes(bytes, { hasher: nodeHasher });
      expect(items.some((i) => i.message !== undefined)).toBe(true);
    }
  });

  it('never throws, never hangs, always answers per message', async () => {
    let messages = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (seedIndex, mutations) => {
        const bytes = mutations.reduce((b, m) => mutate(b, m), seeds[seedIndex] ?? new Uint8Array());
        const started = Date.now();
        const items = await parseMessageBytes(bytes, { hasher: nodeHasher });
        expect(Array.isArray(items)).toBe(true);
        for (const item of items) {
          // Each item is a message or says why not: nothing silently empty.
          expect(item.message !== undefined || typeof item.error === 'string').toBe(true);
          if (!item.message) continue;
          messages++;
          const verdict = evaluate(item.message, pack, { trustedDomains: [], protectedDomains: [] });
          expect(LEVELS).toContain(verdict.level);
          expect(Number.isFinite(verdict.score)).toBe(true);
        }
        expect(Date.now() - started).toBeLessThan(PER_CASE_MS);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(messages).toBeGreaterThan(RUNS / 2);
  });
});
