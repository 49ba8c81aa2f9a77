/**
 * A small typed validator for the raw YAML objects that make up an indicator pack.
 *
 * It is pure and platform-neutral (no fs, no YAML parser): the build script, the CLI's `--pack`
 * and the task pane's admin pack URL all hand it already-parsed objects. Every problem is data
 * (`{file, path, message}`) and all of them are reported in one pass, so a pack author fixes a
 * file once rather than once per error.
 *
 * Hint: a hand-written validator instead of ajv + JSON Schema because it also runs in the task
 * pane, whose whole bundle has a 200 KB gzip budget, and because most of the checks that matter
 * (a source id resolves, a domain has a public suffix, no bidi characters) are not schema checks.
 */
import type {
  Bilingual,
  Category,
  Confidence,
  GuidanceItem,
  ListEntry,
  ListKind,
  Pack,
  PackList,
  Rule,
  Severity,
  Source,
} from '../engine/types';
import { KNOWN_DETECTORS } from './detectors';
import { recordOrigin } from './origin';
import { INVISIBLE_RE, isDomain, isEmail, isHash, isIp, isUrl } from './values';

export interface PackError {
  /** The file the problem is in, as given to the validator (e.g. `seeds/rules/mf-ioc-admin.yml`). */
  file: string;
  /** Where in that file, e.g. `title.ja`, `entries[12].sources[0]`, `rules[0].params.list`. */
  path: string;
  message: string;
}

/** What a file is, from where it sits under `seeds/` (or `extra` for a `--pack` file). */
export type PackFileKind = 'pack' | 'sources' | 'guidance' | 'list' | 'rule' | 'extra';

export interface RawPackDoc {
  file: string;
  kind: PackFileKind;
  /** The parsed YAML document. */
  data: unknown;
}

export interface ValidateOptions {
  /** Already-validated pack whose ids extra docs may reference and must not redefine. */
  base?: Pack;
}

/** Source id given to admin-supplied indicators; always resolves, never defined in a pack. */
export const ADMIN_SOURCE_ID = 'admin';

/** The list that names shared dynamic-DNS parents (`ftp.sh`, …): never a campaign value itself. */
export const DYNAMIC_DNS_LIST_ID = 'dynamic-dns-parents';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const CATEGORIES: readonly Category[] = ['lure', 'sender', 'auth', 'payload', 'link', 'ioc'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];
const LIST_KINDS: readonly ListKind[] = ['domain', 'keyword', 'hash', 'ip', 'url', 'filename', 'email'];
/** Kept in step with FileKind in src/engine/types.ts (a type has no runtime values). */
const FILE_KINDS: readonly string[] = [
  'zip', 'ooxml', 'ole', 'pdf', 'rtf', 'pe', 'elf', 'macho', 'lnk', 'iso', 'udf', 'vhd', 'vhdx',
  'dmg', 'rar', '7z', 'gzip', 'bzip2', 'xz', 'cab', 'fat', 'chm', 'onenote', 'hta', 'svg', 'url-shortcut',
  'iqy', 'slk', 'html', 'xml', 'eml', 'image', 'text', 'empty', 'unknown',
];

const RULE_ID_RE = /^mf-(sender|reply-to|subject|body|link|attachment|auth|ioc)-[a-z0-9-]+$/;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const VERSION_RE = /^\d{4}\.\d+\.\d+$/;
/** Lower-case, no dot; a hyphen is allowed inside (`appref-ms`). */
const EXTENSION_RE = /^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/;
/** A title must fit on one line of the task pane's banner at its narrowest width. */
const MAX_TITLE_CHARS = 60;
/** Explanations are read in a narrow pane by non-specialists: a short paragraph, not an essay. */
const MAX_EXPLANATION_CHARS = 600;
/** Campaign lists: values published as attacker-controlled; admin lists share the same care. */
const IOC_LIST_PREFIXES = ['campaign-', 'admin-'];

/** Params naming one list id, or several. Anything else in params is a detector's business. */
const LIST_PARAM_KEYS = new Set(['list', 'freemailList', 'titleList', 'protectedList', 'hostList']);
const LIST_ARRAY_PARAM_KEYS = new Set(['lists']);
const EXTENSION_PARAM_KEYS = new Set(['extensions', 'exceptExtensions', 'archiveExtensions', 'decoy', 'dangerous']);

const RULE_KEYS = ['id', 'detector', 'params', 'severity', 'category', 'title', 'explanation', 'sources', 'guidance', 'false_positives'];
const LIST_KEYS = ['id', 'kind', 'description', 'entries'];
const ENTRY_KEYS = ['value', 'sources', 'confidence', 'note', 'variants'];
const SOURCE_KEYS = ['id', 'title', 'publisher', 'date', 'url', 'retrieved', 'how_read'];
const GUIDANCE_KEYS = ['id', 'title', 'text', 'sources'];

type Obj = Record<string, unknown>;

/** Collects errors for one file; `at` joins path segments the way the error paths read. */
class Reporter {
  constructor(
    readonly file: string,
    readonly out: PackError[],
  ) {}
  error(path: string, message: string): void {
    this.out.push({ file: this.file, path, message });
  }
}

function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

function expectObj(v: unknown, path: string, r: Reporter): Obj | undefined {
  if (isObj(v)) return v;
  r.error(path, `expected a mapping, found ${describe(v)}`);
  return undefined;
}

function unknownKeys(o: Obj, allowed: readonly string[], path: string, r: Reporter): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) r.error(at(path, k), `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}

function reqString(o: Obj, key: string, path: string, r: Reporter): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    r.error(at(path, key), 'required field is missing');
    return undefined;
  }
  if (typeof v !== 'string') {
    r.error(at(path, key), `expected text, found ${describe(v)}`);
    return undefined;
  }
  if (v.trim() === '') {
    r.error(at(path, key), 'must not be empty');
    return undefined;
  }
  return v;
}

function optString(o: Obj, key: string, path: string, r: Reporter): string | undefined {
  if (o[key] === undefined) return undefined;
  return reqString(o, key, path, r);
}

function reqEnum<T extends string>(o: Obj, key: string, allowed: readonly T[], path: string, r: Reporter): T | undefined {
  const v = reqString(o, key, path, r);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    r.error(at(path, key), `"${v}" is not one of ${allowed.join(', ')}`);
    return undefined;
  }
  return v as T;
}

function stringArray(o: Obj, key: string, path: string, r: Reporter, opts: { min: number; required: boolean }): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required) r.error(at(path, key), 'required field is missing');
    return opts.required ? undefined : [];
  }
  if (!Array.isArray(v)) {
    r.error(at(path, key), `expected a list, found ${describe(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || item.trim() === '') r.error(at(at(path, key), i), `expected non-empty text, found ${describe(item)}`);
    else out.push(item);
  });
  if (v.length < opts.min) r.error(at(path, key), `needs at least ${opts.min} item${opts.min === 1 ? '' : 's'}`);
  return out;
}

function bilingual(o: Obj, key: string, path: string, r: Reporter, maxChars: number): Bilingual | undefined {
  const b = o[key];
  const p = at(path, key);
  if (b === undefined || b === null) {
    r.error(p, 'required field is missing (needs ja and en)');
    return undefined;
  }
  const obj = expectObj(b, p, r);
  if (!obj) return undefined;
  unknownKeys(obj, ['ja', 'en'], p, r);
  const ja = reqString(obj, 'ja', p, r);
  const en = reqString(obj, 'en', p, r);
  for (const [lang, text] of [['ja', ja], ['en', en]] as const) {
    if (text !== undefined && [...text].length > maxChars) r.error(at(p, lang), `longer than ${maxChars} characters`);
  }
  if (ja !== undefined && !/[\u3040-\u30ff\u3400-\u9fff]/u.test(ja)) r.error(at(p, 'ja'), 'the Japanese text contains no Japanese characters');
  return ja !== undefined && en !== undefined ? { ja, en } : undefined;
}

/** Walks every string in a document so no field can smuggle an invisible character. */
function checkInvisible(v: unknown, path: string, r: Reporter): void {
  if (typeof v === 'string') {
    const m = INVISIBLE_RE.exec(v);
    if (m) r.error(path, `contains an invisible character U+${m[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')} (zero-width or bidi control)`);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => checkInvisible(item, at(path, i), r));
  } else if (isObj(v)) {
    for (const [k, item] of Object.entries(v)) checkInvisible(item, at(path, k), r);
  }
}

function checkValue(kind: ListKind, value: string): string | null {
  switch (kind) {
    case 'hash':
      return isHash(value) ? null : 'not an MD5, SHA-1 or SHA-256 in lower-case hex';
    case 'domain':
      if (/[[\](){}]|hxxp/i.test(value)) return 'looks defanged; store the plain value (e.g. www.example.com)';
      return isDomain(value) ? null : 'not a lower-case host name under a public suffix (no scheme, path or port)';
    case 'ip':
      return isIp(value) ? null : 'not a valid IPv4 or lower-case, compressed IPv6 address';
    case 'url':
      return isUrl(value) ? null : 'not an http(s)/ftp URL with a valid host, lower-case up to the path, not defanged';
    case 'email':
      return isEmail(value) ? null : 'not a lower-case e-mail address with a valid domain';
    case 'keyword':
    case 'filename':
      return value.trim() === value ? null : 'has leading or trailing spaces';
  }
}

function hostOf(kind: ListKind, value: string): string | null {
  if (kind === 'domain') return value;
  if (kind === 'email') return value.slice(value.lastIndexOf('@') + 1);
  if (kind === 'url') {
    try {
      return new URL(value).hostname;
    } catch {
      return null;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// One validator per file kind. Each returns the typed object (or undefined) and records errors.
// ---------------------------------------------------------------------------------------------

function validateSource(v: unknown, path: string, r: Reporter): Source | undefined {
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  unknownKeys(o, SOURCE_KEYS, path, r);
  const id = reqString(o, 'id', path, r);
  if (id !== undefined && !SLUG_RE.test(id)) r.error(at(path, 'id'), `"${id}" must be lower-case words joined by hyphens`);
  if (id === ADMIN_SOURCE_ID) r.error(at(path, 'id'), `"${ADMIN_SOURCE_ID}" is reserved for indicators supplied by the administrator`);
  const title = reqString(o, 'title', path, r);
  const publisher = reqString(o, 'publisher', path, r);
  const date = reqString(o, 'date', path, r);
  if (date !== undefined && !DATE_RE.test(date)) r.error(at(path, 'date'), `"${date}" is not YYYY-MM-DD or YYYY-MM`);
  const url = reqString(o, 'url', path, r);
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) r.error(at(path, 'url'), `"${url}" is not an http(s) URL`);
  optString(o, 'retrieved', path, r);
  optString(o, 'how_read', path, r);
  if (id === undefined || title === undefined || publisher === undefined || date === undefined || url === undefined) return undefined;
  return { id, title, publisher, date, url };
}

function validateGuidance(v: unknown, path: string, r: Reporter): GuidanceItem | undefined {
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  unknownKeys(o, GUIDANCE_KEYS, path, r);
  const id = reqString(o, 'id', path, r);
  if (id !== undefined && !SLUG_RE.test(id)) r.error(at(path, 'id'), `"${id}" must be lower-case words joined by hyphens`);
  const title = bilingual(o, 'title', path, r, MAX_TITLE_CHARS);
  const text = bilingual(o, 'text', path, r, MAX_EXPLANATION_CHARS);
  const sources = stringArray(o, 'sources', path, r, { min: 1, required: true });
  if (id === undefined || !title || !text || !sources) return undefined;
  return { id, title, text, sources };
}

function validateEntry(v: unknown, kind: ListKind | undefined, path: string, r: Reporter): ListEntry | undefined {
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  unknownKeys(o, ENTRY_KEYS, path, r);
  const value = reqString(o, 'value', path, r);
  if (value !== undefined && kind !== undefined) {
    const problem = checkValue(kind, value);
    if (problem) r.error(at(path, 'value'), `"${value}": ${problem}`);
  }
  const sources = stringArray(o, 'sources', path, r, { min: 1, required: true });
  const confidence = reqEnum(o, 'confidence', CONFIDENCES, path, r);
  const note = optString(o, 'note', path, r);
  let variants: string[] | undefined;
  if (o.variants !== undefined) {
    if (kind !== 'keyword') r.error(at(path, 'variants'), 'only keyword lists have variants');
    variants = stringArray(o, 'variants', path, r, { min: 1, required: true });
  }
  if (value === undefined || !sources || confidence === undefined) return undefined;
  const entry: ListEntry = { value, sources, confidence };
  if (note !== undefined) entry.note = note;
  if (variants !== undefined) entry.variants = variants;
  return entry;
}

function validateList(v: unknown, path: string, r: Reporter): PackList | undefined {
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  unknownKeys(o, LIST_KEYS, path, r);
  const id = reqString(o, 'id', path, r);
  if (id !== undefined && !SLUG_RE.test(id)) r.error(at(path, 'id'), `"${id}" must be lower-case words joined by hyphens`);
  const kind = reqEnum(o, 'kind', LIST_KINDS, path, r);
  const description = reqString(o, 'description', path, r);
  const rawEntries = o.entries;
  const entries: ListEntry[] = [];
  if (!Array.isArray(rawEntries)) {
    r.error(at(path, 'entries'), rawEntries === undefined ? 'required field is missing (use [] for an empty list)' : `expected a list, found ${describe(rawEntries)}`);
  } else {
    const seen = new Map<string, number>();
    rawEntries.forEach((e: unknown, i) => {
      const p = at(at(path, 'entries'), i);
      const entry = validateEntry(e, kind, p, r);
      if (!entry) return;
      const key = kind === 'keyword' || kind === 'filename' ? entry.value.normalize('NFKC').toLowerCase() : entry.value;
      const first = seen.get(key);
      if (first !== undefined) r.error(at(p, 'value'), `"${entry.value}" repeats entries[${first}]`);
      else seen.set(key, i);
      entries.push(entry);
    });
  }
  if (id === undefined || kind === undefined || description === undefined) return undefined;
  return { id, kind, description, entries };
}

function validateParams(v: unknown, path: string, r: Reporter): Record<string, unknown> | undefined {
  if (v === undefined || v === null) {
    r.error(path, 'required field is missing (use {} for none)');
    return undefined;
  }
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  for (const [k, val] of Object.entries(o)) {
    const p = at(path, k);
    if (LIST_PARAM_KEYS.has(k) && (typeof val !== 'string' || val === '')) r.error(p, `expected a list id, found ${describe(val)}`);
    if (LIST_ARRAY_PARAM_KEYS.has(k) && (!Array.isArray(val) || val.length === 0 || val.some((x) => typeof x !== 'string'))) r.error(p, 'expected a non-empty list of list ids');
    if (EXTENSION_PARAM_KEYS.has(k)) {
      if (!Array.isArray(val) || val.length === 0) r.error(p, 'expected a non-empty list of file extensions');
      else val.forEach((x: unknown, i) => { if (typeof x !== 'string' || !EXTENSION_RE.test(x)) r.error(at(p, i), `${describe(x)} is not a lower-case extension without the dot`); });
    }
    if (k === 'kinds') {
      if (!Array.isArray(val) || val.length === 0) r.error(p, 'expected a non-empty list of sniffed file kinds');
      else val.forEach((x: unknown, i) => { if (typeof x !== 'string' || !FILE_KINDS.includes(x)) r.error(at(p, i), `${describe(x)} is not a known file kind`); });
    }
  }
  return o;
}

/** List ids a rule's params refer to, with the path of each reference. */
function listRefs(params: Record<string, unknown>, path: string): Array<{ id: string; path: string }> {
  const out: Array<{ id: string; path: string }> = [];
  for (const [k, val] of Object.entries(params)) {
    if (LIST_PARAM_KEYS.has(k) && typeof val === 'string') out.push({ id: val, path: at(path, k) });
    if (LIST_ARRAY_PARAM_KEYS.has(k) && Array.isArray(val)) val.forEach((x: unknown, i) => { if (typeof x === 'string') out.push({ id: x, path: at(at(path, k), i) }); });
  }
  return out;
}

function validateRule(v: unknown, path: string, r: Reporter): Rule | undefined {
  const o = expectObj(v, path, r);
  if (!o) return undefined;
  unknownKeys(o, RULE_KEYS, path, r);
  const id = reqString(o, 'id', path, r);
  if (id !== undefined && !RULE_ID_RE.test(id)) r.error(at(path, 'id'), `"${id}" does not match mf-<sender|reply-to|subject|body|link|attachment|auth|ioc>-<what>`);
  const detector = reqString(o, 'detector', path, r);
  if (detector !== undefined && !KNOWN_DETECTORS.includes(detector)) r.error(at(path, 'detector'), `"${detector}" is not a known detector (${KNOWN_DETECTORS.join(', ')})`);
  const params = validateParams(o.params, at(path, 'params'), r);
  const severity = reqEnum(o, 'severity', SEVERITIES, path, r);
  const category = reqEnum(o, 'category', CATEGORIES, path, r);
  const title = bilingual(o, 'title', path, r, MAX_TITLE_CHARS);
  const explanation = bilingual(o, 'explanation', path, r, MAX_EXPLANATION_CHARS);
  const sources = stringArray(o, 'sources', path, r, { min: 1, required: true });
  const guidance = stringArray(o, 'guidance', path, r, { min: 0, required: true });
  const falsePositives = stringArray(o, 'false_positives', path, r, { min: 1, required: true });
  if (id === undefined || detector === undefined || !params || !severity || !category || !title || !explanation || !sources || !guidance || !falsePositives) return undefined;
  return { id, detector, params, severity, category, title, explanation, sources, guidance, falsePositives };
}

/** Items of a top-level array field (`sources:`, `guidance:`, `rules:`, `lists:`). */
function arrayField(doc: Obj, key: string, r: Reporter, required: boolean): unknown[] {
  const v = doc[key];
  if (v === undefined || v === null) {
    if (required) r.error(key, 'required field is missing');
    return [];
  }
  if (!Array.isArray(v)) {
    r.error(key, `expected a list, found ${describe(v)}`);
    return [];
  }
  return v;
}

function fileStem(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.ya?ml$/i, '');
}

interface Located<T> {
  item: T;
  file: string;
  path: string;
}

/**
 * Validates a whole pack (or, with `options.base`, an extra pack on top of one) and returns the
 * compiled {@link Pack} when there are no errors. Never throws on malformed input.
 */
export function validatePack(docs: readonly RawPackDoc[], options: ValidateOptions = {}): { pack?: Pack; errors: PackError[] } {
  const errors: PackError[] = [];
  const sources: Located<Source>[] = [];
  const guidance: Located<GuidanceItem>[] = [];
  const lists: Located<PackList>[] = [];
  const rules: Located<Rule>[] = [];
  const onlyExtra = docs.length > 0 && docs.every((d) => d.kind === 'extra');
  // An extra pack has no version of its own; it takes the base's when merged.
  let version: string | undefined = options.base?.version ?? (onlyExtra ? 'extra' : undefined);
  let sawPackFile = false;

  for (const doc of docs) {
    const r = new Reporter(doc.file, errors);
    checkInvisible(doc.data, '', r);
    if (doc.kind === 'list' || doc.kind === 'rule') {
      const item = doc.kind === 'list' ? validateList(doc.data, '', r) : validateRule(doc.data, '', r);
      if (item && item.id !== fileStem(doc.file)) r.error('id', `"${item.id}" does not match the file name "${fileStem(doc.file)}.yml"`);
      if (item && doc.kind === 'list') lists.push({ item: item as PackList, file: doc.file, path: '' });
      if (item && doc.kind === 'rule') rules.push({ item: item as Rule, file: doc.file, path: '' });
      continue;
    }
    const o = expectObj(doc.data, '', r);
    if (!o) continue;
    if (doc.kind === 'pack') {
      sawPackFile = true;
      unknownKeys(o, ['version'], '', r);
      const v = reqString(o, 'version', '', r);
      if (v !== undefined && !VERSION_RE.test(v)) r.error('version', `"${v}" is not YYYY.N.N`);
      version = v;
    } else if (doc.kind === 'sources') {
      unknownKeys(o, ['sources'], '', r);
      arrayField(o, 'sources', r, true).forEach((s, i) => {
        const item = validateSource(s, at('sources', i), r);
        if (item) sources.push({ item, file: doc.file, path: at('sources', i) });
      });
    } else if (doc.kind === 'guidance') {
      unknownKeys(o, ['guidance'], '', r);
      arrayField(o, 'guidance', r, true).forEach((g, i) => {
        const item = validateGuidance(g, at('guidance', i), r);
        if (item) guidance.push({ item, file: doc.file, path: at('guidance', i) });
      });
    } else {
      unknownKeys(o, ['rules', 'lists', 'sources', 'guidance'], '', r);
      arrayField(o, 'sources', r, false).forEach((s, i) => {
        const item = validateSource(s, at('sources', i), r);
        if (item) sources.push({ item, file: doc.file, path: at('sources', i) });
      });
      arrayField(o, 'guidance', r, false).forEach((g, i) => {
        const item = validateGuidance(g, at('guidance', i), r);
        if (item) guidance.push({ item, file: doc.file, path: at('guidance', i) });
      });
      arrayField(o, 'lists', r, false).forEach((l, i) => {
        const item = validateList(l, at('lists', i), r);
        if (item) lists.push({ item, file: doc.file, path: at('lists', i) });
      });
      const rs = arrayField(o, 'rules', r, true);
      if (Array.isArray(o.rules) && rs.length === 0) r.error('rules', 'an extra pack must add at least one rule');
      rs.forEach((x, i) => {
        const item = validateRule(x, at('rules', i), r);
        if (item) rules.push({ item, file: doc.file, path: at('rules', i) });
      });
    }
  }
  if (!onlyExtra && !sawPackFile) errors.push({ file: 'pack.yml', path: '', message: 'pack.yml (with the pack version) is missing' });

  crossCheck({ sources, guidance, lists, rules }, options.base, sawPackFile, errors);

  if (errors.length > 0 || version === undefined) return { errors };
  const pick = <T extends object>(xs: Located<T>[]): T[] =>
    xs.map((x) => {
      recordOrigin(x.item, x.file);
      return x.item;
    });
  return { pack: { version, sources: pick(sources), guidance: pick(guidance), lists: pick(lists), rules: pick(rules) }, errors };
}

function crossCheck(
  found: { sources: Located<Source>[]; guidance: Located<GuidanceItem>[]; lists: Located<PackList>[]; rules: Located<Rule>[] },
  base: Pack | undefined,
  isFullPack: boolean,
  errors: PackError[],
): void {
  const err = (file: string, path: string, message: string): void => void errors.push({ file, path, message });

  // Unique ids, within this pack and against the base an extra pack sits on.
  const ids = <T extends { id: string }>(what: string, xs: Located<T>[], baseItems: readonly T[] | undefined): Set<string> => {
    const seen = new Map<string, Located<T>>();
    const baseIds = new Set((baseItems ?? []).map((b) => b.id));
    for (const x of xs) {
      const prev = seen.get(x.item.id);
      if (prev) err(x.file, at(x.path, 'id'), `duplicate ${what} id "${x.item.id}" (first defined in ${prev.file}${prev.path ? ` at ${prev.path}` : ''})`);
      else if (baseIds.has(x.item.id)) err(x.file, at(x.path, 'id'), `${what} id "${x.item.id}" is already defined by the base pack`);
      else seen.set(x.item.id, x);
    }
    return new Set([...seen.keys(), ...baseIds]);
  };
  const sourceIds = ids('source', found.sources, base?.sources);
  sourceIds.add(ADMIN_SOURCE_ID);
  const guidanceIds = ids('guidance', found.guidance, base?.guidance);
  const listIds = ids('list', found.lists, base?.lists);
  ids('rule', found.rules, base?.rules);

  const checkSources = (file: string, path: string, refs: readonly string[]): void =>
    refs.forEach((s, i) => { if (!sourceIds.has(s)) err(file, at(at(path, 'sources'), i), `unknown source "${s}"`); });

  for (const g of found.guidance) checkSources(g.file, g.path, g.item.sources);
  for (const l of found.lists) l.item.entries.forEach((e, i) => checkSources(l.file, at(at(l.path, 'entries'), i), e.sources));
  for (const x of found.rules) {
    checkSources(x.file, x.path, x.item.sources);
    x.item.guidance.forEach((g, i) => { if (!guidanceIds.has(g)) err(x.file, at(at(x.path, 'guidance'), i), `unknown guidance "${g}"`); });
    for (const ref of listRefs(x.item.params, at(x.path, 'params'))) {
      // Admin lists exist only when an administrator supplies IOCs, so a reference may dangle.
      if (!listIds.has(ref.id) && !ref.id.startsWith('admin-')) err(x.file, ref.path, `unknown list "${ref.id}"`);
    }
  }

  // A shared dynamic-DNS parent (ftp.sh, …) in a campaign list would flag every other customer of
  // that service; only full attacker hosts beneath it may be listed.
  const ddns = [...found.lists.map((l) => l.item), ...(base?.lists ?? [])].find((l) => l.id === DYNAMIC_DNS_LIST_ID);
  const parents = new Set((ddns?.entries ?? []).map((e) => e.value));
  if (parents.size > 0) {
    for (const l of found.lists) {
      if (!IOC_LIST_PREFIXES.some((p) => l.item.id.startsWith(p))) continue;
      l.item.entries.forEach((e, i) => {
        const host = hostOf(l.item.kind, e.value);
        if (host !== null && parents.has(host)) err(l.file, at(at(at(l.path, 'entries'), i), 'value'), `"${e.value}" is a shared dynamic-DNS parent; list only the full attacker host under it`);
      });
    }
  }

  // Every source should earn its place; an unused one is usually a typo'd reference elsewhere.
  if (isFullPack) {
    const used = new Set<string>();
    for (const g of found.guidance) g.item.sources.forEach((s) => used.add(s));
    for (const l of found.lists) for (const e of l.item.entries) e.sources.forEach((s) => used.add(s));
    for (const x of found.rules) x.item.sources.forEach((s) => used.add(s));
    for (const s of found.sources) if (!used.has(s.item.id)) err(s.file, at(s.path, 'id'), `source "${s.item.id}" is not cited by any rule, list entry or guidance`);
  }
}
