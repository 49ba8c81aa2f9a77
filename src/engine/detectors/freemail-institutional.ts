/**
 * Free-mail sender presenting as an institution: From (or Sender) is on a free-mail domain while
 * the display name claims a title or office (省, 研究所, 教授, Embassy, Prof.) or names a protected
 * organisation; or the closing lines of the body (the signature) name a protected organisation.
 * Signatures are only checked for protected organisations, not generic titles: plenty of honest
 * researchers write from Gmail and sign with their university.
 */
import { matchDomainList } from '../compile';
import type { CompiledList } from '../compile';
import type { DetectorContext } from '../context';
import { addressDomain } from '../domain';
import { KeywordMatcher } from '../keyword-matcher';
import type { Mailbox, Rule } from '../types';
import { normaliseText } from '../text';
import { hit, NONE, requireList } from './util';
import type { Detector, Hit } from './util';

/** Lines at the end of the body read as the signature; real signatures are under ten lines. */
export const SIGNATURE_LINES = 12;
/** Organisation names shorter than this (after normalisation) are too ambiguous to match. */
const MIN_ORG_NAME_CHARS = 3;

const orgMatchers = new WeakMap<CompiledList, KeywordMatcher>();

/**
 * Organisation names come from each protected-domain entry's `note` ("外務省 / Ministry of Foreign
 * Affairs") and `variants`; split on / | ; , and newlines. Cached per compiled list.
 */
function orgMatcher(list: CompiledList): KeywordMatcher {
  const cached = orgMatchers.get(list);
  if (cached) return cached;
  const keywords: { keyword: string; owner: number }[] = [];
  list.entries.forEach((e, i) => {
    const names = [...(typeof e.note === 'string' ? e.note.split(/[/|;,、\n（）()]/) : []), ...(e.variants ?? [])];
    for (const n of names) {
      const k = normaliseText(n);
      if ([...k].length >= MIN_ORG_NAME_CHARS) keywords.push({ keyword: k, owner: i });
    }
  });
  const m = new KeywordMatcher(keywords);
  orgMatchers.set(list, m);
  return m;
}

function claims(name: string, titles: CompiledList, orgs: KeywordMatcher): string | undefined {
  const norm = normaliseText(name);
  if (!norm) return undefined;
  const t = titles.matcher?.search(norm, 1)[0];
  if (t) return t.keyword;
  const o = orgs.search(norm, 1)[0];
  return o?.keyword;
}

export const freemailInstitutional: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  const freemail = requireList(ctx, rule, 'freemailList', 'freemail-domains');
  const titles = requireList(ctx, rule, 'titleList', 'institutional-titles');
  const protectedList = requireList(ctx, rule, 'protectedList', 'protected-domains');
  let hits: Hit[] | undefined;
  const check = (field: 'from' | 'sender', mb: Mailbox | undefined): void => {
    if (!mb) return;
    const domain = addressDomain(mb.address);
    if (!domain || matchDomainList(freemail, domain) === undefined) return;
    const orgs = orgMatcher(protectedList);
    const claim = claims(mb.name, titles, orgs);
    if (claim) {
      (hits ??= []).push(hit(field, `${mb.name} <${mb.address}>`));
      return;
    }
    const lines = ctx.message.text.slice(-4_000).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const sig = normaliseText(lines.slice(-SIGNATURE_LINES).join('\n'));
    const org = orgs.search(sig, 1)[0];
    if (org) (hits ??= []).push(hit('body', `${mb.address}: signature names "${org.keyword}"`));
  };
  check('from', ctx.message.from);
  check('sender', ctx.message.sender);
  return hits ?? NONE;
};
