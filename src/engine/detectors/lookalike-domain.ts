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
import type { DetectorContext, LinkItem } from '../context';
import { addressDomain, editDistance, hostInfo, readerAscii, skeleton } from '../domain';
import type { HostInfo } from '../domain';
import type { Rule } from '../types';
import { hit, NONE, requireList } from './util';
import type { Detector, Hit } from './util';

/** Protected labels shorter than this are not flagged merely for appearing on another suffix. */
export const MIN_SUFFIX_SWAP_LABEL = 4;
/** Protected labels shorter than this only match by exact skeleton, never by edit distance. */
export const MIN_FUZZY_LABEL = 5;
/** Edit distance allowed: 1 for 5–7 letter labels, 2 from 8 letters (short labels collide with real words). */
export const fuzzBudget = (len: number): number => (len >= 8 ? 2 : len >= MIN_FUZZY_LABEL ? 1 : 0);
/** Tokens that, next to a protected label in a hyphenated name, signal impersonation (`mofa-go-jp`). */
export const IMPERSONATION_TOKENS: ReadonlySet<string> = new Set([
  'go', 'jp', 'gojp', 'gov', 'japan', 'or', 'co', 'ac', 'official', 'mail', 'secure',
  // The office a lure claims to write from: a party's PR department (LiberalFace), a press desk,
  // a secretariat or an event (`<party>-koho`, `mofa-press`, `expo2025-info`).
  'koho', 'kouhou', 'pr', 'press', 'info', 'news', 'office', 'jimusho', 'jimukyoku', 'secretariat', 'event', 'events', 'forum', 'seminar',
]);
/**
 * Protected labels this long are distinctive enough that any extra hyphenated word makes a
 * look-alike (`expo2025-osaka`, `kantei-report`); shorter ones (`mofa`, `nhk`, `jiji`) need a
 * word from IMPERSONATION_TOKENS, or they would match unrelated names.
 */
export const MIN_WORD_EMBED_LABEL = 6;
/** Link hosts checked per message; the rest are covered by the link limit already reported. */
const MAX_CANDIDATES = 500;

export interface Protected {
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

export interface Prepared {
  list: Protected[];
  /** Registrable domains of the protected set: a candidate on one of these is the real thing. */
  own: Set<string>;
  /** Host → verdict (it depends on the host alone); hosts repeat across messages (newsletters, CDNs). */
  memo: Map<string, boolean>;
  /** `list` indexed by skeleton, by label and by dotless spelling, so a new host is not compared with every entry. */
  bySkeleton: Map<string, Protected[]>;
  byLabel: Map<string, Protected[]>;
  byUndotted: Map<string, Protected[]>;
  /** Entries whose label is long enough for an edit-distance match. */
  fuzzy: Protected[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
/** Hosts remembered per prepared set; beyond this the memo is cleared (bounded memory). */
const MAX_MEMO_HOSTS = 50_000;

/** Prepared protected domains per compiled list and policy extras (policies are few and stable). */
const prepared = new WeakMap<CompiledList, Map<string, Prepared>>();

/** The protected set, with its indexes, from domain names (duplicates and non-domains ignored). */
export function prepareProtected(domains: Iterable<string>): Prepared {
  const out: Protected[] = [];
  for (const d of new Set(domains)) {
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
  const result: Prepared = { list: out, own: new Set(out.map((p) => p.host.domain)), memo: new Map(), bySkeleton: new Map(), byLabel: new Map(), byUndotted: new Map(), fuzzy: [] };
  for (const p of out) {
    push(result.bySkeleton, p.skel, p);
    push(result.byLabel, p.host.label, p);
    if (p.multiLabel) push(result.byUndotted, p.undotted, p);
    if (fuzzBudget(p.host.label.length) > 0) result.fuzzy.push(p);
  }
  return result;
}

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
  const result = prepareProtected([...list.values.keys(), ...ctx.policy.protectedDomains.map((d) => d.toLowerCase())]);
  // Policies come from config and do not vary per message; a small bound stops a hostile caller growing this.
  if (byPolicy.size < 16) byPolicy.set(extraKey, result);
  return result;
}

/** The protected domain written into another host: `mofa.go.jp.example.com`, `mofa.go.jp-login.net`. */
export function embeds(host: string, p: Protected): boolean {
  return p.domain.includes('.') && (host.includes(p.dotted) || host.startsWith(p.hyphened));
}

/**
 * Whether a candidate host looks like any protected entry: its registrable domain is another
 * than the entry's, and its label has the entry's skeleton (not merely the same short label on
 * another suffix), is within the entry's edit budget, spells the entry out with hyphens or without
 * dots, or carries the entry's label beside an impersonation token; or the host embeds the entry.
 * Only the entries that can match are read, through the indexes (fast-paths.test.ts holds this to
 * the same tests made entry by entry).
 */
export function looksLikeAny(prepared: Prepared, cand: HostInfo, candSkel: string, tokens: readonly string[]): boolean {
  const other = (p: Protected): boolean => !!cand.domain && cand.domain !== p.host.domain;
  const label = cand.label;
  for (const p of prepared.bySkeleton.get(candSkel) ?? []) {
    if (other(p) && (label !== p.host.label || p.host.label.length >= MIN_SUFFIX_SWAP_LABEL)) return true;
  }
  if (candSkel.length >= MIN_FUZZY_LABEL) {
    for (const p of prepared.fuzzy) {
      const budget = fuzzBudget(p.host.label.length);
      if (Math.abs(candSkel.length - p.skel.length) <= budget && other(p) && editDistance(candSkel, p.skel, budget) <= budget) return true;
    }
  }
  // A dashed spelling (`mofa-go-jp`) needs a hyphen in the label.
  if (label.includes('-')) for (const p of prepared.list) if (other(p) && label.includes(p.dashed)) return true;
  for (const p of prepared.byUndotted.get(label) ?? []) if (other(p)) return true;
  if (tokens.length > 1) {
    const impersonating = tokens.some((t) => IMPERSONATION_TOKENS.has(t));
    for (const t of tokens) {
      for (const p of prepared.byLabel.get(t) ?? []) {
        if (p.host.label.length >= (impersonating ? 3 : MIN_WORD_EMBED_LABEL) && other(p)) return true;
      }
    }
  } else if (label.length > 4) {
    // The label and an impersonation word written together: `jiminkoho`, `mofajapan`, `modgov`.
    for (const p of prepared.list) {
      const l = p.host.label;
      if (l.length < 3 || l.includes('-') || label.length <= l.length || !other(p)) continue;
      if ((label.startsWith(l) && IMPERSONATION_TOKENS.has(label.slice(l.length))) || (label.endsWith(l) && IMPERSONATION_TOKENS.has(label.slice(0, -l.length)))) return true;
    }
  }
  for (const p of prepared.list) if (embeds(cand.host, p)) return true;
  return false;
}

export const lookalikeDomain: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  const prepared = protectedDomains(ctx, rule);
  const { own, memo } = prepared;
  if (prepared.list.length === 0) return NONE;
  const trusted = ctx.policy.trustedDomains;
  let hits: Hit[] | undefined;
  /** The verdict for one candidate host (memoised across messages: it depends on the host alone). */
  const looks = (info: HostInfo): boolean => {
    if (!info.domain || info.isIp || trusted.includes(info.domain) || own.has(info.domain)) return false;
    let v = memo.get(info.host);
    if (v === undefined) {
      // Skeleton and tokens once per candidate, not once per protected domain.
      v = looksLikeAny(prepared, info, skeleton(info.label), info.label.split('-'));
      // An IDN label is also read as the ASCII a reader would take it for, so the word-level
      // checks see `mofa-go-jp` in a Cyrillic-lettered `xn--` label.
      const ascii = v ? '' : readerAscii(info.label);
      if (ascii) v = looksLikeAny(prepared, { ...info, label: ascii, host: `${ascii}.${info.suffix}` }, skeleton(ascii), ascii.split('-'));
      if (memo.size >= MAX_MEMO_HOSTS) memo.clear();
      memo.set(info.host, v);
    }
    return v;
  };
  /** Each field's hosts are reported once (only Reply-To can hold several addresses). */
  const address = (field: string, value: string | undefined, seen?: Set<string>): void => {
    const d = addressDomain(value ?? '');
    if (!d) return;
    const info = ctx.hostInfo(d);
    if (seen) {
      if (seen.has(info.host)) return;
      seen.add(info.host);
    }
    if (looks(info)) (hits ??= []).push(hit(field, value ?? ''));
  };
  address('from', ctx.message.from?.address);
  address('sender', ctx.message.sender?.address);
  const replyTo = ctx.message.replyTo;
  if (replyTo.length > 0) {
    const seen = new Set<string>();
    for (const r of replyTo) address('reply-to', r.address, seen);
  }
  const links = ctx.links;
  if (links.length > 0) {
    const seenLink = new Set<string>();
    for (let i = 0; i < links.length && i < MAX_CANDIDATES; i++) {
      const l = links[i] as LinkItem;
      const host = l.info.host;
      if (!host || seenLink.has(host)) continue;
      seenLink.add(host);
      if (looks(l.info)) (hits ??= []).push(hit('link', l.href));
    }
  }
  return hits ?? NONE;
};
