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
/** Anything refang could change: brackets, parentheses, braces, or an hxxp-style scheme. */
const MAYBE_DEFANGED = /[[({]|h(?:xx|\*\*)p/i;

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
  let out = stripInvisible(s);
  try {
    out = out.normalize('NFKC');
  } catch {
    // Lone surrogates cannot throw in NFKC in V8, but a hostile runtime string must not stop us.
  }
  return stripInvisible(out).toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
}

/** Longest text the UI and CLI show for one evidence value; the raw value stays in `value`. */
export const MAX_DISPLAY_CHARS = 200;

function visibleCodePoint(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
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
  out = out.replace(INVISIBLE_RE, visibleCodePoint).replace(CONTROL_RE, visibleCodePoint);
  return truncated.length < s.length ? `${out}…` : out;
}

/**
 * Undoes the usual defanging conventions so indicators written by analysts (or pasted into a mail
 * by a well-meaning colleague) match: hxxp → http, [.] (.) {.} [dot] → ., [:] → :, [://] → ://,
 * [@] [at] → @.
 */
export function refang(s: string): string {
  if (typeof s !== 'string') return '';
  if (!MAYBE_DEFANGED.test(s)) return s;
  return s
    .replace(/\bh(?:xx|\*\*|XX)p(s?)(?=\[?:)/gi, (_m, sfx: string) => `http${sfx}`)
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[@\]|\[at\]|\(at\)/gi, '@');
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

/** The last extension of a (normalised) file name, or '' when it has none. */
export function lastExtension(name: string): string {
  const exts = fileExtensions(name);
  return exts[exts.length - 1] ?? '';
}
