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

/** One uuencoded line (length byte, then 4 characters per 3 bytes); tolerant of short lines, as Python's fallback is. */
function uuLine(src: Uint8Array, start: number, end: number, out: Uint8Array, o: number): number {
  const len = ((src[start] as number) - 0x20) & 0x3f;
  let got = 0;
  for (let i = start + 1; got < len; i += 4) {
    const q = [0, 1, 2, 3].map((k) => (i + k < end ? ((src[i + k] as number) - 0x20) & 0x3f : 0)) as [number, number, number, number];
    const bytes = [(q[0] << 2) | (q[1] >> 4), ((q[1] << 4) | (q[2] >> 2)) & 0xff, ((q[2] << 6) | q[3]) & 0xff];
    for (const b of bytes) {
      if (got >= len) break;
      out[o++] = b & 0xff;
      got++;
    }
  }
  return o;
}

export interface UuBlock {
  /** File name from the `begin` line (may be empty). */
  name: string;
  bytes: Uint8Array;
  /** Offsets of the block (`begin` line to the end of the `end` line) in the source. */
  start: number;
  end: number;
}

const isBeginLine = (s: string): RegExpExecArray | null => /^begin(?:-base64)? +[0-7]{1,4} +(.*?)\s*$/.exec(s);

/**
 * Finds uuencoded blocks (`begin 644 name` … `end`) in bytes: the body of an x-uuencode part, or
 * a plain-text body that carries files the old way. At most `max` blocks; an unterminated block
 * runs to the end of the input.
 */
export function findUuBlocks(src: Uint8Array, max = 32): UuBlock[] {
  const blocks: UuBlock[] = [];
  let pos = 0;
  let block: { name: string; start: number; out: Uint8Array; o: number } | undefined;
  while (pos < src.length && blocks.length < max) {
    let eol = src.indexOf(0x0a, pos);
    if (eol < 0) eol = src.length;
    let end = eol;
    while (end > pos && (src[end - 1] === 0x0d || src[end - 1] === 0x20 || src[end - 1] === 0x09)) end--;
    const next = eol + 1;
    if (!block) {
      // Cheap test on the first byte before decoding a line as text.
      if (src[pos] === 0x62 && end - pos < 1024) {
        const m = isBeginLine(new TextDecoder('latin1').decode(src.subarray(pos, end)));
        if (m) block = { name: m[1] ?? '', start: pos, out: new Uint8Array(Math.ceil(((src.length - next) * 3) / 4) + 3), o: 0 };
      }
    } else if (end - pos === 3 && src[pos] === 0x65 && src[pos + 1] === 0x6e && src[pos + 2] === 0x64) {
      blocks.push({ name: block.name, bytes: block.out.slice(0, block.o), start: block.start, end: Math.min(next, src.length) });
      block = undefined;
    } else if (end > pos && !(end - pos === 1 && src[pos] === 0x60)) {
      block.o = uuLine(src, pos, end, block.out, block.o);
    }
    pos = next;
  }
  if (block) blocks.push({ name: block.name, bytes: block.out.slice(0, block.o), start: block.start, end: src.length });
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
