/**
 * Campaign lure vocabulary in the subject (any listed keyword) or the body (weaker: it takes
 * `bodyMinDistinct` different medium/high-confidence keywords, since a think-tank newsletter names
 * 安全保障 or 台湾海峡 once without being a lure). Text is matched after normaliseText.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE, numberParam, requireList, snippet } from './util';
import type { Detector, Hit } from './util';

export const lureKeywords: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  const list = requireList(ctx, rule, 'list', 'lure-keywords');
  const inSubject = ctx.keywordHits(list.id, 'subject');
  const inBody = ctx.keywordHits(list.id, 'body');
  if (inSubject.length === 0 && inBody.length === 0) return NONE;
  const hits: Hit[] = [];
  for (const h of inSubject) {
    hits.push(hit('subject', h.keyword));
  }
  const minDistinct = numberParam(rule, 'bodyMinDistinct', 2);
  const bodyHits = inBody.filter((h) => list.entries[h.owner]?.confidence !== 'low');
  const distinct = new Map<number, (typeof bodyHits)[number]>();
  for (const h of bodyHits) if (!distinct.has(h.owner)) distinct.set(h.owner, h);
  if (distinct.size >= minDistinct) {
    for (const h of distinct.values()) hits.push(hit('body', snippet(ctx.bodyNorm(), h.start, h.keyword.length)));
  }
  return dedupe(hits);
};

function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${h.field}|${h.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
