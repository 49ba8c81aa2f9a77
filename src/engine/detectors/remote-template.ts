/** OOXML whose relationships pull a template from the web (T1221 template injection). */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE } from './util';
import type { Detector, Hit } from './util';

export const remoteTemplate: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] =>
  ctx.files.length === 0
    ? NONE
    : ctx.files
    .filter((f) => typeof f.office?.externalTemplate === 'string' && /^\s*(?:https?|ftp):/i.test(f.office.externalTemplate))
    .map((f) => hit(f.field, `${f.where}: ${f.office?.externalTemplate ?? ''}`));
