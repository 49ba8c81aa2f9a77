/**
 * Anchor text that shows one domain while the href goes to another registrable domain:
 * `<a href="https://evil.example">https://www.mofa.go.jp/</a>`. Only HTML links whose text is
 * itself a URL or domain count; "click here" is not a claim.
 *
 * Newsletters wrap every link in a click tracker and mail gateways rewrite every link (Safe Links,
 * Mimecast, Proofpoint), so a mismatch by itself is common in honest mail: it is `low`, and the
 * rule's own severity applies only when the text shows a protected or trusted domain (the
 * impersonation this rule exists for) or the href is a bare IP address. Links through known
 * rewriting gateways are skipped (`rewriterHosts`).
 */
import type { DetectorContext } from '../context';
import { hostInfo } from '../domain';
import type { HostInfo } from '../domain';
import { matchDomainList } from '../compile';
import type { Rule } from '../types';
import { normaliseText } from '../text';
import { hit, NONE, perRule, stringListParam, stringParam } from './util';
import type { Detector, Hit } from './util';

/** Text that is a URL or a domain, possibly with a path; nothing else around it except spaces/brackets. */
const URLISH_TEXT_RE = /^[<(\[]?((?:https?:\/\/)?(?:[a-z0-9\p{L}-]+\.)+[a-z\p{L}]{2,}(?::\d+)?(?:[/?#]\S*)?)[>)\]]?$/iu;

/**
 * Every character whose NFKC form holds a full stop: `.`, its full-width, small and vertical
 * forms, the dot leaders and ellipsis, the "digit full stop" symbols (⒈, 🄀) and the squared
 * a.m./p.m./Co. Link text without one cannot show a domain, so most anchors ("click here",
 * "詳細はこちら") skip normalisation; fast-paths.test.ts derives the set from
 * String.prototype.normalize over every code point.
 */
export const MAY_SHOW_DOMAIN = /[.\u2024-\u2026\u2488-\u249B\u33C2\u33C7\u33D8\uFE19\uFE30\uFE52\uFF0E]|\uD83C\uDD00/;

export function shownDomain(text: string, lookup: (input: string) => HostInfo = hostInfo): string {
  if (!MAY_SHOW_DOMAIN.test(text)) return '';
  const t = normaliseText(text);
  const m = URLISH_TEXT_RE.exec(t);
  if (!m) return '';
  const info = lookup(m[1] ?? '');
  return info.isIcann ? info.domain : '';
}

/** Security gateways that rewrite every link in delivered mail; the text is the real target. */
const REWRITERS = [
  'safelinks.protection.outlook.com',
  'mimecastprotect.com',
  'mimecast.com',
  'urldefense.com',
  'urldefense.proofpoint.com',
  'linkprotect.cudasvc.com',
  'secure-web.cisco.com',
  'scanner.topsec.com',
  'trendmicro.com',
];

export const linkTextMismatch: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.links.length === 0) return NONE;
  const rewriters = perRule(rule, 'rewriterHosts', () => stringListParam(rule, 'rewriterHosts', REWRITERS).map((h) => h.toLowerCase()));
  const protectedList = ctx.pack.lists.get(stringParam(rule, 'protectedList', 'protected-domains'));
  const policyDomains = [...ctx.policy.protectedDomains, ...ctx.policy.trustedDomains];
  const sensitive = (domain: string): boolean =>
    (!!protectedList && matchDomainList(protectedList, domain) !== undefined) || policyDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
  const hits: Hit[] = [];
  for (const l of ctx.links) {
    if (l.origin !== 'html' || !l.text) continue;
    if (!/^https?:/i.test(l.url.trim())) continue;
    const shown = shownDomain(l.text, ctx.hostInfo);
    if (!shown) continue;
    const actual = l.info.domain || l.info.host;
    if (!actual || actual === shown) continue;
    if (rewriters.some((r) => l.info.host === r || l.info.host.endsWith(`.${r}`))) continue;
    const strong = l.info.isIp || sensitive(shown);
    hits.push(hit('link', `${l.text} → ${l.href}`, strong ? undefined : 'low'));
  }
  return hits;
};
