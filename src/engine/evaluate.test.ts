/**
 * The combination model (one row per bullet of the JSDoc in combine.ts), totality and memoisation.
 */
import * as fc from 'fast-check';
import { evaluate } from './evaluate';
import { compilePack } from './compile';
import { levelAtLeast } from './combine';
import { SCORE_BAND } from './combine';
import { att, msg, rule, testPack, TEST_RULES } from './testing/test-pack';
import type { AuthResult, Level, NormalisedMessage, Pack } from './types';
import { LEVELS } from './types';

const pack = testPack();
const gmailFrom = { from: { name: 'Hanako Sato', address: 'hanako.sato@gmail.com' } };
const dmarcPass = (domain: string): AuthResult[] => [{ authservId: 'mx.example.go.jp', method: 'dmarc', result: 'pass', props: { 'header.from': domain } }];
const encZip = att('資料.zip', { sniffedType: 'zip', archive: { format: 'zip', encrypted: true, truncated: false, entries: [{ path: 'a.docx', size: 10, encrypted: true }] } });
const oneDrive = { href: 'https://onedrive.live.com/download?resid=1&name=EXPO2025.zip', text: 'EXPO2025.zip', origin: 'html' as const };

describe('combination model', () => {
  it.each<[string, NormalisedMessage, Record<string, unknown>, Level, string | null]>([
    ['nothing found', msg({ subject: '会議の日程', text: 'よろしくお願いします。' }), {}, 'none', null],
    ['any ioc finding → critical', msg({ attachments: [att('外務省補助金で謳われていた.doc')] }), {}, 'critical', 'indicator'],
    ['ioc from a trusted domain with DMARC pass is still critical', msg({ from: { name: '', address: 'a@example.co.jp' }, auth: dmarcPass('example.co.jp'), text: 'www.ninesmn[.]com' }), { trustedDomains: ['example.co.jp'] }, 'critical', 'indicator'],
    ['lure alone → low', msg({ subject: '勉強会のご案内：日米同盟と台湾海峡' }), {}, 'low', 'lure-only capped at low'],
    ['lure + enable-content (both lures) → still low', msg({ subject: '日米同盟', text: 'コンテンツの有効化を押してください' }), {}, 'low', 'lure-only capped at low'],
    ['free-mail + lure, no payload/link → low', msg({ ...gmailFrom, subject: '取材のご依頼' }), {}, 'low', null],
    ['free-mail + cloud link (no lure) → at least medium', msg({ ...gmailFrom, links: [{ href: 'https://drive.google.com/file/d/1', text: '', origin: 'html' }] }), {}, 'medium', 'escalated: untrusted sender+payload/link'],
    ['lure + free-mail + cloud archive link → high', msg({ ...gmailFrom, subject: '勉強会のご案内', links: [oneDrive] }), {}, 'high', 'escalated: lure+untrusted sender+payload/link'],
    ['lure + sender finding + payload → high', msg({ from: { name: 'info@mofa.go.jp', address: 'x@corp.example.com' }, subject: '日米同盟', attachments: [att('a.docm')] }), {}, 'high', 'escalated'],
    ['payload alone uses its own severity', msg({ attachments: [att('a.docm')] }), {}, 'medium', null],
    ['high payload alone → high', msg({ attachments: [att('資料.pdf.exe')] }), {}, 'high', null],
    [
      'trusted domain + DMARC pass lowers one step',
      msg({ from: { name: '', address: 'a@example.co.jp' }, auth: dmarcPass('example.co.jp'), attachments: [att('a.docm')] }),
      { trustedDomains: ['example.co.jp'] },
      'low',
      'tempered: lowered medium→low',
    ],
    [
      'trusted domain + DMARC pass, encrypted ZIP → never below medium (NPA)',
      msg({ from: { name: '', address: 'a@example.co.jp' }, auth: dmarcPass('example.co.jp'), attachments: [encZip] }),
      { trustedDomains: ['example.co.jp'] },
      'medium',
      'not lowered',
    ],
    ['trusted domain without DMARC pass is not tempered', msg({ from: { name: '', address: 'a@example.co.jp' }, attachments: [att('a.docm')] }), { trustedDomains: ['example.co.jp'] }, 'medium', null],
    [
      'DMARC pass for the claimed (non-free-mail) domain tempers display-name/Reply-To',
      msg({ from: { name: 'Press desk', address: 'a@news.example.com' }, replyTo: [{ name: '', address: 'z@gmail.com' }], auth: dmarcPass('news.example.com') }),
      {},
      'none',
      'tempered: DMARC pass',
    ],
    [
      'DMARC pass for free-mail does not temper Reply-To',
      msg({ ...gmailFrom, replyTo: [{ name: '', address: 'z@other.example.org' }], auth: dmarcPass('gmail.com') }),
      {},
      'low',
      null,
    ],
    [
      'a low sender finding does not make the sender untrusted (no escalation)',
      msg({ replyTo: [{ name: '', address: 'z@other.example.org' }], links: [{ href: 'https://drive.google.com/file/d/1', text: '', origin: 'html' }] }),
      {},
      'low',
      null,
    ],
    ['incomplete with nothing found stays none but carries incomplete', msg({ incomplete: [{ code: 'attachment-too-large', where: 'attachment:big.zip' }] }), {}, 'none', 'could not fully check'],
  ])('%s', (_n, m, policy, level, reason) => {
    const v = evaluate(m, pack, policy);
    expect(v.level).toBe(level);
    if (reason) expect(v.reasons.join(' | ')).toContain(reason);
    const [lo, hi] = SCORE_BAND[level];
    expect(v.score).toBeGreaterThanOrEqual(lo);
    expect(v.score).toBeLessThanOrEqual(hi);
  });

  it('guidance: report-to-security-team first for medium+, incomplete-check when incomplete', () => {
    const v = evaluate(msg({ ...gmailFrom, subject: '勉強会のご案内', links: [oneDrive], incomplete: [{ code: 'timeout' }] }), pack);
    expect(v.guidance[0]).toBe('report-to-security-team');
    expect(v.guidance).toContain('do-not-click-download-links');
    expect(v.guidance[v.guidance.length - 1]).toBe('incomplete-check');
    expect(new Set(v.guidance).size).toBe(v.guidance.length);
  });

  it('no report guidance for low', () => {
    const v = evaluate(msg({ subject: '日米同盟' }), pack);
    expect(v.guidance).not.toContain('report-to-security-team');
  });

  it('findings are ordered by severity and carry rule metadata', () => {
    const v = evaluate(msg({ subject: '日米同盟', attachments: [att('資料.pdf.exe')] }), pack);
    const sev = v.findings.map((f) => LEVELS.indexOf(f.severity));
    expect([...sev].sort((a, b) => b - a)).toEqual(sev);
    const f = v.findings.find((x) => x.rule === 'mf-attachment-double-extension');
    expect(f).toMatchObject({ category: 'payload', sources: ['test'], title: { ja: expect.any(String), en: expect.any(String) } });
  });

  it('shows each piece of evidence once, even when two paths reach it', () => {
    // The encrypted ZIP is found both from its listing and from the adapter's incomplete note.
    const v = evaluate(
      msg({ text: '解凍パスワード: kx7pq2', attachments: [encZip], incomplete: [{ code: 'archive-encrypted', where: 'attachment:資料.zip' }] }),
      pack,
    );
    const f = v.findings.find((x) => x.rule === 'mf-body-password-with-encrypted');
    expect(f).toBeDefined();
    const keys = (f?.evidence ?? []).map((e) => `${e.field}|${e.display}`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('score is monotone with level across all rows of a sweep', () => {
    const verdicts = [
      msg(),
      msg({ subject: '日米同盟' }),
      msg({ attachments: [att('a.docm')] }),
      msg({ attachments: [att('資料.pdf.exe'), att('b.pdf.exe'), att('c.iso')] }),
      msg({ attachments: [att('外務省補助金で謳われていた.doc')] }),
    ].map((m) => evaluate(m, pack));
    for (const a of verdicts) for (const b of verdicts) if (LEVELS.indexOf(a.level) > LEVELS.indexOf(b.level)) expect(a.score).toBeGreaterThan(b.score);
  });
});

describe('totality', () => {
  it('a throwing detector becomes a rule-error incomplete and evaluation continues', () => {
    const broken = testPack({ rules: [rule('mf-x-broken', 'keyword-in-body', 'lure', 'low', { list: 'no-such-list' }), rule('mf-attachment-double-extension', 'double-extension', 'payload', 'high')] });
    const v = evaluate(msg({ attachments: [att('a.pdf.exe')] }), broken);
    expect(v.incomplete).toEqual([expect.objectContaining({ code: 'rule-error', where: 'mf-x-broken' })]);
    expect(v.findings.map((f) => f.rule)).toEqual(['mf-attachment-double-extension']);
    expect(v.guidance).toContain('incomplete-check');
  });

  it('an unknown detector is a rule-error, not silence', () => {
    const v = evaluate(msg(), testPack({ rules: [rule('mf-x-typo', 'no-such-detector', 'lure', 'low')] }));
    expect(v.incomplete).toEqual([expect.objectContaining({ code: 'rule-error', where: 'mf-x-typo' })]);
  });

  it('adapter incomplete entries come first, then the engine’s own', () => {
    const v = evaluate(msg({ text: 'x'.repeat(300_000), incomplete: [{ code: 'timeout' }] }), pack);
    expect(v.incomplete.map((i) => i.code)).toEqual(['timeout', 'time-budget']);
  });

  it('a garbage pack still yields a verdict', () => {
    const v = evaluate(msg(), { lists: 'x', rules: [null, { id: 5 }] } as unknown as Pack);
    expect(v.level).toBe('none');
  });

  it('never throws on arbitrary message-shaped input (seeded)', () => {
    const weird = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\u202E', '\u200B', 'hxxp[:]//a[.]com', 'xn--', 'xn--mfa-sed.go.jp', '@', '..', 'a@b@c', 'PART_01\\<redacted>.exe', '\uD800'),
    );
    const mailbox = fc.record({ name: weird, address: weird }, { requiredKeys: [] });
    const anyVal: fc.Arbitrary<unknown> = fc.oneof(weird, fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean());
    const archive = fc.letrec((tie) => ({
      listing: fc.record({ format: fc.constant('zip'), encrypted: fc.oneof(fc.boolean(), anyVal), truncated: fc.boolean(), entries: fc.oneof(fc.array(tie('entry'), { maxLength: 4 }), anyVal) }, { requiredKeys: [] }),
      entry: fc.record({ path: weird, size: fc.integer(), encrypted: fc.oneof(fc.boolean(), anyVal), sniffedType: fc.oneof(weird, fc.constantFrom('lnk', 'pe', 'ole', 'zip')), archive: fc.option(tie('listing'), { depthSize: 'small' }), office: anyVal, hashes: fc.oneof(anyVal, fc.record({ md5: weird, sha1: weird, sha256: weird })) }, { requiredKeys: [] }),
    }));
    const attachment = fc.record({ name: weird, contentType: weird, size: fc.integer(), inline: fc.boolean(), sniffedType: weird, archive: fc.oneof(archive.listing, anyVal), office: fc.oneof(anyVal, fc.record({ macros: fc.boolean(), encrypted: fc.boolean(), container: weird, externalTemplate: weird })), pe: anyVal, hashes: anyVal }, { requiredKeys: [] });
    const message = fc.record(
      {
        origin: fc.oneof(anyVal, fc.record({ kind: weird })),
        from: fc.oneof(mailbox, anyVal),
        sender: fc.oneof(mailbox, anyVal),
        replyTo: fc.oneof(fc.array(fc.oneof(mailbox, anyVal), { maxLength: 5 }), anyVal),
        to: fc.oneof(fc.array(mailbox, { maxLength: 3 }), anyVal),
        cc: anyVal,
        subject: fc.oneof(weird, anyVal),
        text: fc.oneof(weird, anyVal),
        links: fc.oneof(fc.array(fc.oneof(fc.record({ href: weird, text: weird, origin: weird }, { requiredKeys: [] }), anyVal), { maxLength: 8 }), anyVal),
        attachments: fc.oneof(fc.array(fc.oneof(attachment, anyVal), { maxLength: 4 }), anyVal),
        headers: fc.oneof(fc.array(fc.record({ name: fc.oneof(weird, fc.constantFrom('List-Id', 'Reply-To')), value: weird }), { maxLength: 6 }), anyVal),
        auth: fc.oneof(fc.array(fc.record({ authservId: weird, method: fc.constantFrom('dmarc', 'spf', 'dkim'), result: fc.constantFrom('pass', 'fail', 'none'), props: fc.oneof(fc.dictionary(weird, weird), anyVal) }, { requiredKeys: [] }), { maxLength: 6 }), anyVal),
        incomplete: fc.oneof(fc.array(fc.record({ code: weird, where: weird }), { maxLength: 3 }), anyVal),
      },
      { requiredKeys: [] },
    );
    const policy = fc.oneof(fc.constant(undefined), fc.record({ trustedDomains: fc.oneof(fc.array(weird, { maxLength: 3 }), anyVal), protectedDomains: fc.oneof(fc.array(weird, { maxLength: 3 }), anyVal) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(message, policy, (m, p) => {
        const v = evaluate(m as unknown as NormalisedMessage, pack, p as never);
        expect(LEVELS).toContain(v.level);
        expect(v.incomplete.filter((i) => i.code === 'rule-error')).toEqual([]);
        return typeof v.score === 'number';
      }),
      { seed: 20250108, numRuns: 400 },
    );
  });

  it('stays bounded on huge arrays', () => {
    const links = Array.from({ length: 50_000 }, (_v, i) => ({ href: `https://h${i}.example.com/`, text: '', origin: 'html' as const }));
    const v = evaluate(msg({ links }), pack);
    expect(v.incomplete).toContainEqual(expect.objectContaining({ code: 'time-budget', where: 'links' }));
  });
});

describe('memoisation', () => {
  it('compiles the same pack object once', () => {
    const p = testPack();
    const a = compilePack(p);
    evaluate(msg({ subject: '日米同盟' }), p);
    expect(compilePack(p)).toBe(a);
    expect(compilePack(testPack())).not.toBe(a);
  });

  it('levelAtLeast orders levels', () => {
    expect(levelAtLeast('high', 'medium')).toBe(true);
    expect(levelAtLeast('low', 'medium')).toBe(false);
    expect(levelAtLeast('none', 'none')).toBe(true);
  });
});

describe('the shared keyword index', () => {
  it('leaves out keyword lists no rule reads from the text (display-name titles)', () => {
    expect(compilePack(testPack()).keywords.listIds.sort()).toEqual(['enable-content-phrases', 'lure-keywords', 'password-phrases']);
  });

  // A rule that leaves `list` to its detector's default reads a list outside the index: the
  // finding must be the same as when the rule names the list.
  it.each([
    ['mf-subject-lure-keyword', { subject: 'ご参考', text: '日米同盟と台湾海峡について' }],
    ['mf-subject-lure-keyword', { subject: '日米同盟について', text: '' }],
    ['mf-body-enable-content', { subject: '', text: '「コンテンツの有効化」を押してください' }],
    ['mf-body-password-with-encrypted', { subject: '', text: 'パスワードは abc123 です', attachments: [att('a.zip', { archive: { format: 'zip', encrypted: true, truncated: false, entries: [] } })] }],
  ] as const)('%s without a list parameter finds what it finds with one', (id, over) => {
    const named = TEST_RULES.find((r) => r.id === id);
    if (!named) throw new Error(id);
    const unnamed = { ...named, params: {} };
    const m = msg(over as Partial<NormalisedMessage>);
    const a = evaluate(m, testPack({ rules: [named] }));
    const b = evaluate(m, testPack({ rules: [unnamed] }));
    expect(a.findings.length).toBe(1);
    expect(b.findings).toEqual(a.findings);
    expect(compilePack(testPack({ rules: [unnamed] })).keywords.listIds).toEqual([]);
  });
});

describe('attached messages in the engine', () => {
  it('a cyclic or hostile attachedMessages shape is bounded and reported, never thrown', () => {
    const m = msg({ subject: 'outer' });
    (m as unknown as { attachedMessages: unknown[] }).attachedMessages = [{ path: ['loop.eml'], carrier: 'rfc822', message: m }, null, { path: 7, message: 'x' }, { message: msg({ subject: 'inner' }) }];
    const v = evaluate(m, testPack());
    expect(v.incomplete.some((i) => i.code === 'message-too-deep')).toBe(true);
    expect(v.incomplete.some((i) => i.code === 'rule-error')).toBe(false);
  });
});
