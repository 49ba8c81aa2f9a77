/**
 * Hostile text at the source (issue 8, item 7): no regex that goes quadratic on a long run of
 * punctuation, file-name wildcards matched in linear time, and no silent cap on hosts written in
 * the body. Each fast path is checked against the plain regex it replaces on generated inputs
 * (seeded), then run on inputs long enough that a quadratic or backtracking version would not
 * finish in the time the test allows (the bound is a hang guard, far above the real cost).
 */
import fc from 'fast-check';
import { compilePack, matchFilenameList } from './compile';
import { bodyHosts, MAX_BODY_HOSTS, MAX_BODY_SCAN_CHARS, trimTrailingPunctuation } from './context';
import { addressDomain } from './domain';
import { evaluate } from './evaluate';
import { globMatch } from './glob';
import { att, msg, testPack } from './testing/test-pack';
import type { PackList } from './types';

const SEED = { seed: 20261130 };
/** Far above the milliseconds each case takes; a quadratic version takes minutes. */
const HANG_GUARD_MS = 3000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
}

describe('trailing URL punctuation', () => {
  const piece = fc.constantFrom('.', ',', ';', ':', '!', '?', 'a', '/', 'x.y', '!?', ' ');
  it('trims exactly what /[.,;:!?]+$/ trims', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (s) => {
        expect(trimTrailingPunctuation(s)).toBe(s.replace(/[.,;:!?]+$/, ''));
      }),
      { ...SEED, numRuns: 3000 },
    );
  });

  it.each<[string, string]>([
    ['a run of dots inside a URL', `http://example.com/${'.'.repeat(MAX_BODY_SCAN_CHARS)}x`],
    ['a run of mixed punctuation before a space', `see http://example.com/${'.,;:!?'.repeat(MAX_BODY_SCAN_CHARS / 6)}x and more`],
  ])('%s in a body: evaluated in linear time', (_name, text) => {
    const { value, ms } = timed(() => evaluate(msg({ text }), testPack(), { trustedDomains: [], protectedDomains: [] }));
    expect(value.level).toBeDefined();
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('addressDomain (Reply-To, From, Sender)', () => {
  const piece = fc.constantFrom('a', '@', '.', '>', ']', 'example.jp', ' ', 'B', '..', '>.');
  it('equals the domain with /[>\\].]+$/ trimmed', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }).map((p) => p.join('')), (s) => {
        const at = s.lastIndexOf('@');
        const expected = at < 0 ? '' : s.slice(at + 1).trim().toLowerCase().replace(/[>\].]+$/, '');
        expect(addressDomain(s)).toBe(expected);
      }),
      { ...SEED, numRuns: 3000 },
    );
  });

  it('a Reply-To holding a long run of dots and brackets is read in linear time', () => {
    const address = `a@${'.>]'.repeat(300_000)}x`;
    const { value, ms } = timed(() => evaluate(msg({ replyTo: [{ name: '', address }] }), testPack(), { trustedDomains: [], protectedDomains: [] }));
    expect(value.level).toBeDefined();
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('file-name wildcards (glob, not regex)', () => {
  const reference = (pieces: string[], name: string): boolean =>
    new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`).test(name);
  const word = fc.array(fc.constantFrom('a', 'b', '.'), { maxLength: 4 }).map((p) => p.join(''));

  it('matches exactly what the anchored regex with [\\s\\S]* for each wildcard matches', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom('a', 'b', '.', 'ab'), { maxLength: 12 }).map((p) => p.join('')), (pieces, name) => {
        expect(globMatch(pieces, name)).toBe(reference(pieces, name));
      }),
      { ...SEED, numRuns: 5000 },
    );
  });

  it.each<[string, string, boolean]>([
    ['*.exe', 'invoice.pdf.exe', true],
    ['*.exe', 'invoice.exe.pdf', false],
    ['report*2025*.docx.lnk', 'report_final_2025_v2.docx.lnk', true],
    ['report*2025*.docx.lnk', 'report_final_2024_v2.docx.lnk', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['資料<redacted>.zip', '資料_日米同盟.zip', true],
    ['資料●●●.zip', '資料_日米同盟.zip', true],
  ])('%s against %s → %s (through the compiled pack)', (pattern, name, expected) => {
    const lists: PackList[] = [{ id: 'admin-filenames', kind: 'filename', description: 'test', entries: [{ value: pattern, sources: ['test'], confidence: 'high' }] }];
    const list = compilePack(testPack({ lists })).lists.get('admin-filenames');
    expect(list).toBeDefined();
    expect(list && matchFilenameList(list, name) !== undefined).toBe(expected);
  });

  it('an admin pattern with many wildcards against a long name: linear, no backtracking', () => {
    const pattern = `${'*a'.repeat(40)}*b.exe`;
    const lists: PackList[] = [
      ...testPack().lists,
      { id: 'admin-filenames', kind: 'filename', description: 'test', entries: [{ value: pattern, sources: ['test'], confidence: 'high' }] },
    ];
    const pack = testPack({ lists, rules: [...testPack().rules, { ...testPack().rules.find((r) => r.id === 'mf-ioc-admin')!, id: 'mf-ioc-admin-files', params: { lists: ['admin-filenames'] } }] });
    const near = `${'a'.repeat(8000)}.exe`;
    const { value, ms } = timed(() => evaluate(msg({ attachments: [att(near), att(`${'a'.repeat(8000)}b.exe`)] }), pack, { trustedDomains: [], protectedDomains: [] }));
    expect(ms).toBeLessThan(HANG_GUARD_MS);
    // Only the second name has the b the pattern ends with.
    const hit = value.findings.find((f) => f.rule === 'mf-ioc-admin-files');
    expect(hit?.evidence).toHaveLength(1);
  });
});

describe('hosts written in the body: every dotted word is read', () => {
  it('32 KB of "a.b " before a campaign domain: the domain is still found (critical)', () => {
    const text = `${'a.b '.repeat(8192)}詳細は www.ninesmn.com をご覧ください。`;
    const v = evaluate(msg({ text }), testPack(), { trustedDomains: [], protectedDomains: [] });
    expect(v.level).toBe('critical');
    expect(v.findings.map((f) => f.rule)).toContain('mf-ioc-campaign-network');
  });

  it('distinct hosts up to the scanned slice are all kept; the cap is out of reach and would be reported', () => {
    // The most distinct host names the scanned body slice can hold: "xy.ab " repeated with distinct labels.
    const labels: string[] = [];
    for (let i = 0, length = 0; length < MAX_BODY_SCAN_CHARS; i++) {
      labels.push(`${i.toString(36)}.ab`);
      length += labels[i]!.length + 1;
    }
    const hosts = bodyHosts(labels.join(' ').slice(0, MAX_BODY_SCAN_CHARS), MAX_BODY_HOSTS);
    expect(hosts.length).toBeGreaterThan(10_000);
    expect(hosts.length).toBeLessThan(MAX_BODY_HOSTS);
    const capped = bodyHosts('a.bc d.ef g.hi', 2);
    expect(capped.map((h) => h.host)).toEqual(['a.bc', 'd.ef']);
  });

  it('a campaign domain after many distinct decoy hosts is found', () => {
    const decoys = Array.from({ length: 12_000 }, (_, i) => `h${i}.example`).join(' ');
    const text = `${decoys} www.aesorunwe.com`.slice(-MAX_BODY_SCAN_CHARS);
    const v = evaluate(msg({ text }), testPack(), { trustedDomains: [], protectedDomains: [] });
    expect(v.findings.map((f) => f.rule)).toContain('mf-ioc-campaign-network');
  });
});
