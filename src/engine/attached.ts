/**
 * Attached messages (a forwarded message/rfc822 part, a bounce's returned message, a .msg inside a
 * .msg) are evaluated as messages of their own, and the outer verdict takes the worst.
 *
 * Each attached message is combined on its own: its sender's signals (free-mail, look-alike,
 * authentication) meet its own lure, links and attachments, never the outer message's. So a
 * colleague forwarding a Gmail persona's lure cannot lend the persona the colleague's trusted,
 * DMARC-passing domain, and the outer message's sender cannot make an inner payload look worse
 * either. The outer verdict then takes the highest level and score, the union of the findings
 * (one finding per rule, its evidence naming where it was found), the inner messages'
 * incomplete entries and the guidance of both.
 */
import { GUIDANCE_ORDER, levelIndex } from './combine';
import { defang } from './text';
import type { AttachedMessage, Bilingual, Evidence, Finding, Incomplete, Verdict } from './types';
import { LEVELS } from './types';

/** Attached messages followed below one message; adapters stop earlier (MAX_ATTACHED_MESSAGE_DEPTH), this guards against cyclic objects. */
export const MAX_ENGINE_MESSAGE_DEPTH = 16;
/** Attached messages evaluated per top-level message, all depths together. */
export const MAX_ENGINE_ATTACHED_MESSAGES = 200;
/** Characters of one container name kept in a path label. */
const MAX_LABEL_NAME = 120;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The attached messages of a (possibly hostile) message object, in a checked shape. */
export function attachedMessagesOf(input: unknown): AttachedMessage[] {
  if (!isObj(input) || !Array.isArray(input.attachedMessages)) return [];
  const out: AttachedMessage[] = [];
  for (const a of input.attachedMessages as unknown[]) {
    if (!isObj(a) || !isObj(a.message)) continue;
    const path = Array.isArray(a.path) ? a.path.filter((p): p is string => typeof p === 'string') : [];
    const carrier = a.carrier === 'msg' || a.carrier === 'rfc822-headers' ? a.carrier : 'rfc822';
    out.push({ path, carrier, message: a.message as unknown as AttachedMessage['message'] });
  }
  return out;
}

/** The label people see for one attached message, e.g. `attached message “fwd.eml”` / `添付メッセージ「fwd.eml」`. */
export function attachedLabel(a: Pick<AttachedMessage, 'path'>): Bilingual {
  const raw = a.path.join(' › ');
  const name = defang(raw.length > MAX_LABEL_NAME ? `${raw.slice(0, MAX_LABEL_NAME)}…` : raw).replace(/[\r\n\t]/g, ' ');
  return name ? { en: `attached message “${name}”`, ja: `添付メッセージ「${name}」` } : { en: 'attached message', ja: '添付メッセージ' };
}

/** `outer › inner` in both languages. */
export function joinWithin(outer: Bilingual, inner: Bilingual | undefined): Bilingual {
  return inner ? { en: `${outer.en} › ${inner.en}`, ja: `${outer.ja} › ${inner.ja}` } : outer;
}

/** Evidence as people read it: `attached message “fwd.eml” › 資料.zip > 議事録.docx.lnk` when it was found inside an attached message. */
export function evidenceText(e: Pick<Evidence, 'display' | 'within'>, lang: keyof Bilingual): string {
  return e.within ? `${e.within[lang]} › ${e.display}` : e.display;
}

/** Where an incomplete entry applies, as people read it; undefined when it applies to the whole outer message. */
export function incompleteWhere(i: Pick<Incomplete, 'where' | 'within'>, lang: keyof Bilingual): string | undefined {
  if (i.within) return i.where ? `${i.within[lang]} › ${i.where}` : i.within[lang];
  return i.where;
}

function guidanceRank(id: string): number {
  const i = GUIDANCE_ORDER.indexOf(id);
  return i < 0 ? GUIDANCE_ORDER.length : i;
}

/**
 * Folds the verdict of one attached message into the verdict of the message that carries it.
 * `maxEvidence` is the per-finding evidence cap the engine applies.
 */
export function foldAttached(outer: Verdict, inner: Verdict, label: Bilingual, maxEvidence: number): Verdict {
  const findings: Finding[] = outer.findings.map((f) => ({ ...f, evidence: [...f.evidence] }));
  const byRule = new Map(findings.map((f) => [f.rule, f]));
  for (const f of inner.findings) {
    const evidence = f.evidence.map((e) => ({ ...e, within: joinWithin(label, e.within) }));
    const same = byRule.get(f.rule);
    if (!same) {
      const copy = { ...f, evidence };
      findings.push(copy);
      byRule.set(f.rule, copy);
      continue;
    }
    if (levelIndex(f.severity) > levelIndex(same.severity)) same.severity = f.severity;
    for (const e of evidence) {
      if (same.evidence.length >= maxEvidence) break;
      same.evidence.push(e);
    }
  }
  findings.sort((a, b) => levelIndex(b.severity) - levelIndex(a.severity));

  const incomplete: Incomplete[] = [...outer.incomplete, ...inner.incomplete.map((i) => ({ ...i, within: joinWithin(label, i.within) }))];
  const innerWorse = levelIndex(inner.level) > levelIndex(outer.level);
  const level = innerWorse ? inner.level : outer.level;
  const ids: string[] = [];
  for (const g of [...outer.guidance, ...inner.guidance]) if (!ids.includes(g)) ids.push(g);
  const guidance = ids.map((id, i) => ({ id, i })).sort((a, b) => guidanceRank(a.id) - guidanceRank(b.id) || a.i - b.i).map((x) => x.id);
  const reasons = [...outer.reasons, ...inner.reasons.map((r) => `${label.en}: ${r}`)];
  if (innerWorse) reasons.push(`level ${level} from ${label.en}`);
  return { level: LEVELS[levelIndex(level)] ?? 'none', score: Math.max(outer.score, inner.score), findings, incomplete, guidance, reasons };
}
