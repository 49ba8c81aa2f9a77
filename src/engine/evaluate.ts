/**
 * evaluate(): one message, one pack, one policy → one Verdict. Synchronous, pure and total: every
 * detector runs in its own try/catch, and a failure becomes a `rule-error` incomplete entry rather
 * than an exception or a silently missing check.
 */
import { attachedLabel, attachedMessagesOf, foldAttached, MAX_ENGINE_ATTACHED_MESSAGES, MAX_ENGINE_MESSAGE_DEPTH } from './attached';
import { combine } from './combine';
import type { RankedFinding } from './combine';
import { compilePack } from './compile';
import { buildContext, sanitiseMessage } from './context';
import { DETECTORS } from './detectors';
import type { Hit } from './detectors';
import type { Finding, Incomplete, NormalisedMessage, Pack, Policy, Rule, Severity, Verdict } from './types';
import { LEVELS } from './types';

/** Evidence kept per finding; the first few say it all and the pane has limited room. */
export const MAX_EVIDENCE_PER_FINDING = 20;
/** Rules run per message; a pack bigger than this is malformed or hostile. */
export const MAX_RULES = 2_000;

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

function normalisePolicy(policy: Partial<Policy> | undefined): Policy {
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean) : [];
  return { trustedDomains: list(policy?.trustedDomains), protectedDomains: list(policy?.protectedDomains) };
}

function severityOf(rule: Rule, hits: readonly Hit[]): Severity {
  const base: Severity = SEVERITIES.includes(rule.severity) ? rule.severity : 'medium';
  let best = -1;
  for (const h of hits) best = Math.max(best, SEVERITIES.indexOf(h.severity ?? base));
  return SEVERITIES[best] ?? base;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const bilingual = (v: unknown): { ja: string; en: string } => {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { ja: typeof o.ja === 'string' ? o.ja : '', en: typeof o.en === 'string' ? o.en : '' };
};

/**
 * One line per (field, shown value): two detector paths can reach the same thing (an encrypted
 * ZIP from the archive listing and from the adapter's note), and the reader should see it once.
 */
function distinctEvidence(hits: readonly Hit[]): Finding['evidence'] {
  const seen = new Set<string>();
  const out: Finding['evidence'] = [];
  for (const { field, value, display } of hits) {
    const key = `${field}\u0000${display}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, value, display });
    if (out.length >= MAX_EVIDENCE_PER_FINDING) break;
  }
  return out;
}

function toFinding(rule: Rule, hits: readonly Hit[]): Finding {
  return {
    rule: rule.id,
    severity: severityOf(rule, hits),
    category: rule.category,
    title: bilingual(rule.title),
    explanation: bilingual(rule.explanation),
    evidence: distinctEvidence(hits),
    sources: strings(rule.sources),
    guidance: strings(rule.guidance),
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Attached messages evaluated so far for one top-level message (shared across depths). */
interface Budget {
  attached: number;
}

function evaluateUnsafe(input: NormalisedMessage, pack: Pack, policyIn: Partial<Policy> | undefined, depth = 0, budget: Budget = { attached: 0 }): Verdict {
  let verdict = evaluateOne(input, pack, policyIn);
  const attached = attachedMessagesOf(input);
  if (attached.length === 0) return verdict;
  if (depth >= MAX_ENGINE_MESSAGE_DEPTH) {
    verdict.incomplete.push({ code: 'message-too-deep', where: 'attached messages', detail: `attached messages below depth ${MAX_ENGINE_MESSAGE_DEPTH} were not evaluated` });
    return verdict;
  }
  for (const a of attached) {
    if (budget.attached >= MAX_ENGINE_ATTACHED_MESSAGES) {
      verdict.incomplete.push({ code: 'message-too-deep', where: 'attached messages', detail: `only the first ${MAX_ENGINE_ATTACHED_MESSAGES} attached messages were evaluated` });
      break;
    }
    budget.attached++;
    const inner = evaluateUnsafe(a.message, pack, policyIn, depth + 1, budget);
    verdict = foldAttached(verdict, inner, attachedLabel(a), MAX_EVIDENCE_PER_FINDING);
  }
  return verdict;
}

/** One message on its own: its sender, lure, links and attachments meet in one combination. */
function evaluateOne(input: NormalisedMessage, pack: Pack, policyIn: Partial<Policy> | undefined): Verdict {
  const compiled = compilePack(pack);
  const policy = normalisePolicy(policyIn);
  const { message, incomplete: sanitiseNotes } = sanitiseMessage(input);
  // sanitiseMessage returns a fresh array: the engine's own notes are appended to it.
  const engineIncomplete: Incomplete[] = sanitiseNotes;
  const ctx = buildContext(message, compiled, policy, engineIncomplete);

  const ranked: RankedFinding[] = [];
  const rules = compiled.rules;
  for (let r = 0; r < rules.length && r < MAX_RULES; r++) {
    const rule = rules[r] as Rule;
    const detector = DETECTORS.get(rule.detector);
    if (!detector) {
      engineIncomplete.push({ code: 'rule-error', where: rule.id, detail: `unknown detector "${String(rule.detector)}"` });
      continue;
    }
    try {
      const hits = detector(ctx, rule);
      if (hits.length > 0) ranked.push({ finding: toFinding(rule, hits), detector: rule.detector });
    } catch (e) {
      engineIncomplete.push({ code: 'rule-error', where: rule.id, detail: describe(e) });
    }
  }
  if (ranked.length > 1) ranked.sort((a, b) => LEVELS.indexOf(b.finding.severity) - LEVELS.indexOf(a.finding.severity));

  const incomplete = message.incomplete.concat(engineIncomplete);
  const result = combine({
    findings: ranked,
    incomplete,
    policy,
    fromRegistrable: ctx.fromRegistrable,
    fromFreemail: ctx.fromFreemail,
    dmarcPassForFrom: ctx.dmarcPassForFrom,
    hasEncrypted: ctx.hasEncrypted,
  });
  return { level: result.level, score: result.score, findings: ranked.map((r) => r.finding), incomplete, guidance: result.guidance, reasons: result.reasons };
}

/**
 * Evaluates one message against a pack. Never throws: if even the frame fails (a pack so broken
 * it cannot be compiled), the verdict is `none` with a rule-error incomplete, which the UI shows
 * as "could not check", never as safe.
 */
export function evaluate(message: NormalisedMessage, pack: Pack, policy?: Partial<Policy>): Verdict {
  try {
    return evaluateUnsafe(message, pack, policy);
  } catch (e) {
    const incomplete: Incomplete[] = [];
    try {
      if (Array.isArray(message?.incomplete)) incomplete.push(...message.incomplete);
    } catch {
      // a hostile getter; nothing more to salvage
    }
    incomplete.push({ code: 'rule-error', where: 'engine', detail: describe(e) });
    return { level: 'none', score: 0, findings: [], incomplete, guidance: ['incomplete-check'], reasons: ['engine error: could not check'] };
  }
}
