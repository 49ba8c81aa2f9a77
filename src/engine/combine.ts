/**
 * How a verdict is reached (the combination model).
 *
 * Every finding has a severity (low … critical, from its rule; a few detectors lower or raise it
 * for one piece of evidence, e.g. Reply-To to free-mail is medium) and a category
 * (ioc, lure, sender, auth, payload, link). The level is decided in this order:
 *
 * 1. **Indicators.** Any `ioc` finding (a published campaign hash, C&C host/IP/URL or lure file
 *    name, or one of the organisation's own indicators) makes the level `critical`. Nothing
 *    tempers it.
 * 2. **Tempering first, so it changes what counts.**
 *    - If DMARC passed for the From domain (at the nearest authentication server) and that domain
 *      is not free-mail, display-name and Reply-To mismatch findings stop counting: the claimed
 *      organisation vouched for the message.
 *    - If, in addition, From's registrable domain is one of `policy.trustedDomains` (the
 *      organisation's own), every `sender`-category finding stops counting, and the final level is
 *      lowered by one step (see 5).
 *    Tempered findings stay in `findings` (the reader can still see them) but add nothing to the
 *    level or the score.
 * 3. **Base level.** The highest severity among the counted findings that are not `lure`.
 *    Lure findings (campaign vocabulary, "enable content" wording) are everyday words for our
 *    readers, so on their own they give at most `low`.
 * 4. **Escalation.** The sender is *untrusted* when From is on a free-mail domain or a counted
 *    `sender`/`auth` finding of at least medium exists (a low one, such as a Reply-To on another
 *    company domain or DMARC broken by a mailing list, is too common in honest mail). Then:
 *    - lure + untrusted sender + a `payload` or `link` finding → at least `high`
 *      (the campaign's shape: an "expert" on Gmail sending a study-group ZIP);
 *    - untrusted sender + a `payload` or `link` finding → at least `medium`, except that the weak
 *      link features (`WEAK_LINK_DETECTORS`: a link naming a file on any host, an IP-literal host,
 *      a URL shortener) only count towards the line above: a Gmail sender on a mailing list linking
 *      to a release archive is everyday mail, an "expert" on Gmail with a lure linking to a ZIP is
 *      the campaign.
 *    Every `payload` finding counts here, including an Office, archive or disk-image attachment
 *    that could not be parsed (mf-attachment-unparsable): corrupting the file must not lower the
 *    verdict, so from an untrusted sender it weighs like any other risky payload.
 * 4b. **Partner PPAP is medium.** When DMARC passed for a From domain that is not free-mail and
 *    the only counted non-lure findings are about encryption (an encrypted archive or Office file,
 *    and the body's word on its password: `PPAP_DETECTORS`), the level is `medium`, whatever those
 *    rules' own severities: "call the sender" is the NPA/NISC advice for exactly this case, and
 *    everyday password-protected mail from partners shown in red teaches readers to ignore red.
 *    It applies to the organisation's own trusted domains too (step 5 keeps it at medium). Any
 *    other signal (a free-mail or failing sender, a macro, a shortcut, a link) keeps the full level,
 *    so high stays for untrusted senders and for extra payload signals.
 * 5. **Trusted-domain step down.** For a trusted domain with DMARC pass the level drops one step,
 *    but never below `medium` while an encrypted archive or encrypted Office file is present
 *    (NPA/NISC: a password-protected ZIP from a known sender still warrants a call to the sender),
 *    and never for `critical` indicator matches.
 * 6. **Incomplete never looks safe.** When parts of the message could not be checked the level
 *    is still computed from what was checked (so `none` stays `none`), but the verdict carries
 *    the `incomplete` entries and the `incomplete-check` guidance, and the task pane and CLI show
 *    "could not fully check" instead of "nothing found".
 *
 * **Score** (0–100) is the sum of the counted findings' weights (low 8, medium 20, high 40,
 * critical 70), clamped into the band of the level: none 0, low 1–24, medium 25–49, high 50–74,
 * critical 75–100. The bands do not overlap, so the score is monotone with the level and only
 * orders verdicts within one level.
 *
 * **Guidance** is the union of the findings' guidance ids, plus `report-to-security-team` for
 * medium and above and `incomplete-check` when anything is incomplete, in a fixed order of
 * importance (GUIDANCE_ORDER; ids the engine does not know keep their first-seen order after it).
 */
import type { Finding, Incomplete, Level, Policy, Severity } from './types';
import { LEVELS } from './types';

export const SEVERITY_WEIGHT: Record<Severity, number> = { low: 8, medium: 20, high: 40, critical: 70 };
/** Inclusive score band per level; disjoint and increasing so the score is monotone with the level. */
export const SCORE_BAND: Record<Level, readonly [number, number]> = {
  none: [0, 0],
  low: [1, 24],
  medium: [25, 49],
  high: [50, 74],
  critical: [75, 100],
};
/** Guidance ids by importance: what to do first comes first. */
export const GUIDANCE_ORDER: readonly string[] = [
  'report-to-security-team',
  'do-not-open-encrypted-or-unusual',
  'do-not-enable-content',
  'do-not-click-download-links',
  'verify-by-other-channel',
  'check-sender-address',
  'incomplete-check',
];

export function levelIndex(l: Level): number {
  const i = LEVELS.indexOf(l);
  return i < 0 ? 0 : i;
}

export function levelAtLeast(a: Level, b: Level): boolean {
  return levelIndex(a) >= levelIndex(b);
}

function maxLevel(a: Level, b: Level): Level {
  return levelAtLeast(a, b) ? a : b;
}

/** A finding plus what the combination model needs to know about its rule. */
export interface RankedFinding {
  finding: Finding;
  detector: string;
}

export interface CombineInput {
  findings: RankedFinding[];
  incomplete: Incomplete[];
  policy: Policy;
  fromRegistrable: string;
  fromFreemail: boolean;
  dmarcPassForFrom: boolean;
  hasEncrypted: boolean;
}

export interface CombineResult {
  level: Level;
  score: number;
  guidance: string[];
  reasons: string[];
}

const COULD_NOT_CHECK = 'could not fully check: some parts were not inspected';

/**
 * Detectors whose findings are only "something is encrypted, and here is what the body says about
 * its password" (step 4b): the PPAP shape, which from an authenticated partner is medium.
 */
export const PPAP_DETECTORS: ReadonlySet<string> = new Set(['encrypted-archive', 'encrypted-office', 'password-with-encrypted']);

/**
 * Detectors of weak link features (a link naming a file on any host, an IP-literal host, a URL
 * shortener): they count for step 4's campaign shape (lure + untrusted + link), not for its
 * "untrusted + link" medium.
 */
export const WEAK_LINK_DETECTORS: ReadonlySet<string> = new Set(['link-feature']);

/** Detectors whose findings a DMARC pass for the (non-free-mail) claimed domain answers. */
const DMARC_ANSWERS: ReadonlySet<string> = new Set(['display-name-mismatch', 'reply-to-mismatch']);

export function combine(input: CombineInput): CombineResult {
  // Most mail: nothing found. What the general path below gives then, without its arrays.
  if (input.findings.length === 0) {
    const [lo, hi] = SCORE_BAND.none;
    const score = Math.min(hi, Math.max(lo, 0));
    return input.incomplete.length > 0
      ? { level: 'none', score, guidance: ['incomplete-check'], reasons: [COULD_NOT_CHECK] }
      : { level: 'none', score, guidance: [], reasons: [] };
  }
  return combineFindings(input);
}

/** combine() for any input; exported so a test can hold the no-findings path to it. */
export function combineFindings(input: CombineInput): CombineResult {
  const reasons: string[] = [];
  const all = input.findings.map((r) => r.finding);
  const trustedDomain = !!input.fromRegistrable && input.policy.trustedDomains.includes(input.fromRegistrable);
  const trusted = trustedDomain && input.dmarcPassForFrom;
  const claimedPass = input.dmarcPassForFrom && !input.fromFreemail;

  const counted = input.findings.filter((r) => {
    if (r.finding.category === 'ioc') return true;
    if (trusted && r.finding.category === 'sender') return false;
    if (claimedPass && DMARC_ANSWERS.has(r.detector)) return false;
    return true;
  });
  if (counted.length < input.findings.length) {
    reasons.push(
      trusted
        ? `tempered: trusted domain ${input.fromRegistrable} with DMARC pass (sender findings not counted)`
        : 'tempered: DMARC pass for the From domain (display-name/Reply-To findings not counted)',
    );
  }
  const cf = counted.map((r) => r.finding);
  let level: Level = 'none';

  if (cf.some((f) => f.category === 'ioc')) {
    level = 'critical';
    reasons.push('published or admin indicator matched');
  } else {
    const lures = cf.filter((f) => f.category === 'lure');
    const others = cf.filter((f) => f.category !== 'lure');
    for (const f of others) level = maxLevel(level, f.severity);
    if (lures.length > 0) {
      level = maxLevel(level, 'low');
      if (others.length === 0) reasons.push('lure-only capped at low');
    }
    const untrusted = input.fromFreemail || others.some((f) => (f.category === 'sender' || f.category === 'auth') && levelAtLeast(f.severity, 'medium'));
    const deliveryRanked = counted.filter((r) => r.finding.category === 'payload' || r.finding.category === 'link');
    const delivery = deliveryRanked.length > 0;
    // Weak link features (a link to a file, an IP host, a short link) are everyday on mailing lists
    // from Gmail senders: they complete the campaign's shape, but do not by themselves make
    // "untrusted sender + link" medium.
    const strongDelivery = deliveryRanked.some((r) => !WEAK_LINK_DETECTORS.has(r.detector));
    if (untrusted && delivery && lures.length > 0 && !levelAtLeast(level, 'high')) {
      level = 'high';
      reasons.push('escalated: lure+untrusted sender+payload/link');
    } else if (untrusted && strongDelivery && !levelAtLeast(level, 'medium')) {
      level = 'medium';
      reasons.push('escalated: untrusted sender+payload/link');
    }
    const countedOthers = counted.filter((r) => r.finding.category !== 'lure');
    if (claimedPass && countedOthers.length > 0 && countedOthers.every((r) => PPAP_DETECTORS.has(r.detector)) && level !== 'medium') {
      reasons.push(`capped: ${level}→medium for encrypted attachment alone from a DMARC-passing sender (call the sender)`);
      level = 'medium';
    }
    if (trusted && level !== 'none') {
      const floor: Level = input.hasEncrypted && levelAtLeast(level, 'medium') ? 'medium' : 'none';
      const lowered = LEVELS[Math.max(0, levelIndex(level) - 1)] ?? 'none';
      const next = maxLevel(lowered, floor);
      if (next !== level) reasons.push(`tempered: lowered ${level}→${next} for trusted domain with DMARC pass`);
      else reasons.push('not lowered: encrypted attachment from a trusted domain still warrants a check');
      level = next;
    }
  }

  const raw = cf.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
  const [lo, hi] = SCORE_BAND[level];
  const score = Math.min(hi, Math.max(lo, raw));

  const ids: string[] = [];
  const add = (id: string): void => {
    if (id && !ids.includes(id)) ids.push(id);
  };
  if (levelAtLeast(level, 'medium')) add('report-to-security-team');
  for (const f of all) for (const g of f.guidance) add(g);
  if (input.incomplete.length > 0) {
    add('incomplete-check');
    if (level === 'none') reasons.push(COULD_NOT_CHECK);
  }
  const rank = (id: string): number => {
    const i = GUIDANCE_ORDER.indexOf(id);
    return i < 0 ? GUIDANCE_ORDER.length : i;
  };
  const guidance = ids.map((id, i) => ({ id, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map((x) => x.id);
  return { level, score, guidance, reasons };
}
