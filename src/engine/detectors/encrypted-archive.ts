/**
 * Password-protected archives: a ZIP listing with any encrypted entry (nested ones included), or
 * an adapter note that an archive could not be opened for that reason.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE, valueOfWhere } from './util';
import type { Detector, Hit } from './util';

export const encryptedArchive: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0 && ctx.message.incomplete.length === 0) return NONE;
  const hits = ctx.files.filter((f) => f.encryptedArchive).map((f) => hit(f.field, f.where));
  if (hits.length === 0) {
    for (const i of ctx.message.incomplete) {
      if (i.code === 'archive-encrypted') hits.push(hit('attachment', valueOfWhere('attachment', i.where ?? 'archive')));
    }
  }
  return hits;
};
