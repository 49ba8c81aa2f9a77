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
import { addToSummary, emptySummary, formatJsonl, formatSummary, formatText, toJsonRecord, visible, type ScanRecord } from '../src/cli/format';
import type { Level, NormalisedMessage, Pack, Verdict } from '../src/engine/types';
import { isRecognisableMail, scanTask, walkPaths, type ScanEngine } from '../src/cli/scan';
import { CLI, REPO_ROOT, requireBuiltCli, type CliRecord } from './helpers/corpus';

// ---------------------------------------------------------------------------------------------
// args
// ---------------------------------------------------------------------------------------------

describe('parseArgs: usage errors', () => {
  it.each<[string[], RegExp]>([
    [[], /missing command/],
    [['check', 'a.eml'], /unknown command "check"/],
    [['scan'], /at least one file/],
    [['scan', '--format'], /--format needs a value/],
    [['scan', '--format', 'xml', 'a'], /--format must be text or jsonl/],
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

describe('format', () => {
  const high: ScanRecord = { file: 'mail/a.eml', index: 0, multi: false, verdict: VERDICT_HIGH };
  const none: ScanRecord = { file: 'box.mbox', index: 2, multi: true, verdict: VERDICT_NONE };
  const broken: ScanRecord = { file: 'junk.bin', index: 0, multi: false, error: 'not a mail message' };

  it.each<[string, ScanRecord, Partial<CliRecord>]>([
    ['finding', high, { file: 'mail/a.eml', index: 0, level: 'high', score: 7, guidance: ['g-report'] }],
    ['clean mbox message', none, { file: 'box.mbox', index: 2, level: 'none', score: 0, findings: [], incomplete: [] }],
    ['parse failure', broken, { file: 'junk.bin', level: null, score: null, error: 'not a mail message' }],
  ])('jsonl: %s', (_n, record, expected) => {
    const line = formatJsonl(record, 'en');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject(expected);
  });

  it('jsonl: a failure can never read as clean', () => {
    const r = toJsonRecord(broken, 'en');
    expect(r.level).toBeNull();
    expect(r.incomplete).toEqual([{ code: 'parse-error', detail: 'not a mail message' }]);
  });

  it.each<['ja' | 'en', string]>([
    ['en', 'Shortcut disguised as a document'],
    ['ja', '文書に見せかけたショートカット'],
  ])('jsonl: finding title in %s', (lang, title) => {
    expect(toJsonRecord(high, lang).findings).toEqual([
      { rule: 'mf-attachment-lnk-double-extension', severity: 'high', title, evidence: ['a.docx.lnk'], sources: ['jpcert-2024'] },
    ]);
  });

  it('jsonl: U+2028 in evidence stays on one line', () => {
    const v: Verdict = { ...VERDICT_HIGH, findings: [{ ...VERDICT_HIGH.findings[0]!, evidence: [{ field: 'subject', value: 'a\u2028b', display: 'a\u2028b' }] }] };
    const line = formatJsonl({ ...high, verdict: v }, 'en');
    expect(line).not.toMatch(/\u2028/);
    expect(JSON.parse(line).findings[0].evidence).toEqual(['a\u2028b']);
  });

  it.each<[string, ScanRecord, 'ja' | 'en', RegExp[]]>([
    ['clean, one line', none, 'en', [/^box\.mbox#2: Nothing found\n$/]],
    ['clean, Japanese', none, 'ja', [/^box\.mbox#2: 問題は見つかりませんでした\n$/]],
    [
      'finding with guidance and incomplete',
      high,
      'en',
      [/^mail\/a\.eml\n/, /High risk \(score 7\)/, /Shortcut disguised as a document \[mf-attachment-lnk-double-extension, high\]/, /evidence: archive-entry: a\.docx\.lnk/, /sources: jpcert-2024/, /Report it: Tell the security team/, /A password-protected archive could not be looked into \(attachment:x\.zip\)/],
    ],
    ['finding in Japanese', high, 'ja', [/危険（高）/, /報告する: セキュリティ担当へ/, /パスワード付きの圧縮ファイル/]],
    ['parse failure', broken, 'en', [/^junk\.bin\n/, /Could not be parsed as mail: not a mail message/]],
  ])('text: %s', (_n, record, lang, patterns) => {
    const out = formatText(record, PACK, lang);
    for (const p of patterns) expect(out).toMatch(p);
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
    expect(formatText({ ...none, file: 'x\x1b]0;pwned\x07.eml', multi: false }, PACK, 'en')).not.toMatch(/[\x1b\x07]/);
  });

  it('summary counts levels, errors and incomplete', () => {
    const s = emptySummary();
    for (const r of [high, none, none, broken]) addToSummary(s, r);
    expect(s).toMatchObject({ messages: 3, errors: 1, incomplete: 1, levels: { none: 2, low: 0, medium: 0, high: 1, critical: 0 } });
    s.files = 3;
    expect(formatSummary(s, 'en')).toMatch(/3 files, 3 messages; Critical risk: 0 \/ High risk: 1 .* could not be parsed: 1; partly unchecked: 1/);
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
    evaluate(m) {
      if (m.headers[0]?.value.startsWith('c@')) throw new Error('engine bug');
      return verdict;
    },
  });

  it('turns every failure into a record, and walks in name order with sizes for batching', async () => {
    const walk = await walkPaths([dir]);
    expect(walk.problems).toEqual([]);
    expect(walk.entries.map((e) => e.size)).toEqual([1, 1, 1, 1, 1, 1]);
    const seen: string[] = [];
    const e = engine((n) => (n === 'b' ? 'reject' : n === 'd' ? 'two' : n === 'e' ? 'empty' : 'ok'));
    for (const entry of walk.entries) {
      for (const r of await scanTask(entry, e)) seen.push(`${path.basename(r.file)}#${r.index} ${r.multi ? 'multi ' : ''}${r.error ?? r.verdict?.level}`);
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
    const records = await scanTask({ file: 'box.mbox', index: 7, bytes: Buffer.from('a') }, engine(() => 'ok'));
    expect(records.map((r) => [r.file, r.index, r.multi, r.verdict?.level])).toEqual([['box.mbox', 7, true, 'none']]);
    const failed = await scanTask({ file: 'box.mbox', index: 8, bytes: Buffer.from('b') }, engine(() => 'reject'));
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
const PACK_GOOD = `sources:
  - id: local-soc-2025
    title: Local SOC note
    publisher: Example SOC
    date: 2025-03
    url: https://soc.example.org/notes/1
lists:
  - id: local-bad-hosts
    kind: domain
    description: Hosts our SOC saw in a local incident
    entries:
      - value: ${IOC_DOMAIN}
        sources: [local-soc-2025]
        confidence: high
rules:
  - id: mf-link-local-bad-host
    detector: ioc-match
    params:
      lists: [local-bad-hosts]
    severity: high
    category: ioc
    title: { ja: "社内で確認された不審なホスト", en: "Host seen in a local incident" }
    explanation: { ja: "社内の調査で見つかったホストです。", en: "A host found in a local investigation." }
    sources: [local-soc-2025]
    guidance: []
    false_positives: [none known]
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  records: CliRecord[];
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
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
      'mail/garbage.eml#0',
      'mail/lure/lure.eml#0',
    ]);
    for (const rec of r.records) {
      expect(Object.keys(rec).sort()).toEqual(
        rec.error === undefined
          ? ['file', 'findings', 'guidance', 'incomplete', 'index', 'level', 'score']
          : ['error', 'file', 'findings', 'guidance', 'incomplete', 'index', 'level', 'score'],
      );
      if (rec.error !== undefined) expect(rec.level).toBeNull();
      else expect(['none', 'low', 'medium', 'high', 'critical']).toContain(rec.level);
      for (const f of rec.findings) {
        expect(f).toEqual({ rule: expect.stringMatching(/^mf-/), severity: expect.any(String), title: expect.any(String), evidence: expect.any(Array), sources: expect.any(Array) });
      }
    }
    const byName = new Map(r.records.map((x) => [`${x.file}#${x.index}`, x]));
    expect(byName.get('mail/clean/benign.eml#0')?.level).toBe('none');
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
    ['garbage is unchecked, never clean → 1', ['mail/garbage.eml'], 1],
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

  it('the garbage file yields an error record or a checked message, never nothing', () => {
    const r = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'mail/garbage.eml'], dir);
    expect(r.records).toHaveLength(1);
    const rec = r.records[0]!;
    if (rec.error !== undefined) expect(rec.level).toBeNull();
  });

  it('--iocs with a defanged domain makes the mbox link critical', () => {
    const r = cli(['scan', '--format', 'jsonl', '--iocs', 'iocs-good.txt', 'mail/clean/archive.mbox'], dir);
    expect(r.records.map((x) => x.level)).toEqual(['none', 'critical', 'none']);
    const hit = r.records[1]!;
    expect(hit.findings.some((f) => f.evidence.some((e) => e.includes('mfg-test-indicator-domain[.]com')))).toBe(true);
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
    ['usage error', ['scan', '--format', 'xml', 'mail'], /--format must be text or jsonl/],
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
    ['en', [/mail\/lure\/lure\.eml\n {2}(High|Critical) risk \(score \d+\)/, /mail\/clean\/benign\.eml: Nothing found/, /mail\/clean\/archive\.mbox#1: Nothing found|mail\/clean\/archive\.mbox#1\n/, /Could not be parsed as mail|mail\/garbage\.eml/, /Summary: 4 files, \d+ messages/]],
    ['ja', [/(危険（高）|重大な危険) \(スコア \d+\)/, /mail\/clean\/benign\.eml: 問題は見つかりませんでした/, /集計: 4 ファイル/]],
  ])('text report in %s', (lang, patterns) => {
    const r = cli(['scan', '--lang', lang, '--fail-on', 'never', 'mail'], dir);
    expect(r.status).toBe(0);
    for (const p of patterns) expect(r.stdout).toMatch(p);
    // No progress bar when stderr is not a terminal.
    expect(r.stderr).not.toMatch(/\r/);
  });

  it('--lang defaults from LANG', () => {
    const r = cli(['scan', 'mail/clean/benign.eml'], dir, { LANG: 'ja_JP.UTF-8' });
    expect(r.stdout).toMatch(/問題は見つかりませんでした/);
  });

  it('a symlink loop does not hang or repeat', () => {
    const loopDir = path.join(dir, 'loop');
    fs.mkdirSync(loopDir, { recursive: true });
    fs.copyFileSync(path.join(dir, 'mail/clean/benign.eml'), path.join(loopDir, 'a.eml'));
    try {
      fs.symlinkSync('..', path.join(loopDir, 'up'));
      fs.symlinkSync('.', path.join(loopDir, 'self'));
    } catch {
      // Symlinks need privileges on some systems; the loop case is then moot.
    }
    const r = cli(['scan', '--format', 'jsonl', '--fail-on', 'never', 'loop'], dir);
    expect(r.status).toBe(0);
    const ids = r.records.map((x) => `${x.file}#${x.index}`);
    expect(ids.filter((f) => f.endsWith('a.eml#0'))).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
