import type { Pack } from '../engine/types';
import { kqlDiagnostics } from '../../test/helpers/kql-check';
import { detectionRules, REQUIRED_COLUMNS } from './detection-rules';
import { commentText, KQL_FLAVORS, kqlQueries, PIVOT_COLUMNS } from './kql';
import { EMBEDDED, packWithAdmin } from './testing/export-pack';

const FAMILIES = ['ioc-attachments', 'ioc-network', 'risky-attachments', 'campaign-shape', 'post-delivery'];

/** The column list of a query's final `| project`. */
function projected(text: string): string[] {
  return (/\| project ([^\n]+)$/.exec(text)?.[1] ?? '').split(/,\s*/);
}

describe('the offline KQL checker (Kusto.Language with test/fixtures/defender-schema.json)', () => {
  // If these pass, an empty diagnostic list below means something: the checker does see columns.
  it.each([
    ['a misspelt column', 'EmailEvents | where SenderFromAdress == "x" | project Timestamp', 'defender', /KS142.*'SenderFromAdress' does not refer to any known column/],
    ['a column the table lacks', 'EmailAttachmentInfo | project Timestamp, Subject', 'defender', /KS142.*'Subject'/],
    ['Timestamp in the Sentinel schema is fine, TimeGenerated in Defender is not', 'EmailEvents | project TimeGenerated', 'defender', /KS142.*'TimeGenerated'/],
    ['LatestDeliveryLocation is not streamed to Sentinel', 'EmailEvents | project TimeGenerated, LatestDeliveryLocation', 'sentinel', /KS142.*'LatestDeliveryLocation'/],
    ['a type error', 'EmailAttachmentInfo | where FileSize > "big"', 'defender', /KS106/],
    ['an unknown table', 'EmailEvent | take 1', 'defender', /KS204/],
  ] as const)('fails on %s', (_name, query, flavor, want) => {
    expect(kqlDiagnostics(query, flavor).join('\n')).toMatch(want);
  });
});

describe('KQL export', () => {
  // The pack with one admin indicator of every kind: every branch of every query is present.
  // (Kusto analysis takes seconds per query; the embedded pack alone adds no new branch.)
  describe.each([['embedded pack + admin IOCs', packWithAdmin()]] as const)('%s', (_name, pack) => {
    describe.each(KQL_FLAVORS)('%s flavour', (flavor) => {
      const queries = kqlQueries(pack, { flavor, lookback: '30d' });
      it('writes one query per rule family', () => {
        expect(queries.map((q) => q.family)).toEqual(FAMILIES);
      });
      it.each(FAMILIES)('%s passes Kusto.Language analysis with no error, warning or other diagnostic', (family) => {
        const q = queries.find((x) => x.family === family)!;
        expect(kqlDiagnostics(q.text, flavor)).toEqual([]);
      });
      it.each(FAMILIES)('%s starts with its rules and sources, and returns the pivot columns', (family) => {
        const q = queries.find((x) => x.family === family)!;
        const lines = q.text.split('\n');
        expect(lines[0]).toMatch(/^\/\/ MirrorFace Guard pack /);
        expect(lines[1]).toBe(`// Rules: ${q.ruleIds.join(', ')}`);
        expect(q.sources.length).toBeGreaterThan(0);
        for (const s of q.sources) expect(q.text).toContain(`//   ${s.id}: `);
        const time = flavor === 'defender' ? 'Timestamp' : 'TimeGenerated';
        expect(projected(q.text).slice(0, PIVOT_COLUMNS.length + 1)).toEqual([time, ...PIVOT_COLUMNS]);
        expect(q.text).toContain(`${time} > ago(lookback)`);
        expect(q.text).not.toContain(flavor === 'defender' ? 'TimeGenerated' : 'Timestamp');
      });
    });
  });

  it('matches Japanese keywords as substrings (contains_cs) and single English words as terms (has_any)', () => {
    const shape = kqlQueries(EMBEDDED, { flavor: 'defender', lookback: '30d' }).find((q) => q.family === 'campaign-shape')!.text;
    expect(shape).toContain('Subject contains_cs "日米同盟"');
    expect(shape).toContain('Subject contains_cs "取材"');
    expect(shape).toContain('Subject contains "SNSでの拡散のお願い"');
    expect(shape).toContain('Subject contains "taiwan strait"');
    expect(shape).toMatch(/let lureWords = dynamic\(\[[^\]]*"foip"/);
    expect(shape).not.toMatch(/has(_cs|_any)? \(?"日米同盟/);
  });

  it('honours --since and refuses a malformed look-back', () => {
    expect(kqlQueries(EMBEDDED, { flavor: 'defender', lookback: '12h' })[0]!.text).toContain('let lookback = 12h;');
    expect(() => kqlQueries(EMBEDDED, { flavor: 'defender', lookback: '30d; EmailEvents' })).toThrow(/look-back/);
  });

  it('writes the same families for the embedded pack alone (no admin values)', () => {
    expect(kqlQueries(EMBEDDED, { flavor: 'defender', lookback: '30d' }).map((q) => q.family)).toEqual(FAMILIES);
  });

  it('pack text can never end a comment line and inject query text', () => {
    expect(commentText('Report\n| take 0 //\r\u2028x')).toBe('Report | take 0 // x');
    const title = 'x\nEmailEvents | take 1';
    const evil: Pack = { ...EMBEDDED, sources: EMBEDDED.sources.map((s) => ({ ...s, title })) };
    const code = (p: Pack) => kqlQueries(p, { flavor: 'defender', lookback: '30d' }).map((q) => q.text.split('\n').filter((l) => !l.startsWith('//')));
    // Only comment lines differ: the injected text stayed inside them.
    expect(code(evil)).toEqual(code(EMBEDDED));
    expect(kqlQueries(evil, { flavor: 'defender', lookback: '30d' })[0]!.text).toContain('"x EmailEvents | take 1"');
  });
});

describe('custom detection rules (Microsoft Graph bodies)', () => {
  const rules = detectionRules(packWithAdmin());

  it('covers the families that fit the rules\' constraints', () => {
    expect(rules.map((r) => r.family)).toEqual(['ioc-attachments', 'ioc-network', 'risky-attachments', 'campaign-shape']);
  });

  it.each(['ioc-attachments', 'ioc-network', 'risky-attachments', 'campaign-shape'])('%s: required columns, no time filter, clean analysis, mailbox asset', (family) => {
    const r = rules.find((x) => x.family === family)!;
    const q = r.body.queryCondition.queryText;
    for (const c of REQUIRED_COLUMNS) expect(projected(q)).toContain(c);
    expect(q).not.toMatch(/ago\(|lookback/);
    expect(kqlDiagnostics(q, 'defender')).toEqual([]);
    expect(['1H', '3H', '12H', '24H']).toContain(r.body.schedule.period);
    expect(r.body.detectionAction.alertTemplate.impactedAssets).toEqual([{ '@odata.type': '#microsoft.graph.security.impactedMailboxAsset', identifier: 'recipientEmailAddress' }]);
    expect(r.body.detectionAction.alertTemplate.description).toMatch(/Sources: .*eset|Sources: .*npa/);
    expect(r.body.detectionAction.responseActions).toEqual([]);
  });
});
