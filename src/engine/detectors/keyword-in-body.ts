/** A listed phrase in the body (or subject): e.g. urging the reader to enable content or macros. */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, requireList, snippet } from './util';
import type { Detector, Hit } from './util';

/** Evidence items per rule; one is enough to decide, a few help the reader. */
const MAX_EVIDENCE = 5;

export const keywordInBody: Detector = (ctx: DetectorContext, rule: Rule): Hit[] => {
  const list = requireList(ctx, rule, 'list', 'enable-content-phrases');
  const hits: Hit[] = [];
  const seen = new Set<number>();
  for (const field of ['subject', 'body'] as const) {
    for (const h of ctx.keywordHits(list.id, field)) {
      if (seen.has(h.owner)) continue;
      seen.add(h.owner);
      // Read the normalised text only on a hit: the body's is built on first read.
      hits.push(hit(field, snippet(field === 'subject' ? ctx.subjectNorm : ctx.bodyNorm(), h.start, h.keyword.length)));
      if (hits.length >= MAX_EVIDENCE) return hits;
    }
  }
  return hits;
};
