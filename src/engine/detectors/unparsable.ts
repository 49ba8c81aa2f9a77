/**
 * An Office, archive or disk-image attachment that could not be read: its bytes match no format
 * at all (a `.doc` that is not a compound file, a `.zip` with no ZIP structure), or the inspector
 * reported it corrupt or unreadable. Whatever is inside could not be checked, and an attacker
 * gains if a damaged file lowers the verdict, so it is a payload finding of its own; the
 * combination model makes it medium or high from an untrusted sender.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { extensionSet, hit, NONE, perRule, stringListParam } from './util';
import type { Detector, Hit } from './util';

const EXTENSIONS = ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xlsb', 'pptx', 'pptm', 'zip', 'rar', '7z', 'lzh', 'cab', 'iso', 'img', 'vhd', 'vhdx'];
/** Sniffed kinds that mean "these bytes are no format at all". */
const NO_FORMAT = ['unknown', 'empty'];
/** Kinds that are containers by content, whatever the name. */
const CONTAINER_KINDS: ReadonlySet<string> = new Set(['zip', 'ooxml', 'ole', 'rar', '7z', 'cab', 'iso', 'udf', 'vhd', 'vhdx', 'fat']);
/** Inspector notes that say an attachment's structure could not be read. */
const UNREADABLE_NOTES = ['parse-error', 'archive-corrupt'];

export const unparsable: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const exts = extensionSet(rule, 'extensions', EXTENSIONS);
  const noFormat = perRule(rule, 'noFormat', () => new Set(stringListParam(rule, 'noFormatKinds', NO_FORMAT)));
  const notes = perRule(rule, 'notes', () => new Set(stringListParam(rule, 'notes', UNREADABLE_NOTES)));
  let noted: Map<string, string> | undefined;
  for (const i of ctx.message.incomplete) {
    if (notes.has(i.code) && i.where?.startsWith('attachment:')) (noted ??= new Map()).set(i.where.slice('attachment:'.length), i.detail ?? i.code);
  }
  let hits: Hit[] | undefined;
  for (const f of ctx.files) {
    if (f.field !== 'attachment' && !exts.has(f.ext)) continue;
    const byName = exts.has(f.ext);
    if (byName && f.sniffedType !== undefined && noFormat.has(f.sniffedType)) {
      (hits ??= []).push(hit(f.field, `${f.where} (not a readable .${f.ext} file)`));
    } else if (f.field === 'attachment' && noted?.has(f.name) && (byName || (f.sniffedType !== undefined && CONTAINER_KINDS.has(f.sniffedType)))) {
      (hits ??= []).push(hit(f.field, `${f.where} (${noted.get(f.name)})`));
    }
  }
  return hits ?? NONE;
};
