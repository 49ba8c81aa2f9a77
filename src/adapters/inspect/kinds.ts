/**
 * Content signatures of the payload kinds that have one (CHM, OneNote, Internet shortcuts, Excel
 * web queries, SYLK, SVG, HTA), refining what the general sniffer (sniff.ts) says. Constant time:
 * only the first few KiB are read.
 */
import type { FileKind } from '../../engine/types';
import { FILE_LINK_EXTENSIONS, namedFile } from '../../engine/detectors/link-feature';
import { u32 } from './bytes';

/** Bytes of text looked at to refine a text kind (shortcut, web query, SYLK, SVG, HTA). */
const REFINE_SNIFF_BYTES = 4096;

/** OneNote section files start with their file-format GUID {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3}. */
const ONENOTE_GUID = [0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d, 0xae, 0xb1, 0x53, 0x78, 0xd0, 0x29, 0x96, 0xd3];

function startsWithBytes(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function headText(b: Uint8Array, n = REFINE_SNIFF_BYTES): string {
  return new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, n)));
}

/**
 * A more precise kind for bytes the general sniffer calls text, markup or unknown, from the
 * formats' own signatures: CHM (`ITSF`, version 3), OneNote (its GUID), Internet shortcut
 * (`[InternetShortcut]`), Excel web query (`WEB` then a URL), SYLK (`ID;P`), SVG (an `<svg` root),
 * HTA (`<hta:application`). Anything else keeps its kind.
 */
export function refineKind(kind: FileKind, b: Uint8Array): FileKind {
  if (kind === 'unknown' || kind === 'text') {
    if (b.length >= 8 && b[0] === 0x49 && b[1] === 0x54 && b[2] === 0x53 && b[3] === 0x46 && u32(b, 4) === 3) return 'chm';
    if (startsWithBytes(b, ONENOTE_GUID)) return 'onenote';
    if (looksLikeFatDisk(b)) return 'fat';
  }
  if (kind !== 'text' && kind !== 'html' && kind !== 'xml') return kind;
  const t = headText(b).replace(/^(?:\ufeff|\xef\xbb\xbf)/, '').trimStart().toLowerCase();
  if (kind === 'text') {
    if (t.startsWith('[internetshortcut]') || t.startsWith('[{000214a0-0000-0000-c000-000000000046}]') || t.startsWith('[default]')) {
      if (t.includes('[internetshortcut]')) return isRiskyShortcut(t) ? 'url-shortcut' : kind;
    }
    if (/^web\r?\n(?:\d+\r?\n)?(?:https?|ftp):\/\//.test(t)) return 'iqy';
    if (t.startsWith('id;p')) return 'slk';
    return kind;
  }
  if (t.includes('<hta:application')) return 'hta';
  // An <svg> root (after any XML declaration, comments and doctype); the general sniffer calls an
  // SVG with a <script> element HTML.
  if (SVG_ROOT_RE.test(t) && !t.includes('<html')) return 'svg';
  return kind;
}

const SVG_ROOT_RE = /^(?:<\?xml[^>]{0,200}>\s*)?(?:<!--[^]{0,500}?-->\s*)*(?:<!doctype svg[^>]{0,300}>\s*)?<svg[\s>]/;

const RISKY_LINK_EXTENSIONS: ReadonlySet<string> = new Set(FILE_LINK_EXTENSIONS);

/**
 * An Internet shortcut that does more than bookmark a web page: its target is not http(s)
 * (`file://`, a `\\server\share` path, `search-ms:`, an app protocol) or names a file that runs
 * or hides others. A bookmark to a page (people did attach those) opens a browser and nothing
 * more, so it stays plain text.
 */
function isRiskyShortcut(lower: string): boolean {
  // A network path anywhere (IconFile=\\host\share leaks the reader's credentials when shown).
  if (/^[a-z]+\s*=\s*(?:\\\\|file:)/m.test(lower)) return true;
  const targets = [...lower.matchAll(/^url\s*=\s*(.+?)\s*$/gm)].map((m) => m[1] ?? '');
  if (targets.length === 0) return true;
  return targets.some((u) => !/^https?:\/\//.test(u) || namedFile(u, RISKY_LINK_EXTENSIONS) !== '');
}

/** FAT names its type in the boot sector (FAT12/FAT16 at 54, FAT32 at 82). */
const FAT_LABEL_OFFSETS = [54, 82];
/** MBR partition types that hold FAT, and 0xEE (a protective MBR in front of a GPT). */
const FAT_MBR_TYPES = new Set([0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e, 0xee]);

/**
 * A FAT volume (a boot sector with a jump, a sane sector size, the 55 AA mark and a "FAT" type
 * label) or a partitioned disk whose table names a FAT (or GPT) partition. The reader in
 * disk/fat.ts checks the geometry properly; this only decides what to call the bytes.
 */
function looksLikeFatDisk(b: Uint8Array): boolean {
  if (b.length < 1024 || b[510] !== 0x55 || b[511] !== 0xaa) return false;
  const bps = b[11]! | (b[12]! << 8);
  if ((b[0] === 0xeb || b[0] === 0xe9) && [512, 1024, 2048, 4096].includes(bps)) {
    return FAT_LABEL_OFFSETS.some((o) => b[o] === 0x46 && b[o + 1] === 0x41 && b[o + 2] === 0x54);
  }
  for (let i = 0; i < 4; i++) {
    const e = 446 + i * 16;
    if ((b[e] === 0 || b[e] === 0x80) && FAT_MBR_TYPES.has(b[e + 4]!) && u32(b, e + 8) > 0) return true;
  }
  return false;
}

/** Kinds whose text is read for script and smuggling. */
export const MARKUP_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['html', 'svg', 'hta', 'xml']);

