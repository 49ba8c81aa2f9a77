/**
 * The streaming mbox splitter against the whole-file one: the same messages, byte for byte,
 * whatever the chunk size, on real mbox files and on crafted edge cases; and the per-message cap.
 */
import * as fs from 'fs';
import * as path from 'path';
import { splitMbox } from './mbox';
import { MboxSplitter, type MboxPiece } from './mbox-stream';

const CORPORA = path.resolve(__dirname, '../../../../shared/corpora');

function streamed(bytes: Uint8Array, chunk: number, cap?: number): MboxPiece[] {
  const s = new MboxSplitter(cap);
  const out: MboxPiece[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...s.push(bytes.subarray(i, i + chunk)));
  out.push(...s.end());
  return out;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

const CRAFTED: [string, string][] = [
  ['two plain messages', 'From a@x Mon Mar  3 10:00:00 2025\nFrom: a@x\n\nbody one\n\nFrom b@x Mon Mar  3 10:01:00 2025\nFrom: b@x\n\nbody two\n'],
  ['CRLF, BOM and leading blank lines', '\ufeff\r\n\r\nFrom a@x Mon Mar  3 10:00:00 2025\r\nSubject: s\r\n\r\nx\r\nFrom b@x 2025\r\nSubject: t\r\n\r\ny\r\n'],
  ['mboxrd quoting', 'From a@x Mon Mar  3 10:00:00 2025\nSubject: s\n\n>From the start\n>>From deeper\nend\n'],
  ['unmunged body line that is no separator', 'From a@x Mon Mar  3 10:00:00 2025\nSubject: s\n\nFrom Russia with love\nstill body\n'],
  ['headers-only message before the next envelope', 'From a@x Mon Mar  3 10:00:00 2025\nSubject: s\nContent-Transfer-Encoding: 7bit\n\nFrom b@x Mon Mar  3 10:01:00 2025\nSubject: t\n\ny\n'],
  ['unquoted envelope after message/rfc822 part headers', 'From a@x Mon Mar  3 10:00:00 2025\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\nFrom inner@x Mon Mar  3 09:00:00 2025\nSubject: inner\n\nhi\n--b--\n'],
  ['no trailing newline', 'From a@x Mon Mar  3 10:00:00 2025\nSubject: s\n\nlast line'],
  ['not starting with From', 'junk before\nFrom a@x Mon Mar  3 10:00:00 2025\nSubject: s\n\nx\n'],
];

describe('MboxSplitter gives what splitMbox gives', () => {
  const files = fs.existsSync(path.join(CORPORA, 'mimekit/mbox')) ? fs.readdirSync(path.join(CORPORA, 'mimekit/mbox')).map((f) => path.join(CORPORA, 'mimekit/mbox', f)) : [];
  it('has real mbox files to compare on', () => expect(files.length).toBeGreaterThanOrEqual(3));

  const cases: [string, () => Uint8Array][] = [
    ...CRAFTED.map(([n, text]): [string, () => Uint8Array] => [n, () => enc(text)]),
    ...['simple.mbox.txt', 'issue1189.mbox.txt', 'unmunged.mbox.txt', 'content-length.mbox.txt'].map((f): [string, () => Uint8Array] => [f, () => fs.readFileSync(path.join(CORPORA, 'mimekit/mbox', f))]),
  ];
  // Tiny chunks only on the crafted cases: the splitter copies what it keeps on every push, which
  // is nothing at its real 1 MiB chunk size but quadratic at one byte a push on a real file.
  for (const [name, load] of cases) {
    const chunks = CRAFTED.some(([n]) => n === name) ? [1, 7, 64, 1000, 1 << 20] : [4096, 65536, 1 << 20];
    it.each(chunks)(`${name}, chunks of %i bytes`, (chunk) => {
      const bytes = load();
      const whole = splitMbox(bytes).messages.map(dec);
      const pieces = streamed(bytes, chunk);
      // splitMbox keeps the bytes before the first separator out too, unless the file starts with one.
      expect(pieces.map((p) => dec(p.bytes))).toEqual(whole);
      expect(pieces.every((p) => p.cutFrom === undefined)).toBe(true);
    });
  }

  it('splits a From line after a Content- header and a blank line, whatever the chunk size (the shape that lost messages)', () => {
    const text = CRAFTED.find(([n]) => n === 'headers-only message before the next envelope')![1];
    for (const chunk of [1, 5, 64]) expect(streamed(enc(text), chunk).map((p) => dec(p.bytes))).toEqual(['Subject: s\nContent-Transfer-Encoding: 7bit\n\n', 'Subject: t\n\ny\n']);
  });
});

describe('MboxSplitter per-message cap', () => {
  it.each([16, 4096, 1 << 20])('keeps the start of an oversized message and reports its size (chunks of %i)', (chunk) => {
    const big = 'x'.repeat(50_000) + '\n';
    const text = `From a@x Mon Mar  3 10:00:00 2025\nSubject: big\n\n${big.repeat(4)}From b@x Mon Mar  3 10:01:00 2025\nSubject: small\n\nok\n`;
    const pieces = streamed(enc(text), chunk, 10_000);
    expect(pieces).toHaveLength(2);
    expect(pieces[0]!.bytes.length).toBeLessThanOrEqual(10_000);
    expect(dec(pieces[0]!.bytes).startsWith('Subject: big\n')).toBe(true);
    expect(pieces[0]!.cutFrom).toBe(text.indexOf('From b@x'));
    expect(dec(pieces[1]!.bytes)).toBe('Subject: small\n\nok\n');
    expect(pieces[1]!.cutFrom).toBeUndefined();
  });
});
