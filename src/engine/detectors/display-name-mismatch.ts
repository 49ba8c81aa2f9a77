/**
 * Display name that carries an address or domain other than the real one:
 * `"info@mofa.go.jp" <someone@gmail.com>`. Readers see the name, not the address.
 * List-rewritten From lines ("alice at example.com via List") are skipped: the list is the sender.
 * The rule's severity applies when the name claims a protected domain or the real address is
 * free-mail (the campaign's shape). Otherwise it is `low`: brand names sent through a mail
 * provider ("CNET News.com" from online.com) and anonymising forwarders that keep the original
 * address in the name ("a@harpercollins.com [tag]" from sneakemail.com) are common in honest mail.
 */
import type { DetectorContext } from '../context';
import { addressDomain, hostInfo } from '../domain';
import type { HostInfo } from '../domain';
import type { Mailbox, Rule } from '../types';
import { normaliseText } from '../text';
import { matchDomainList } from '../compile';
import { hit, NONE, stringParam } from './util';
import type { Detector, Hit } from './util';

const ADDRESS_RE = /[a-z0-9._%+-]+@([a-z0-9.-]+\.[a-z]{2,})/gi;
const DOMAIN_RE = /(?<![a-z0-9@._-])((?:[a-z0-9-]+\.)+[a-z]{2,24})(?![a-z0-9-])/gi;

/** Registrable domains a display name claims (addresses first, then bare domains with a real suffix). */
/** A name can only claim a domain if it has a dot (ASCII or full-width) or an at sign. */
const MAY_CLAIM = /[.@＠．。]/;

export function claimedDomains(name: string, lookup: (input: string) => HostInfo = hostInfo): { domain: string; address: boolean }[] {
  if (!MAY_CLAIM.test(name)) return [];
  const norm = normaliseText(name).replace(/\s+(?:at|＠)\s+/g, '@');
  const out = new Map<string, boolean>();
  for (const m of norm.matchAll(ADDRESS_RE)) {
    const info = lookup(m[1] ?? '');
    const d = info.domain || info.host;
    if (d) out.set(d, true);
  }
  const withoutAddresses = norm.replace(ADDRESS_RE, ' ');
  for (const m of withoutAddresses.matchAll(DOMAIN_RE)) {
    const info = lookup(m[1] ?? '');
    if (info.isIcann && info.domain && !out.has(info.domain)) out.set(info.domain, false);
  }
  return [...out].map(([domain, address]) => ({ domain, address }));
}

export const displayNameMismatch: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  let hits: Hit[] | undefined;
  const check = (field: 'from' | 'sender', mb: Mailbox | undefined): void => {
    if (!mb || !mb.name) return;
    if (field === 'from' && ctx.mailingList && /\svia\s/i.test(mb.name)) return;
    // Most names claim nothing: the sender's own domain is looked up only when one does.
    const claimed = claimedDomains(mb.name, ctx.hostInfo);
    if (claimed.length === 0) return;
    const actual = ctx.registrable(addressDomain(mb.address));
    const wrong = claimed.filter((c) => c.domain !== actual);
    if (wrong.length === 0) return;
    const protectedList = ctx.pack.lists.get(stringParam(rule, 'protectedList', 'protected-domains'));
    const isProtected = (d: string): boolean =>
      (!!protectedList && matchDomainList(protectedList, d) !== undefined) || ctx.policy.protectedDomains.some((p) => d === p || d.endsWith(`.${p}`));
    const strong = ctx.fromFreemail || wrong.some((c) => isProtected(c.domain));
    (hits ??= []).push(hit(field, `${mb.name} <${mb.address}>`, strong ? undefined : 'low'));
  };
  check('from', ctx.message.from);
  check('sender', ctx.message.sender);
  return hits ?? NONE;
};
