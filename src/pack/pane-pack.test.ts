/**
 * The pane's pack (build/pack.pane.json) drops only analyst-only text, and gives the verdicts the
 * full pack gives: on every rule fixture and on a sample of the real-mail corpora.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../adapters/files';
import { nodeHasher } from '../adapters/hash/node-hasher';
import { evaluate } from '../engine';
import type { Pack } from '../engine';
import { ruleFixtures } from '../../test/helpers/rule-fixtures';
import { noteReadingLists, panePack } from './pane-pack';

const ROOT = path.resolve(__dirname, '../..');
const read = (f: string): Pack => JSON.parse(fs.readFileSync(path.join(ROOT, 'build', f), 'utf8')) as Pack;
const full = read('pack.json');
const pane = read('pack.pane.json');

describe('the pane pack', () => {
  it('is panePack(build/pack.json), as written by the build', () => {
    expect(pane).toEqual(panePack(full));
  });

  it('differs from the full pack only in false positives, list descriptions and entry sources/notes the engine does not read', () => {
    const keep = noteReadingLists(full);
    expect(keep.has('protected-domains')).toBe(true);
    const strip = (p: Pack) => ({
      ...p,
      rules: p.rules.map(({ falsePositives: _f, ...r }) => r),
      lists: p.lists.map(({ description: _d, entries, ...l }) => ({ ...l, entries: entries.map(({ sources: _s, note, ...e }) => (keep.has(l.id) ? { ...e, note } : e)) })),
    });
    expect(strip(pane)).toEqual(strip(full));
    expect(full.rules.every((r) => r.falsePositives.length > 0)).toBe(true);
  });

  const fixtures = [...ruleFixtures('hits'), ...ruleFixtures('misses')];
  const corpus = path.resolve(ROOT, '../shared/corpora/phishing_pot/email');
  const sample = fs.existsSync(corpus) ? fs.readdirSync(corpus).sort().filter((_f, i) => i % 10 === 0).map((f) => path.join(corpus, f)) : [];

  it.each([...fixtures.map(([, f]) => f), ...sample].map((f) => [path.relative(ROOT, f), f]))('%s: same verdict with either pack', async (_n, file) => {
    const records = await parseMessageBytes(new Uint8Array(fs.readFileSync(file)), { hasher: nodeHasher });
    for (const r of records) {
      if (!r.message) continue;
      expect(evaluate(r.message, pane)).toEqual(evaluate(r.message, full));
    }
  });

  it('checked something', () => {
    expect(fixtures.length).toBeGreaterThan(40);
    expect(sample.length).toBeGreaterThan(50);
  });
});
