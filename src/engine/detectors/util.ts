/** Shared pieces for detectors: the detector signature, evidence construction and param readers. */
import type { DetectorContext } from '../context';
import type { CompiledList } from '../compile';
import type { Evidence, Rule, Severity } from '../types';
import { defang } from '../text';

/**
 * Evidence plus an optional severity for this one piece of evidence, for detectors whose rule
 * has a documented exception (e.g. Reply-To to free-mail is medium, a `.doc` that is RTF is low).
 * The engine strips `severity` before the evidence reaches the Verdict.
 */
export interface Hit extends Evidence {
  severity?: Severity;
}

/** Read-only, so a detector can return the shared NONE when it finds nothing (most messages). */
export type Detector = (ctx: DetectorContext, rule: Rule) => readonly Hit[];

/** The result of a detector that found nothing: shared, frozen, so it costs no allocation. */
export const NONE: readonly Hit[] = Object.freeze([]);

export function hit(field: string, value: string, severity?: Severity): Hit {
  const h: Hit = { field, value, display: defang(value) };
  if (severity) h.severity = severity;
  return h;
}

/**
 * An adapter's `where` (`attachment:report.zip`) as an evidence value for that field: the field
 * is shown beside the value, so a kept prefix would read `attachment: attachment:report.zip`.
 */
export function valueOfWhere(field: string, where: string): string {
  const prefix = `${field}:`;
  return where.startsWith(prefix) ? where.slice(prefix.length).trimStart() : where;
}

export function stringParam(rule: Rule, key: string, fallback: string): string {
  const v = rule.params?.[key];
  return typeof v === 'string' && v ? v : fallback;
}

export function stringListParam(rule: Rule, key: string, fallback: readonly string[]): string[] {
  const v = rule.params?.[key];
  if (typeof v === 'string' && v) return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [...fallback];
}

export function boolParam(rule: Rule, key: string, fallback: boolean): boolean {
  const v = rule.params?.[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function numberParam(rule: Rule, key: string, fallback: number): number {
  const v = rule.params?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

const ruleCache = new WeakMap<Rule, Map<string, unknown>>();

/**
 * What `build` makes from a rule's params, made once per rule object and `key` (rules are
 * immutable data inside a compiled pack), so a detector does not rebuild sets and patterns from
 * its params for every message.
 */
export function perRule<T>(rule: Rule, key: string, build: () => T): T {
  let byKey = ruleCache.get(rule);
  if (!byKey) {
    byKey = new Map();
    ruleCache.set(rule, byKey);
  }
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = build();
  byKey.set(key, value);
  return value;
}

/** Lower-case extension set from a param, accepting `.lnk` or `lnk` (once per rule; see perRule). */
export function extensionSet(rule: Rule, key: string, fallback: readonly string[]): Set<string> {
  return perRule(rule, `extensions:${key}`, () => new Set(stringListParam(rule, key, fallback).map((e) => e.toLowerCase().replace(/^\./, ''))));
}

/**
 * A list named by a param. A rule naming a list the pack lacks is a pack error, not "nothing
 * found": throwing turns it into a rule-error incomplete, so it cannot pass silently.
 */
export function requireList(ctx: DetectorContext, rule: Rule, key: string, fallbackId: string): CompiledList {
  const id = stringParam(rule, key, fallbackId);
  const list = ctx.pack.lists.get(id);
  if (!list) throw new Error(`rule ${rule.id}: list "${id}" is not in the pack`);
  return list;
}


/** A short window of text around a match, for evidence that reads as a sentence. */
export function snippet(text: string, start: number, length: number, radius = 30): string {
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, start + length + radius);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}
