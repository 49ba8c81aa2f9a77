/**
 * Facts the adapter read out of HTML, SVG and HTA attachments (never by running them):
 * - `check: script`: the file is of one of `kinds` (default svg) and carries script. An SVG is
 *   shown by the browser when opened, and script inside it runs there: a way to deliver a phishing
 *   page or a download past filters that treat SVG as a picture;
 * - `check: smuggling`: the file builds a file inside the browser from an encoded payload
 *   (atob/Blob/msSaveOrOpenBlob/download=): HTML smuggling. The decoded payload itself is listed
 *   as an entry of the attachment, so the other attachment rules see it too.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE, perRule, stringListParam, stringParam } from './util';
import type { Detector, Hit } from './util';

/** Markers shown per file in the evidence. */
const MARKERS_SHOWN = 4;

export const markup: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const check = stringParam(rule, 'check', 'script');
  const kinds = perRule(rule, 'kinds', () => new Set(stringListParam(rule, 'kinds', ['svg'])));
  let hits: Hit[] | undefined;
  for (const f of ctx.files) {
    const m = f.markup;
    if (!m) continue;
    if (check === 'smuggling') {
      if (m.smuggling.length > 0) (hits ??= []).push(hit(f.field, `${f.where} (${m.smuggling.slice(0, MARKERS_SHOWN).join(', ')})`));
    } else if (m.script && f.sniffedType !== undefined && kinds.has(f.sniffedType)) {
      (hits ??= []).push(hit(f.field, f.where));
    }
  }
  return hits ?? NONE;
};
