import { concatBytes } from '../inspect/bytes';

/**
 * Headers written as raw 8-bit bytes in a legacy charset, with no RFC 2047 encoding: older
 * Japanese mail clients (and some crafted mail) put Shift_JIS or EUC-JP straight into Subject and
 * From. The MIME parser reads raw header bytes as UTF-8, so such a subject turns into U+FFFD and
 * every Japanese rule is blind to it. Before parsing, each top-level header field (a line and its
 * continuation lines) that is not valid UTF-8 is transcoded to UTF-8 (RFC 6532 allows UTF-8 in
 * headers, and the parser reads it):
 *
 * - a message that declares a non-Japanese legacy charset (the first `charset=` in its MIME
 *   headers: GB2312, Big5, ISO-8859-9…) gets its headers read in that charset, since old clients
 *   wrote headers in the body's charset;
 * - otherwise the field is decoded as Shift_JIS and as EUC-JP (and the declared Japanese charset,
 *   if any), without errors, and the decoding that reads most like Japanese wins (kana and kanji
 *   for it, half-width katakana, which is what the other charset's bytes become, against it);
 * - with no Japanese charset declared, the winner must hold kana: Chinese and Korean text in
 *   GB2312, Big5 or EUC-KR fails to decode, or decodes to kanji without kana, so it is left as it
 *   was rather than turned into false Japanese.
 *
 * The body, and so every attachment and its hashes, is passed on byte for byte.
 */

/** Header bytes examined; the parser itself stops at MAX_HEADERS_BYTES, real blocks are a few KiB. */
export const MAX_RAW_HEADER_BYTES = 256 * 1024;
/** Bytes searched for a declared charset (top-level and first parts' Content-Type). */
const CHARSET_SCAN_BYTES = 64 * 1024;

/** Hiragana and full-width katakana. */
const KANA = /[\u3041-\u3096\u30a1-\u30fa]/;

function decoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

function decodes(bytes: Uint8Array, label: string): string | undefined {
  const d = decoder(label);
  if (!d) return undefined;
  try {
    return d.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Where the header block ends (the blank line), or -1 when the message has no body separator in range. */
function headerEnd(b: Uint8Array): number {
  const n = Math.min(b.length, MAX_RAW_HEADER_BYTES);
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0x0a) continue;
    // "\n\n" or "\n\r\n": the line that starts after i is empty.
    if (b[i + 1] === 0x0a) return i + 1;
    if (b[i + 1] === 0x0d && b[i + 2] === 0x0a) return i + 1;
  }
  return -1;
}

/** The first `charset=` value in the first CHARSET_SCAN_BYTES, lower-cased; '' when none. */
export function declaredCharset(b: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, CHARSET_SCAN_BYTES)));
  const m = /charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})/i.exec(head);
  return m ? (m[1] as string).toLowerCase() : '';
}

const JAPANESE_CHARSET = /^(?:shift[_-]?jis|sjis|x-sjis|ms_kanji|cp932|windows-31j|euc-jp|x-euc-jp|iso-2022-jp(?:-\d)?|csiso2022jp)$/;
const HALF_WIDTH_KANA = /[\uff61-\uff9f]/g;
const FULL_WIDTH_KANA = new RegExp(KANA.source, 'g');
const IDEOGRAPH = /[\u4e00-\u9fff]/g;

/**
 * How Japanese a decoding reads: kana and kanji count for it, half-width katakana against it
 * (it is what the other Japanese charset's bytes turn into when decoded wrongly).
 */
function japaneseScore(t: string): number {
  const count = (re: RegExp): number => t.match(re)?.length ?? 0;
  return 2 * count(FULL_WIDTH_KANA) + count(IDEOGRAPH) - 3 * count(HALF_WIDTH_KANA);
}

/** The header field (its first line and continuation lines) re-encoded as UTF-8, or undefined to keep it. */
function transcode(field: Uint8Array, declared: string): Uint8Array | undefined {
  if (decodes(field, 'utf-8') !== undefined) return undefined;
  const declaredJapanese = JAPANESE_CHARSET.test(declared);
  if (declared && !declaredJapanese && !/^(?:utf-?8|us-ascii|ascii)$/.test(declared)) {
    const t = decodes(field, declared);
    return t === undefined ? undefined : new TextEncoder().encode(t);
  }
  let best: string | undefined;
  let bestScore = 0;
  for (const label of declaredJapanese ? [declared, 'shift_jis', 'euc-jp'] : ['shift_jis', 'euc-jp']) {
    const t = decodes(field, label);
    if (t === undefined) continue;
    const score = japaneseScore(t);
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  // Undeclared, only text with kana is taken for Japanese: GB2312 hanzi decode as valid kanji.
  if (best === undefined || (!declaredJapanese && !KANA.test(best))) return undefined;
  return new TextEncoder().encode(best);
}

/**
 * The message with its top-level raw 8-bit header fields in UTF-8 (see the file comment), or the
 * same array when there is nothing to change (nearly all mail: no 8-bit byte in the headers).
 */
export function repairRawHeaders(b: Uint8Array): Uint8Array {
  const end = headerEnd(b);
  if (end < 0) return b;
  let eightBit = false;
  for (let i = 0; i < end && !eightBit; i++) eightBit = (b[i] as number) >= 0x80;
  if (!eightBit) return b;
  const declared = declaredCharset(b);
  const parts: Uint8Array[] = [];
  let changed = false;
  let start = 0;
  while (start < end) {
    // One field: its line, and every following line that starts with a space or tab (folding).
    let stop = start;
    do {
      const nl = b.indexOf(0x0a, stop);
      stop = nl < 0 || nl >= end ? end : nl + 1;
    } while (stop < end && (b[stop] === 0x20 || b[stop] === 0x09));
    const field = b.subarray(start, stop);
    let high = false;
    for (let i = 0; i < field.length && !high; i++) high = (field[i] as number) >= 0x80;
    const fixed = high ? transcode(field, declared) : undefined;
    if (fixed) changed = true;
    parts.push(fixed ?? field);
    start = stop;
  }
  if (!changed) return b;
  parts.push(b.subarray(end));
  return concatBytes(parts);
}
