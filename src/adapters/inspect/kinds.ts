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

/** Kinds whose text is read for script and smuggling. */
export const MARKUP_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['html', 'svg', 'hta', 'xml']);

