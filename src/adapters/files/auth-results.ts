import type { AuthResult } from '../../engine/types';

/**
 * RFC 8601 Authentication-Results parser. Values come from whoever relayed the message, so
 * anything malformed is skipped, never thrown on. Comments in parentheses (which may nest)
 * are removed first; quoted strings are honoured so a ';' inside quotes does not split.
 */

/** Results per header beyond this are ignored: real headers carry a handful. */
export const MAX_AUTH_RESULTS_PER_HEADER = 64;

/** Removes (nested) comments outside quoted strings, in one pass. */
export function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += c + value.charAt(i + 1);
      i++;
      continue;
    }
    if (depth === 0 && c === '"') {
      quoted = !quoted;
      out += c;
      continue;
    }
    if (!quoted && c === '(') {
      depth++;
      continue;
    }
    if (!quoted && c === ')' && depth > 0) {
      depth--;
      if (depth === 0) out += ' ';
      continue;
    }
    if (depth === 0) out += c;
  }
  return out;
}

/** Splits on ';' outside quoted strings. */
function splitStatements(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && quoted) {
      cur += c + value.charAt(i + 1);
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Splits on whitespace outside quoted strings, joining `a = b` into `a=b`. */
function tokens(statement: string): string[] {
  const raw: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < statement.length; i++) {
    const c = statement.charAt(i);
    if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (!quoted && /\s/.test(c)) {
      if (cur) raw.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) raw.push(cur);
  // Re-attach '=' that was written with spaces around it.
  const out: string[] = [];
  for (const t of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && (t.startsWith('=') || last.endsWith('='))) out[out.length - 1] = last + t;
    else out.push(t);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

/** Parses one Authentication-Results header value. */
export function parseAuthenticationResults(value: string): AuthResult[] {
  const statements = splitStatements(stripComments(value));
  const first = tokens(statements[0] ?? '');
  // The authserv-id is the first token; an optional version number may follow it.
  // Exchange Online omits the authserv-id and starts straight with "spf=pass"; keep its
  // results with an empty id rather than dropping the header.
  const headToken = first[0] ?? '';
  const noId = headToken.includes('=');
  const authservId = noId ? '' : headToken.toLowerCase();
  if (!noId && !authservId) return [];
  const results: AuthResult[] = [];
  for (const statement of noId ? statements : statements.slice(1)) {
    if (results.length >= MAX_AUTH_RESULTS_PER_HEADER) break;
    const toks = tokens(statement);
    const head = toks[0];
    if (!head) continue;
    const eq = head.indexOf('=');
    if (eq <= 0) continue;
    // method may carry a version: "dkim/1=pass".
    const method = head.slice(0, eq).split('/')[0]!.trim().toLowerCase();
    const result = unquote(head.slice(eq + 1)).trim().toLowerCase();
    if (!method || method === 'none' || !result) continue;
    const props: Record<string, string> = {};
    for (const t of toks.slice(1)) {
      const e = t.indexOf('=');
      if (e <= 0) continue; // e.g. "reason" without value, or stray words
      const key = t.slice(0, e).toLowerCase();
      if (key === 'reason') continue;
      if (!key.includes('.')) continue;
      if (!(key in props)) props[key] = unquote(t.slice(e + 1));
    }
    results.push({ authservId, method, result, props });
  }
  return results;
}
