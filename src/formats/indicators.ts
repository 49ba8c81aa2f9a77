/**
 * The pack's exchangeable indicators, each with the rules that read it and its sources resolved,
 * so every exporter (KQL, STIX, MISP, TABL) says where a value comes from. Pure: the pack in,
 * plain data out.
 */
import type { Confidence, ListKind, Pack, PackList, Rule, Source } from '../engine/types';
import { ADMIN_SOURCE_ID } from '../pack/validate-pack';

/** The kinds of indicator the exchange formats carry (keywords and other lists are not indicators). */
export type IndicatorKind = Extract<ListKind, 'hash' | 'domain' | 'ip' | 'url' | 'email' | 'filename'>;
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['hash', 'domain', 'ip', 'url', 'email', 'filename'];

export interface ExportIndicator {
  kind: IndicatorKind;
  /** As stored in the pack: refanged, lower-case where the kind is case-insensitive. */
  value: string;
  listId: string;
  /** The ioc-match rules that read the list. */
  ruleIds: string[];
  sources: Source[];
  confidence: Confidence;
  note?: string;
}

/** What an admin indicator cites: the organisation itself. */
export const ADMIN_SOURCE: Source = {
  id: ADMIN_SOURCE_ID,
  title: 'Indicators supplied by the organisation (--iocs)',
  publisher: 'the exporting organisation',
  date: '',
  url: '',
};

/** Hash algorithm by length: STIX and MISP name them, the pack only stores hex. */
export function hashAlgorithm(hex: string): 'MD5' | 'SHA-1' | 'SHA-256' | null {
  if (hex.length === 32) return 'MD5';
  if (hex.length === 40) return 'SHA-1';
  if (hex.length === 64) return 'SHA-256';
  return null;
}

/** Every list id a rule's parameters name (`list`, `lists`, `hostList`, …). */
export function listsOf(rule: Rule): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(rule.params)) {
    if (!/^lists?$|List$/.test(key)) continue;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

/** The rules that read a list, in pack order. */
export function rulesReading(pack: Pack, listId: string): Rule[] {
  return pack.rules.filter((r) => listsOf(r).includes(listId));
}

export function resolveSources(pack: Pack, ids: readonly string[]): Source[] {
  const out: Source[] = [];
  for (const id of ids) {
    const s = id === ADMIN_SOURCE_ID ? ADMIN_SOURCE : pack.sources.find((x) => x.id === id);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** A list of indicator kind read by an `ioc-match` rule: the campaign's and the admin's. */
function isIndicatorList(pack: Pack, list: PackList): boolean {
  return (INDICATOR_KINDS as readonly string[]).includes(list.kind) && rulesReading(pack, list.id).some((r) => r.detector === 'ioc-match');
}

/** Every indicator of the pack, list by list in pack order; a value listed twice keeps both sets of sources. */
export function exportIndicators(pack: Pack): ExportIndicator[] {
  const byKey = new Map<string, ExportIndicator>();
  for (const list of pack.lists) {
    if (!isIndicatorList(pack, list)) continue;
    const ruleIds = rulesReading(pack, list.id)
      .filter((r) => r.detector === 'ioc-match')
      .map((r) => r.id);
    for (const e of list.entries) {
      const kind = list.kind as IndicatorKind;
      const key = `${kind}\u0000${e.value}`;
      const sources = resolveSources(pack, e.sources);
      const seen = byKey.get(key);
      if (seen) {
        for (const s of sources) if (!seen.sources.includes(s)) seen.sources.push(s);
        for (const r of ruleIds) if (!seen.ruleIds.includes(r)) seen.ruleIds.push(r);
        continue;
      }
      byKey.set(key, { kind, value: e.value, listId: list.id, ruleIds: [...ruleIds], sources, confidence: e.confidence, ...(e.note ? { note: e.note } : {}) });
    }
  }
  return [...byKey.values()];
}

/** The list by id, or an empty one: exporters read optional lists (admin-*) without checking. */
export function listValues(pack: Pack, id: string): string[] {
  return pack.lists.find((l) => l.id === id)?.entries.map((e) => e.value) ?? [];
}

/** All values and variants of a keyword list (what the engine matches). */
export function keywordValues(pack: Pack, id: string): string[] {
  const out: string[] = [];
  for (const e of pack.lists.find((l) => l.id === id)?.entries ?? []) {
    for (const v of [e.value, ...(e.variants ?? [])]) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** The sources of a set of rules and lists, de-duplicated, for headers and comments. */
export function sourcesOfRules(pack: Pack, rules: readonly Rule[], extraListIds: readonly string[] = []): Source[] {
  const ids: string[] = [];
  for (const r of rules) ids.push(...r.sources);
  for (const id of extraListIds) for (const e of pack.lists.find((l) => l.id === id)?.entries ?? []) ids.push(...e.sources);
  return resolveSources(pack, [...new Set(ids)]);
}

/** A string parameter list of a rule (e.g. `extensions`), lower-cased; [] when absent. */
export function stringParams(rule: Rule | undefined, key: string): string[] {
  const v = rule?.params[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()) : [];
}
