/**
 * Content-Transfer-Encoding decoders over the exact bytes of a MIME part's body, so attachments
 * are hashed and inspected as the sender's file, byte for byte (see mime.ts for where the bytes
 * come from). Each agrees with Python's `email` package (`get_payload(decode=True)`) except
 * where noted; test/byte-exact.test.ts holds them to it over the corpora.
 */

const B64 = new Int16Array(256).fill(-1);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) B64[alphabet.charCodeAt(i)] = i;
}

/**
 * Base64, ignoring every byte outside the alphabet (line breaks, spaces, junk). `=` ends a unit
 * of four characters; decoding then carries on, because some mailers pad every line and the
 * file continues after each pad (Python stops at the first pad and truncates such files).
 */
export function decodeBase64(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as number;
    const v = B64[c] as number;
    if (v >= 0) {
      acc = (acc << 6) | v;
      if (++n === 4) {
        out[o++] = (acc >> 16) & 0xff;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
        n = 0;
      }
    } else if (c === 0x3d && n > 0) {
      // A pad closes a partial unit: 2 characters give 1 byte, 3 give 2.
      if (n >= 2) out[o++] = (acc >> (n === 2 ? 4 : 10)) & 0xff;
      if (n === 3) out[o++] = (acc >> 2) & 0xff;
      acc = 0;
      n = 0;
    }
  }
  if (n >= 2) out[o++] = (acc >> (n === 2 ? 4 : 10)) & 0xff;
  if (n === 3) out[o++] = (acc >> 2) & 0xff;
  return out.subarray(0, o);
}

const hex = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/**
 * Quoted-printable: `=XX` is a byte, `=` right before a line break is a soft break, anything else
 * is literal. Hard line breaks stay as sent (CRLF or LF), as do trailing spaces, as in Python.
 */
export function decodeQuotedPrintable(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as number;
    if (c !== 0x3d) {
      out[o++] = c;
      continue;
    }
    const a = src[i + 1];
    if (a === 0x0a) {
      i += 1;
      continue;
    }
    if (a === 0x0d && src[i + 2] === 0x0a) {
      i += 2;
      continue;
    }
    const h = a === undefined ? -1 : hex(a);
    const l = src[i + 2] === undefined ? -1 : hex(src[i + 2] as number);
    if (h >= 0 && l >= 0) {
      out[o++] = (h << 4) | l;
      i += 2;
      continue;
    }
    out[o++] = c;
  }
  return out.subarray(0, o);
}

export interface UuBlock {
  /** File name from the `begin` line (may be empty). */
  name: string;
  bytes: Uint8Array;
}

const uu = (c: number | undefined): number => ((c ?? 0x20) - 0x20) & 0x3f;

/**
 * Finds uuencoded blocks (`begin 644 name` … `end`) in bytes: the body of an x-uuencode part, or
 * a plain-text body that carries files the old way. At most `max` blocks; an unterminated block
 * runs to the end of the input. A short line is padded with zeros, as Python's fallback does.
 */
export function findUuBlocks(src: Uint8Array, max = 32): UuBlock[] {
  const blocks: UuBlock[] = [];
  const text = new TextDecoder('latin1').decode(src);
  const lines = text.split('\n');
  let block: { name: string; out: number[] } | undefined;
  for (const raw of lines) {
    const line = raw.replace(/[\r \t]+$/, '');
    if (!block) {
      const m = /^begin +[0-7]{1,4} +(.*)$/.exec(line);
      if (m) block = { name: m[1] ?? '', out: [] };
    } else if (line === 'end') {
      blocks.push({ name: block.name, bytes: Uint8Array.from(block.out) });
      block = undefined;
      if (blocks.length >= max) break;
    } else if (line) {
      const len = uu(line.charCodeAt(0));
      for (let i = 1, got = 0; got < len; i += 4) {
        const [a, b, c, d] = [0, 1, 2, 3].map((k) => uu(line.charCodeAt(i + k) || 0x20)) as [number, number, number, number];
        for (const v of [(a << 2) | (b >> 4), (b << 4) | (c >> 2), (c << 6) | d]) if (got++ < len) block.out.push(v & 0xff);
      }
    }
  }
  if (block && blocks.length < max) blocks.push({ name: block.name, bytes: Uint8Array.from(block.out) });
  return blocks;
}

/** The decoded body of a part sent with `encoding` (already lower-cased; unknown ones pass through, as in Python). */
export function decodeTransfer(raw: Uint8Array, encoding: string): Uint8Array {
  if (encoding === 'base64') return decodeBase64(raw);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(raw);
  if (encoding === 'x-uuencode' || encoding === 'uuencode' || encoding === 'x-uue' || encoding === 'uue') {
    const [first] = findUuBlocks(raw, 1);
    return first ? first.bytes : raw;
  }
  return raw;
}
