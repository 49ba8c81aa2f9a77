/**
 * Something is encrypted (archive, archive entry, or password-protected Office file) and the body
 * talks about its password. Two rules use this detector, because the two cases call for different
 * words and weights:
 *
 * - `mode: in-mail` (default): the password itself is written in this mail (`解凍パスワード: Kx7pQ2`).
 *   Encryption defeats scanning, and the password in the same mail defeats the encryption's only
 *   purpose: the campaign's own shape (LODEINFO 2022).
 * - `mode: separate`: the body says the password follows by another mail or route
 *   (「パスワードは別途お送りします」), the everyday "PPAP" habit. Still a file nobody could check, so
 *   NPA/NISC's advice (confirm with the sender by telephone) applies, but no password was given here
 *   and the evidence must not claim one was.
 *
 * A password word with neither a value nor "separately" nearby (「パスワードを入力してください」) raises
 * neither; the encrypted-archive and encrypted-office rules still report the file.
 */
import type { DetectorContext } from '../context';
import { isEncryptedOffice } from '../context';
import type { KeywordHit } from '../keyword-matcher';
import type { Rule } from '../types';
import { hit, NONE, requireList, snippet, stringParam, valueOfWhere } from './util';
import type { Detector, Hit } from './util';

/** Characters after a password word that may sit between it and the value (`: `, `は`, `「`). */
const MAX_GAP_CHARS = 8;
/** Characters around a password word searched for "separately" wording. */
export const SEPARATE_WINDOW_CHARS = 60;
/** A password value: printable ASCII without spaces, 4–64 characters (after NFKC). */
const VALUE_RE = /^[!-~]{4,64}/;
/** Gap characters between the word and the value. */
const GAP_RE = /^[\s:=は「『"'(【[]*/;

/**
 * Whether a password value follows `end` in normalised text: a token of 4–64 printable ASCII
 * characters holding a digit or a symbol (generated passwords do; English words that happen to
 * follow "password:" do not), within a few separator characters.
 */
export function passwordValueAfter(text: string, end: number): string | undefined {
  const rest = text.slice(end, end + MAX_GAP_CHARS + 64);
  const gap = GAP_RE.exec(rest)?.[0] ?? '';
  if (gap.length > MAX_GAP_CHARS) return undefined;
  const token = VALUE_RE.exec(rest.slice(gap.length))?.[0]?.replace(/[.,;:!?)」』】\]]+$/, '');
  if (!token || token.length < 4) return undefined;
  return /[0-9]/.test(token) || /[!#$%&*+\-=?@^_~]/.test(token) ? token : undefined;
}

type Mode = 'in-mail' | 'separate';

export const passwordWithEncrypted: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (!ctx.hasEncrypted) return NONE;
  const list = requireList(ctx, rule, 'list', 'password-phrases');
  const mode: Mode = stringParam(rule, 'mode', 'in-mail') === 'separate' ? 'separate' : 'in-mail';
  // Only the "separately" rule needs the separately wording (and so the list).
  const separate = mode === 'separate' ? requireList(ctx, rule, 'separateList', 'password-separately-phrases') : undefined;

  let found: { where: 'body' | 'subject'; text: string; at: KeywordHit; value?: string } | undefined;
  let separately: { where: 'body' | 'subject'; text: string; at: KeywordHit } | undefined;
  for (const where of ['body', 'subject'] as const) {
    const words = ctx.keywordHits(list.id, where);
    if (words.length === 0) continue;
    const text = where === 'body' ? ctx.bodyNorm() : ctx.subjectNorm;
    const seps = separate ? ctx.keywordHits(separate.id, where) : [];
    for (const w of words) {
      const value = passwordValueAfter(text, w.start + w.keyword.length);
      if (value && !found) found = { where, text, at: w, value };
      if (separate && !separately) {
        const near = seps.find((s) => Math.abs(s.start - w.start) <= SEPARATE_WINDOW_CHARS);
        if (near) separately = { where, text, at: w };
      }
    }
  }
  // A value in the mail wins: "the password is Kx7pQ2; the file follows separately" still hands it over.
  const chosen = mode === 'in-mail' ? found : found ? undefined : separately;
  if (!chosen) return NONE;
  const label = mode === 'in-mail' ? 'password given' : 'password to follow separately';
  const hits: Hit[] = [hit(chosen.where, `${label}: ${snippet(chosen.text, chosen.at.start, chosen.at.keyword.length)}`)];
  for (const f of ctx.files) {
    if (f.encryptedArchive || isEncryptedOffice(f)) hits.push(hit(f.field, f.where));
  }
  for (const i of ctx.message.incomplete) if (i.code === 'archive-encrypted' && i.where) hits.push(hit('attachment', valueOfWhere('attachment', i.where)));
  return hits;
};
