/**
 * Archives that contradict themselves: a ZIP whose central directory and local headers disagree
 * (sizes, encryption, names), whose entries overlap, or which hides files from its directory.
 * Archive tools read such files differently, and filters that trust one view miss what another
 * tool extracts; a well-formed archive never does this.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { hit, NONE } from './util';
import type { Detector, Hit } from './util';

export const archiveInconsistent: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] =>
  ctx.files.length === 0 ? NONE : ctx.files.filter((f) => f.inconsistencies).map((f) => hit(f.field, `${f.where}: ${f.inconsistencies!.join('; ')}`));
