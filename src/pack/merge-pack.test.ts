import type { Pack, Rule } from '../engine/types';
import { loadPackFromText } from './compile-pack';
import { mergePacks } from './merge-pack';
import { PackLoadError } from './pack-error';
import { parseIocFile } from './parse-iocs';

function rule(id: string): Rule {
  return {
    id,
    detector: 'ioc-match',
    params: { lists: ['admin-domains'] },
    severity: 'critical',
    category: 'ioc',
    title: { ja: '例', en: 'Example' },
    explanation: { ja: '例です。', en: 'Example.' },
    sources: ['report-a'],
    guidance: [],
    falsePositives: ['None.'],
  };
}

const base: Pack = {
  version: '2026.11.0',
  sources: [{ id: 'report-a', title: 'A', publisher: 'P', date: '2025-01', url: 'https://example.com/' }],
  guidance: [],
  lists: [],
  rules: [rule('mf-ioc-admin')],
};

const extraText = (id: string): string =>
  `rules:\n  - {id: ${id}, detector: ioc-match, params: {lists: [admin-domains]}, severity: high, category: ioc, title: {ja: 追加, en: Extra}, explanation: {ja: 追加のルールです。, en: Extra rule.}, sources: [report-a], guidance: [], false_positives: [None.]}\n`;

describe('mergePacks', () => {
  it('adds extra rules, lists and sources and keeps the base version', () => {
    const extra = loadPackFromText(extraText('mf-link-extra'), 'extra.yml', base);
    const merged = mergePacks(base, extra);
    expect(merged.version).toBe('2026.11.0');
    expect(merged.rules.map((r) => r.id)).toEqual(['mf-ioc-admin', 'mf-link-extra']);
    expect(base.rules).toHaveLength(1); // the base pack is not modified
  });

  it.each([
    ['two extra files', () => [loadPackFromText(extraText('mf-link-dup'), 'one.yml', base), loadPackFromText(extraText('mf-link-dup'), 'two.yml', base)], /"mf-link-dup": defined in both one\.yml and two\.yml/],
    ['the base pack and an extra pack', () => [{ ...base, rules: [rule('mf-ioc-admin')] }], /"mf-ioc-admin": defined in both the base pack and extra pack 1/],
  ])('rejects a duplicate rule id across %s, naming both', (_n, extras, message) => {
    let thrown: unknown;
    try {
      mergePacks(base, ...extras());
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PackLoadError);
    expect((thrown as PackLoadError).errors).toContainEqual(expect.objectContaining({ path: 'id', message: expect.stringMatching(message) }));
  });

  it('combines admin IOC lists from several places instead of rejecting them', () => {
    const a = parseIocFile('a.example.com\n', 'iocs.txt');
    const b = parseIocFile('b.example.com\n', 'config.json');
    const toPack = (lists: Pack['lists']): Pack => ({ version: '', sources: [], guidance: [], lists, rules: [] });
    const merged = mergePacks(base, toPack(a.lists), toPack(b.lists));
    expect(merged.lists.find((l) => l.id === 'admin-domains')?.entries.map((e) => e.value)).toEqual(['a.example.com', 'b.example.com']);
    expect(merged.lists.filter((l) => l.id === 'admin-domains')).toHaveLength(1);
  });
});
