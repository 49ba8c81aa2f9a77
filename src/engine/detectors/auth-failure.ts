/**
 * Sender authentication that failed where it matters, read only from the nearest authserv-id
 * (see trustedAuth): DMARC fail for the From domain; or, with no DMARC verdict, SPF and DKIM both
 * failing or absent while From claims a protected or free-mail domain (domains that publish
 * strict policies, so a failure there is telling). Mailing lists break DKIM and SPF as a matter of
 * course, so on list traffic only an explicit DMARC fail counts, and only as low.
 */
import { matchDomainList } from '../compile';
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, stringParam } from './util';
import type { Detector, Hit } from './util';

const FAILED = new Set(['fail', 'softfail', 'none', 'permerror']);

export const authFailure: Detector = (ctx: DetectorContext, rule: Rule): Hit[] => {
  if (!ctx.fromRegistrable || ctx.auth.length === 0) return [];
  const describe = (a: { method: string; result: string; props: Record<string, string> }): string =>
    `${a.method}=${a.result}${a.props['header.from'] ? ` header.from=${a.props['header.from']}` : ''} (${ctx.auth[0]?.authservId ?? ''})`;
  const dmarc = ctx.auth.filter(
    (a) => a.method === 'dmarc' && ctx.registrable(a.props['header.from'] ?? ctx.fromDomain) === ctx.fromRegistrable,
  );
  const dmarcFail = dmarc.find((a) => a.result === 'fail');
  // Lists modify messages and resend them, which fails DMARC for honest authors; on list traffic
  // a DMARC fail is only a weak sign.
  if (dmarcFail) return [hit('auth', describe(dmarcFail), ctx.mailingList ? 'low' : undefined)];
  if (dmarc.some((a) => a.result === 'pass') || ctx.mailingList) return [];

  const freemail = ctx.pack.lists.get(stringParam(rule, 'freemailList', 'freemail-domains'));
  const protectedList = ctx.pack.lists.get(stringParam(rule, 'protectedList', 'protected-domains'));
  const claimsStrict =
    ctx.fromFreemail ||
    (!!freemail && matchDomainList(freemail, ctx.fromDomain) !== undefined) ||
    (!!protectedList && matchDomainList(protectedList, ctx.fromDomain) !== undefined) ||
    ctx.policy.protectedDomains.some((d) => ctx.fromDomain === d || ctx.fromDomain.endsWith(`.${d}`));
  if (!claimsStrict) return [];
  const spf = ctx.auth.filter((a) => a.method === 'spf');
  const dkim = ctx.auth.filter((a) => a.method === 'dkim');
  // Only judge when the server actually reported SPF; a bare header with neither is no evidence.
  if (spf.length === 0) return [];
  const spfBad = spf.every((a) => FAILED.has(a.result));
  const dkimBad = dkim.length === 0 || dkim.every((a) => FAILED.has(a.result));
  if (!spfBad || !dkimBad) return [];
  return [hit('auth', [...spf, ...dkim].map(describe).join('; '))];
};
