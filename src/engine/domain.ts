/**
 * Host and domain helpers built on tldts (ICANN section only: a private suffix such as
 * `sharepoint.com` tenants must not turn every tenant into its own "registrable domain" for our
 * comparisons, and the brief fixes `allowPrivateDomains: false`).
 */
import { parse } from 'tldts';
import { toUnicodeHost } from './punycode';

const TLD_OPTIONS = { allowPrivateDomains: false } as const;

export interface HostInfo {
  /** Lower-case host name (ASCII as written, or Unicode if the input was Unicode). */
  host: string;
  /** Registrable domain (eTLD+1), or '' for IPs, bare suffixes and garbage. */
  domain: string;
  /** Public suffix ('' when unknown). */
  suffix: string;
  /** The label just before the public suffix ('' when none). */
  label: string;
  isIp: boolean;
  /** True when the suffix is in the ICANN list (so the token really is a domain name). */
  isIcann: boolean;
}

const EMPTY: HostInfo = { host: '', domain: '', suffix: '', label: '', isIp: false, isIcann: false };

/** Longest host name DNS allows; longer strings are not worth parsing as hosts. */
const MAX_HOST_CHARS = 253;

/** Parses a host, URL or e-mail address into its domain parts; never throws. */
export function hostInfo(input: string): HostInfo {
  if (typeof input !== 'string' || input.length === 0) return EMPTY;
  try {
    const r = parse(input.length > 2048 ? input.slice(0, 2048) : input, TLD_OPTIONS);
    const host = (r.hostname ?? '').toLowerCase().replace(/\.$/, '');
    if (!host || host.length > MAX_HOST_CHARS) return EMPTY;
    return {
      host,
      domain: (r.domain ?? '').toLowerCase(),
      suffix: (r.publicSuffix ?? '').toLowerCase(),
      label: (r.domainWithoutSuffix ?? '').toLowerCase(),
      isIp: r.isIp === true,
      isIcann: r.isIcann === true,
    };
  } catch {
    return EMPTY;
  }
}

/**
 * The host of `scheme://host` followed by a path, query, fragment or nothing, lower-cased, where
 * the scheme is http, https or ftp and the host is plain ASCII labels (letters, digits, hyphens)
 * in any case; undefined for anything else (ports, user-info, underscores, IDN, backslashes).
 * tldts reads exactly that host out of such a URL, so the URL and the bare host parse alike and
 * one cache entry serves every link to the host (newsletters link the same few hosts dozens of
 * times). A character loop, so the look-up every link makes allocates one string instead of a
 * match array (fast-paths.test.ts checks both).
 */
export function plainUrlHost(s: string): string | undefined {
  const start = schemeLength(s);
  if (start < 0) return undefined;
  let dots = 0;
  let label = 0;
  let upper = false;
  let j = start;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) label++;
    else if (c >= 0x41 && c <= 0x5a) {
      label++;
      upper = true;
    } else if (c === 0x2e && label > 0) {
      dots++;
      label = 0;
    } else break;
  }
  if (dots === 0 || label === 0) return undefined;
  if (j < s.length) {
    const c = s.charCodeAt(j);
    if (c !== 0x2f && c !== 0x3f && c !== 0x23) return undefined;
  }
  const host = s.slice(start, j);
  return upper ? host.toLowerCase() : host;
}

/** Length of a leading `http://`, `https://` or `ftp://` in any case, or -1. */
function schemeLength(s: string): number {
  const at = s.indexOf('://');
  if (at < 3 || at > 5) return -1;
  return asciiWordAt(s, 0, at === 3 ? 'ftp' : at === 4 ? 'http' : 'https') ? at + 3 : -1;
}

/** `word` (lower-case ASCII letters) stands at `at` in `s`, in any case. */
export function asciiWordAt(s: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** Entries one cache holds; when full it starts afresh (bounded memory on hostile input). */
export const MAX_HOST_CACHE_ENTRIES = 10_000;
/** Longest key cached: the cache outlives one message, so hostile long inputs must not fill memory. */
const MAX_HOST_CACHE_KEY = 512;

/** Parsed hosts, kept per compiled pack across messages: tldts is the costliest step per link, and hosts repeat. */
export type HostCache = Map<string, HostInfo>;

/** hostInfo through a cache; same result as hostInfo(input). */
export function cachedHostInfo(cache: HostCache, input: string): HostInfo {
  if (typeof input !== 'string') return EMPTY;
  const key = plainUrlHost(input) ?? input;
  let info = cache.get(key);
  if (info === undefined) {
    info = hostInfo(key);
    if (key.length > MAX_HOST_CACHE_KEY) return info;
    if (cache.size >= MAX_HOST_CACHE_ENTRIES) cache.clear();
    cache.set(key, info);
  }
  return info;
}

/** registrable() through a host cache. */
export function cachedRegistrable(cache: HostCache, hostOrAddress: string): string {
  const h = hostOrAddress.includes('@') ? addressDomain(hostOrAddress) : hostOrAddress;
  const info = cachedHostInfo(cache, h);
  return info.domain || info.host;
}

/** `>`, `]` or `.`: what may trail the domain of an address as written (`<a@b.example>.`). */
const isAddressTail = (c: number): boolean => c === 0x3e || c === 0x5d || c === 0x2e;

/**
 * The domain part of an address (`a@b.example` → `b.example`), lower-cased, without trailing
 * `>`, `]` or `.`. Trimmed by a loop from the end: /[>\].]+$/ retries from every position of a
 * run that is not at the end, quadratic on a Reply-To holding a long run of dots.
 */
export function addressDomain(address: string): string {
  if (typeof address !== 'string') return '';
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = address.slice(at + 1).trim().toLowerCase();
  let end = domain.length;
  while (end > 0 && isAddressTail(domain.charCodeAt(end - 1))) end--;
  return end === domain.length ? domain : domain.slice(0, end);
}

/**
 * Look-alike characters folded to the ASCII letter a reader would take them for: Cyrillic and
 * Greek homoglyphs, full-width forms (NFKC handles most), digits that pass for letters.
 */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o',
  р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g', ɑ: 'a',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  ω: 'w', ı: 'i', ł: 'l', ø: 'o', '0': 'o', '1': 'l', '3': 'e', '5': 's', '|': 'l', i: 'l',
};
const ASCII_LABEL_RE = /^[\x00-\x7f]*$/;
/** The ASCII keys of CONFUSABLES. */
const ASCII_CONFUSABLE_RE = /[0135|i]/g;
/** Letter pairs that render like one letter in most fonts. */
const DIGRAPHS: readonly (readonly [RegExp, string])[] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/**
 * The ASCII a reader sees in a label that holds non-ASCII letters: `xn--` decoded, accents
 * removed, Cyrillic and Greek homoglyphs folded to the Latin letters they pass for (`мофа` →
 * `mofa`, `mоfa-go-jp` with a Cyrillic о → `mofa-go-jp`). Unlike the skeleton it leaves ASCII
 * alone (`expo2025` stays as written), so the word-level look-alike checks can run on it. Returns
 * '' when the label is plain ASCII or still holds letters that are not Latin after folding
 * (a genuine Japanese or Russian name is not a spelling of an ASCII one).
 */
export function readerAscii(label: string): string {
  const lower = label.toLowerCase();
  if (ASCII_LABEL_RE.test(lower) && !lower.includes('xn--')) return '';
  const decoded = toUnicodeHost(lower).normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of decoded) {
    const c = ch.charCodeAt(0);
    out += c < 0x80 ? ch : (CONFUSABLES[ch] ?? ch);
  }
  return ASCII_LABEL_RE.test(out) && out !== lower ? out : '';
}

/**
 * A "skeleton" in the spirit of UTS #39: two labels with the same skeleton look the same to a
 * reader. Accents are removed (NFD), confusables folded, `i`/`1`/`l` merged, hyphens and dots kept.
 */
export function skeleton(label: string): string {
  const lower = label.toLowerCase();
  // Plain ASCII (no IDN label to decode) is what almost every domain is: NFKC/NFD and mark removal
  // change nothing there, and the only ASCII confusables fold in one step to letters that do not
  // fold again, so one replace gives the same skeleton as the general path below.
  if (ASCII_LABEL_RE.test(lower) && !lower.includes('xn--')) {
    let s = lower.replace(ASCII_CONFUSABLE_RE, (ch) => CONFUSABLES[ch] ?? ch);
    for (const [re, to] of DIGRAPHS) s = s.replace(re, to);
    return s;
  }
  let s = toUnicodeHost(label.toLowerCase()).normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');
  // Twice, so a homoglyph that folds to a letter which itself folds (Cyrillic і → i → l) lands at the end of the chain.
  for (let pass = 0; pass < 2; pass++) s = [...s].map((ch) => CONFUSABLES[ch] ?? ch).join('');
  for (const [re, to] of DIGRAPHS) s = s.replace(re, to);
  return s;
}

/**
 * Levenshtein distance when it is at most `max`, otherwise `max + 1` (we only ever ask "within
 * 2?"). Only the diagonal band |i - j| <= max can hold a value <= max, so only that band is
 * computed, in two rows reused across the loop, and the loop stops once a whole row exceeds max.
 */
export function editDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (Math.abs(n - m) > max) return over;
  if (a === b) return 0;
  let prev = new Array<number>(m + 2).fill(over);
  let cur = new Array<number>(m + 2).fill(over);
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    // The cell left of the band: column 0 is i deletions, anything further right is out of band.
    cur[lo - 1] = lo === 1 && i <= max ? i : over;
    let rowMin = cur[lo - 1] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const diag = (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const up = (prev[j] as number) + 1;
      const left = (cur[j - 1] as number) + 1;
      let v = diag < up ? diag : up;
      if (left < v) v = left;
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The next row reads one cell right of this band as "up": it is out of band.
    cur[hi + 1] = over;
    if (rowMin > max) return over;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m] as number, over);
}
