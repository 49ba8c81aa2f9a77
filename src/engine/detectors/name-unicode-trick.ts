/**
 * Bidi controls or zero-width characters in a file name. No honest name needs them; they exist to
 * make `資料‮xcod.exe` read as `資料exe.docx` or to split an extension from its dot.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE } from './util';
import type { Detector, Hit } from './util';

const TRICK_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060-\u2064\uFEFF\u180E]/;

export const nameUnicodeTrick: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] =>
  ctx.files.length === 0 ? NONE : ctx.files.filter((f) => TRICK_RE.test(f.name)).map((f) => hit(f.field, f.where));
