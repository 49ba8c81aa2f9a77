/**
 * Compiles a Pack into look-up structures once per Pack object. The cache is a WeakMap keyed by
 * object identity, so evaluate() stays pure in effect: the same pack always yields the same
 * compiled form, and a pack that is no longer referenced is collected with its compilation.
 */
import { KeywordMatcher } from './keyword-matcher';
import { normaliseText, refang } from './text';
import { globMatch, type Glob } from './glob';
import { cachedHostInfo, cachedRegistrable, plainUrlHost } from './domain';
import type { HostCache, HostInfo } from './domain';
import type { ListEntry, ListKind, Pack, PackList, Rule } from './types';

export interface CompiledList {
  id: string;
  kind: ListKind;
  entries: ListEntry[];
  /** Normalised values (and variants) → entry index. */
  values: Map<string, number>;
  /** Keyword lists only: single-pass matcher over normalised text. */
  matcher?: KeywordMatcher;
  /** Filename lists only: entries written with a redaction or `*` wildcard, as globs (see glob.ts). */
  patterns: { glob: Glob; entry: number }[];
  /**
   * matchDomainList answers by host (-1: no match), kept across messages: the same link and
   * sender hosts come back in every newsletter, and each answer costs a look-up per label.
   */
  domainMemo: Map<string, number>;
  /** URL lists: the origins of the entries (see matchUrlList), and the hosts in them. */
  urlOrigins?: Set<string> | 'any';
  urlOriginHosts?: Set<string>;
}

/** Hosts remembered per list; when full the memo starts afresh (bounded memory on hostile input). */
export const MAX_DOMAIN_MEMO = 50_000;

/**
 * One matcher over the keyword lists rules look for in the subject and body, so each text is
 * scanned once however many keyword rules the pack has. Global owner i belongs to list
 * `listOf[i]`, entry `entryOf[i]`.
 */
export interface KeywordIndex {
  matcher: KeywordMatcher;
  listIds: string[];
  /** Global owner → index into listIds (Int32Array so the matcher can cap hits per list). */
  listOf: Int32Array;
  entryOf: Int32Array;
}

export interface CompiledPack {
  pack: Pack;
  lists: Map<string, CompiledList>;
  keywords: KeywordIndex;
  rules: Rule[];
  guidanceIds: Set<string>;
  /** hostInfo results shared by every message checked with this pack (a pure function, memoised). */
  hosts: HostCache;
  /** hostInfo() and registrable() through `hosts`, made once per pack rather than once per message. */
  hostInfo: (input: string) => HostInfo;
  registrable: (hostOrAddress: string) => string;
}

/** Normalises a list value for its kind so look-ups compare like with like. */
export function normaliseValue(kind: ListKind, raw: string): string {
  const v = typeof raw === 'string' ? raw : '';
  switch (kind) {
    case 'domain':
      return refang(v).trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    case 'ip':
      return refang(v).trim().toLowerCase().replace(/^\[|\]$/g, '');
    case 'hash':
      return v.trim().toLowerCase();
    case 'email':
      return refang(v).trim().toLowerCase();
    case 'url':
      return normaliseUrl(v);
    case 'filename':
      return normaliseText(v).replace(/\\/g, '/');
    case 'keyword':
    default:
      return normaliseText(v);
  }
}

/**
 * URLs compare on a canonical form: refanged, scheme and host lower-case, no fragment, no
 * trailing slash. The path keeps its case (servers are case-sensitive).
 */
export function normaliseUrl(raw: string): string {
  return joinUrlParts(urlParts(raw));
}

function joinUrlParts(parts: { origin: string; rest: string } | string): string {
  return typeof parts === 'string' ? parts : `${parts.origin}${parts.rest.replace(/\/$/, '')}`;
}

/**
 * normaliseUrl in two parts: `scheme://authority` (normalised) and the path and query as written,
 * or the whole lower-cased string when it is not `scheme://…`. A URL can only equal a listed one
 * if their origins are equal, and the origin is the cheap part (see matchUrlList).
 */
function urlParts(raw: string): { origin: string; rest: string } | string {
  const v = refang(typeof raw === 'string' ? raw : '').trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)/i.exec(v);
  if (!m) return v.toLowerCase();
  const authority = (m[2] ?? '').toLowerCase().replace(/^[^@]*@/, '').replace(/:(80|443)$/, '');
  return { origin: `${(m[1] ?? '').toLowerCase()}://${authority}`, rest: m[3] ?? '' };
}

/**
 * A URL list entry equal to the URL, or to the URL without its query: whether normaliseUrl(url)
 * or the part before its first ? or # is a listed value. Only URLs whose origin some entry shares
 * are normalised in full (most links go to hosts no entry names).
 */
export function matchUrlList(list: CompiledList, url: string): boolean {
  const origins = list.urlOrigins ?? 'any';
  if (origins !== 'any') {
    // A plain `scheme://host/…` link (most of them) has origin scheme://host, so a host that no
    // listed origin has rules it out without normalising anything.
    const plain = plainUrlHost(url);
    if (plain !== undefined && !(list.urlOriginHosts as Set<string>).has(plain)) return false;
  }
  const parts = urlParts(url);
  if (origins !== 'any' && typeof parts !== 'string' && !origins.has(parts.origin)) return false;
  const u = joinUrlParts(parts);
  const cut = u.search(/[?#]/);
  return list.values.has(u) || (cut >= 0 && list.values.has(u.slice(0, cut)));
}

/** Origins of a URL list's entries (their written forms), or 'any' when some form has none. */
function urlOriginsOf(forms: readonly string[]): Set<string> | 'any' {
  const origins = new Set<string>();
  for (const f of forms) {
    const parts = urlParts(f);
    if (typeof parts === 'string') return 'any';
    origins.add(parts.origin);
  }
  return origins;
}

/** Markers analysts use for withheld parts of a published name (ESET writes `<redacted>`). */
const REDACTION_RE = /<redacted>|\*|●+|○+|…/gi;
const HAS_REDACTION = /<redacted>|\*|●|○|…/i;

function compileList(list: PackList): CompiledList {
  const entries = Array.isArray(list.entries) ? list.entries : [];
  const values = new Map<string, number>();
  const patterns: { glob: Glob; entry: number }[] = [];
  const keywords: { keyword: string; owner: number }[] = [];
  const urlForms: string[] = [];
  entries.forEach((e, i) => {
    if (!e || typeof e.value !== 'string') return;
    const forms = [e.value, ...(Array.isArray(e.variants) ? e.variants : [])];
    for (const form of forms) {
      if (typeof form !== 'string') continue;
      const norm = normaliseValue(list.kind, form);
      if (!norm) continue;
      if (list.kind === 'url') urlForms.push(form);
      if (!values.has(norm)) values.set(norm, i);
      if (list.kind === 'keyword') keywords.push({ keyword: norm, owner: i });
      if (list.kind === 'filename' && HAS_REDACTION.test(norm)) patterns.push({ glob: norm.split(REDACTION_RE), entry: i });
    }
  });
  const compiled: CompiledList = { id: list.id, kind: list.kind, entries, values, patterns, domainMemo: new Map() };
  if (list.kind === 'url') {
    const origins = urlOriginsOf(urlForms);
    compiled.urlOrigins = origins;
    compiled.urlOriginHosts = new Set(origins === 'any' ? [] : [...origins].map((o) => o.slice(o.indexOf('://') + 3)));
  }
  if (list.kind === 'keyword') compiled.matcher = new KeywordMatcher(keywords);
  return compiled;
}

/**
 * The rule parameter that names the keyword list a detector looks for in the message text
 * (keyword-in-body, lure-keywords, password-with-encrypted). Lists read only elsewhere, such as the
 * display-name titles, stay out of the text index: 省 or 党 would otherwise turn up in almost
 * every Japanese body, and every such hit would be collected for nothing.
 */
export const TEXT_KEYWORD_PARAM = 'list';

function buildKeywordIndex(lists: Map<string, CompiledList>, rules: Rule[]): KeywordIndex {
  const listIds: string[] = [];
  const listOf: number[] = [];
  const entryOf: number[] = [];
  const keywords: { keyword: string; owner: number }[] = [];
  const read = new Set<unknown>(rules.map((r) => (typeof r.params === 'object' && r.params !== null ? (r.params as Record<string, unknown>)[TEXT_KEYWORD_PARAM] : undefined)));
  for (const list of lists.values()) {
    if (list.kind !== 'keyword' || !read.has(list.id)) continue;
    const li = listIds.length;
    listIds.push(list.id);
    for (const [keyword, entry] of keywordsOf(list)) {
      keywords.push({ keyword, owner: listOf.length });
      listOf.push(li);
      entryOf.push(entry);
    }
  }
  return { matcher: new KeywordMatcher(keywords), listIds, listOf: Int32Array.from(listOf), entryOf: Int32Array.from(entryOf) };
}

/** Every normalised form (value and variants) of a keyword list, with its entry index. */
function keywordsOf(list: CompiledList): [string, number][] {
  const out: [string, number][] = [];
  list.entries.forEach((e, i) => {
    if (!e) return;
    for (const form of [e.value, ...(Array.isArray(e.variants) ? e.variants : [])]) {
      if (typeof form !== 'string') continue;
      const k = normaliseValue('keyword', form);
      if (k) out.push([k, i]);
    }
  });
  return out;
}

const cache = new WeakMap<Pack, CompiledPack>();

/** Compiles (or returns the cached compilation of) a pack. Tolerates malformed packs. */
export function compilePack(pack: Pack): CompiledPack {
  const hit = cache.get(pack);
  if (hit) return hit;
  const lists = new Map<string, CompiledList>();
  for (const list of Array.isArray(pack.lists) ? pack.lists : []) {
    if (list && typeof list.id === 'string') lists.set(list.id, compileList(list));
  }
  const hosts: HostCache = new Map();
  const rules = Array.isArray(pack.rules) ? pack.rules.filter((r) => r && typeof r.id === 'string') : [];
  const compiled: CompiledPack = {
    pack,
    lists,
    keywords: buildKeywordIndex(lists, rules),
    rules,
    guidanceIds: new Set((Array.isArray(pack.guidance) ? pack.guidance : []).map((g) => g.id)),
    hosts,
    hostInfo: (input) => cachedHostInfo(hosts, input),
    registrable: (hostOrAddress) => cachedRegistrable(hosts, hostOrAddress),
  };
  cache.set(pack, compiled);
  return compiled;
}

/** Looks up a host in a domain list: the host itself or any parent listed (never a parent of a listed host). */
export function matchDomainList(list: CompiledList, host: string): number | undefined {
  const memo = list.domainMemo;
  let found = memo.get(host);
  if (found === undefined) {
    found = -1;
    let h = host;
    for (let guard = 0; guard < 127 && h; guard++) {
      const idx = list.values.get(h);
      if (idx !== undefined) {
        found = idx;
        break;
      }
      const dot = h.indexOf('.');
      if (dot < 0) break;
      h = h.slice(dot + 1);
    }
    if (host.length <= 253) {
      if (memo.size >= MAX_DOMAIN_MEMO) memo.clear();
      memo.set(host, found);
    }
  }
  return found < 0 ? undefined : found;
}

/** Looks up a file name: exact normalised name, its base name, or a redacted-name pattern. */
export function matchFilenameList(list: CompiledList, name: string): number | undefined {
  const norm = normaliseValue('filename', name);
  const base = norm.split('/').pop() ?? norm;
  for (const cand of [norm, base]) {
    const idx = list.values.get(cand);
    if (idx !== undefined) return idx;
  }
  for (const p of list.patterns) if (globMatch(p.glob, norm) || globMatch(p.glob, base)) return p.entry;
  return undefined;
}

