import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { NormalisedMessage } from '../../engine/types';
import { nodeHasher } from '../hash/node-hasher';
import { parseMessageBytes, type ParsedRecord } from './index';

const CORPORA = path.resolve(__dirname, '../../..', '../shared/corpora');
const load = (rel: string): Uint8Array => new Uint8Array(readFileSync(path.join(CORPORA, rel)));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function one(rel: string): Promise<NormalisedMessage> {
  const recs = await parseMessageBytes(load(rel), { hasher: nodeHasher });
  expect(recs).toHaveLength(1);
  expect(recs[0]!.error).toBeUndefined();
  return recs[0]!.message!;
}

describe('Japanese golden messages decode', () => {
  it.each<[string, (m: NormalisedMessage) => string, string]>([
    ['fml8/testmails/text=plain.jp', (m) => m.subject, 'カードキャプターさくら映画版'],
    ['fml8/testmails/text=plain', (m) => m.subject, 'てすとやで'],
    ['fml8/testmails/text=plain.euc-jp', (m) => m.text, 'EUC-JP で書かれたテストメールです。'],
    ['fml8/testmails/text=plain.sjis', (m) => m.text, 'SJIS で書かれたテストメールです。'],
    ['fml8/errormails/pakeo.ne.jp', (m) => m.subject, 'メールを送信できません'],
    ['fml8/errormails/pakeo.ne.jp', (m) => m.text, '登録されていません'],
    ['mikel_mail/multi_charset/japanese.eml', (m) => m.subject, 'まみむめも'],
    ['mikel_mail/multi_charset/japanese.eml', (m) => m.to[0]!.name, 'みける'],
    ['mikel_mail/multi_charset/japanese.eml', (m) => m.text, 'かきくえこ'],
    ['mikel_mail/multi_charset/japanese_iso_2022.eml', (m) => m.text, 'すみません。'],
    ['mikel_mail/multi_charset/japanese_shift_jis.eml', (m) => m.text, 'このメールはテスト用のメールです。'],
    ['mikel_mail/multi_charset/japanese_attachment.eml', (m) => m.attachments[0]!.name, 'てすと.txt'],
    ['mikel_mail/multi_charset/japanese_attachment_long_name.eml', (m) => m.attachments[0]!.name, 'かきくけこかきくけこかきくけこかきくけこかきくけこ.txt'],
    ['mimekit/messages/japanese.txt', (m) => m.subject, '日本語メールテスト'],
    ['mimekit/messages/japanese.txt', (m) => m.text, '送れているか'],
    ['spamassassin_testdata/nice/cjk/iso-2022-jp.1', (m) => m.subject, 'Shift_JIS (CP932)'],
    ['stalwart_mail-parser/thirdparty/005.eml', (m) => m.text, '『世界人権宣言』'],
    ['msgreader_hiraoka/nonUnicodeCP932.msg', (m) => m.subject, '日本語 Non Unicode タイトル'],
    ['msgreader_hiraoka/nonUnicodeCP932.msg', (m) => m.text, '日本語 Non Unicode 本文'],
  ])('%s', async (rel, pick, expected) => {
    expect(pick(await one(rel))).toContain(expected);
  });
});

describe('normalised fields from real mail', () => {
  it('reads Exchange Online authentication results, headers in order and a Japanese-less phish', async () => {
    const m = await one('phishing_pot/email/sample-423.eml');
    expect(m.origin).toEqual({ kind: 'eml' });
    expect(m.from).toEqual({ name: 'Payment', address: 'starlink@chetta.it' });
    expect(m.auth).toContainEqual({ authservId: '', method: 'dmarc', result: 'bestguesspass', props: { 'header.from': 'chetta.it' } });
    expect(m.headers[0]!.name).toBe('Received');
    expect(m.date).toBe('2023-03-02T06:49:56.000Z');
  });

  it('links from HTML carry their visible text', async () => {
    const raw =
      'From: "外務省" <info@mofa-go.example>\r\nReply-To: other@gmail.com\r\nTo: a@example.go.jp\r\nSubject: =?ISO-2022-JP?B?GyRCMnE1RBsoQg==?=\r\nDate: Tue, 1 Oct 2024 10:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>資料は<a href="https://evil.example/dl">https://www.mofa.go.jp/</a>から。 www.other.example</p>\r\n';
    const [rec] = await parseMessageBytes(enc(raw), { hasher: nodeHasher });
    const m = rec!.message!;
    expect(m.subject).toBe('会議');
    expect(m.from).toEqual({ name: '外務省', address: 'info@mofa-go.example' });
    expect(m.replyTo).toEqual([{ name: '', address: 'other@gmail.com' }]);
    expect(m.text).toBe('資料はhttps://www.mofa.go.jp/から。 www.other.example');
    expect(m.links).toEqual([
      { href: 'https://evil.example/dl', text: 'https://www.mofa.go.jp/', origin: 'html' },
      { href: 'https://www.mofa.go.jp/', text: '', origin: 'text' },
      { href: 'www.other.example', text: '', origin: 'text' },
    ]);
    expect(m.date).toBe('2024-10-01T01:00:00.000Z');
  });

  it('an attachment is inspected through the shared inspector', async () => {
    const m = await one('spamassassin_testdata/spam/olevbmacro/zippwmacro.eml');
    expect(m.attachments[0]).toMatchObject({ name: 'macro.zip', sniffedType: 'zip', archive: { encrypted: true } });
    expect(m.incomplete).toEqual([{ code: 'archive-encrypted', where: 'attachment:macro.zip', detail: 'password-protected entries could not be looked into' }]);
  });

  it('mbox gives one record per message, in order', async () => {
    const raw = 'From a@x Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: one\n\nbody1\n\nFrom b@x Mon Jan  1 00:00:00 2024\nFrom: b@example.com\nSubject: two\n\nbody2\n';
    const recs = await parseMessageBytes(enc(raw), { hasher: nodeHasher });
    expect(recs.map((r) => [r.index, r.message?.subject, r.message?.origin.kind])).toEqual([
      [0, 'one', 'mbox'],
      [1, 'two', 'mbox'],
    ]);
  });

  it.each<[string, string, ParsedRecord[]]>([
    ['0-byte file', 'fml8/testmails/emptyfile', [{ index: 0, error: 'empty file' }]],
  ])('%s gives an error record', async (_l, rel, expected) => {
    expect(await parseMessageBytes(load(rel))).toEqual(expected);
  });
});

describe('.msg files (msgreader_hiraoka, msgreader_sicos, spamscope)', () => {
  const files = ['msgreader_hiraoka', 'msgreader_sicos']
    .flatMap((d) => readdirSync(path.join(CORPORA, d)).map((f) => `${d}/${f}`))
    .concat(['spamscope_mail-parser/mail_outlook_1'])
    .filter((f) => !/(LICENSE|README|\.md$)/i.test(f));

  it('the set is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(files)('%s parses without error', async (rel) => {
    const recs = await parseMessageBytes(load(rel), { hasher: nodeHasher });
    expect(recs.length).toBeGreaterThanOrEqual(1);
    for (const r of recs) {
      expect(r.error).toBeUndefined();
      expect(r.message).toBeDefined();
    }
  });

  it.each([
    ['msgreader_hiraoka/contactUnicode.msg', 'IPM.Contact'],
    ['msgreader_hiraoka/contactAnsi.msg', 'IPM.Contact'],
    ['msgreader_hiraoka/A schedule.msg', 'IPM.Appointment'],
  ])('%s is flagged not-a-message (%s)', async (rel, cls) => {
    const m = await one(rel);
    expect(m.incomplete).toEqual([{ code: 'not-a-message', detail: `Outlook item of class ${cls}` }]);
    expect(m.attachments).toEqual([]);
  });

  it('reads recipients and attachments of a real .msg', async () => {
    const m = await one('msgreader_hiraoka/attachAndInline.msg');
    expect(m.origin.kind).toBe('msg');
    expect(m.attachments.length).toBeGreaterThan(0);
    expect(m.attachments.every((a) => a.hashes?.sha256.length === 64)).toBe(true);
  });
});

describe('hostile input never throws', () => {
  it.each([
    'mimekit/messages/stack-overflow.txt',
    'nodemailer_mailparser/htmllargecallstack.eml',
    'nodemailer_mailparser/large_text.eml',
  ])('%s', async (rel) => {
    const t = performance.now();
    const recs = await parseMessageBytes(load(rel), { hasher: nodeHasher });
    expect(recs.length).toBeGreaterThanOrEqual(1);
    expect(performance.now() - t).toBeLessThan(10000);
  });

  it.each<[string, Uint8Array]>([
    ['1 MB one-line body', enc('Subject: x\r\n\r\n' + 'a'.repeat(1 << 20))],
    ['1 MB one-line header', enc('Subject: ' + 'b'.repeat(1 << 20) + '\r\n\r\nx')],
    ['OLE magic then garbage', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3])],
    ['deep multipart nesting', enc(Array.from({ length: 500 }, (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`).join(''))],
    ['binary noise', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)],
  ])('%s gives records, not exceptions', async (_l, b) => {
    const recs = await parseMessageBytes(b, { hasher: nodeHasher });
    expect(recs.length).toBeGreaterThanOrEqual(1);
    for (const r of recs) expect(r.message !== undefined || typeof r.error === 'string').toBe(true);
  });

  const seeds = ['mikel_mail/multi_charset/japanese_attachment.eml', 'spamassassin_testdata/spam/olevbmacro/macro.eml', 'msgreader_hiraoka/msgInMsg.msg'].map(load);

  it('mutated bytes of seed messages never throw (fast-check, seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (seedIndex, flips, cut) => {
          const b = seeds[seedIndex]!.slice();
          for (const [pos, v] of flips) b[pos % b.length] = v;
          const input = cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
          const recs = await parseMessageBytes(input, { hasher: nodeHasher });
          return recs.length >= 1 && recs.every((r) => r.message !== undefined || typeof r.error === 'string');
        },
      ),
      { seed: 20250101, numRuns: 150 },
    );
  });
});
