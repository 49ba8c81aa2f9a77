/**
 * Text helpers shared by the detectors: normalisation for matching, defanging for display and
 * refanging for indicator look-ups. All pure and total on any string.
 */
import { hostInfo } from './domain';

/**
 * Characters that change how text is displayed or split without being visible: bidi embeddings,
 * overrides and isolates, marks, zero-width joiners/spaces, word joiner, BOM, Mongolian vowel
 * separator and the invisible math operators. Attackers use them to split keywords (`メルカ⁤リ`)
 * or to reorder file names (`資料‮fdp.exe`).
 */
export const INVISIBLE_RE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u061C\u00AD]/g;
/** Only the bidi controls (a subset of INVISIBLE_RE), for telling the user which trick was used. */
export const BIDI_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** C0/C1 controls other than tab/newline, which never belong in names or display text. */
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** Runs of two or more whitespace characters, or one that is not a plain space: single spaces (most of them) are left alone, which is the same result as /\s+/ → ' ' at a fraction of the cost. */
const WHITESPACE_RUN = /\s{2,}|[^\S ]/g;
/**
 * Anything refang could change: brackets, parentheses, braces, or the start of a mangled scheme
 * (hx…, h*…, fx…). A loose pre-check on purpose: a single-character alternation is the cheapest
 * regex V8 runs, and IOC files call this once per line.
 */
const MAYBE_DEFANGED = /[[({]|[hf][x*]/i;

/** JavaScript's \s on one UTF-16 code unit (what normaliseText folds to a space). */
export function isWhitespaceUnit(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, '');
}

/**
 * The form every keyword, name and list value is compared in: NFKC (full-width and half-width
 * forms fold together), invisible characters removed (before and after NFKC, since NFKC can expose
 * new ones from compatibility forms), lower case, whitespace collapsed to one space.
 */
export function normaliseText(s: string): string {
  if (typeof s !== 'string') return '';
  // Pure ASCII has nothing for NFKC or the invisible-character pass to change (all of those are
  // non-ASCII): skip both, which is most of the cost on English mail.
  if (ASCII_ONLY.test(s)) return s.toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
  return foldCompat(s).toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * The character-level part of normaliseText: invisible characters removed, NFKC, invisible
 * characters removed again. KeywordMatcher.mayMatch applies it to short pieces of a body, so both
 * use this one definition.
 */
export function foldCompat(s: string): string {
  let out = stripInvisible(s);
  try {
    out = out.normalize('NFKC');
  } catch {
    // Lone surrogates cannot throw in NFKC in V8, but a hostile runtime string must not stop us.
  }
  return stripInvisible(out);
}

/** Longest text the UI and CLI show for one evidence value; the raw value stays in `value`. */
export const MAX_DISPLAY_CHARS = 200;

function visibleCodePoint(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Shows control, bidi and zero-width characters as `<U+XXXX>` and changes nothing else; `defang`
 * does this too, and the CLI uses it alone for file names and other text it prints.
 */
export function markInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, visibleCodePoint).replace(CONTROL_RE, visibleCodePoint);
}

/**
 * markInvisible for text printed as one line (a terminal, an error message): tab and line breaks
 * are shown too, since there they could fake a line or a record.
 */
export function markInvisibleLine(s: string): string {
  return markInvisible(s).replace(/[\t\n\r]/g, visibleCodePoint);
}

/**
 * Dotted tokens whose last label could be a top-level domain; only those tldts confirms as ICANN
 * names are defanged, so `資料.pdf.exe` stays readable while `report.zip` (a real TLD) does not.
 */
const HOSTISH_RE = /(?<![\p{L}\p{N}_-])((?:[\p{L}\p{N}_-]+\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]+))(?![\p{L}\p{N}_-])/giu;
const SCHEME_RE = /\b(h)(tt|xx)(ps?)(:\/\/|\[:\]\/\/)/gi;

/**
 * Makes a value safe to show: URLs stop being clickable (`hxxps[:]//`), domains are broken with
 * `[.]`, and control, bidi and zero-width characters are shown as `<U+202E>` so a reordered file
 * name reads as what it is. Truncated to MAX_DISPLAY_CHARS.
 */
export function defang(s: string): string {
  if (typeof s !== 'string') return '';
  const truncated = [...s.slice(0, MAX_DISPLAY_CHARS * 2)].slice(0, MAX_DISPLAY_CHARS).join('');
  let out = truncated
    .replace(SCHEME_RE, (_m, h: string, _t: string, p: string) => `${h}xx${p}[:]//`)
    .replace(HOSTISH_RE, (m) => (hostInfo(m).isIcann ? m.replace(/\./g, '[.]') : m));
  out = markInvisible(out);
  return truncated.length < s.length ? `${out}…` : out;
}

/**
 * Every defanged form analysts use, as one alternation so the text is scanned once: [.] (.) {.}
 * [dot] (dot) {dot} → `.`, [:] → `:`, [://] → `://`, [/] → `/`, [@] (@) [at] (at) {at} → `@`, and a
 * mangled scheme before a colon (hxxp, hxxps, h**p, fxp). Only bracketed forms are listed, so
 * ordinary brackets and the word "at" survive. No replacement can complete another form, so
 * one pass gives the same result as applying the forms one after another.
 */
const DEFANGED_RE = /\[:\/\/\]|\[:\]|\[\/\]|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[@\]|\(@\)|\[at\]|\(at\)|\{at\}|\b(?:h(?:xx|\*\*)ps?|fxp)(?=\[?:)/gi;

function refangForm(m: string): string {
  const l = m.toLowerCase();
  switch (l) {
    case '[://]':
      return '://';
    case '[:]':
      return ':';
    case '[/]':
      return '/';
    case '[@]':
    case '(@)':
    case '[at]':
    case '(at)':
    case '{at}':
      return '@';
    case 'fxp':
      return 'ftp';
    default:
      // [.] (.) {.} [dot] (dot) {dot}, or a scheme: hxxp(s) / h**p(s) → http(s), lower case.
      return l.startsWith('h') ? (l.endsWith('s') ? 'https' : 'http') : '.';
  }
}

/**
 * Undoes the usual defanging conventions (see DEFANGED_RE) so indicators written by analysts (or
 * pasted into a mail by a well-meaning colleague) match. Shared by the engine (message text,
 * links) and the admin IOC parser (src/pack), so both read a defanged indicator the same way.
 */
export function refang(s: string): string {
  if (typeof s !== 'string') return '';
  // Most text, and most lines of an IOC file, hold nothing defanged: no replace at all.
  if (!MAYBE_DEFANGED.test(s)) return s;
  // `[.]` is by far the commonest form (most defanged IOC lines hold nothing else), and a literal
  // replace is much cheaper than the regex. Its result is final only when nothing bracketed is
  // left: `a[[.]]b` must stay `a[.]b`, so anything else goes through the one-pass regex on `s`.
  if (s.includes('[.]')) {
    const t = s.replaceAll('[.]', '.');
    if (!MAYBE_DEFANGED.test(t)) return t;
  }
  return s.replace(DEFANGED_RE, refangForm);
}

/** Splits a name into stem and lower-case extension list after invisible and padding removal. */
export function fileExtensions(name: string): string[] {
  const clean = normaliseText(name)
    .replace(/[\s.]+$/, '')
    .replace(/\s+\./g, '.');
  const base = clean.split(/[\\/]/).pop() ?? '';
  const parts = base.split('.');
  return parts.length > 1 ? parts.slice(1).map((p) => p.trim()) : [];
}

