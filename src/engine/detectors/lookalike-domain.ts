/**
 * Domains made to pass for a protected organisation's: From / Reply-To / Sender addresses and
 * link hosts whose registrable domain is not a protected one but
 * - has the same skeleton as a protected label (homoglyphs, IDN decoded: `xn--mfa-…`, `m0fa`, `rnofa`),
 * - is within a small edit distance of it (length-scaled, so 4-letter acronyms never fuzzy-match),
 * - reuses the protected label on another suffix (`mofa.org`), or
 * - embeds the protected domain (`mofa.go.jp.example.com`, `mofa-go-jp.com`, `mofa-jp.com`).
 * The protected domain itself and its subdomains never match.
 */
import type { CompiledList } from '../compile';
import type { DetectorContext } from '../context';
import { addressDomain, editDistance, hostInfo, skeleton } from '../domain';
import type { HostInfo } from '../domain';
import type { Rule } from '../types';
import { hit, requireList } from './util';
import type { Detector, Hit } from './util';

/** Protected labels shorter than this are not flagged merely for appearing on another suffix. */
const MIN_SUFFIX_SWAP_LABEL = 4;
/** Protected labels shorter than this only match by exact skeleton, never by edit distance. */
const MIN_FUZZY_LABEL = 5;
/** Edit distance allowed: 1 for 5–7 letter labels, 2 from 8 letters (short labels collide with real words). */
const fuzzBudget = (len: number): number => (len >= 8 ? 2 : len >= MIN_FUZZY_LABEL ? 1 : 0);
/** Tokens that, next to a protected label in a hyphenated name, signal impersonation (`mofa-go-jp`). */
const IMPERSONATION_TOKENS = new Set(['go', 'jp', 'gojp', 'gov', 'japan', 'or', 'co', 'ac', 'official', 'mail', 'secure']);
/** Link hosts checked per message; the rest are covered by the link limit already reported. */
const MAX_CANDIDATES = 500;

interface Protected {
  domain: string;
  host: HostInfo;
  skel: string;
  dashed: string;
  undotted: string;
  /** `mofa.go.jp.` and `mofa.go.jp-`: the protected domain embedded at the start of another host. */
  dotted: string;
  hyphened: string;
  /** Three or more labels (`mofa.go.jp`): then the label written without dots (`mofagojp`) is a spelling of it. */
  multiLabel: boolean;
}

interface Prepared {
  list: Protected[];
  /** Registrable domains of the protected set: a candidate on one of these is the real thing. */
  own: Set<string>;
  /** Host → verdict (it depends on the host alone); hosts repeat across messages (newsletters, CDNs). */
  memo: Map<string, boolean>;
}
/** Hosts remembered per prepared set; beyond this the memo is cleared (bounded memory). */
const MAX_MEMO_HOSTS = 50_000;

/** Prepared protected domains per compiled list and policy extras (policies are few and stable). */
const prepared = new WeakMap<CompiledList, Map<string, Prepared>>();

function protectedDomains(ctx: DetectorContext, rule: Rule): Prepared {
  const list = requireList(ctx, rule, 'protectedList', 'protected-domains');
  const extraKey = ctx.policy.protectedDomains.join('\n');
  let byPolicy = prepared.get(list);
  if (!byPolicy) {
    byPolicy = new Map();
    prepared.set(list, byPolicy);
  }
  const cached = byPolicy.get(extraKey);
  if (cached) return cached;
  const all = new Set([...list.values.keys(), ...ctx.policy.protectedDomains.map((d) => d.toLowerCase())]);
  const out: Protected[] = [];
  for (const d of all) {
    const host = hostInfo(d);
    if (host.label) {
      out.push({
        domain: host.host,
        host,
        skel: skeleton(host.label),
        dashed: host.host.replace(/\./g, '-'),
        undotted: host.host.replace(/\./g, ''),
        dotted: `${host.host}.`,
        hyphened: `${host.host}-`,
        multiLabel: host.host.split('.').length >= 3,
      });
    }
  }
  const result: Prepared = { list: out, own: new Set(out.map((p) => p.host.domain)), memo: new Map() };
  // Policies come from config and do not vary per message; a small bound stops a hostile caller growing this.
  if (byPolicy.size < 16) byPolicy.set(extraKey, result);
  return result;
}

/**
 * Why a registrable domain (its label and skeleton) looks like protected `p`, or undefined.
 * Depends only on the registrable domain, so the verdict is memoised per domain.
 */
export function labelReason(cand: HostInfo, candSkel: string, p: Protected, candTokens: readonly string[] = cand.label.split('-')): string | undefined {
  if (!cand.domain || cand.domain === p.host.domain) return undefined;
  const candLabel = cand.label;
  // A 2–3 letter acronym on another suffix is usually someone else's (cas.org, spf.io, nhk.com).
  if (candSkel === p.skel && (candLabel !== p.host.label || p.host.label.length >= MIN_SUFFIX_SWAP_LABEL)) {
    return candLabel === p.host.label ? `same name "${candLabel}" on another suffix` : `looks like "${p.host.label}" (confusable characters)`;
  }
  const budget = fuzzBudget(p.host.label.length);
  if (budget > 0 && candSkel.length >= MIN_FUZZY_LABEL && editDistance(candSkel, p.skel, budget) <= budget) {
    return `within ${budget} edit(s) of "${p.host.label}"`;
  }
  if (candLabel.includes(p.dashed) || (p.multiLabel && candLabel === p.undotted)) {
    return `spells out "${p.domain}"`;
  }
  const tokens = candTokens;
  if (tokens.length > 1 && p.host.label.length >= 3 && tokens.includes(p.host.label) && tokens.some((t) => IMPERSONATION_TOKENS.has(t))) {
    return `"${p.host.label}" with "${tokens.filter((t) => t !== p.host.label).join('-')}"`;
  }
  return undefined;
}

/** The protected domain written into another host: `mofa.go.jp.example.com`, `mofa.go.jp-login.net`. */
function embeds(host: string, p: Protected): boolean {
  return p.domain.includes('.') && (host.includes(p.dotted) || host.startsWith(p.hyphened));
}

export const lookalikeDomain: Detector = (ctx: DetectorContext, rule: Rule): Hit[] => {
  const { list: prot, own, memo } = protectedDomains(ctx, rule);
  if (prot.length === 0) return [];
  const trusted = new Set(ctx.policy.trustedDomains.map((d) => d.toLowerCase()));
  const candidates: [string, string, HostInfo][] = [];
  const addAddress = (field: string, address: string | undefined): void => {
    const d = addressDomain(address ?? '');
    if (d) candidates.push([field, address ?? '', ctx.hostInfo(d)]);
  };
  addAddress('from', ctx.message.from?.address);
  addAddress('sender', ctx.message.sender?.address);
  for (const r of ctx.message.replyTo) addAddress('reply-to', r.address);
  for (const l of ctx.links.slice(0, MAX_CANDIDATES)) if (l.info.host) candidates.push(['link', l.href, l.info]);

  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const [field, value, info] of candidates) {
    if (!info.domain || info.isIp || trusted.has(info.domain)) continue;
    const key = `${field}|${info.host}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (own.has(info.domain)) continue;
    let looks = memo.get(info.host);
    if (looks === undefined) {
      const candSkel = skeleton(info.label);
      // Split once per candidate, not once per protected domain.
      const tokens = info.label.split('-');
      looks = prot.some((p) => labelReason(info, candSkel, p, tokens) !== undefined || embeds(info.host, p));
      if (memo.size >= MAX_MEMO_HOSTS) memo.clear();
      memo.set(info.host, looks);
    }
    if (looks) hits.push(hit(field, value));
  }
  return hits;
};
