import { decodeWords } from 'postal-mime';
import { decodeIso2022Jp, ISO2022JP_LABEL } from './iso2022';

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
const CP1252_HIGH = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

export function decodeWindows1252(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    out += c >= 0x80 && c < 0xa0 ? CP1252_HIGH[c - 0x80] : String.fromCharCode(c);
  }
  return out;
}

/** Base64 (standard alphabet, as in B words and UTF-7) to bytes: characters outside the alphabet are skipped, a trailing partial group dropped. */
function base64Bytes(s: string): number[] {
  let data = s.split('=')[0]!.replace(/[^A-Za-z0-9+/]/g, '');
  if (data.length % 4 === 1) data = data.slice(0, -1);
  const bin = atob(data + '=='.slice(0, (4 - (data.length % 4)) % 4));
  const out: number[] = [];
  for (let i = 0; i < bin.length; i++) out.push(bin.charCodeAt(i));
  return out;
}

/** The value of an ASCII hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** Q-encoded text to bytes: `=XX` is a byte, `_` a space, anything else its own code. */
function qBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d && i + 2 < s.length) {
      const hi = hexDigit(s.charCodeAt(i + 1));
      const lo = hexDigit(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    out.push(c === 0x5f ? 0x20 : c);
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * One word's content. Non-ASCII characters inside a word are raw 8-bit text that has already
 * been decoded (raw-headers.ts), so they are kept as text and never decoded a second time.
 * Non-ASCII characters cannot be base64 data; a B word's are dropped, as a decoder would.
 */
function wordPieces(encoding: string, text: string): Piece[] {
  if (encoding === 'B') return [{ bytes: base64Bytes(text) }];
  if (!NON_ASCII.test(text)) return [{ bytes: qBytes(text) }];
  return text.split(/([^\x00-\x7f]+)/).map((part, i) => (i % 2 ? { text: part } : { bytes: qBytes(part) }));
}

/** The charset label without an RFC 2231 language suffix (`utf-8*ja`), lower-cased. */
function charsetOf(label: string): string {
  const star = label.indexOf('*');
  return (star >= 0 ? label.slice(0, star) : label).trim().toLowerCase();
}

const UTF7_LABEL = /^(?:(?:x-)?(?:unicode-1-1-)?utf-?7|csunicode11utf7)$/;

/** RFC 2152 UTF-7: direct characters, `+…-` runs of modified base64 UTF-16, `+-` for '+'. */
export function decodeUtf7(bytes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return text.replace(/\+([A-Za-z0-9/+]*)-?/g, (_m, run: string) => {
    if (!run) return '+';
    const b = base64Bytes(run);
    let out = '';
    for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return out;
  });
}

/** Answers of isWindows1252 by label: a TextDecoder costs far more to make than the words it would decode. */
const WINDOWS_1252 = new Map<string, boolean>();
/** Labels remembered at most; a message makes up labels at will, so the rest are asked each time. */
const MAX_LABELS_KEPT = 256;

function isWindows1252(charset: string): boolean {
  let answer = WINDOWS_1252.get(charset);
  if (answer !== undefined) return answer;
  try {
    answer = new TextDecoder(charset).encoding === 'windows-1252';
  } catch {
    answer = false;
  }
  if (WINDOWS_1252.size < MAX_LABELS_KEPT) WINDOWS_1252.set(charset, answer);
  return answer;
}

/** Bytes (each 0–255) as base64, in slices so a long header cannot overflow String.fromCharCode's arguments. */
function base64Of(bytes: readonly number[]): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.slice(i, i + 8192));
  return btoa(bin);
}

/** Bytes in a declared charset to text, once. */
export function decodeCharset(charset: string, bytes: readonly number[]): string {
  if (bytes.length === 0) return '';
  if (UTF7_LABEL.test(charset)) return decodeUtf7(bytes);
  if (isWindows1252(charset)) return decodeWindows1252(bytes);
  // postal-mime resolves the label (aliases, code-page numbers) and decodes the bytes.
  const label = /^[A-Za-z0-9._:+-]+$/.test(charset) ? charset : 'utf-8';
  // ISO-2022-JP with a decoder of its own each time, escapes normalised (see iso2022.ts): the
  // browsers' decoder and ICU then read the same text.
  if (ISO2022JP_LABEL.test(charset)) {
    const text = decodeIso2022Jp(bytes);
    if (text !== undefined) return text;
  }
  // One B word: postal-mime decodes it to exactly these bytes, with less work than a Q word.
  return decodeWords(`=?${label}?B?${base64Of(bytes)}?=`);
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

/** Decodes one run of adjacent encoded words (only whitespace between them, which is dropped). */
function decodeRun(words: Word[]): string {
  const joined = renderWords(words, true);
  // Joining is right for a character split across words; when it leaves undecodable bytes the
  // words were independent (a sender that split at a byte boundary it should not have).
  if (!joined.includes('\ufffd')) return joined;
  const apart = renderWords(words, false);
  return apart.includes('\ufffd') ? joined : apart;
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
