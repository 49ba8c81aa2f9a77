/**
 * Reads indicator files in the exchange formats, recognised by content: STIX 2.1 bundles, MISP
 * events (core format, `{"Event": …}`, as MISP's JSON export writes) and CSV with a `URL` column
 * (JPCERT/CC's `date,URL,description`). Anything else is our one-indicator-per-line format, which
 * `src/pack/parse-iocs.ts` reads. The values found here are checked there, by the same code as a
 * line, so every format accepts exactly the same indicators.
 *
 * Hostile input: every format has a size cap, JSON is checked for nesting depth before it is
 * parsed, and object, attribute, column and pattern sizes are capped. JSON has no references or
 * entities, so a "billion laughs" document cannot expand; its equivalents here are deep nesting,
 * millions of tiny objects and patterns with thousands of clauses, and each is refused before it
 * can cost time or memory. Pure. (Kept small: it ships in the pane's indicator loader.)
 */
import type { IndicatorKind } from './indicators';
import { parseSimplePattern } from './stix-pattern';

export type ImportFormat = 'lines' | 'stix' | 'misp' | 'csv';

/** Size caps, in characters of the decoded text. */
export const IMPORT_LIMITS = {
  /** STIX and MISP documents (100,000 STIX indicators take about 70 MB). */
  jsonChars: 64 * 1024 * 1024,
  /** Real STIX and MISP documents nest fewer than 10 levels. */
  jsonDepth: 64,
  /** Objects in a bundle, or attributes in an event. */
  jsonObjects: 500_000,
  csvChars: 128 * 1024 * 1024,
  csvColumns: 64,
  csvFieldChars: 4096,
} as const;

/** One value found in a file, before it is checked as an indicator. */
export interface ImportedValue {
  value: string;
  /** What the format says the value is; absent for CSV (classified like a line). */
  kind?: IndicatorKind;
  /** For hashes named by algorithm. */
  algorithm?: string;
  /** 1-based line (CSV) … */
  line?: number;
  /** … or the object that carried it (STIX id, MISP attribute position and uuid). */
  object?: string;
}

export interface ImportProblem {
  line?: number;
  object?: string;
  message: string;
}

export interface ImportResult {
  format: Exclude<ImportFormat, 'lines'>;
  values: ImportedValue[];
  errors: ImportProblem[];
  /** Skipped on purpose and said so (MISP types we do not match, revoked STIX objects…). */
  notes: ImportProblem[];
}

const ERROR_CAP = 200;

/** A clipped quote of input text; parse-iocs makes every message's invisible characters visible. */
const clip = (s: string): string => (s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** Which kind of text this is, from its first meaningful characters (JSON is STIX or MISP). */
export function detectFormat(text: string): 'json' | 'csv' | 'lines' {
  const t = text.replace(/^\ufeff/, '').trimStart();
  if (/^[{[]/.test(t)) return 'json';
  const first = (/^[^\r\n]*/.exec(t) ?? [''])[0];
  return !first.startsWith('#') && splitCsv(first).some((c) => c.trim().toLowerCase() === 'url') ? 'csv' : 'lines';
}

/** Reads a file in an exchange format; null means it is the line format. Never throws. */
export function importIndicatorText(text: string): ImportResult | null {
  // The format shows in the first characters; the size caps come before any copy of the text.
  const f = detectFormat(text.slice(0, 4096));
  if (f === 'lines') return null;
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return f === 'json' ? importJson(t) : importCsv(t);
}

/** Whether arrays and objects nest deeper than `limit`, found without parsing (strings skipped). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function result(format: ImportResult['format'], message?: string, object?: string): ImportResult {
  return { format, values: [], errors: message ? [{ message, ...(object ? { object } : {}) }] : [], notes: [] };
}

function importJson(text: string): ImportResult {
  if (text.length > IMPORT_LIMITS.jsonChars) return result('stix', `JSON file larger than ${IMPORT_LIMITS.jsonChars} characters`);
  if (jsonDepthExceeds(text, IMPORT_LIMITS.jsonDepth)) return result('stix', `JSON nested deeper than ${IMPORT_LIMITS.jsonDepth} levels`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return result('stix', `not valid JSON: ${clip(String(e))}`);
  }
  if (isObj(doc) && doc.type === 'bundle') return importStix(doc);
  return isObj(doc) && isObj(doc.Event) ? importMisp(doc.Event) : result('stix', 'JSON that is neither a STIX 2.1 bundle nor a MISP event ({"Event": …})');
}

function importStix(bundle: Obj): ImportResult {
  const r = result('stix');
  const objects = bundle.objects;
  if (!Array.isArray(objects)) return result('stix', 'bundle without an "objects" list');
  if (objects.length > IMPORT_LIMITS.jsonObjects) return result('stix', `${objects.length} objects, more than the ${IMPORT_LIMITS.jsonObjects} allowed`);
  for (let n = 0; n < objects.length && r.errors.length < ERROR_CAP; n++) {
    const o: unknown = objects[n];
    const where = isObj(o) && typeof o.id === 'string' ? clip(o.id) : `objects[${n}]`;
    const bad = (message: string): void => void r.errors.push({ object: where, message });
    if (!isObj(o) || typeof o.type !== 'string') bad('not a STIX object (no "type")');
    else if (o.type !== 'indicator') continue;
    else if (!where.startsWith('indicator--')) bad('indicator without an "id"');
    else if (o.revoked === true) r.notes.push({ object: where, message: 'revoked indicator, skipped' });
    else if (o.pattern_type !== 'stix') bad(`pattern_type ${clip(JSON.stringify(o.pattern_type) ?? 'missing')} is not supported (only "stix")`);
    else if (typeof o.pattern !== 'string') bad('"pattern" is not a string');
    else {
      try {
        for (const v of parseSimplePattern(o.pattern)) r.values.push({ ...v, object: where });
      } catch (e) {
        bad(`pattern not supported: ${e instanceof Error ? e.message : String(e)}: ${clip(o.pattern)}`);
      }
    }
  }
  return r;
}

/** MISP attribute types we import: the kind, and the hash algorithm where the type names one. */
const MISP_TYPES: Record<string, [IndicatorKind, string?]> = {
  md5: ['hash', 'MD5'],
  sha1: ['hash', 'SHA-1'],
  sha256: ['hash', 'SHA-256'],
  filename: ['filename'],
  'filename|sha256': ['filename', 'SHA-256'],
  domain: ['domain'],
  hostname: ['domain'],
  url: ['url'],
  'ip-dst': ['ip'],
  'email-src': ['email'],
};

function importMisp(event: Obj): ImportResult {
  const r = result('misp');
  const list = (v: unknown, where: string): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : (r.errors.push({ object: where, message: 'not a list' }), []));
  // Attributes of the event, then those inside MISP objects (a file object holds filename and hashes).
  const all = [...list(event.Attribute, 'Event.Attribute'), ...list(event.Object, 'Event.Object').flatMap((o, n) => list(isObj(o) ? o.Attribute : null, `Object[${n}].Attribute`))];
  if (all.length > IMPORT_LIMITS.jsonObjects) return result('misp', `${all.length} attributes, more than the ${IMPORT_LIMITS.jsonObjects} allowed`);
  const skipped = new Map<string, number>();
  all.forEach((a, n) => {
    const object = `attribute ${n + 1}${isObj(a) && typeof a.uuid === 'string' ? ` (${clip(a.uuid)})` : ''}`;
    if (!isObj(a) || typeof a.type !== 'string' || typeof a.value !== 'string') return void r.errors.push({ object, message: '"type" and "value" must be strings' });
    const t = MISP_TYPES[a.type];
    const why = a.deleted === true ? '' : !t ? `type "${clip(a.type)}"` : [false, 0, '0'].includes(a.to_ids as never) ? 'to_ids false (context, not for detection)' : null;
    if (why !== null) return void (why && skipped.set(why, (skipped.get(why) ?? 0) + 1));
    const [kind, algorithm] = t as [IndicatorKind, string?];
    const bar = a.type === 'filename|sha256' ? a.value.lastIndexOf('|') : -1;
    if (bar === 0 || (bar < 0 && algorithm && kind === 'filename')) r.errors.push({ object, message: 'filename|sha256 value without a file name and "|"' });
    else if (bar > 0) r.values.push({ value: a.value.slice(0, bar), kind, object }, { value: a.value.slice(bar + 1), kind: 'hash', algorithm, object });
    else r.values.push({ value: a.value, kind, object, ...(algorithm ? { algorithm } : {}) });
  });
  for (const [why, n] of skipped) r.notes.push({ message: `${n} attribute(s) skipped: ${why}` });
  return r;
}

/** Splits one CSV line (RFC 4180 quoting within the line). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"') {
      if (line[i + 1] === '"') cur += line[++i];
      else quoted = false;
    } else if (!quoted && c === '"' && cur === '') quoted = true;
    else if (!quoted && c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function importCsv(text: string): ImportResult {
  if (text.length > IMPORT_LIMITS.csvChars) return result('csv', `CSV file larger than ${IMPORT_LIMITS.csvChars} characters`);
  const r = result('csv');
  const lines = text.split(/\r\n|\n|\r/);
  let width = 0;
  let url = -1;
  for (let i = 0; i < lines.length && r.errors.length < ERROR_CAP; i++) {
    const rec = lines[i] ?? '';
    if (rec.trim() === '' || (url < 0 && rec.startsWith('#'))) continue;
    const cells = splitCsv(rec);
    const v = (cells[url] ?? '').trim();
    // A quoted field with a line break in it is not supported: no indicator feed needs one.
    const problem =
      (rec.split('"').length - 1) % 2 === 1 ? 'unbalanced quote'
      : cells.length > IMPORT_LIMITS.csvColumns ? `more than ${IMPORT_LIMITS.csvColumns} columns`
      : url >= 0 && cells.length !== width ? `${cells.length} columns, the header has ${width}`
      : v.length > IMPORT_LIMITS.csvFieldChars ? `URL longer than ${IMPORT_LIMITS.csvFieldChars} characters`
      : url >= 0 && v === '' ? 'empty URL column' : '';
    if (problem) r.errors.push({ line: i + 1, message: problem });
    else if (url >= 0) r.values.push({ value: v, line: i + 1 });
    else {
      const header = cells.map((c) => c.trim().toLowerCase());
      url = header.indexOf('url');
      width = header.length;
    }
  }
  return r;
}
