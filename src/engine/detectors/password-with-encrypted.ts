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
/** A password value: printable ASCII without spaces, up to 64 characters (after NFKC). */
const VALUE_RE_ANY = /^[!-~]{2,64}/;
/** Gap characters between the word and the value. */
const GAP_RE = /^[\s:=は「『"'(【[]*/;

/** Words that follow "password:" / "password is" without being a password. */
const NOT_A_VALUE: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'is', 'be', 'will', 'to', 'in', 'on', 'of', 'for', 'and', 'or', 'as', 'at', 'by', 'with', 'was', 'has', 'have', 'are',
  'follow', 'follows', 'following', 'separately', 'separate', 'sent', 'send', 'next', 'later', 'attached', 'below', 'above', 'enclosed',
  'see', 'please', 'same', 'usual', 'required', 'protected', 'not', 'needed', 'your', 'you', 'this', 'that', 'it', 'here',
]);
/** An explicit "this is the value" separator: `:`, `=`, `は`, `「`, or the word `is`. */
const EXPLICIT_GAP_RE = /^\s*(?:[:=は「『"']|is\s)\s*[「『"']?/;

/**
 * Whether a password value follows `end` in normalised text. After an explicit separator
 * (`パスワード: sa`, `password is infected`) any token of 2–64 printable ASCII characters that is
 * not an everyday word counts; otherwise only one of 4 or more characters holding a digit or a
 * symbol (generated passwords do; words that happen to follow "password" do not).
 */
export function passwordValueAfter(text: string, end: number): string | undefined {
  const rest = text.slice(end, end + MAX_GAP_CHARS + 64);
  const explicit = EXPLICIT_GAP_RE.exec(rest)?.[0];
  const gap = explicit ?? GAP_RE.exec(rest)?.[0] ?? '';
  if (gap.length > MAX_GAP_CHARS) return undefined;
  const token = VALUE_RE_ANY.exec(rest.slice(gap.length))?.[0]?.replace(/[.,;:!?)」』】\]"']+$/, '');
  if (!token || NOT_A_VALUE.has(token)) return undefined;
  if (/[0-9]/.test(token) || /[!#$%&*+\-=?@^_~]/.test(token)) return token.length >= 4 || explicit !== undefined ? token : undefined;
  return explicit !== undefined && token.length >= 2 ? token : undefined;
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
