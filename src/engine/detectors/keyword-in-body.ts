/** A listed phrase in the body (or subject): e.g. urging the reader to enable content or macros. */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE, requireList, snippet } from './util';
import type { Detector, Hit } from './util';

/** Evidence items per rule; one is enough to decide, a few help the reader. */
const MAX_EVIDENCE = 5;

export const keywordInBody: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  const list = requireList(ctx, rule, 'list', 'enable-content-phrases');
  const inSubject = ctx.keywordHits(list.id, 'subject');
  const inBody = ctx.keywordHits(list.id, 'body');
  if (inSubject.length === 0 && inBody.length === 0) return NONE;
  const hits: Hit[] = [];
  const seen = new Set<number>();
  for (const [field, found] of [['subject', inSubject], ['body', inBody]] as const) {
    for (const h of found) {
      if (seen.has(h.owner)) continue;
      seen.add(h.owner);
      // Read the normalised text only on a hit: the body's is built on first read.
      hits.push(hit(field, snippet(field === 'subject' ? ctx.subjectNorm : ctx.bodyNorm(), h.start, h.keyword.length)));
      if (hits.length >= MAX_EVIDENCE) return hits;
    }
  }
  return hits;
};
