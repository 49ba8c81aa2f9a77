/**
 * The subset of STIX 2.1 patterning we import: comparisons `object:path = 'value'` inside one
 * observation `[…]`, joined by OR, or by AND when they describe the same object; observations
 * joined by OR. `file:name LIKE '…%…'` is accepted too, because our own export writes published
 * names with redacted parts that way. Everything else (MATCHES, IN, !=, qualifiers, FOLLOWEDBY,
 * parentheses, AND between observations…) is refused with the reason rather than half-understood:
 * a pattern matched more broadly than its author meant raises false alarms, more narrowly misses.
 * Pure and linear in the pattern's length. (Kept small: it ships in the pane's indicator loader.)
 */
import type { IndicatorKind } from './indicators';

export const MAX_PATTERN_CHARS = 8192;
export const MAX_PATTERN_COMPARISONS = 256;

export interface PatternValue {
  kind: IndicatorKind;
  value: string;
  /** For hashes: the algorithm the pattern names (MD5, SHA-1, SHA-256). */
  algorithm?: string;
}

// One token per match: space, bracket, quoted string (with \' and \\ escapes), operator, or a word
// (object path or keyword; quoted path segments such as hashes.'SHA-256' and [*] stay inside).
const TOKEN_RE = /\s+|[[\]()]|'(?:[^'\\]|\\['\\])*'|[!<>]=|[=<>]|(?:[^\s()=!<>[\]']|'[^']*'|\[[^\]]*\])+/y;

const HASHES: Record<string, string> = { md5: 'MD5', 'sha-1': 'SHA-1', sha1: 'SHA-1', 'sha-256': 'SHA-256', sha256: 'SHA-256' };
const VALUE_KINDS: Record<string, IndicatorKind> = {
  'domain-name:value': 'domain',
  'ipv4-addr:value': 'ip',
  'ipv6-addr:value': 'ip',
  'url:value': 'url',
  'email-addr:value': 'email',
  'file:name': 'filename',
};

function tokenize(p: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < p.length) {
    const at = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(p);
    if (!m) throw new Error(`cannot read the pattern at character ${at + 1}`);
    if (!/^\s/.test(m[0])) out.push(m[0]);
  }
  return out;
}

function kindOf(path: string): PatternValue | null {
  const h = /^file:hashes\.(?:'([^']+)'|([\w-]+))$/.exec(path);
  const alg = h && HASHES[(h[1] ?? h[2] ?? '').toLowerCase()];
  if (alg) return { kind: 'hash', value: '', algorithm: alg };
  const k = VALUE_KINDS[path];
  return k ? { kind: k, value: '' } : null;
}

/** The values a pattern names; throws an Error saying what is not supported (the caller adds the id). */
export function parseSimplePattern(pattern: string): PatternValue[] {
  if (pattern.length > MAX_PATTERN_CHARS) throw new Error(`longer than ${MAX_PATTERN_CHARS} characters`);
  const t = tokenize(pattern);
  const out: PatternValue[] = [];
  let i = 0;
  let n = 0;
  for (;;) {
    if (t[i++] !== '[') throw new Error('expected "[" to open an observation');
    const group: PatternValue[] = [];
    const objects = new Set<string>();
    let joiner = '';
    for (;;) {
      const path = t[i++] ?? '';
      const op = (t[i++] ?? '').toUpperCase();
      const lit = t[i++] ?? '';
      if (!/^'/.test(lit)) throw new Error(path === '(' ? 'parentheses are not supported' : `expected object path, operator and quoted value near "${path}"`);
      const value = lit.slice(1, -1).replace(/\\(['\\])/g, '$1');
      const k = kindOf(path);
      if (!k) throw new Error(`${path} is not imported (only file hashes and name, domain-name, ipv4/ipv6-addr, url and email-addr values)`);
      if (op === '=') group.push({ ...k, value });
      else if (op === 'LIKE' && k.kind === 'filename' && !/[_*]/.test(value)) group.push({ kind: 'filename', value: value.replace(/%/g, '*') });
      else throw new Error(`"${op}" is not supported (only "=", and LIKE on file:name)`);
      objects.add(path.split(':')[0] ?? '');
      if (++n > MAX_PATTERN_COMPARISONS) throw new Error(`more than ${MAX_PATTERN_COMPARISONS} comparisons`);
      const next = (t[i++] ?? ']').toUpperCase();
      if (next === ']') break;
      if ((next !== 'AND' && next !== 'OR') || (joiner && joiner !== next)) throw new Error(`"${next}" is not supported here`);
      joiner = next;
    }
    if (joiner === 'AND') {
      if (objects.size > 1) throw new Error('AND joins comparisons of different objects');
      // One object with several properties: a hash names the file whatever it is called, so its
      // hashes alone are imported when there are any (the name alone would match other files).
      const hashes = group.filter((g) => g.kind === 'hash');
      out.push(...(hashes.length > 0 ? hashes : group));
    } else out.push(...group);
    if (i >= t.length) return out;
    const w = (t[i++] ?? '').toUpperCase();
    if (w !== 'OR') throw new Error(`"${w}" between observations is not supported (only OR)`);
  }
}
