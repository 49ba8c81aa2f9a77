/**
 * Static reading of markup attachments (HTML, SVG, HTA). Loaded only when such an attachment is
 * inspected (see embedded.ts), which keeps it out of the pane's start-up scripts.
 *
 * HTML smuggling: a page that carries a file as a large base64 (or hex) string and rebuilds it in
 * the browser (`atob` → `Blob` → `msSaveOrOpenBlob` / `<a download>`). Where the payload is a
 * plain string, it is decoded here, within the usual byte limits, and handed back so the caller
 * inspects it like any attachment: a ZIP holding a `.lnk` is then seen by the LNK rule. Script is
 * never run and nothing is fetched; payloads built by code (XOR, reversed strings, arithmetic)
 * are reported by their markers only.
 */
import type { MarkupInfo } from '../../engine/types';

/** Bytes of a markup file read for script, markers and payloads; lures are far smaller. */
export const MAX_MARKUP_SCAN_BYTES = 8 * 1024 * 1024;
/** Shortest base64 run taken as a payload (≈ 3 KiB decoded); inline icons are smaller. */
export const MIN_SMUGGLED_BASE64_CHARS = 4096;
/** Shortest hex run taken as a payload (2 KiB decoded). */
export const MIN_SMUGGLED_HEX_CHARS = 4096;
/** Payloads decoded per markup file; a page carrying more is padding. */
export const MAX_SMUGGLED_PAYLOADS = 8;
export interface MarkupScan {
  info: MarkupInfo;
  /** Plain base64/hex payloads decoded out of a smuggling page, with the name the page gives them. */
  payloads: { name: string; bytes: Uint8Array }[];
  /** Payload strings seen but not decoded (count or size limit). */
  skipped: number;
  /** The file was longer than MAX_MARKUP_SCAN_BYTES and only its start was read. */
  truncated: boolean;
}

const SCRIPT_RE = /<script[\s>/]|\son[a-z]{3,20}\s*=|javascript:/i;
const MARKERS: ReadonlyArray<readonly [string, RegExp]> = [
  ['atob', /\batob\s*\(/],
  ['Blob', /\bnew\s+Blob\s*\(|\bBlob\s*\(\s*\[/],
  ['msSaveOrOpenBlob', /\bmsSave(?:OrOpen)?Blob\b/],
  ['createObjectURL', /\bcreateObjectURL\s*\(/],
  ['download=', /[\s.]download\s*=/i],
  ['data:application', /data:application\/[a-z0-9.+-]+;base64,/i],
];
/** The file name a page gives its download: `download="x.zip"`, `.download = 'x.zip'`, `msSaveOrOpenBlob(b, "x.zip")`. */
const NAME_RES: readonly RegExp[] = [/[\s.]download\s*=\s*["'`]([^"'`<>\r\n]{1,200})["'`]/i, /msSave(?:OrOpen)?Blob\s*\([^,)]{1,200},\s*["'`]([^"'`<>\r\n]{1,200})["'`]/];

const isB64 = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * Runs of base64 (with its `=` padding) or of hex digits at least the minimum long, found in one
 * linear pass (a regex with a `{4096,}` quantifier retries from every position of a shorter run).
 * At most MAX_SMUGGLED_PAYLOADS + 1 are returned: enough to decode the allowed number and to know
 * more were skipped.
 */
export function encodedRuns(text: string, hex: boolean): { s: string; hex: boolean }[] {
  const min = hex ? MIN_SMUGGLED_HEX_CHARS : MIN_SMUGGLED_BASE64_CHARS;
  const ok = hex ? isHex : isB64;
  const out: { s: string; hex: boolean }[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c >= 0 && ok(c)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      let end = i;
      if (!hex) while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++;
      let len = i - start;
      if (hex) len -= len % 2;
      if (len >= min) {
        const s = text.slice(start, hex ? start + len : end);
        // Hex digits are base64 characters too: an even run of nothing but hex digits is hex.
        out.push({ s, hex: hex || (len % 2 === 0 && len >= MIN_SMUGGLED_HEX_CHARS && /^[0-9a-fA-F]+$/.test(s)) });
        if (out.length > MAX_SMUGGLED_PAYLOADS) break;
      }
      start = -1;
    }
  }
  return out;
}

function decodeBase64(s: string, maxBytes: number): Uint8Array | null {
  const clean = s.replace(/=+$/, '');
  const n = Math.floor((clean.length * 3) / 4);
  if (n > maxBytes) return null;
  const out = new Uint8Array(n);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 43 ? 62 : c === 47 ? 63 : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < n) out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

function decodeHex(s: string, maxBytes: number): Uint8Array | null {
  const n = s.length >> 1;
  if (n > maxBytes) return null;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/**
 * Reads markup for script, smuggling markers and plain encoded payloads. `maxPayloadBytes` is
 * the most one decoded payload may take (the caller's entry and total limits).
 */
export function scanMarkup(b: Uint8Array, maxPayloadBytes: number): MarkupScan {
  const truncated = b.length > MAX_MARKUP_SCAN_BYTES;
  const raw = new TextDecoder('latin1').decode(truncated ? b.subarray(0, MAX_MARKUP_SCAN_BYTES) : b);
  const script = SCRIPT_RE.test(raw);
  const markers = MARKERS.filter(([, re]) => re.test(raw)).map(([m]) => m);
  const scan: MarkupScan = { info: { script, smuggling: [] }, payloads: [], skipped: 0, truncated };
  // Payload strings only matter beside something that turns them into a file.
  if (markers.length === 0) return scan;
  // "UEsDB" + "BQAA…": adjacent string literals joined, as the browser would.
  const text = raw.replace(/(["'`])\s*\+\s*\1/g, '').replace(/\\\r?\n/g, '');
  let runs = encodedRuns(text, false);
  if (runs.length === 0) runs = encodedRuns(text, true);
  if (runs.length === 0) return scan;
  // A large payload plus a way to turn it into a file: smuggling. Inline images need neither atob
  // nor a download, so an ordinary page with pictures stays quiet.
  const builds = markers.some((m) => m !== 'data:application') || runs.some((r) => !r.hex && /data:application/i.test(text));
  if (!builds) return scan;
  scan.info.smuggling = markers;
  let name = '';
  for (const re of NAME_RES) {
    const m = re.exec(text);
    if (m?.[1]) {
      // The text was read as Latin-1 (one character per byte); the name is UTF-8 in most pages.
      const bytes = Uint8Array.from(m[1].trim(), (ch) => ch.charCodeAt(0) & 0xff);
      name = new TextDecoder('utf-8').decode(bytes);
      break;
    }
  }
  for (const r of runs) {
    if (scan.payloads.length >= MAX_SMUGGLED_PAYLOADS) {
      scan.skipped++;
      continue;
    }
    const bytes = r.hex ? decodeHex(r.s, maxPayloadBytes) : decodeBase64(r.s, maxPayloadBytes);
    if (!bytes) {
      scan.skipped++;
      continue;
    }
    const n = scan.payloads.length + 1;
    scan.payloads.push({ name: n === 1 && name ? name : `embedded-payload-${n}.bin`, bytes });
  }
  return scan;
}
