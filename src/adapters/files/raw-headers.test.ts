/**
 * Raw 8-bit header fields (no RFC 2047) in Shift_JIS or EUC-JP are read as Japanese; Chinese and
 * Korean ones are not turned into false Japanese; everything else passes through untouched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from './index';
import { nodeHasher } from '../hash/node-hasher';
import { repairRawHeaders } from './raw-headers';

const CORPORA = path.resolve(__dirname, '../../..', '../shared/corpora');

/** Bytes of `text` in a legacy charset (Node's TextDecoder has no encoder for these: a table by hand). */
const hex = (h: string): number[] => (h.match(/../g) ?? []).map((x) => parseInt(x, 16));
// 日米同盟のご案内 in Shift_JIS and EUC-JP; 山田太郎 (kanji only); 台湾 in GB2312; 會議 in Big5.
const SJIS_LURE = hex('93fa95c493af96bf82cc82b288c493e0');
const EUC_LURE = hex('c6fccac6c6b1ccc1a4cea4b4b0c6c6e2');
const SJIS_NAME = hex('8e52936391be9859');
const EUC_NAME = hex('bbb3c5c4c2c0cfba');
const GB_TAIWAN = hex('cca8cde5');
const BIG5_MEETING = hex('b77ccb6a');

function message(headers: Array<string | number[]>, charset?: string, body = 'body\r\n'): Uint8Array {
  const parts: number[] = [];
  const push = (x: string | number[]) => parts.push(...(typeof x === 'string' ? Array.from(Buffer.from(x, 'latin1')) : x));
  for (const h of headers) push(h);
  push(`Content-Type: text/plain${charset ? `; charset=${charset}` : ''}\r\n\r\n`);
  push(body);
  return Uint8Array.from(parts);
}

async function parsed(bytes: Uint8Array) {
  const [r] = await parseMessageBytes(bytes, { hasher: nodeHasher });
  if (!r?.message) throw new Error(r?.error ?? 'no message');
  return r.message;
}

describe('raw 8-bit headers', () => {
  it.each<[string, number[], string | undefined, string]>([
    ['Shift_JIS, declared', SJIS_LURE, 'shift_jis', '日米同盟のご案内'],
    ['Shift_JIS, declared as ISO-2022-JP', SJIS_LURE, 'iso-2022-jp', '日米同盟のご案内'],
    ['Shift_JIS, nothing declared (kana decide)', SJIS_LURE, undefined, '日米同盟のご案内'],
    ['EUC-JP, declared', EUC_LURE, 'euc-jp', '日米同盟のご案内'],
    ['EUC-JP, declared as Shift_JIS (the bytes decide)', EUC_LURE, 'Shift_JIS', '日米同盟のご案内'],
    ['EUC-JP, nothing declared', EUC_LURE, undefined, '日米同盟のご案内'],
    ['GB2312, declared', GB_TAIWAN, 'gb2312', '台湾'],
  ])('Subject in %s', async (_n, bytes, charset, expected) => {
    const m = await parsed(message(['From: a@example.jp\r\n', 'Subject: ', bytes, '\r\n'], charset));
    expect(m.subject).toBe(expected);
  });

  it.each<[string, number[], string | undefined, string]>([
    ['Shift_JIS kanji-only name, declared', SJIS_NAME, 'shift_jis', '山田太郎'],
    ['EUC-JP kanji-only name, declared', EUC_NAME, 'euc-jp', '山田太郎'],
  ])('From display name in %s', async (_n, bytes, charset, expected) => {
    const m = await parsed(message(['From: "', bytes, '" <taro@example.jp>\r\n', 'Subject: x\r\n'], charset));
    expect(m.from).toEqual({ name: expected, address: 'taro@example.jp' });
  });

  it.each<[string, number[]]>([
    ['GB2312 without a declared charset', GB_TAIWAN],
    ['Big5 without a declared charset', BIG5_MEETING],
    ['a kanji-only Shift_JIS name without a declared charset', SJIS_NAME],
  ])('%s is not guessed as Japanese', async (_n, bytes) => {
    const input = message(['From: a@example.jp\r\n', 'Subject: ', bytes, '\r\n']);
    expect(repairRawHeaders(input)).toBe(input);
  });

  it('a folded Subject is read as one field', async () => {
    const m = await parsed(message(['From: a@example.jp\r\n', 'Subject: ', SJIS_LURE.slice(0, 8), '\r\n ', SJIS_LURE.slice(8), '\r\n'], 'shift_jis'));
    expect(m.subject).toBe('日米同盟 のご案内');
  });

  it.each([
    ['no 8-bit byte in the headers', message(['From: a@example.jp\r\n', 'Subject: =?UTF-8?B?5pel57Gz5ZCM55uf?=\r\n'], 'shift_jis')],
    ['UTF-8 written raw (RFC 6532)', message(['From: a@example.jp\r\n', `Subject: ${Buffer.from('日米同盟', 'utf8').toString('latin1')}\r\n`])],
    ['8-bit bytes only in the body', message(['From: a@example.jp\r\n', 'Subject: x\r\n'], 'shift_jis', `${Buffer.from(Uint8Array.from(SJIS_LURE)).toString('latin1')}\r\n`)],
  ])('%s: the bytes are passed on as they are', (_n, input) => {
    expect(repairRawHeaders(input)).toBe(input);
  });

  it('changes nothing after the header block (attachments keep their hashes)', async () => {
    const boundary = 'b1';
    const attachment = Buffer.from('%PDF-1.4 harmless test bytes\n').toString('base64');
    const head = ['From: a@example.jp\r\n', 'Subject: ', SJIS_LURE, '\r\n', `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=${boundary}\r\n\r\n`];
    const body = `--${boundary}\r\nContent-Type: text/plain; charset=shift_jis\r\n\r\nhello\r\n--${boundary}\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--${boundary}--\r\n`;
    const parts: number[] = [];
    for (const h of head) parts.push(...(typeof h === 'string' ? Array.from(Buffer.from(h, 'latin1')) : h));
    const bytes = Uint8Array.from([...parts, ...Buffer.from(body, 'latin1')]);
    const repaired = repairRawHeaders(bytes);
    expect(Buffer.from(repaired).subarray(repaired.length - body.length).toString('latin1')).toBe(body);
    const m = await parsed(bytes);
    expect(m.subject).toBe('日米同盟のご案内');
    expect(m.attachments[0]?.hashes?.sha256).toBe(require('crypto').createHash('sha256').update('%PDF-1.4 harmless test bytes\n').digest('hex'));
  });

  it('real mail: the SpamAssassin GB2312 sample declares its charset and reads as Chinese', async () => {
    const file = path.join(CORPORA, 'spamassassin_testdata/nice/cjk/gb2312.1');
    const m = await parsed(new Uint8Array(fs.readFileSync(file)));
    expect(m.subject).not.toContain('\ufffd');
    expect(m.subject).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(m.subject).not.toMatch(/[\u3041-\u30fa]/);
  });
});
