/**
 * The `mirrorface-guard scan` CLI: argument parsing and formatting as tables (pure, in-process),
 * then end-to-end runs of the built bundle on synthetic mail written to a temp dir.
 *
 * The synthetic lure is structural only (free-mail sender, a Japanese study-group lure, a ZIP
 * holding a `.docx.lnk` with harmless bytes), modelled on the published reports cited by the pack.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strToU8, zipSync } from 'fflate';
import { FAIL_ON_VALUES, langFromEnv, parseArgs, reachesFailOn, type ParsedArgs } from '../src/cli/args';
import Ajv2020 from 'ajv/dist/2020';
import { addToSummary, csvCell, csvHeader, emptyLegend, emptySummary, formatCsvRow, formatLegend, formatSummary, formatText, isUnchecked, passesMinLevel, visible, type ScanRecord } from '../src/cli/format';
import { exitCode } from '../src/cli/main';
import { dateWithOffset, describeMessage, formatJsonl, recordContext, toRecordJson } from '../src/cli/record';
import { RECORD_SCHEMA } from '../src/cli/record-schema';
import type { Level, NormalisedMessage, Pack, Verdict } from '../src/engine/types';
import { isRecognisableMail, scanTask, walkPaths, type FileScan, type ScanEngine } from '../src/cli/scan';
import { CLI, REPO_ROOT, requireBuiltCli, type CliRecord } from './helpers/corpus';
import { localSocPack } from './helpers/local-pack';

// ---------------------------------------------------------------------------------------------
// args
// ---------------------------------------------------------------------------------------------

describe('parseArgs: usage errors', () => {
  it.each<[string[], RegExp]>([
    [[], /missing command/],
    [['check', 'a.eml'], /unknown command "check"/],
    [['scan'], /at least one file/],
    [['scan', '--format'], /--format needs a value/],
    [['scan', '--format', 'xml', 'a'], /--format must be text, jsonl or csv/],
    [['scan', '--min-level', 'severe', 'a'], /--min-level must be one of none, low, medium, high, critical/],
    [['scan', '--min-level'], /--min-level needs a value/],
    [['scan', '--show-all=yes', 'a'], /--show-all takes no value/],
    [['scan', '--format=', 'a'], /--format needs a value/],
    [['scan', '--lang', 'fr', 'a'], /--lang must be ja or en/],
    [['scan', '--fail-on', 'none', 'a'], /ambiguous.*never/],
    [['scan', '--fail-on', 'severe', 'a'], /--fail-on must be one of low, medium, high, critical, never/],
    [['scan', '--iocs'], /--iocs needs a value/],
    [['scan', '--pack'], /--pack needs a value/],
    [['scan', '--trusted-domain', 'https://example.go.jp/', 'a'], /--trusted-domain expects a domain/],
    [['scan', '--trusted-domain', 'localhost', 'a'], /--trusted-domain expects a domain/],
    [['scan', '--protected-domain', 'a b.jp', 'a'], /--protected-domain expects a domain/],
    [['scan', '--verbose', 'a'], /unknown option "--verbose"/],
    [['scan', '-', 'a'], /standard input is not supported/],
  ])('%j → %s', (argv, message) => {
    const r = parseArgs(argv, {});
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(message);
  });
});

describe('parseArgs: accepted command lines', () => {
  const scan = (argv: string[], env: Record<string, string> = {}) => {
    const r: ParsedArgs = parseArgs(argv, env);
    if (r.kind !== 'scan') throw new Error(`expected scan, got ${JSON.stringify(r)}`);
    return r.options;
  };
  it.each<[string[], Partial<ReturnType<typeof scan>>]>([
    [['scan', 'a'], { format: 'text', failOn: 'high', lang: 'en', paths: ['a'], iocs: [], packs: [] }],
    [['scan', '--format', 'jsonl', 'a', 'b'], { format: 'jsonl', paths: ['a', 'b'] }],
    [['scan', '--format=jsonl', 'a'], { format: 'jsonl' }],
    [['scan', '--format', 'csv', 'a'], { format: 'csv' }],
    [['scan', 'a'], { minLevel: 'none', showAll: false, unzip: false }],
    [['scan', '--min-level', 'medium', '--show-all', '--unzip', 'a'], { minLevel: 'medium', showAll: true, unzip: true, paths: ['a'] }],
    [['scan', '--min-level=critical', 'a'], { minLevel: 'critical' }],
    [['scan', '--iocs', 'x.txt', '--iocs=y.txt', 'a'], { iocs: ['x.txt', 'y.txt'] }],
    [['scan', '--pack', 'p.yml', 'a'], { packs: ['p.yml'] }],
    [['scan', '--fail-on', 'never', 'a'], { failOn: 'never' }],
    [['scan', '--fail-on', 'low', 'a'], { failOn: 'low' }],
    [['scan', '--lang', 'ja', 'a'], { lang: 'ja' }],
    [['scan', '--trusted-domain', 'MOFA.go.jp.', 'a'], { trustedDomains: ['mofa.go.jp'] }],
    [['scan', '--protected-domain', 'jiia.or.jp', 'a'], { protectedDomains: ['jiia.or.jp'] }],
    [['scan', '--', '--odd-name.eml'], { paths: ['--odd-name.eml'] }],
  ])('%j', (argv, expected) => {
    expect(scan(argv)).toMatchObject(expected);
  });

  it.each<[Record<string, string>, 'ja' | 'en']>([
    [{}, 'en'],
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'en_GB.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'ja_JP.eucJP' }, 'ja'],
    [{ LANG: 'ja_JP.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'ja_JP.UTF-8', LC_MESSAGES: 'en_US' }, 'en'],
  ])('language from %j is %s', (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
    expect(scan(['scan', 'a'], env).lang).toBe(lang);
  });

  it.each([['--help'], ['scan', '--help'], ['scan', 'a', '-h'], ['help']])('%j is help', (...argv) => {
    expect(parseArgs(argv, {}).kind).toBe('help');
  });
  it.each([['--version'], ['scan', '--version']])('%j is version', (...argv) => {
    expect(parseArgs(argv, {}).kind).toBe('version');
  });
});

describe('reachesFailOn', () => {
  const rows: [Level, string, boolean][] = [];
  const order: Level[] = ['none', 'low', 'medium', 'high', 'critical'];
  for (const level of order) {
    for (const failOn of FAIL_ON_VALUES) {
      rows.push([level, failOn, failOn !== 'never' && order.indexOf(level) >= order.indexOf(failOn)]);
    }
  }
  it.each(rows)('level %s with --fail-on %s → %s', (level, failOn, expected) => {
    expect(reachesFailOn(level, failOn as (typeof FAIL_ON_VALUES)[number])).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// format
// ---------------------------------------------------------------------------------------------

const PACK: Pack = {
  version: 'test',
  sources: [],
  lists: [],
  rules: [],
  guidance: [
    { id: 'g-report', title: { ja: '報告する', en: 'Report it' }, text: { ja: 'セキュリティ担当へ', en: 'Tell the security team' }, sources: [] },
  ],
};

const VERDICT_HIGH: Verdict = {
  level: 'high',
  score: 7,
  findings: [
    {
      rule: 'mf-attachment-lnk-double-extension',
      severity: 'high',
      category: 'payload',
      title: { ja: '文書に見せかけたショートカット', en: 'Shortcut disguised as a document' },
      explanation: { ja: '説明', en: 'explanation' },
      evidence: [{ field: 'archive-entry', value: 'a.docx.lnk', display: 'a.docx.lnk' }],
      sources: ['jpcert-2024'],
      guidance: ['g-report'],
    },
  ],
  incomplete: [{ code: 'archive-encrypted', where: 'attachment:x.zip' }],
  guidance: ['g-report'],
  reasons: [],
};
const VERDICT_NONE: Verdict = { level: 'none', score: 0, findings: [], incomplete: [], guidance: [], reasons: [] };

const LURE_FACTS = describeMessage({
  origin: { kind: 'eml' },
  from: { name: '山田 太郎', address: 'yamada.taro.jiia@gmail.com' },
  replyTo: [{ name: '', address: 'other@example.net' }],
  to: [{ name: '', address: 'researcher@example.go.jp' }],
  cc: [],
  subject: '=cmd|" /C calc"!A0 研究会',
  date: '2025-03-05T00:00:00.000Z',
  text: '',
  links: [{ href: 'https://1drv.ms/u/s!abc', text: '資料', origin: 'html' }],
  attachments: [
    {
      name: 'shiryou.zip',
      contentType: 'application/zip',
      size: 300,
      inline: false,
      sniffedType: 'zip',
      hashes: { sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), md5: 'c'.repeat(32) },
      archive: { format: 'zip', encrypted: false, truncated: false, entries: [{ path: 'dir/a.docx.lnk', size: 36, encrypted: false, sniffedType: 'lnk', hashes: { sha256: 'd'.repeat(64), sha1: 'e'.repeat(40), md5: 'f'.repeat(32) } }] },
    },
  ],
  headers: [
    { name: 'Message-ID', value: ' <lure-1@mail.gmail.com> ' },
    { name: 'Date', value: 'Wed, 05 Mar 2025 09:00:00 +0900' },
  ],
  auth: [
    { authservId: 'mx.example.go.jp', method: 'spf', result: 'softfail', props: {} },
    { authservId: 'mx.example.go.jp', method: 'dmarc', result: 'fail', props: {} },
    { authservId: 'older.example', method: 'spf', result: 'pass', props: {} },
  ],
  incomplete: [],
});

describe('format', () => {
  const high: ScanRecord = { file: 'mail/a.eml', index: 0, multi: false, verdict: VERDICT_HIGH, facts: LURE_FACTS };
  const none: ScanRecord = { file: 'box.mbox', index: 2, multi: true, verdict: VERDICT_NONE };
  const broken: ScanRecord = { file: 'junk.bin', index: 0, multi: false, error: 'not a mail message' };
  const ctx = recordContext(PACK, 'en');
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/scan-record.schema.json'), 'utf8')));

  it('the published JSON Schema is the one the definition gives (run "npm run schema:record" after changing it)', () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, 'schemas/scan-record.schema.json'), 'utf8');
    expect(committed).toBe(JSON.stringify(RECORD_SCHEMA, null, 2) + '\n');
  });

  it.each<[string, ScanRecord, Partial<CliRecord>]>([
    ['finding', high, { schema: 2, file: 'mail/a.eml', index: 0, folder: null, level: 'high', score: 7, guidance: ['g-report'], error: null }],
    ['clean mbox message', none, { schema: 2, file: 'box.mbox', index: 2, level: 'none', score: 0, findings: [], incomplete: [], message_id: null, from: null }],
    ['parse failure', broken, { schema: 2, file: 'junk.bin', level: null, score: null, error: 'not a mail message', attachments: [] }],
    ['PST message', { ...none, folder: 'Inbox/Projects', index: 7 }, { folder: 'Inbox/Projects', index: 7 }],
  ])('jsonl: %s is one line, valid against the published schema', (_n, record, expected) => {
    const line = formatJsonl(record, ctx);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
    expect(parsed).toMatchObject(expected);
  });

  it.each<[string, (r: Record<string, unknown>) => void]>([
    ['extra key', (r) => void (r.extra = 1)],
    ['missing key', (r) => void delete r.message_id],
    ['level "unknown"', (r) => void (r.level = 'unknown')],
    ['schema 1', (r) => void (r.schema = 1)],
    ['bad sha256', (r) => void ((r.attachments as { sha256: string }[])[0]!.sha256 = 'xyz')],
    ['evidence as a bare string', (r) => void ((r.findings as { evidence: unknown[] }[])[0]!.evidence = ['a.docx.lnk'])],
    ['date without offset', (r) => void (r.date = '2025-03-05 09:00')],
  ])('the published schema rejects a record with %s', (_n, spoil) => {
    const r = JSON.parse(formatJsonl(high, ctx)) as Record<string, unknown>;
    expect(validate(r)).toBe(true);
    spoil(r);
    expect(validate(r)).toBe(false);
  });

  it('jsonl: the message fields an analyst pivots on', () => {
    const r = toRecordJson(high, ctx);
    expect(r).toMatchObject({
      message_id: '<lure-1@mail.gmail.com>',
      date: '2025-03-05T09:00:00+09:00',
      from: { name: '山田 太郎', address: 'yamada.taro.jiia@gmail.com' },
      reply_to: [{ name: '', address: 'other@example.net' }],
      to: [{ name: '', address: 'researcher@example.go.jp' }],
      cc: [],
      authentication: { spf: 'softfail', dkim: null, dmarc: 'fail' },
      urls: [{ url: 'https://1drv.ms/u/s!abc', host: '1drv.ms', text: '資料' }],
    });
    expect(r.attachments).toEqual([
      { path: 'shiryou.zip', name: 'shiryou.zip', size: 300, declared_type: 'application/zip', sniffed_type: 'zip', sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), md5: 'c'.repeat(32), encrypted: false, macros: false },
      { path: 'shiryou.zip/dir/a.docx.lnk', name: 'a.docx.lnk', size: 36, declared_type: null, sniffed_type: 'lnk', sha256: 'd'.repeat(64), sha1: 'e'.repeat(40), md5: 'f'.repeat(32), encrypted: false, macros: false },
    ]);
  });

  it('jsonl: a failure can never read as clean', () => {
    const r = toRecordJson(broken, ctx);
    expect(r.level).toBeNull();
    expect(r.incomplete).toEqual([{ code: 'parse-error', where: null, detail: 'not a mail message' }]);
  });

  it.each<['ja' | 'en', string]>([
    ['en', 'Shortcut disguised as a document'],
    ['ja', '文書に見せかけたショートカット'],
  ])('jsonl: finding title in %s, evidence raw and displayed', (lang, title) => {
    expect(toRecordJson(high, recordContext(PACK, lang)).findings).toEqual([
      {
        rule: 'mf-attachment-lnk-double-extension',
        severity: 'high',
        category: 'payload',
        title,
        evidence: [{ field: 'archive-entry', value: 'a.docx.lnk', display: 'a.docx.lnk' }],
        sources: ['jpcert-2024'],
        guidance: ['g-report'],
        indicators: [],
      },
    ]);
  });

  it('jsonl: an admin indicator names its file and line, and cites the administrator', () => {
    const pack: Pack = {
      ...PACK,
      rules: [{ id: 'mf-ioc-admin', detector: 'ioc-match', params: { lists: ['admin-domains'] }, severity: 'critical', category: 'ioc', title: { ja: 'a', en: 'a' }, explanation: { ja: 'a', en: 'a' }, sources: ['npa-nisc-2025-01'], guidance: [], falsePositives: [] }],
      lists: [{ id: 'admin-domains', kind: 'domain', description: '', entries: [{ value: 'evil.example.com', sources: ['admin'], confidence: 'high', origin: { file: 'soc/iocs.txt', line: 12 } }] }],
    };
    const v: Verdict = {
      ...VERDICT_HIGH,
      level: 'critical',
      findings: [{ ...VERDICT_HIGH.findings[0]!, rule: 'mf-ioc-admin', sources: ['npa-nisc-2025-01'], evidence: [{ field: 'link', value: 'https://cdn.evil.example.com/x', display: 'hxxps[:]//cdn.evil.example[.]com/x' }] }],
    };
    const r = toRecordJson({ ...high, verdict: v }, recordContext(pack, 'en'));
    expect(r.findings[0]).toMatchObject({ sources: ['admin'], indicators: [{ file: 'soc/iocs.txt', line: 12, value: 'evil.example.com' }] });
    expect(r.findings[0]!.evidence[0]).toEqual({ field: 'link', value: 'https://cdn.evil.example.com/x', display: 'hxxps[:]//cdn.evil.example[.]com/x' });
    expect(r.sources.map((x) => x.id)).toEqual(['admin']);
  });

  it('jsonl: U+2028 in evidence stays on one line', () => {
    const v: Verdict = { ...VERDICT_HIGH, findings: [{ ...VERDICT_HIGH.findings[0]!, evidence: [{ field: 'subject', value: 'a\u2028b', display: 'a\u2028b' }] }] };
    const line = formatJsonl({ ...high, verdict: v }, ctx);
    expect(line).not.toMatch(/\u2028/);
    expect(JSON.parse(line).findings[0].evidence).toEqual([{ field: 'subject', value: 'a\u2028b', display: 'a\u2028b' }]);
  });

  it.each<[string | undefined, string | undefined, string | null]>([
    ['Wed, 05 Mar 2025 09:00:00 +0900', undefined, '2025-03-05T09:00:00+09:00'],
    ['Tue, 4 Mar 2025 19:30:00 -0530 (EST)', undefined, '2025-03-04T19:30:00-05:30'],
    ['Mon, 03 Mar 2025 10:01:00 GMT', undefined, '2025-03-03T10:01:00Z'],
    ['Mon, 03 Mar 2025 10:01:00 JST', undefined, '2025-03-03T10:01:00+09:00'],
    ['Mon, 03 Mar 2025 10:01:00 -0000', undefined, '2025-03-03T10:01:00Z'],
    ['not a date', undefined, null],
    [undefined, '2025-03-05T00:00:00.000Z', '2025-03-05T00:00:00Z'],
    [undefined, undefined, null],
  ])('date %j (fallback %j) → %j', (raw, fallback, expected) => {
    expect(dateWithOffset(raw, fallback)).toBe(expected);
  });

  it.each<[string, ScanRecord, 'ja' | 'en', RegExp[]]>([
    ['clean, one line', none, 'en', [/^box\.mbox#2: No known MirrorFace pattern found\n$/]],
    ['clean, Japanese', none, 'ja', [/^box\.mbox#2: MirrorFace の既知の手口は見つかりませんでした\n$/]],
    [
      'finding with guidance id and incomplete',
      high,
      'en',
      [/^mail\/a\.eml\n/, /High risk \(score 7\), not fully checked/, /From: 山田 太郎 <yamada\.taro\.jiia@gmail\.com>/, /Date: 2025-03-05T09:00:00\+09:00/, /Shortcut disguised as a document \[mf-attachment-lnk-double-extension, high\]/, /evidence: archive-entry: a\.docx\.lnk/, /sources: jpcert-2024/, /What to do: \[g-report\]\n/, /A password-protected archive could not be looked into \(attachment:x\.zip\)/],
    ],
    ['finding in Japanese', high, 'ja', [/危険（高）（スコア 7）、一部を確認できませんでした/, /\[mf-attachment-lnk-double-extension、危険度 高\]/, /根拠（圧縮ファイル内のファイル）：a\.docx\.lnk/, /参照した公開情報：jpcert-2024/, /すべきこと：\[g-report\]/, /パスワード付きの圧縮ファイル.*（/]],
    ['parse failure', broken, 'en', [/^junk\.bin\n/, /Could not be parsed as mail: not a mail message/]],
  ])('text: %s', (_n, record, lang, patterns) => {
    const out = formatText(record, lang);
    for (const p of patterns) expect(out).toMatch(p);
    expect(out).not.toMatch(/Tell the security team/);
  });

  it('text: guidance is printed once, in the legend, however many records name it', () => {
    const legend = emptyLegend();
    const body = formatText(high, 'en', legend) + formatText({ ...high, file: 'b.eml' }, 'en', legend);
    const tail = formatLegend(legend, PACK, 'en');
    expect(body).not.toMatch(/Tell the security team/);
    expect(tail.match(/\[g-report\] Report it: Tell the security team/g)).toHaveLength(1);
    expect(formatLegend(emptyLegend(), PACK, 'en')).toBe('');
  });

  it.each<[string, string]>([
    ['a\x1b[31mred', 'a<U+001B>[31mred'],
    ['report\u202Eknl.docx', 'report<U+202E>knl.docx'],
    ['zero\u200Bwidth', 'zero<U+200B>width'],
    ['line\nbreak', 'line<U+000A>break'],
    ['tab\there\r', 'tab<U+0009>here<U+000D>'],
    ['soft\u00ADhyphen and mongolian\u180Evs', 'soft<U+00AD>hyphen and mongolian<U+180E>vs'],
    ['日本語.docx', '日本語.docx'],
  ])('visible(%j)', (input, expected) => {
    expect(visible(input)).toBe(expected);
  });

  it('text: a hostile file name cannot inject terminal escapes', () => {
    expect(formatText({ ...none, file: 'x\x1b]0;pwned\x07.eml', multi: false }, 'en')).not.toMatch(/[\x1b\x07]/);
  });

  it('summary counts levels, errors, unchecked and rules, and ends with the tables', () => {
    const s = emptySummary();
    for (const r of [high, none, none, broken]) addToSummary(s, r);
    expect(s).toMatchObject({ messages: 3, errors: 1, incomplete: 1, unchecked: 1, levels: { none: 2, low: 0, medium: 0, high: 1, critical: 0 } });
    expect([...s.rules]).toEqual([['mf-attachment-lnk-double-extension', { severity: 'high', messages: 1 }]]);
    s.files = 3;
    s.skipped = 2;
    const out = formatSummary(s, 'en');
    expect(out).toMatch(/3 files, 3 messages; skipped, not mail: 2; could not be parsed: 1; not fully checked \(limit or failure\): 1; partly unchecked: 1/);
    // Column widths follow the longest label (the 'none' wording from the glossary).
    expect(out).toMatch(/\n {2}Level +Messages\n {2}Critical risk +0\n {2}High risk +1\n/);
    expect(out).toMatch(/\n {2}Rule {32}Severity {2}Messages\n {2}mf-attachment-lnk-double-extension {2}high {6}1\n$/);
  });

  // --min-level: which records are written, in every format (errors always are).
  const at = (level: Level): ScanRecord => ({ ...none, verdict: { ...VERDICT_NONE, level } });
  const minRows: [Level, Level, boolean][] = [];
  for (const min of ['none', 'low', 'medium', 'high', 'critical'] as Level[]) {
    for (const level of ['none', 'low', 'medium', 'high', 'critical'] as Level[]) {
      minRows.push([level, min, ['none', 'low', 'medium', 'high', 'critical'].indexOf(level) >= ['none', 'low', 'medium', 'high', 'critical'].indexOf(min)]);
    }
  }
  it.each(minRows)('--min-level: a %s record with --min-level %s is written: %s', (level, min, expected) => {
    expect(passesMinLevel(at(level), min)).toBe(expected);
  });
  it.each(['none', 'low', 'medium', 'high', 'critical'] as Level[])('--min-level %s never hides a record that could not be checked', (min) => {
    expect(passesMinLevel(broken, min)).toBe(true);
  });

  it.each<[string, ScanRecord, boolean]>([
    ['clean', none, false],
    ['encrypted archive is a fact, not a limit', high, false],
    ['parse error record', broken, true],
    ['time budget', { ...none, verdict: { ...VERDICT_NONE, incomplete: [{ code: 'time-budget' }] } }, true],
    ['attachment too large', { ...none, verdict: { ...VERDICT_NONE, incomplete: [{ code: 'attachment-too-large' }] } }, true],
    ['Outlook item without transport headers', { ...none, verdict: { ...VERDICT_NONE, incomplete: [{ code: 'headers-unavailable' }] } }, false],
  ])('unchecked (exit 3): %s → %s', (_n, r, expected) => {
    expect(isUnchecked(r)).toBe(expected);
  });

  it.each<[boolean, number, number]>([
    [false, 0, 0],
    [true, 0, 1],
    [false, 2, 3],
    [true, 2, 1],
  ])('exit code: threat %s, unchecked %i → %i', (threat, unchecked, code) => {
    expect(exitCode(threat, { unchecked })).toBe(code);
  });
});

describe('CSV', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [7, '7'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=1+1', "'=1+1"],
    ['+81 3 1234', "'+81 3 1234"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=1', 'a=1'],
    ['日本語の件名', '日本語の件名'],
  ])('cell %j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('header starts with a UTF-8 BOM and ends with CRLF; one row per message, formulas neutralised', () => {
    expect(csvHeader().startsWith('\ufefffile,index,folder,level,score,rules,')).toBe(true);
    expect(csvHeader().endsWith('\r\n')).toBe(true);
    const row = formatCsvRow(toRecordJson({ file: 'mail/a.eml', index: 0, multi: false, verdict: VERDICT_HIGH, facts: LURE_FACTS }, recordContext(PACK, 'en')));
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain(`"'=cmd|"" /C calc""!A0 研究会"`);
    expect(row).toContain('shiryou.zip; shiryou.zip/dir/a.docx.lnk');
    expect(row.split(',').slice(0, 6)).toEqual(['mail/a.eml', '0', '', 'high', '7', 'mf-attachment-lnk-double-extension']);
  });
});

// ---------------------------------------------------------------------------------------------
// scan (in-process, with a fake engine so ordering and failure handling are under control)
// ---------------------------------------------------------------------------------------------

function message(headers: [string, string][], kind: NormalisedMessage['origin']['kind'] = 'eml'): NormalisedMessage {
  return { origin: { kind }, replyTo: [], to: [], cc: [], subject: '', text: '', links: [], attachments: [], headers: headers.map(([name, value]) => ({ name, value })), auth: [], incomplete: [] };
}

describe('isRecognisableMail', () => {
  it.each<[string, NormalisedMessage, boolean]>([
    ['From header', message([['From', 'a@example.org']]), true],
    ['only Received', message([['Received', 'from x by y']]), true],
    ['lower-case subject', message([['subject', 'hi']]), true],
    ['licence text read as a header', message([['Copyright (c) 2021 Someone', '']]), false],
    ['binary junk header', message([['\u0001\u0002', 'x']]), false],
    ['no headers', message([]), false],
    ['.msg without transport headers', message([], 'msg'), true],
  ])('%s → %s', (_n, m, expected) => {
    expect(isRecognisableMail(m)).toBe(expected);
  });
});

describe('scanTask', () => {
  const noUnzip = { unzip: false };
  const records = (scanned: FileScan): ScanRecord[] => {
    if ('container' in scanned) throw new Error(`answered as a container: ${scanned.container}`);
    return scanned.records;
  };
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-scan-'));
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) fs.writeFileSync(path.join(dir, `${n}.eml`), n);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const verdict: Verdict = { level: 'none', score: 0, findings: [], incomplete: [], guidance: [], reasons: [] };
  const engine = (behaviour: (name: string) => 'ok' | 'throw' | 'reject' | 'two' | 'empty'): ScanEngine => ({
    async parse(bytes) {
      const name = Buffer.from(bytes).toString();
      const b = behaviour(name);
      if (b === 'reject') throw new Error('boom');
      if (b === 'empty') return [];
      const m = message([['From', `${name}@example.org`]]);
      return b === 'two' ? [{ index: 0, message: m }, { index: 1, error: 'bad part' }] : [{ index: 0, message: m }];
    },
    async parseMessage(bytes) {
      return (await this.parse(bytes))[0] ?? { error: 'no message' };
    },
    evaluate(m) {
      if (m.headers[0]?.value.startsWith('c@')) throw new Error('engine bug');
      return verdict;
    },
  });

  it('turns every failure into a record, and walks in name order', async () => {
    const walk = await walkPaths([dir]);
    expect(walk.problems).toEqual([]);
    const seen: string[] = [];
    const e = engine((n) => (n === 'b' ? 'reject' : n === 'd' ? 'two' : n === 'e' ? 'empty' : 'ok'));
    for (const entry of walk.entries) {
      for (const r of records(await scanTask({ kind: 'file', file: entry.file }, e, noUnzip))) seen.push(`${path.basename(r.file)}#${r.index} ${r.multi ? 'multi ' : ''}${r.error ?? r.verdict?.level}`);
    }
    expect(seen).toEqual([
      'a.eml#0 none',
      'b.eml#0 parser failed: boom',
      'c.eml#0 engine failed: engine bug',
      'd.eml#0 multi none',
      'd.eml#1 multi bad part',
      'e.eml#0 no message found in the file',
      'f.eml#0 none',
    ]);
  });

  it('a message handed over as bytes keeps its index in the container', async () => {
    const ok = records(await scanTask({ kind: 'message', file: 'box.mbox', index: 7, bytes: Buffer.from('a') }, engine(() => 'ok'), noUnzip));
    expect(ok.map((r) => [r.file, r.index, r.multi, r.verdict?.level])).toEqual([['box.mbox', 7, true, 'none']]);
    const failed = records(await scanTask({ kind: 'message', file: 'box.mbox', index: 8, bytes: Buffer.from('b') }, engine(() => 'reject'), noUnzip));
    expect(failed.map((r) => [r.index, r.multi, r.error])).toEqual([[8, true, 'parser failed: boom']]);
  });

  it.each<[string, RegExp]>([
    ['/no/such/dir', /no such file or directory/],
    ['/dev/null', /not a regular file or directory/],
  ])('walkPaths(%s) is a usage problem', async (p, message) => {
    const walk = await walkPaths([p]);
    expect(walk.entries).toEqual([]);
    expect(walk.problems.join('\n')).toMatch(message);
  });
});

// ---------------------------------------------------------------------------------------------
// end to end: the built CLI on synthetic mail
// ---------------------------------------------------------------------------------------------

const CRLF = '\r\n';
function eml(headers: Record<string, string>, body: string): string {
  return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(CRLF) + CRLF + CRLF + body.replace(/\n/g, CRLF);
}

const BENIGN = eml(
  {
    From: 'Hanako Sato <hanako.sato@example.org>',
    To: 'team@example.org',
    Subject: 'Minutes of Tuesday meeting',
    Date: 'Tue, 04 Mar 2025 10:00:00 +0900',
    'Message-ID': '<benign-1@example.org>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
  },
  'Hi all,\nthe minutes are on the usual share. Lunch is at noon.\nHanako\n',
);

/** A ZIP holding a harmless shortcut-named file, the shape of the 2024 lures (bytes are inert). */
function lureZipBase64(): string {
  const zip = zipSync({ '日米同盟研究会_資料.docx.lnk': strToU8('not a real shortcut, test bytes only') });
  return Buffer.from(zip).toString('base64').replace(/.{76}/g, '$&\r\n');
}

function lureEml(): string {
  const boundary = 'mfg-test-boundary';
  return eml(
    {
      From: '=?UTF-8?B?' + Buffer.from('山田 太郎（日本国際問題研究所）').toString('base64') + '?= <yamada.taro.jiia@gmail.com>',
      To: 'researcher@example.go.jp',
      Subject: '=?UTF-8?B?' + Buffer.from('【ご案内】日米同盟に関する研究会の資料送付').toString('base64') + '?=',
      Date: 'Wed, 05 Mar 2025 09:00:00 +0900',
      'Message-ID': '<lure-1@mail.gmail.com>',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/mixed; boundary="${boundary}"`,
    },
    [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'お世話になっております。日米同盟と台湾海峡情勢に関する研究会の資料をお送りします。',
      'ご確認のほどよろしくお願いいたします。パスワードは別途お送りします。',
      '',
      `--${boundary}`,
      'Content-Type: application/zip; name="shiryou.zip"',
      'Content-Disposition: attachment; filename="shiryou.zip"',
      'Content-Transfer-Encoding: base64',
      '',
      lureZipBase64(),
      `--${boundary}--`,
      '',
    ].join('\n'),
  );
}

const IOC_DOMAIN = 'mfg-test-indicator-domain.com';

function mbox(): string {
  const msg = (n: number, extra = '') =>
    `From sender${n}@example.org Mon Mar  3 10:0${n}:00 2025\n` +
    eml(
      { From: `sender${n}@example.org`, To: 'me@example.org', Subject: `Message ${n}`, 'Message-ID': `<m${n}@example.org>`, Date: `Mon, 03 Mar 2025 10:0${n}:00 +0000` },
      `Body of message ${n}.\n${extra}`,
    ).replace(/\r\n/g, '\n') +
    '\n';
  return msg(1) + msg(2, `See http://www.${IOC_DOMAIN}/report for details.\n`) + msg(3);
}

/** An admin's extra pack: its own source, a host list and a rule on it. */
const PACK_GOOD = localSocPack({
  listId: 'local-bad-hosts',
  kind: 'domain',
  description: 'Hosts our SOC saw in a local incident',
  value: IOC_DOMAIN,
  ruleId: 'mf-link-local-bad-host',
  title: { ja: '社内で確認された不審なホスト', en: 'Host seen in a local incident' },
  explanation: { ja: '社内の調査で見つかったホストです。', en: 'A host found in a local investigation.' },
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  records: CliRecord[];
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
  const stdout = r.stdout ?? '';
  const jsonl = args.includes('jsonl');
  const records = jsonl ? stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliRecord) : [];
  return { status: r.status, stdout, stderr: r.stderr ?? '', records };
}

describe('mirrorface-guard scan (built CLI)', () => {
  let dir: string;
  beforeAll(() => {
    requireBuiltCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-cli-'));
    fs.mkdirSync(path.join(dir, 'mail/clean'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'mail/lure'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mail/clean/benign.eml'), BENIGN);
    fs.writeFileSync(path.join(dir, 'mail/clean/archive.mbox'), mbox());
    fs.writeFileSync(path.join(dir, 'mail/lure/lure.eml'), lureEml());
    // A file with no mail in it, named like mail: the format is sniffed, the name is ignored.
    fs.writeFileSync(path.join(dir, 'mail/garbage.eml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    fs.mkdirSync(path.join(dir, 'limits'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'unreadable'), { recursive: true });
    fs.symlinkSync(path.join(dir, 'no-such-target.eml'), path.join(dir, 'unreadable/dangling.eml'));
    // A body past the engine's keyword-scan budget: checked only in part (time-budget).
    fs.writeFileSync(path.join(dir, 'limits/long-body.eml'), eml({ From: 'a@example.org', To: 'b@example.org', Subject: 'long', 'Message-ID': '<long@example.org>' }, 'word '.repeat(60_000)));
    fs.writeFileSync(path.join(dir, 'iocs-good.txt'), `# test indicators\n${IOC_DOMAIN.replace(/\.com$/, '[.]com')}\n`);
    fs.writeFileSync(path.join(dir, 'iocs-bad.txt'), `# test indicators\n${IOC_DOMAIN}\nthis is not an indicator\n`);
    fs.writeFileSync(path.join(dir, 'pack-bad.yml'), 'id: [unclosed\n  severity: ::: high\n');
    fs.writeFileSync(path.join(dir, 'pack-good.yml'), PACK_GOOD);
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('jsonl: one well-formed record per message, in sorted order, mbox split into 3', () => {
    const r = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'mail'], dir);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.records.map((x) => `${x.file}#${x.index}`)).toEqual([
      'mail/clean/archive.mbox#0',
      'mail/clean/archive.mbox#1',
      'mail/clean/archive.mbox#2',
      'mail/clean/benign.eml#0',
      'mail/lure/lure.eml#0',
    ]);
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/scan-record.schema.json'), 'utf8')));
    for (const rec of r.records) {
      expect(validate(rec as unknown) ? [] : validate.errors).toEqual([]);
      if (rec.error !== null) expect(rec.level).toBeNull();
    }
    // The garbage file is not mail: skipped with a note and counted, not a record and not an error.
    expect(r.stderr).toMatch(/skipped mail\/garbage\.eml: not mail/);
    expect(r.stderr).toMatch(/skipped, not mail: 1/);
    const byName = new Map(r.records.map((x) => [`${x.file}#${x.index}`, x]));
    expect(byName.get('mail/clean/benign.eml#0')).toMatchObject({ level: 'none', message_id: '<benign-1@example.org>', date: '2025-03-04T10:00:00+09:00', subject: 'Minutes of Tuesday meeting' });
    const lure = byName.get('mail/lure/lure.eml#0');
    expect(lure?.attachments.map((a) => a.path)).toEqual(['shiryou.zip', 'shiryou.zip/日米同盟研究会_資料.docx.lnk']);
    expect(lure?.attachments[1]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(['high', 'critical']).toContain(byName.get('mail/lure/lure.eml#0')?.level);
    // Without the admin list, the mbox's link is unknown: nothing reaches medium.
    expect(['none', 'low']).toContain(byName.get('mail/clean/archive.mbox#1')?.level);
  });

  it('the same tree scanned twice gives the same bytes', () => {
    const a = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'mail'], dir);
    const b = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'mail'], dir);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it.each<[string, string[], number]>([
    ['benign only → 0', ['mail/clean/benign.eml'], 0],
    ['lure reaches the default high → 1', ['mail/lure'], 1],
    ['lure with --fail-on critical → 0', ['--fail-on', 'critical', 'mail/lure'], 0],
    ['lure with --fail-on never → 0', ['--fail-on', 'never', 'mail'], 0],
    ['--min-level does not change the exit code', ['--min-level', 'critical', 'mail/lure'], 1],
    ['a file that is not mail is skipped, not an error → 0', ['mail/garbage.eml'], 0],
    ['an unreadable file (dangling link) → 3', ['unreadable', 'mail/clean/benign.eml'], 3],
    ['a message checked only in part (limit hit) → 3', ['limits/long-body.eml'], 3],
    ['a threat outranks an unchecked file → 1', ['limits', 'mail/lure'], 1],
    ['--fail-on never still reports unchecked files → 3', ['--fail-on', 'never', 'limits', 'mail/lure'], 3],
    ['missing path → 2', ['mail/no-such.eml'], 2],
    ['missing path among good ones → 2', ['mail/clean', 'nope'], 2],
  ])('exit code: %s', (_n, args, status) => {
    const r = cli(['scan', '--format', 'jsonl', ...args], dir);
    expect(r.status).toBe(status);
    if (status === 2) {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/no such file or directory/);
    }
  });

  it.each<[string, string[], string[]]>([
    ['jsonl, none', ['--format', 'jsonl'], ['mail/clean/archive.mbox#0', 'mail/clean/archive.mbox#1', 'mail/clean/archive.mbox#2', 'mail/clean/benign.eml#0', 'mail/lure/lure.eml#0']],
    ['jsonl, high', ['--format', 'jsonl', '--min-level', 'high'], ['mail/lure/lure.eml#0']],
    ['csv, high', ['--format', 'csv', '--min-level', 'high'], ['mail/lure/lure.eml#0']],
    ['csv, all', ['--format', 'csv'], ['mail/clean/archive.mbox#0', 'mail/clean/archive.mbox#1', 'mail/clean/archive.mbox#2', 'mail/clean/benign.eml#0', 'mail/lure/lure.eml#0']],
    ['text, default hides nothing-found', ['--format', 'text'], ['mail/lure/lure.eml']],
    ['text, --show-all', ['--format', 'text', '--show-all'], ['mail/clean/archive.mbox#0', 'mail/clean/archive.mbox#1', 'mail/clean/archive.mbox#2', 'mail/clean/benign.eml', 'mail/lure/lure.eml']],
    ['text, --min-level critical', ['--format', 'text', '--min-level', 'critical'], []],
  ])('--min-level / --show-all: %s', (_n, args, expected) => {
    const r = cli(['scan', '--fail-on', 'never', ...args, 'mail'], dir);
    expect(r.status).toBe(0);
    let shown: string[];
    if (args.includes('jsonl')) shown = r.records.map((x) => `${x.file}#${x.index}`);
    else if (args.includes('csv')) {
      expect(r.stdout.startsWith('\ufefffile,index,')).toBe(true);
      shown = r.stdout.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',').slice(0, 2).join('#'));
    } else shown = r.stdout.split('\n\n')[0]!.split('\n').filter((l) => /^mail\//.test(l)).map((l) => l.replace(/:.*$/, ''));
    expect(shown).toEqual(expected);
    // Everything scanned is still counted.
    expect(args.includes('text') ? r.stdout : r.stderr).toMatch(/Summary: 4 files, 5 messages/);
  });

  it('--iocs with a defanged domain makes the mbox link critical', () => {
    const r = cli(['scan', '--format', 'jsonl', '--iocs', 'iocs-good.txt', 'mail/clean/archive.mbox'], dir);
    expect(r.records.map((x) => x.level)).toEqual(['none', 'critical', 'none']);
    const hit = r.records[1]!;
    expect(hit.findings.some((f) => f.evidence.some((e) => e.display.includes('mfg-test-indicator-domain[.]com') && e.value.includes('mfg-test-indicator-domain.com')))).toBe(true);
    const admin = hit.findings.find((f) => f.rule === 'mf-ioc-admin');
    expect(admin).toMatchObject({ sources: ['admin'], indicators: [{ file: 'iocs-good.txt', line: 2, value: IOC_DOMAIN }] });
    expect(r.status).toBe(1);
  });

  it('--pack adds a rule that fires, in the chosen language', () => {
    const r = cli(['scan', '--format', 'jsonl', '--lang', 'ja', '--pack', 'pack-good.yml', 'mail/clean/archive.mbox'], dir);
    expect(r.records).toHaveLength(3);
    const hit = r.records[1]!;
    expect(hit.findings.map((f) => [f.rule, f.title, f.sources])).toEqual([['mf-link-local-bad-host', '社内で確認された不審なホスト', ['local-soc-2025']]]);
    expect(['high', 'critical']).toContain(hit.level);
    expect(r.records[0]!.findings).toEqual([]);
  });

  it('a bad --iocs line stops everything: exit 2, file and line named, no records', () => {
    const r = cli(['scan', '--format', 'jsonl', '--iocs', 'iocs-good.txt', '--iocs', 'iocs-bad.txt', 'mail'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/iocs-bad\.txt:3\b/);
    expect(r.stderr).toMatch(/nothing was scanned/);
  });

  it.each<[string, string[]]>([
    ['bad --pack file', ['--pack', 'pack-bad.yml']],
    ['missing --pack file', ['--pack', 'no-such-pack.yml']],
    ['missing --iocs file', ['--iocs', 'no-such-iocs.txt']],
  ])('%s → exit 2, nothing scanned', (_n, args) => {
    const r = cli(['scan', '--format', 'jsonl', ...args, 'mail'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(args[1]!.replace(/\./g, '\\.')));
  });

  it.each<[string, string[], RegExp]>([
    ['usage error', ['scan', '--format', 'xml', 'mail'], /--format must be text, jsonl or csv/],
    ['no command', [], /missing command/],
  ])('%s → exit 2 with a message', (_n, args, message) => {
    const r = cli(args, dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help and --version exit 0', () => {
    const help = cli(['scan', '--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: mirrorface-guard scan/);
    const version = cli(['--version'], dir);
    expect(version.status).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toContain(pkg.version);
  });

  it.each<['ja' | 'en', RegExp[]]>([
    [
      'en',
      [
        /mail\/lure\/lure\.eml\n {2}(High|Critical) risk \(score \d+\)/,
        /What to do: \[[a-z0-9-]+\]/,
        /What to do \(legend\):\n {2}\[[a-z0-9-]+\] /,
        /Sources \(legend\):\n {2}[a-z0-9-]+: .*https:\/\//,
        /Summary: 4 files, 5 messages; skipped, not mail: 1;/,
        /\n {2}Level +Messages\n/,
        /\n {2}Rule +Severity +Messages\n {2}mf-/,
      ],
    ],
    ['ja', [/(危険（高）|重大な危険)（スコア \d+）/, /すべきこと（記号の説明）：\n/, /参照した公開情報（記号の説明）：\n {2}[a-z0-9-]+: .*（.*、.*）/, /集計：4 ファイル、5 通。/, /メール以外のため対象外：1。/, /\n {2}ルール +危険度 +通数\n {2}mf-\S+ +(低|中|高|重大) /]],
  ])('text report in %s: findings, a legend, and the tables', (lang, patterns) => {
    const r = cli(['scan', '--lang', lang, '--fail-on', 'never', 'mail'], dir);
    expect(r.status).toBe(0);
    for (const p of patterns) expect(r.stdout).toMatch(p);
    // The glossary's first rule: no half-width colon or bracket right after Japanese text.
    if (lang === 'ja') expect(r.stdout.split('\n').filter((l) => /[\u3040-\u30ff\u4e00-\u9fff）](?::| \()/u.test(l))).toEqual([]);
    // Nothing-found messages are counted, not printed; the garbage file is a note on stderr.
    expect(r.stdout).not.toMatch(/benign\.eml/);
    expect(r.stderr).toMatch(/skipped mail\/garbage\.eml/);
    // No progress bar when stderr is not a terminal.
    expect(r.stderr).not.toMatch(/\r/);
  });

  it('--lang defaults from LANG', () => {
    const r = cli(['scan', '--show-all', 'mail/clean/benign.eml'], dir, { LANG: 'ja_JP.UTF-8' });
    expect(r.stdout).toMatch(/MirrorFace の既知の手口は見つかりませんでした/);
  });

  it('a Maildir is walked like any folder: cur/ and new/ messages are records, its index files are skipped', () => {
    const md = path.join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp', '.Archive/cur']) fs.mkdirSync(path.join(md, sub), { recursive: true });
    fs.writeFileSync(path.join(md, 'cur/1709456400.M1P2.host,S=512:2,S'), BENIGN);
    fs.writeFileSync(path.join(md, 'new/1709456500.M3P4.host'), lureEml());
    fs.writeFileSync(path.join(md, '.Archive/cur/1709456600.M5P6.host:2,RS'), BENIGN.replace('benign-1', 'benign-2'));
    fs.writeFileSync(path.join(md, 'dovecot-uidlist'), '3 V1709456400 N4\n1 :1709456400.M1P2.host\n');
    fs.writeFileSync(path.join(md, 'maildirfolder'), '');
    const r = cli(['scan', '--format', 'jsonl', 'Maildir'], dir);
    expect(r.records.map((x) => [x.file, x.message_id])).toEqual([
      ['Maildir/.Archive/cur/1709456600.M5P6.host:2,RS', '<benign-2@example.org>'],
      ['Maildir/cur/1709456400.M1P2.host,S=512:2,S', '<benign-1@example.org>'],
      ['Maildir/new/1709456500.M3P4.host', '<lure-1@mail.gmail.com>'],
    ]);
    expect(r.stderr).toMatch(/skipped, not mail: 2/);
    expect(r.status).toBe(1);
  });

  it('--unzip reads the mail inside a .zip of user reports; without it the .zip is skipped with a hint', () => {
    fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
    const zip = zipSync({ 'user2/report.eml': strToU8(lureEml()), 'user1/fwd.eml': strToU8(BENIGN), 'README.txt': strToU8('Reported by users this week.\n') });
    fs.writeFileSync(path.join(dir, 'reports/week10.zip'), zip);
    const r = cli(['scan', '--format', 'jsonl', '--unzip', 'reports'], dir);
    expect(r.records.map((x) => [x.file, x.index, x.folder, x.error === null])).toEqual([
      ['reports/week10.zip', 1, 'user1/fwd.eml', true],
      ['reports/week10.zip', 2, 'user2/report.eml', true],
    ]);
    expect(['high', 'critical']).toContain(r.records[1]!.level);
    expect(r.stderr).toMatch(/skipped reports\/week10\.zip:README\.txt: zip entry README\.txt/);
    const without = cli(['scan', '--format', 'jsonl', 'reports'], dir);
    expect(without.records).toEqual([]);
    expect(without.stderr).toMatch(/skipped reports\/week10\.zip: .*--unzip/);
  });

  it('an mbox larger than one read chunk is streamed: every message a record, in order', () => {
    const one = (n: number): string =>
      `From s${n}@example.org Mon Mar  3 10:00:00 2025\n` + eml({ From: `s${n}@example.org`, To: 'me@example.org', Subject: `M ${n}`, 'Message-ID': `<m${n}@example.org>` }, `Body ${n}\n`).replace(/\r\n/g, '\n') + '\n';
    const n = 1500; // about 1.5 MB: the splitter sees messages cross the 1 MiB chunk boundary
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(one(i));
    fs.writeFileSync(path.join(dir, 'big.mbox'), parts.join(''));
    const r = cli(['scan', '--format', 'jsonl', 'big.mbox'], dir);
    expect(r.status).toBe(0);
    expect(r.records).toHaveLength(n);
    expect(r.records.every((x, i) => x.index === i && x.message_id === `<m${i}@example.org>`)).toBe(true);
  });

  it('an Outlook .pst: every item of every folder is a record, with its folder, as pst-extractor\'s own listing counts them', () => {
    // The Enron sample store that ships, MIT-licensed, inside the pst-extractor package (read by path, not copied);
    // its upstream listing (example/testdata/output.txt) shows 71 items in these folders.
    const pst = path.join(REPO_ROOT, 'node_modules/pst-extractor/example/testdata/enron.pst');
    const r = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', pst], dir);
    expect(r.stderr).not.toMatch(/internal error/);
    expect([0, 3]).toContain(r.status);
    expect(r.records).toHaveLength(71);
    expect(r.records.map((x) => x.index)).toEqual(r.records.map((_, i) => i));
    const top = 'Top of Personal Folders/lokay-m/MLOKAY (Non-Privileged)';
    const count = (folder: string): number => r.records.filter((x) => x.folder === folder).length;
    expect([count(`${top}/TW-Commercial Group`), count(`${top}/Systems`), count(`${top}/Sent Items`), count(`${top}/Personal`), count(top)]).toEqual([14, 7, 2, 47, 1]);
    expect(r.records.filter((x) => x.error !== null)).toEqual([]);
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/scan-record.schema.json'), 'utf8')));
    for (const rec of r.records) expect(validate(rec as unknown) ? [] : validate.errors).toEqual([]);
    expect(r.records.find((x) => x.folder === `${top}/TW-Commercial Group`)?.subject).toBe("New OBA's");
    expect(r.records.some((x) => x.attachments.length > 0 && x.attachments.every((a) => a.sha256 !== null))).toBe(true);
  });

  it('a symlink loop does not hang or repeat', () => {
    // Inside a folder of its own, so the link to '..' reaches only the loop itself.
    const loopDir = path.join(dir, 'loopbox/loop');
    fs.mkdirSync(loopDir, { recursive: true });
    fs.copyFileSync(path.join(dir, 'mail/clean/benign.eml'), path.join(loopDir, 'a.eml'));
    try {
      fs.symlinkSync('..', path.join(loopDir, 'up'));
      fs.symlinkSync('.', path.join(loopDir, 'self'));
    } catch {
      // Symlinks need privileges on some systems; the loop case is then moot.
    }
    const r = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'loopbox/loop'], dir);
    expect(r.status).toBe(0);
    const ids = r.records.map((x) => `${x.file}#${x.index}`);
    expect(ids.filter((f) => f.endsWith('a.eml#0'))).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
