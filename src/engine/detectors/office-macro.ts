/**
 * Office documents that can carry macros: the adapter found VBA (vbaProject.bin, _VBA_PROJECT),
 * or the name has a macro-enabled extension. Attachments and archive entries alike.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { extensionSet, hit, NONE } from './util';
import type { Detector, Hit } from './util';

const MACRO_EXTENSIONS = ['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm'];

export const officeMacro: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const exts = extensionSet(rule, 'extensions', MACRO_EXTENSIONS);
  return ctx.files.filter((f) => f.office?.macros === true || exts.has(f.ext)).map((f) => hit(f.field, f.where));
};
