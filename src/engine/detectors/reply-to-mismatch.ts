/**
 * Reply-To on another registrable domain than From: replies go to the attacker while the From
 * line looks right. Mailing lists do this legitimately (Mailman's DMARC rewrite puts the author in
 * Reply-To and the list in From; other lists set Reply-To to the list), so any message carrying
 * List-Id/List-Post or a "… via List" From is skipped. Reply-To to free-mail from a non-free-mail
 * From is the stronger case and carries medium.
 */
import { matchDomainList } from '../compile';
import type { DetectorContext } from '../context';
import { addressDomain } from '../domain';
import type { Rule } from '../types';
import { hit, stringParam } from './util';
import type { Detector, Hit } from './util';

export const replyToMismatch: Detector = (ctx: DetectorContext, rule: Rule): Hit[] => {
  if (ctx.mailingList || !ctx.fromRegistrable) return [];
  const freemail = ctx.pack.lists.get(stringParam(rule, 'freemailList', 'freemail-domains'));
  const hits: Hit[] = [];
  for (const rt of ctx.message.replyTo) {
    const d = addressDomain(rt.address);
    if (!d || ctx.registrable(d) === ctx.fromRegistrable) continue;
    const rtFree = !!freemail && matchDomainList(freemail, d) !== undefined;
    hits.push(hit('reply-to', rt.address, rtFree && !ctx.fromFreemail ? 'medium' : undefined));
  }
  return hits;
};
