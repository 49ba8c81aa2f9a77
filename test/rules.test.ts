/**
 * Every rule in the built pack has at least one synthetic hit and one near-miss under
 * test/fixtures/rules/{hits,misses}/<rule-id>/; the folder name is the expectation. Each .eml is
 * parsed with the file adapter and evaluated with the real pack (build/pack.json, from
 * `npm run build:pack`), plus test-only indicator lists made from harmless fixture bytes
 * (admin-iocs.json) so the hash and admin rules can be exercised without real malware.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../src/adapters/files';
import { evaluate } from '../src/engine';
import type { ListKind, NormalisedMessage, Pack, PackList, Verdict } from '../src/engine';
import { readTestIocs, ruleFixtures } from './helpers/rule-fixtures';

const ROOT = path.resolve(__dirname, '..');
const PACK_FILE = path.join(ROOT, 'build/pack.json');

if (!fs.existsSync(PACK_FILE)) throw new Error('build/pack.json is missing: run `npm run build:pack` first');
const builtPack = JSON.parse(fs.readFileSync(PACK_FILE, 'utf8')) as Pack;

const iocs = readTestIocs();

const testList = (id: string, kind: ListKind, values: string[]): PackList => ({
  id,
  kind,
  description: 'TEST ONLY',
  entries: values.map((value) => ({ value, sources: [], confidence: 'high' as const, note: 'TEST ONLY: harmless fixture value' })),
});

/** The built pack plus test-only lists: admin lists, and the fixture hash appended to campaign-hashes. */
const pack: Pack = {
  ...builtPack,
  lists: [
    ...builtPack.lists
      .filter((l) => !l.id.startsWith('admin-'))
      .map((l) => (l.id === 'campaign-hashes' ? { ...l, entries: [...l.entries, ...testList(l.id, 'hash', iocs.hashes).entries] } : l)),
    testList('admin-hashes', 'hash', iocs.hashes),
    testList('admin-domains', 'domain', iocs.domains),
    testList('admin-ips', 'ip', iocs.ips),
    testList('admin-urls', 'url', iocs.urls),
    testList('admin-emails', 'email', iocs.emails),
  ],
};

const emlFiles = ruleFixtures;

async function verdictFor(file: string): Promise<{ message: NormalisedMessage; verdict: Verdict }> {
  const records = await parseMessageBytes(new Uint8Array(fs.readFileSync(file)));
  const message = records[0]?.message;
  if (!message) throw new Error(`${file}: the adapter could not parse it (${records[0]?.error ?? 'no record'})`);
  return { message, verdict: evaluate(message, pack) };
}

const ruleIds = builtPack.rules.map((r) => r.id);

describe('every pack rule has fixtures', () => {
  it('the pack has rules (the check cannot pass vacuously)', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
  });
  it.each(ruleIds)('%s has a hit and a near-miss', (id) => {
    expect(emlFiles('hits').some(([r]) => r === id)).toBe(true);
    expect(emlFiles('misses').some(([r]) => r === id)).toBe(true);
  });
  it('no fixture folder names a rule the pack lacks', () => {
    const orphan = [...emlFiles('hits'), ...emlFiles('misses')].map(([r]) => r).filter((r) => !ruleIds.includes(r));
    expect(orphan).toEqual([]);
  });
});

describe('hits raise their rule', () => {
  it.each(emlFiles('hits').map(([r, f]) => [r, path.basename(f), f]))('%s ← %s', async (rule, _n, file) => {
    const { verdict } = await verdictFor(file);
    expect(verdict.incomplete.filter((i) => i.code === 'rule-error')).toEqual([]);
    expect(verdict.findings.map((f) => f.rule)).toContain(rule);
    expect(verdict.level).not.toBe('none');
  });
});

describe('near-misses do not raise their rule', () => {
  it.each(emlFiles('misses').map(([r, f]) => [r, path.basename(f), f]))('%s ← %s', async (rule, _n, file) => {
    const { message, verdict } = await verdictFor(file);
    // A miss must still be a parsed message with content, or "did not fire" would prove nothing.
    expect(message.subject.length + message.text.length).toBeGreaterThan(0);
    expect(verdict.incomplete.filter((i) => i.code === 'rule-error')).toEqual([]);
    expect(verdict.findings.map((f) => f.rule)).not.toContain(rule);
  });
});
