/**
 * The decoder of office.js's base64 text, held to the adapter's first decoder (atob after removing
 * JavaScript whitespace, kept below as the reference): the same bytes for every string, and
 * undefined exactly where that threw. And its use for an attachment and a message: text that does
 * not decode is said, never inspected or parsed as if it were empty.
 */
import fc from 'fast-check';
import { webHasher } from '../hash/web-hasher';
import { inspectAttachment } from '../inspect';
import { decodeBase64Text, inspectOfficeAttachment, parseMessageSource } from './base64';
import { NOT_BASE64_ATTACHMENT, NOT_BASE64_MESSAGE } from './content';

/** The Office adapter's decoder before this one (read-item.ts, base64ToBytes), verbatim. */
function reference(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

const hex = (b: Uint8Array | undefined): string | undefined => (b ? Buffer.from(b).toString('hex') : undefined);

describe('decodeBase64Text', () => {
  it.each<[string, string, string | undefined]>([
    ['empty', '', ''],
    ['one group', 'YWJj', '616263'],
    ['two pads', 'YQ==', '61'],
    ['one pad', 'YWI=', '6162'],
    ['no padding, two characters', 'YQ', '61'],
    ['no padding, three characters', 'YWI', '6162'],
    ['spare bits set (forgiving, as atob)', 'YR==', '61'],
    ['zero bytes', 'AAAA', '000000'],
    ['every value', '+/+/', 'fbffbf'],
    ['CRLF every 76 characters', `${'QUJD'.repeat(19)}\r\n${'QUJD'.repeat(2)}\r\n`, '414243'.repeat(21)],
    ['spaces, tabs, form feed and vertical tab anywhere', ' Y\tW\fJ\vj \n', '616263'],
    ['whitespace inside the padding', 'YQ= =', '61'],
    ['Unicode spaces, line separator and BOM (JavaScript \\s)', '\ufeffYW\u00a0Jj\u2028\u3000', '616263'],
    ['a lone last character', 'YWJjY', undefined],
    ['one character', 'Y', undefined],
    ['a pad short', 'YQ=', undefined],
    ['a pad too many', 'YQ===', undefined],
    ['three pads', 'Y===', undefined],
    ['a pad after a whole group', 'YWJj=', undefined],
    ['two pads after a whole group', 'YWJj==', undefined],
    ['only pads', '====', undefined],
    ['a lone pad', '=', undefined],
    ['data after the padding', 'YQ==YWJj', undefined],
    ['a pad in the middle', 'YW=j', undefined],
    ['base64url characters', 'YW-_', undefined],
    ['a dot', 'YWJj.', undefined],
    ['a non-ASCII letter', 'YWJjé', undefined],
    ['a zero-width space (not \\s)', 'YW\u200bJj', undefined],
    ['a NUL', 'YW\0Jj', undefined],
  ])('%s', (_name, text, want) => {
    expect(hex(decodeBase64Text(text))).toBe(want);
    expect(hex(reference(text))).toBe(want);
  });

  it('gives the same bytes as the first decoder, and fails where it failed, for any string', () => {
    const piece = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') },
      { weight: 2, arbitrary: fc.constantFrom('=', '==', ' ', '\r\n', '\t', '\v', '\f', '\u00a0', '\u2028', '\ufeff', '\u3000') },
      { weight: 1, arbitrary: fc.constantFrom('-', '_', '.', '\0', 'é', '\u200b', '\ud83d', '\u0100', '\u00ff', '\u0080') },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(hex(decodeBase64Text(text))).toBe(hex(reference(text)));
      }),
      { numRuns: 5000, seed: 0x64 },
    );
  });

  it('decodes any bytes back exactly, whatever whitespace is spread through the text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\r\n', '\t', '\u00a0')), { maxLength: 8 }), (bytes, spaces) => {
        let text = Buffer.from(bytes).toString('base64');
        for (const [at, s] of spaces) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + s + text.slice(i);
        }
        const got = decodeBase64Text(text);
        expect(got && Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
        // Exactly its length, so what is hashed and what is sized is the file alone.
        expect(got?.buffer.byteLength).toBe(bytes.length);
      }),
      { numRuns: 1000, seed: 0x65 },
    );
  });

  it('decodes a 3 MB file with 76-character lines byte for byte', () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0, x = 0x2545f491; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const plain = bytes.toString('base64');
    expect(Buffer.from(decodeBase64Text(plain)!).equals(bytes)).toBe(true);
    expect(Buffer.from(decodeBase64Text(plain.replace(/.{76}/g, '$&\r\n'))!).equals(bytes)).toBe(true);
  });
});

describe('content that does not decode is said, never inspected or parsed as empty', () => {
  const described = { name: 'invoice.zip', contentType: 'application/zip', declaredSize: 2048, inline: false, id: 'AAMk1' };

  it('an attachment: not inspected, listed by name and declared size, with the reason', async () => {
    const inspect = jest.fn();
    expect(await inspectOfficeAttachment({ ...described, base64: 'UEsFBg=*' }, inspect)).toEqual({
      attachment: { name: 'invoice.zip', contentType: 'application/zip', size: 2048, inline: false, id: 'AAMk1' },
      incomplete: [{ code: 'attachment-content-unavailable', where: 'attachment:invoice.zip', detail: NOT_BASE64_ATTACHMENT }],
      decompressed: 0,
    });
    expect(inspect).not.toHaveBeenCalled();
  });

  it('an attachment that decodes: inspected from exactly those bytes, as bytes handed in are', async () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
    const inspect = (input: Parameters<typeof inspectAttachment>[0]) => inspectAttachment(input, webHasher);
    const fromText = await inspectOfficeAttachment({ ...described, base64: Buffer.from(bytes).toString('base64') }, inspect);
    expect(fromText).toEqual(await inspectOfficeAttachment({ ...described, bytes }, inspect));
    expect(fromText.attachment.sniffedType).toBe('zip');
    expect(fromText.attachment.size).toBe(22);
  });

  it('a message: one error record marked notBase64, and no parse', async () => {
    const parse = jest.fn();
    expect(await parseMessageSource({ base64: 'RnJvbTog*' }, parse)).toEqual([{ index: 0, error: NOT_BASE64_MESSAGE, notBase64: true }]);
    expect(parse).not.toHaveBeenCalled();
    const bytes = new TextEncoder().encode('From: a@example.jp\r\n\r\nhi');
    const seen: Uint8Array[] = [];
    await parseMessageSource({ base64: Buffer.from(bytes).toString('base64') }, async (b) => (seen.push(b), []));
    expect(seen.map((b) => Buffer.from(b).toString())).toEqual(['From: a@example.jp\r\n\r\nhi']);
  });
});
