/**
 * A document-looking extension followed by a dangerous one (`資料.pdf.exe`, `x.docx.lnk`,
 * `a.doc      .exe`), judged after invisible characters and padding are removed, so Explorer's
 * "hide known extensions" shows the reader a harmless name.
 */
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { extensionSet, hit, NONE } from './util';
import type { Detector, Hit } from './util';

const DECOY = ['doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'pdf', 'txt', 'rtf', 'jpg', 'jpeg', 'png', 'gif', 'hwp', 'jtd', 'zip'];
const DANGEROUS = ['exe', 'scr', 'com', 'pif', 'lnk', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'hta', 'bat', 'cmd', 'ps1', 'cpl', 'msi', 'dll', 'iso', 'img', 'vhd', 'vhdx', 'htm', 'html'];

export const doubleExtension: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const decoy = extensionSet(rule, 'decoy', DECOY);
  const dangerous = extensionSet(rule, 'dangerous', DANGEROUS);
  const hits: Hit[] = [];
  for (const f of ctx.files) {
    const exts = f.exts;
    const last = exts[exts.length - 1];
    const prev = exts[exts.length - 2];
    if (last && prev && dangerous.has(last) && decoy.has(prev)) hits.push(hit(f.field, f.where));
  }
  return hits;
};
