/**
 * The real type (magic bytes) contradicts the extension in a direction that hides danger: a
 * `.pdf` that is an executable, a `.jpg` that is a shortcut, a `.docx` that is an archive or an
 * encrypted OLE file. Harmless mismatches are ignored (`.txt` holding HTML, `.jpg` that is a PNG),
 * and a `.doc` that is RTF, an old Word habit, is low at most.
 */
import type { DetectorContext } from '../context';
import { isEncryptedOffice } from '../context';
import type { FileKind, Rule, Severity } from '../types';
import { hit, NONE } from './util';
import type { Detector, Hit } from './util';

type Family = 'pdf' | 'ole-office' | 'ooxml' | 'image' | 'rtf' | 'text' | 'html' | 'zip';

const FAMILY_OF_EXT: Record<string, Family> = {
  pdf: 'pdf',
  doc: 'ole-office', dot: 'ole-office', xls: 'ole-office', xlt: 'ole-office', ppt: 'ole-office', pps: 'ole-office',
  docx: 'ooxml', docm: 'ooxml', dotx: 'ooxml', dotm: 'ooxml', xlsx: 'ooxml', xlsm: 'ooxml', pptx: 'ooxml', pptm: 'ooxml', ppsx: 'ooxml',
  jpg: 'image', jpeg: 'image', png: 'image', gif: 'image', bmp: 'image', tif: 'image', tiff: 'image', webp: 'image',
  rtf: 'rtf',
  txt: 'text', csv: 'text', log: 'text',
  htm: 'html', html: 'html',
  zip: 'zip',
};

/** Kinds each family may legitimately be. */
const ALLOWED: Record<Family, readonly FileKind[]> = {
  pdf: ['pdf'],
  'ole-office': ['ole', 'ooxml', 'html', 'xml'],
  ooxml: ['ooxml', 'zip'],
  image: ['image'],
  rtf: ['rtf', 'text'],
  text: ['text', 'html', 'xml'],
  html: ['html', 'text', 'xml'],
  zip: ['zip', 'ooxml'],
};

/** Kinds we cannot judge from: nothing to contradict, or plain text (mislabelled text runs nothing). */
const UNJUDGED: ReadonlySet<FileKind> = new Set(['unknown', 'empty', 'text']);
/** Kinds that run code or hide more files; disguising them is the attack. */
const EXECUTABLE: ReadonlySet<FileKind> = new Set(['pe', 'lnk', 'elf', 'macho']);

export function mismatchSeverity(ext: string, kind: FileKind): Severity | null | undefined {
  const fam = FAMILY_OF_EXT[ext];
  if (!fam || UNJUDGED.has(kind) || ALLOWED[fam].includes(kind)) return null;
  if (fam === 'ole-office' && kind === 'rtf') return 'low';
  if (fam === 'text' && !EXECUTABLE.has(kind)) return null;
  return undefined; // the rule's own severity
}

export const typeMismatch: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] => {
  if (ctx.files.length === 0) return NONE;
  const hits: Hit[] = [];
  for (const f of ctx.files) {
    // An OOXML name on an encrypted OLE container is how Office saves a password-protected
    // document; mf-attachment-encrypted-office reports it, and saying it twice would read as two signals.
    if (!f.sniffedType || isEncryptedOffice(f)) continue;
    const ext = f.ext;
    const sev = mismatchSeverity(ext, f.sniffedType);
    if (sev === null) continue;
    hits.push(hit(f.field, `${f.where} (.${ext} is ${f.sniffedType})`, sev));
  }
  return hits;
};
