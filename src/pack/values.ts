/**
 * Value checks shared by the pack validator and the admin IOC parser, so a value accepted in
 * `--iocs FILE` is exactly one that would be accepted in `seeds/lists/*.yml`.
 */
import { parse } from 'tldts';
import { INVISIBLE_RE as ENGINE_INVISIBLE_RE } from '../engine/text';

const HASH_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/;
const IPV4_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// Cheap pre-filter: only strings made of hex digits, colons and (for an embedded IPv4 tail) dots
// go on to the URL parser, which does the real RFC 4291 check.
const IPV6_CHARS_RE = /^[0-9a-f:.]+$/;
// RFC 5321 allows more, but IOC feeds only ever carry plain addresses; anything stranger is far
// more likely a copy-paste error than an indicator.
const EMAIL_LOCAL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
// LDH labels (punycode `xn--` labels included), at least two of them. Three flat regexes instead
// of one nested per-label pattern: V8 runs these several times faster, which matters for
// 100,000-line IOC files.
const HOST_CHARS_RE = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
const BAD_HYPHEN_RE = /(?:^|\.)-|-(?:\.|$)/;
const LONG_LABEL_RE = /[^.]{64}/;
// The host is already known to be well-formed, so tldts may skip its own extraction and checks.
const TLDTS_FAST = { extractHostname: false, validateHostname: false, detectIp: false } as const;

/**
 * Zero-width, bidi and other invisible format characters: never legitimate in pack text. The
 * engine's set, so the pack refuses exactly what the engine would strip; without the global
 * flag, because validate-pack calls exec() on many strings.
 */
export const INVISIBLE_RE = new RegExp(ENGINE_INVISIBLE_RE.source, 'u');

/** MD5, SHA-1 or SHA-256 in lower-case hex. */
export function isHash(v: string): boolean {
  return HASH_RE.test(v);
}

export function isIpv4(v: string): boolean {
  return IPV4_RE.test(v);
}

/** IPv6 in lower case, in the compressed form the WHATWG URL parser prints. */
export function normaliseIpv6(v: string): string | null {
  const s = v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
  if (!s.includes(':') || !IPV6_CHARS_RE.test(s.toLowerCase())) return null;
  try {
    const host = new URL(`http://[${s}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

export function isIp(v: string): boolean {
  return isIpv4(v) || normaliseIpv6(v) === v;
}

/**
 * A lower-case host name under a real (ICANN) public suffix: `mofa.go.jp`, `www.ninesmn.com`.
 * Rejects schemes, paths, ports, bare suffixes (`co.jp`), single labels and IP addresses.
 */
export function isDomain(v: string): boolean {
  if (v.length > 253 || !HOST_CHARS_RE.test(v) || BAD_HYPHEN_RE.test(v) || LONG_LABEL_RE.test(v) || isIpv4(v)) return false;
  const p = parse(v, TLDTS_FAST);
  return p.isIcann === true && p.domain !== null;
}

/** An http(s) or ftp URL with a domain or IP host, written in lower case up to the path. */
export function isUrl(v: string): boolean {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  return isAcceptableUrl(u) && isLowerPrefix(u, v);
}

/** The scheme is http(s) or ftp and the host is a domain under a public suffix or an IP. */
export function isAcceptableUrl(u: URL): boolean {
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ftp:') return false;
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return isDomain(host) || isIp(host);
}

function isLowerPrefix(u: URL, v: string): boolean {
  const prefix = `${u.protocol}//${u.host}`;
  return v.startsWith(prefix);
}

export function isEmail(v: string): boolean {
  const at = v.lastIndexOf('@');
  if (at <= 0 || v !== v.toLowerCase()) return false;
  const local = v.slice(0, at);
  return EMAIL_LOCAL_RE.test(local) && !local.startsWith('.') && !local.endsWith('.') && isDomain(v.slice(at + 1));
}
