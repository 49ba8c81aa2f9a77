import { decodeWords } from 'postal-mime';

/**
 * RFC 2047 encoded words in header values, decoded exactly once.
 *
 * postal-mime's `decodeWords` (its named export; the default-export form is undefined in the
 * ESM build that the CLI and the pane bundle) owns charset labels: its alias table knows cp932,
 * ks_c_5601-1987, x-sjis and the rest. It is handed one synthetic base64 word per run of
 * adjacent same-charset words, so that four of its behaviours do not reach our headers:
 *
 * - raw 8-bit text inside a Q word (old Japanese mailers wrote Shift_JIS there; raw-headers.ts
 *   has already turned those bytes into text) would be UTF-8-encoded and decoded again in the
 *   declared charset: mojibake. Here non-ASCII characters inside a word are kept as the text
 *   they already are, and only the ASCII `=XX` / base64 content is decoded as bytes;
 * - a UTF-8 character split across two base64 words of which the first is padded (`…==`), or
 *   across words that spell the charset differently (`UTF-8` / `utf-8`), would become U+FFFD.
 *   Here every word is decoded to bytes on its own and the bytes of adjacent words are joined
 *   before the charset decodes them;
 * - `utf-7` (RFC 2152; still written by some Korean and Chinese mailers) is not a charset
 *   TextDecoder knows, so it would fall back to windows-1252. It is decoded here;
 * - Node 20's TextDecoder reads windows-1252 (and its WHATWG aliases iso-8859-1, us-ascii)
 *   bytes 0x80–0x9F as C1 control characters instead of € ‚ ƒ „ … ‘ ’ “ ” – — ™ (nodejs/node
 *   #60888: the ICU converter it uses is ISO-8859-1). Those are decoded with the table below.
 */

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=/g;
const LINEAR_WHITESPACE = /^[ \t\r\n]*$/;

/** Bytes or already-decoded text from one encoded word. */
type Piece = { bytes: number[] } | { text: string };

interface Word {
  charset: string;
  pieces: Piece[];
}

/** windows-1252 0x80–0x9F (the WHATWG index; 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 control of the same value). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    out += String.fromCharCode(c >= 0x80 && c < 0xa0 ? CP1252_HIGH[c - 0x80]! : c);
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Base64 (standard alphabet) to bytes, ignoring anything outside the alphabet and any trailing partial group. */
function base64Bytes(s: string, out: number[]): void {
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d) break; // '=' padding ends the data
    const v = c < 128 ? B64_VALUE[c]! : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function wordPieces(encoding: string, text: string): Piece[] {
  const pieces: Piece[] = [];
  let bytes: number[] = [];
  let raw = '';
  const flushBytes = (): void => {
    if (bytes.length) pieces.push({ bytes });
    bytes = [];
  };
  const flushRaw = (): void => {
    if (raw) pieces.push({ text: raw });
    raw = '';
  };
  if (encoding === 'B') {
    // Non-ASCII characters cannot be base64 data; they are dropped, as a decoder would.
    base64Bytes(text, bytes);
    flushBytes();
    return pieces;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      flushBytes();
      raw += text[i];
      continue;
    }
    flushRaw();
    if (c === 0x5f) bytes.push(0x20);
    else if (c === 0x3d && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2)));
      i += 2;
    } else bytes.push(c);
  }
  flushBytes();
  flushRaw();
  return pieces;
}

/** The charset label without an RFC 2231 language suffix (`utf-8*ja`), lower-cased. */
function charsetOf(label: string): string {
  const star = label.indexOf('*');
  return (star >= 0 ? label.slice(0, star) : label).trim().toLowerCase();
}

const UTF7_LABELS = new Set(['utf-7', 'utf7', 'unicode-1-1-utf-7', 'x-unicode-1-1-utf-7', 'csunicode11utf7']);

/** RFC 2152 UTF-7: direct characters, `+…-` runs of modified base64 UTF-16, `+-` for '+'. */
export function decodeUtf7(bytes: ArrayLike<number>): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c !== 0x2b) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    i++;
    if (bytes[i] === 0x2d) {
      out += '+';
      i++;
      continue;
    }
    let acc = 0;
    let bits = 0;
    while (i < bytes.length) {
      const d = bytes[i]!;
      const v = d < 128 ? B64_VALUE[d]! : -1;
      if (v < 0) break;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 16) {
        bits -= 16;
        out += String.fromCharCode((acc >> bits) & 0xffff);
      }
      i++;
    }
    if (bytes[i] === 0x2d) i++; // the '-' that ends a run is absorbed
  }
  return out;
}

let windows1252Labels: Map<string, boolean> | undefined;
function isWindows1252(charset: string): boolean {
  windows1252Labels ??= new Map();
  let known = windows1252Labels.get(charset);
  if (known === undefined) {
    try {
      known = new TextDecoder(charset).encoding === 'windows-1252';
    } catch {
      known = false;
    }
    if (windows1252Labels.size < 256) windows1252Labels.set(charset, known);
  }
  return known;
}

function bytesToBase64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** Bytes in a declared charset to text, once. */
export function decodeCharset(charset: string, bytes: readonly number[]): string {
  if (bytes.length === 0) return '';
  if (UTF7_LABELS.has(charset)) return decodeUtf7(bytes);
  if (isWindows1252(charset)) return decodeWindows1252(bytes);
  // postal-mime resolves the label (aliases, code-page numbers) and decodes the bytes.
  const label = /^[A-Za-z0-9._:+-]+$/.test(charset) ? charset : 'utf-8';
  return decodeWords(`=?${label}?B?${bytesToBase64(bytes)}?=`);
}

function renderWords(words: Word[], join: boolean): string {
  let out = '';
  let pending: number[] = [];
  let pendingCharset = '';
  const flush = (): void => {
    if (pending.length) out += decodeCharset(pendingCharset, pending);
    pending = [];
  };
  for (const w of words) {
    if (!join || w.charset !== pendingCharset) flush();
    pendingCharset = w.charset;
    for (const p of w.pieces) {
      if ('bytes' in p) {
        for (const b of p.bytes) pending.push(b);
      } else {
        flush();
        out += p.text;
      }
    }
  }
  flush();
  return out;
}

const countReplacement = (s: string): number => s.split('\ufffd').length - 1;

/** Decodes one run of adjacent encoded words (only whitespace between them, which is dropped). */
function decodeRun(words: Word[]): string {
  const joined = renderWords(words, true);
  if (words.length === 1 || !joined.includes('\ufffd')) return joined;
  // Joining is right for a character split across words; when it makes things worse the words
  // were independent (a stateful charset, or a sender that split at a byte boundary it should not).
  const apart = renderWords(words, false);
  return countReplacement(apart) < countReplacement(joined) ? apart : joined;
}

/** A header value with every RFC 2047 encoded word decoded once; text outside encoded words is kept as it is. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let pos = 0;
  let run: Word[] = [];
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const gap = value.slice(pos, m.index);
    if (run.length && !LINEAR_WHITESPACE.test(gap)) {
      out += decodeRun(run) + gap;
      run = [];
    } else if (!run.length) out += gap;
    // Whitespace between two encoded words is folding, not content (RFC 2047 §6.2).
    run.push({ charset: charsetOf(m[1]!), pieces: wordPieces(m[2]!.toUpperCase(), m[3]!) });
    pos = m.index + m[0].length;
  }
  if (run.length) out += decodeRun(run);
  return out + value.slice(pos);
}
