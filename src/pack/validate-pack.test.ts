import { compilePack, loadPackFromText, PackLoadError } from './compile-pack';
import { type RawPackDoc, validatePack } from './validate-pack';

/** A small pack that passes; each case below breaks exactly one thing in a copy of it. */
function validDocs(): RawPackDoc[] {
  return [
    { file: 'seeds/pack.yml', kind: 'pack', data: { version: '2026.11.0' } },
    {
      file: 'seeds/sources.yml',
      kind: 'sources',
      data: {
        sources: [
          { id: 'report-a', title: 'Report A', publisher: 'Vendor', date: '2024-11-26', url: 'https://example.com/a', how_read: 'direct' },
          { id: 'report-b', title: 'Report B', publisher: 'Agency', date: '2025-01', url: 'https://example.org/b' },
        ],
      },
    },
    {
      file: 'seeds/guidance.yml',
      kind: 'guidance',
      data: {
        guidance: [
          { id: 'verify-by-other-channel', title: { ja: '別の方法で確認する', en: 'Confirm another way' }, text: { ja: '電話で確認してください。', en: 'Call the sender.' }, sources: ['report-b'] },
        ],
      },
    },
    {
      file: 'seeds/lists/campaign-domains.yml',
      kind: 'list',
      data: {
        id: 'campaign-domains',
        kind: 'domain',
        description: 'C&C hosts',
        entries: [
          { value: 'www.ninesmn.com', sources: ['report-a'], confidence: 'high' },
          { value: 'host.ftp.sh', sources: ['report-a'], confidence: 'high' },
        ],
      },
    },
    {
      file: 'seeds/lists/dynamic-dns-parents.yml',
      kind: 'list',
      data: { id: 'dynamic-dns-parents', kind: 'domain', description: 'shared', entries: [{ value: 'ftp.sh', sources: ['report-a'], confidence: 'high' }] },
    },
    {
      file: 'seeds/lists/lure-keywords.yml',
      kind: 'list',
      data: { id: 'lure-keywords', kind: 'keyword', description: 'lures', entries: [{ value: '取材のご依頼', variants: ['取材依頼'], sources: ['report-b'], confidence: 'medium' }] },
    },
    {
      file: 'seeds/rules/mf-ioc-campaign-network.yml',
      kind: 'rule',
      data: {
        id: 'mf-ioc-campaign-network',
        detector: 'ioc-match',
        params: { lists: ['campaign-domains', 'admin-domains'] },
        severity: 'critical',
        category: 'ioc',
        title: { ja: '攻撃者のサーバー', en: 'Attacker server' },
        explanation: { ja: '公表されたドメインです。', en: 'A published domain.' },
        sources: ['report-a'],
        guidance: ['verify-by-other-channel'],
        false_positives: ['Threat reports quote these.'],
      },
    },
    {
      file: 'seeds/rules/mf-subject-lure-keyword.yml',
      kind: 'rule',
      data: {
        id: 'mf-subject-lure-keyword',
        detector: 'lure-keywords',
        params: { list: 'lure-keywords' },
        severity: 'low',
        category: 'lure',
        title: { ja: 'よくある話題', en: 'Lure topic' },
        explanation: { ja: '件名に話題があります。', en: 'Subject has a topic.' },
        sources: ['report-b'],
        guidance: [],
        false_positives: ['Everyday topic.'],
      },
    },
  ];
}

type Mutator = (docs: RawPackDoc[]) => void;

function doc(docs: RawPackDoc[], file: string): Record<string, any> {
  const d = docs.find((x) => x.file === file);
  if (!d) throw new Error(`fixture has no ${file}`);
  return d.data as Record<string, any>;
}
const RULE = 'seeds/rules/mf-ioc-campaign-network.yml';
const LURE_RULE = 'seeds/rules/mf-subject-lure-keyword.yml';
const DOMAINS = 'seeds/lists/campaign-domains.yml';
const KEYWORDS = 'seeds/lists/lure-keywords.yml';
const SOURCES = 'seeds/sources.yml';
const GUIDANCE = 'seeds/guidance.yml';

describe('validatePack', () => {
  it('accepts the valid fixture and compiles it to the Pack shape', () => {
    const { pack, errors } = validatePack(validDocs());
    expect(errors).toEqual([]);
    expect(pack?.version).toBe('2026.11.0');
    expect(pack?.rules.map((r) => r.id)).toEqual(['mf-ioc-campaign-network', 'mf-subject-lure-keyword']);
    expect(pack?.rules[0]?.falsePositives).toEqual(['Threat reports quote these.']);
    expect(pack?.sources[0]).toEqual({ id: 'report-a', title: 'Report A', publisher: 'Vendor', date: '2024-11-26', url: 'https://example.com/a' });
    expect(pack?.lists.find((l) => l.id === 'lure-keywords')?.entries[0]?.variants).toEqual(['取材依頼']);
  });

  const cases: Array<[string, Mutator, string, string, RegExp]> = [
    // ---- required fields and types ----
    ['rule without title', (d) => void delete doc(d, RULE).title, RULE, 'title', /missing/],
    ['rule title without Japanese', (d) => void delete doc(d, RULE).title.ja, RULE, 'title.ja', /missing/],
    ['rule explanation without English', (d) => void (doc(d, RULE).explanation.en = ''), RULE, 'explanation.en', /empty/],
    ['Japanese text with no Japanese in it', (d) => void (doc(d, RULE).explanation.ja = 'English only'), RULE, 'explanation.ja', /no Japanese/],
    ['title over 60 characters', (d) => void (doc(d, RULE).title.en = 'x'.repeat(61)), RULE, 'title.en', /60/],
    ['rule without sources', (d) => void (doc(d, RULE).sources = []), RULE, 'sources', /at least 1/],
    ['rule without false_positives', (d) => void delete doc(d, RULE).false_positives, RULE, 'false_positives', /missing/],
    ['rule with a misspelt field', (d) => void (doc(d, RULE).sorces = ['report-a']), RULE, 'sorces', /unknown field/],
    ['params not a mapping', (d) => void (doc(d, RULE).params = ['x']), RULE, 'params', /mapping/],
    ['source without url', (d) => void delete doc(d, SOURCES).sources[0].url, SOURCES, 'sources[0].url', /missing/],
    ['guidance without text', (d) => void delete doc(d, GUIDANCE).guidance[0].text, GUIDANCE, 'guidance[0].text', /missing/],
    ['list entry without confidence', (d) => void delete doc(d, DOMAINS).entries[0].confidence, DOMAINS, 'entries[0].confidence', /missing/],
    ['list entry without sources', (d) => void delete doc(d, DOMAINS).entries[1].sources, DOMAINS, 'entries[1].sources', /missing/],
    ['pack version malformed', (d) => void (doc(d, 'seeds/pack.yml').version = 'v1'), 'seeds/pack.yml', 'version', /YYYY/],
    // ---- enums and formats ----
    ['unknown severity', (d) => void (doc(d, RULE).severity = 'severe'), RULE, 'severity', /not one of/],
    ['unknown category', (d) => void (doc(d, RULE).category = 'malware'), RULE, 'category', /not one of/],
    ['unknown confidence', (d) => void (doc(d, DOMAINS).entries[0].confidence = 'certain'), DOMAINS, 'entries[0].confidence', /not one of/],
    ['unknown list kind', (d) => void (doc(d, DOMAINS).kind = 'hostname'), DOMAINS, 'kind', /not one of/],
    ['bad source date', (d) => void (doc(d, SOURCES).sources[1].date = '2025/01/08'), SOURCES, 'sources[1].date', /YYYY-MM/],
    ['rule id with an unknown area', (d) => void (doc(d, RULE).id = 'mf-header-x'), RULE, 'id', /does not match mf-/],
    ['rule id different from file name', (d) => void (doc(d, RULE).id = 'mf-ioc-other'), RULE, 'id', /file name/],
    ['unknown detector', (d) => void (doc(d, RULE).detector = 'magic'), RULE, 'detector', /not a known detector/],
    ['file kind that does not exist', (d) => void (doc(d, RULE).params.kinds = ['exe']), RULE, 'params.kinds[0]', /not a known file kind/],
    ['extension with a dot', (d) => void (doc(d, RULE).params.extensions = ['.lnk']), RULE, 'params.extensions[0]', /extension/],
    // ---- references ----
    ['rule cites an unknown source', (d) => void (doc(d, RULE).sources = ['report-z']), RULE, 'sources[0]', /unknown source "report-z"/],
    ['rule names unknown guidance', (d) => void (doc(d, RULE).guidance = ['pray']), RULE, 'guidance[0]', /unknown guidance/],
    ['entry cites an unknown source', (d) => void (doc(d, DOMAINS).entries[1].sources = ['report-a', 'nope']), DOMAINS, 'entries[1].sources[1]', /unknown source/],
    ['guidance cites an unknown source', (d) => void (doc(d, GUIDANCE).guidance[0].sources = ['nope']), GUIDANCE, 'guidance[0].sources[0]', /unknown source/],
    ['params name an unknown list', (d) => void (doc(d, LURE_RULE).params.list = 'lure-words'), LURE_RULE, 'params.list', /unknown list "lure-words"/],
    ['params lists name an unknown list', (d) => void (doc(d, RULE).params.lists = ['campaign-domains', 'campaign-ips']), RULE, 'params.lists[1]', /unknown list/],
    ['a source nobody cites', (d) => void doc(d, SOURCES).sources.push({ id: 'report-c', title: 'C', publisher: 'P', date: '2024-01', url: 'https://example.net/' }), SOURCES, 'sources[2].id', /not cited/],
    // ---- uniqueness ----
    ['duplicate source id', (d) => void (doc(d, SOURCES).sources[1].id = 'report-a'), SOURCES, 'sources[1].id', /duplicate source id/],
    ['duplicate value in a list', (d) => void (doc(d, DOMAINS).entries[1].value = 'www.ninesmn.com'), DOMAINS, 'entries[1].value', /repeats entries\[0\]/],
    // ---- values valid for their kind ----
    ['domain with a scheme', (d) => void (doc(d, DOMAINS).entries[0].value = 'http://ninesmn.com'), DOMAINS, 'entries[0].value', /host name/],
    ['domain still defanged', (d) => void (doc(d, DOMAINS).entries[0].value = 'www.ninesmn[.]com'), DOMAINS, 'entries[0].value', /defanged/],
    ['domain without a public suffix', (d) => void (doc(d, DOMAINS).entries[0].value = 'intranet.local'), DOMAINS, 'entries[0].value', /public suffix/],
    ['domain in upper case', (d) => void (doc(d, DOMAINS).entries[0].value = 'WWW.NINESMN.COM'), DOMAINS, 'entries[0].value', /lower-case/],
    ['bare public suffix', (d) => void (doc(d, DOMAINS).entries[0].value = 'co.jp'), DOMAINS, 'entries[0].value', /public suffix/],
    ['keyword with outer spaces', (d) => void (doc(d, KEYWORDS).entries[0].value = ' 取材 '), KEYWORDS, 'entries[0].value', /spaces/],
    ['variants on a domain list', (d) => void (doc(d, DOMAINS).entries[0].variants = ['x']), DOMAINS, 'entries[0].variants', /only keyword/],
    // ---- invisible characters ----
    ['zero-width space in a title', (d) => void (doc(d, RULE).title.ja = '攻撃者の\u200bサーバー'), RULE, 'title.ja', /U\+200B/],
    ['bidi override in a keyword', (d) => void (doc(d, KEYWORDS).entries[0].value = '取材\u202eのご依頼'), KEYWORDS, 'entries[0].value', /U\+202E/],
    ['BOM inside a note', (d) => void (doc(d, DOMAINS).entries[0].note = 'C&C\ufeff'), DOMAINS, 'entries[0].note', /U\+FEFF/],
    // ---- dynamic-DNS parents ----
    ['bare dynamic-DNS parent in a campaign list', (d) => void (doc(d, DOMAINS).entries[1].value = 'ftp.sh'), DOMAINS, 'entries[1].value', /dynamic-DNS parent/],
  ];

  it.each(cases)('%s', (_name, mutate, file, path, message) => {
    const docs = structuredClone(validDocs());
    mutate(docs);
    const { pack, errors } = validatePack(docs);
    expect(pack).toBeUndefined();
    expect(errors).toContainEqual({ file, path, message: expect.stringMatching(message) });
  });

  it('reports every error at once rather than stopping at the first', () => {
    const docs = structuredClone(validDocs());
    doc(docs, RULE).severity = 'severe';
    doc(docs, DOMAINS).entries[0].value = 'bad value';
    delete doc(docs, SOURCES).sources[0].title;
    const { errors } = validatePack(docs);
    expect(errors.map((e) => `${e.file}:${e.path}`)).toEqual(
      expect.arrayContaining([`${RULE}:severity`, `${DOMAINS}:entries[0].value`, `${SOURCES}:sources[0].title`]),
    );
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'rules: nope'],
    ['an array', [1, 2, 3]],
  ])('never throws when a document is %s', (_n, data) => {
    for (const kind of ['pack', 'sources', 'guidance', 'list', 'rule', 'extra'] as const) {
      const { pack, errors } = validatePack([{ file: `seeds/rules/x.yml`, kind, data }]);
      expect(pack).toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);
    }
  });
});

describe('compilePack', () => {
  it.each([
    ['YAML syntax error', 'seeds/rules/mf-auth-x.yml', 'id: [unclosed', /YAML line 1/],
    ['duplicate key', 'seeds/pack.yml', 'version: "2026.1.0"\nversion: "2026.2.0"\n', /YAML/],
    ['file outside the pack layout', 'seeds/notes.yml', 'a: 1', /not a pack file/],
  ])('turns a %s into an error for that file', (_n, path, text, message) => {
    const { pack, errors } = compilePack([{ path, text }]);
    expect(pack).toBeUndefined();
    expect(errors).toContainEqual({ file: path, path: '', message: expect.stringMatching(message) });
  });

  it('refuses YAML aliases (exponential expansion)', () => {
    const text = 'version: &v "2026.1.0"\nother: *v\n';
    const { errors } = compilePack([{ path: 'seeds/pack.yml', text }]);
    expect(errors.some((e) => e.file === 'seeds/pack.yml' && /alias/i.test(e.message))).toBe(true);
  });
});

describe('loadPackFromText', () => {
  const base = validatePack(validDocs()).pack;
  if (!base) throw new Error('fixture must compile');

  it('loads an extra-rules file whose references point into the base pack', () => {
    const text = [
      'sources:',
      '  - {id: our-soc-2026, title: SOC note, publisher: Our SOC, date: "2026-10", url: "https://soc.example.go.jp/n/1"}',
      'lists:',
      '  - id: our-bad-hosts',
      '    kind: domain',
      '    description: Hosts our SOC saw',
      '    entries:',
      '      - {value: evil.example.com, sources: [our-soc-2026], confidence: high}',
      'rules:',
      '  - id: mf-link-our-bad-hosts',
      '    detector: ioc-match',
      '    params: {lists: [our-bad-hosts]}',
      '    severity: critical',
      '    category: ioc',
      '    title: {ja: 当組織が確認した危険なホスト, en: Host flagged by our SOC}',
      '    explanation: {ja: SOCが確認したホストです。, en: Our SOC flagged this host.}',
      '    sources: [our-soc-2026, report-a]',
      '    guidance: [verify-by-other-channel]',
      '    false_positives: [None known.]',
    ].join('\n');
    const extra = loadPackFromText(text, 'extra.yml', base);
    expect(extra.version).toBe(base.version);
    expect(extra.rules.map((r) => r.id)).toEqual(['mf-link-our-bad-hosts']);
    expect(extra.lists.map((l) => l.id)).toEqual(['our-bad-hosts']);
  });

  it.each([
    ['an id already in the base pack', 'rules:\n  - {id: mf-ioc-campaign-network, detector: ioc-match, params: {}, severity: low, category: ioc, title: {ja: 重複, en: dup}, explanation: {ja: 重複です。, en: dup}, sources: [report-a], guidance: [], false_positives: [x]}\n', 'rules[0].id', /already defined by the base pack/],
    ['no rules at all', 'lists: []\n', 'rules', /missing/],
    ['a reference to nothing', 'rules:\n  - {id: mf-body-x, detector: keyword-in-body, params: {list: nowhere}, severity: low, category: lure, title: {ja: 例, en: x}, explanation: {ja: 例です。, en: x}, sources: [report-a], guidance: [], false_positives: [x]}\n', 'rules[0].params.list', /unknown list/],
  ])('throws PackLoadError naming the file and field for %s', (_n, text, path, message) => {
    let thrown: unknown;
    try {
      loadPackFromText(text, 'extra.yml', base);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PackLoadError);
    const err = thrown as PackLoadError;
    expect(err.errors).toContainEqual({ file: 'extra.yml', path, message: expect.stringMatching(message) });
    expect(err.message).toContain(`extra.yml: ${path}: `);
  });
});
