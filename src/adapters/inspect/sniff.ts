import type { FileKind } from '../../engine/types';
import { u32 } from './bytes';

/**
 * The real type of some bytes from magic numbers, never from a name. Only looks at fixed
 * offsets and the first/last few KiB, so it is constant time whatever the input.
 */

function at(b: Uint8Array, offset: number, sig: readonly number[]): boolean {
  if (offset < 0 || offset + sig.length > b.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

export function startsWith(b: Uint8Array, sig: readonly number[], offset = 0): boolean {
  return at(b, offset, sig);
}

export const SIG = {
  zip: [0x50, 0x4b, 0x03, 0x04],
  zipEmpty: [0x50, 0x4b, 0x05, 0x06],
  zipSpanned: [0x50, 0x4b, 0x07, 0x08],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  rar: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07],
  sevenZip: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
  cab: ascii('MSCF'),
  gzip: [0x1f, 0x8b],
  bzip2: ascii('BZh'),
  xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  pdf: ascii('%PDF-'),
  rtf: ascii('{\\rtf'),
  elf: [0x7f, 0x45, 0x4c, 0x46],
  // Shell-link header size 0x4C followed by the LinkCLSID 00021401-0000-0000-C000-000000000046.
  lnk: [
    0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x46,
  ],
  vhdx: ascii('vhdxfile'),
  vhd: ascii('conectix'),
  dmgKoly: ascii('koly'),
  cd001: ascii('CD001'),
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
  gif: ascii('GIF8'),
  bmp: ascii('BM'),
  riff: ascii('RIFF'),
  webp: ascii('WEBP'),
} as const;

const MACHO_MAGICS: ReadonlyArray<readonly number[]> = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  // Universal ("fat") binary; Java class files share this magic, told apart by the arch count.
  [0xca, 0xfe, 0xba, 0xbe],
];

/** Sectors where ISO 9660 puts "CD001" (volume descriptors at 16 × 2048, and 2 more). */
const ISO_OFFSETS = [0x8001, 0x8801, 0x9001];
/** UDF volume recognition sequence identifiers, in the same sectors as ISO 9660's. */
const UDF_IDS = ['BEA01', 'NSR02', 'NSR03', 'TEA01'].map(ascii);

/** Bytes of text looked at to tell HTML/XML/mail/text apart. */
const TEXT_SNIFF_BYTES = 4096;

export function isPe(b: Uint8Array): boolean {
  if (!at(b, 0, [0x4d, 0x5a]) || b.length < 0x40) return false;
  const peOff = u32(b, 0x3c);
  return peOff > 0 && at(b, peOff, [0x50, 0x45, 0x00, 0x00]);
}

export function sniffKind(b: Uint8Array): FileKind {
  if (b.length === 0) return 'empty';
  if (at(b, 0, SIG.zip) || at(b, 0, SIG.zipEmpty) || at(b, 0, SIG.zipSpanned)) return 'zip';
  if (at(b, 0, SIG.ole)) return 'ole';
  if (at(b, 0, SIG.pdf)) return 'pdf';
  if (at(b, 0, SIG.rtf)) return 'rtf';
  if (isPe(b)) return 'pe';
  if (at(b, 0, SIG.elf)) return 'elf';
  if (at(b, 0, SIG.lnk)) return 'lnk';
  for (const m of MACHO_MAGICS) {
    if (at(b, 0, m)) {
      if (m[0] === 0xca && b.length >= 8) {
        const nArch = (b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!;
        // Java class files put a version (≥ 45) here; fat Mach-O a small arch count.
        if (nArch === 0 || nArch > 20) continue;
      }
      return 'macho';
    }
  }
  if (at(b, 0, SIG.rar)) return 'rar';
  if (at(b, 0, SIG.sevenZip)) return '7z';
  if (at(b, 0, SIG.cab)) return 'cab';
  if (at(b, 0, SIG.xz)) return 'xz';
  if (at(b, 0, SIG.gzip)) return 'gzip';
  if (at(b, 0, SIG.bzip2) && b.length > 3 && b[3]! >= 0x31 && b[3]! <= 0x39) return 'bzip2';
  if (at(b, 0, SIG.vhdx)) return 'vhdx';
  if (at(b, 0, SIG.vhd) || at(b, b.length - 512, SIG.vhd) || at(b, b.length - 511, SIG.vhd)) return 'vhd';
  for (const off of ISO_OFFSETS) if (at(b, off, SIG.cd001)) return 'iso';
  for (const off of ISO_OFFSETS) for (const id of UDF_IDS) if (at(b, off, id)) return 'udf';
  if (at(b, b.length - 512, SIG.dmgKoly)) return 'dmg';
  if (at(b, 0, SIG.png) || at(b, 0, SIG.jpeg) || at(b, 0, SIG.gif)) return 'image';
  if (at(b, 0, SIG.riff) && at(b, 8, SIG.webp)) return 'image';
  if (at(b, 0, SIG.bmp) && b.length >= 26 && at(b, 6, [0, 0, 0, 0])) return 'image';
  return sniffText(b);
}

function sniffText(b: Uint8Array): FileKind {
  const head = b.subarray(0, Math.min(b.length, TEXT_SNIFF_BYTES));
  let binary = 0;
  let start = 0;
  // UTF-8 / UTF-16 BOMs.
  if (at(head, 0, [0xef, 0xbb, 0xbf])) start = 3;
  const utf16 = at(head, 0, [0xff, 0xfe]) || at(head, 0, [0xfe, 0xff]);
  for (let i = start; i < head.length; i++) {
    const c = head[i]!;
    if (c === 0 && !utf16) binary++;
    else if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) binary++;
  }
  if (binary > head.length / 100 + 1 && !utf16) return 'unknown';
  const s = new TextDecoder(utf16 ? (head[0] === 0xff ? 'utf-16le' : 'utf-16be') : 'utf-8').decode(head.subarray(start));
  const t = s.replace(/^[\s\ufeff]+/, '').slice(0, 1024).toLowerCase();
  if (t.startsWith('<!doctype html') || t.startsWith('<html') || /<(?:html|head|body|script|iframe|meta|form)[\s>]/.test(t.slice(0, 512))) return 'html';
  if (t.startsWith('<?xml') || t.startsWith('<svg')) return t.includes('<html') ? 'html' : 'xml';
  if (looksLikeMail(s)) return 'eml';
  return 'text';
}

const MAIL_HEADERS = /^(?:received|from|to|subject|date|message-id|mime-version|return-path|delivered-to|x-[a-z0-9-]+|content-type|reply-to|dkim-signature|authentication-results):/i;

/** At least two well-known header lines before the first blank line. */
function looksLikeMail(s: string): boolean {
  const lines = s.split(/\r?\n/, 40);
  let known = 0;
  for (const line of lines) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) continue;
    if (MAIL_HEADERS.test(line)) known++;
    else if (!/^[!-9;-~]+:/.test(line)) return false;
  }
  return known >= 2;
}
