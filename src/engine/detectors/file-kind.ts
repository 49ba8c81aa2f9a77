/**
 * Files of a risky kind by content (sniffed type, never trusting the name) or by extension, in
 * attachments and archive entries. One detector serves LNK, executables/scripts and disk images:
 * the rule's params say which kinds and extensions. `sfx: true` also matches self-extracting PE.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { extensionSet, hit, NONE, perRule, stringListParam } from './util';
import type { Detector, Hit } from './util';

export const fileKind: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const kinds = perRule(rule, 'kinds', () => new Set(stringListParam(rule, 'kinds', [])));
  const exts = extensionSet(rule, 'extensions', []);
  // Names another rule speaks for (an .xll is a DLL by content, but mf-attachment-excel-addin's).
  const except = extensionSet(rule, 'exceptExtensions', []);
  const hits: Hit[] = [];
  for (const f of ctx.files) {
    if (f.field === 'archive-entry' && /[\\/]$/.test(f.name)) continue; // a directory entry
    if (except.has(f.ext)) continue;
    const byKind = f.sniffedType !== undefined && kinds.has(f.sniffedType);
    const byExt = exts.has(f.ext);
    if (byKind || byExt) hits.push(hit(f.field, f.where));
  }
  return hits;
};
