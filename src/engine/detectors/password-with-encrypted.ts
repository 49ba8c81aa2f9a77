/**
 * The body hands over a password while something is encrypted (archive, archive entry, or
 * password-protected Office file): the pattern NPA/NISC tell recipients to treat as a warning
 * even from a known sender. Encryption defeats scanning, and the password in the same mail
 * defeats the encryption's only purpose.
 */
import type { DetectorContext } from '../context';
import { isEncryptedOffice } from '../context';
import type { Rule } from '../types';
import { hit, NONE, requireList, snippet, valueOfWhere } from './util';
import type { Detector, Hit } from './util';

export const passwordWithEncrypted: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (!ctx.hasEncrypted) return NONE;
  const list = requireList(ctx, rule, 'list', 'password-phrases');
  const inBody = ctx.keywordHits(list.id, 'body')[0];
  const found = inBody ?? ctx.keywordHits(list.id, 'subject')[0];
  if (!found) return [];
  const text = inBody ? ctx.bodyNorm() : ctx.subjectNorm;
  const hits: Hit[] = [hit('body', snippet(text, found.start, found.keyword.length))];
  for (const f of ctx.files) {
    if (f.encryptedArchive || isEncryptedOffice(f)) hits.push(hit(f.field, f.where));
  }
  for (const i of ctx.message.incomplete) if (i.code === 'archive-encrypted' && i.where) hits.push(hit('attachment', valueOfWhere('attachment', i.where)));
  return hits;
};
