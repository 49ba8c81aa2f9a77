import type { OfficeInfo } from '../../engine/types';
import { u16, u32 } from './bytes';
import { MAX_OLE_DIR_ENTRIES, MAX_OLE_SECTORS } from './limits';
import { SIG, startsWith } from './sniff';

/**
 * A minimal, bounded reader for Compound File Binary (OLE) files ([MS-CFB]): enough to list
 * directory entry names and read a regular stream. Every chain walk is capped by the number
 * of sectors in the file and MAX_OLE_SECTORS, and stops on a repeated sector (loops).
 */

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;

export interface OleEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  start: number;
  size: number;
}

export interface OleFile {
  entries: OleEntry[];
  /** Regular (non-mini) stream content, bounded by `max` bytes; null if unreadable. */
  readStream(entry: OleEntry, max: number): Uint8Array | null;
}

export class OleError extends Error {}

export function readOle(b: Uint8Array): OleFile {
  if (!startsWith(b, SIG.ole) || b.length < 512) throw new OleError('not a compound file');
  const shift = u16(b, 0x1e);
  if (shift !== 9 && shift !== 12) throw new OleError(`bad sector shift ${shift}`);
  const sectorSize = 1 << shift;
  const sectorCount = Math.min(MAX_OLE_SECTORS, Math.floor((b.length - sectorSize) / sectorSize) + 1);
  const sectorOffset = (n: number): number => (n + 1) * sectorSize;
  const validSector = (n: number): boolean => n < sectorCount && sectorOffset(n) + sectorSize <= b.length + sectorSize - 1;

  // FAT sector ids: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) {
    const s = u32(b, 0x4c + i * 4);
    if (s === FREESECT || s === ENDOFCHAIN) continue;
    fatSectors.push(s);
  }
  let difat = u32(b, 0x44);
  const perDifat = sectorSize / 4 - 1;
  const seenDifat = new Set<number>();
  while (difat !== ENDOFCHAIN && difat !== FREESECT && validSector(difat) && !seenDifat.has(difat)) {
    seenDifat.add(difat);
    if (seenDifat.size > sectorCount) break;
    const off = sectorOffset(difat);
    for (let i = 0; i < perDifat; i++) {
      const s = u32(b, off + i * 4);
      if (s !== FREESECT && s !== ENDOFCHAIN) fatSectors.push(s);
    }
    difat = u32(b, off + perDifat * 4);
  }
  // FAT entries are only needed for sectors that exist in the file.
  const fat = new Uint32Array(sectorCount).fill(FREESECT);
  let k = 0;
  for (const fs of fatSectors) {
    if (!validSector(fs)) continue;
    const off = sectorOffset(fs);
    for (let i = 0; i < sectorSize / 4 && k < sectorCount; i++, k++) fat[k] = u32(b, off + i * 4);
    if (k >= sectorCount) break;
  }

  const chain = (start: number, maxSectors: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    let s = start;
    while (s !== ENDOFCHAIN && validSector(s) && !seen.has(s) && out.length < maxSectors) {
      seen.add(s);
      out.push(s);
      s = fat[s] ?? ENDOFCHAIN;
    }
    return out;
  };

  const entries: OleEntry[] = [];
  const dirPerSector = sectorSize / 128;
  for (const ds of chain(u32(b, 0x30), Math.ceil(MAX_OLE_DIR_ENTRIES / dirPerSector))) {
    const off = sectorOffset(ds);
    for (let i = 0; i < dirPerSector && entries.length < MAX_OLE_DIR_ENTRIES; i++) {
      const e = off + i * 128;
      if (e + 128 > b.length) break;
      const type = b[e + 0x42] ?? 0;
      if (type === 0) continue;
      const nameLen = Math.min(64, u16(b, e + 0x40));
      let name = '';
      for (let j = 0; j + 1 < nameLen - 1; j += 2) name += String.fromCharCode(u16(b, e + j));
      entries.push({ name, type, start: u32(b, e + 0x74), size: u32(b, e + 0x78) });
    }
  }
  if (entries.length === 0) throw new OleError('no directory entries');
  const miniCutoff = u32(b, 0x38) || 4096;

  return {
    entries,
    readStream(entry: OleEntry, max: number): Uint8Array | null {
      // Small streams live in the mini stream; callers only need large ones (WordDocument).
      if (entry.type !== 2 || entry.size < miniCutoff) return null;
      const want = Math.min(entry.size, max);
      const sectors = chain(entry.start, Math.ceil(want / sectorSize));
      const out = new Uint8Array(Math.min(want, sectors.length * sectorSize));
      let w = 0;
      for (const s of sectors) {
        const off = sectorOffset(s);
        const part = b.subarray(off, Math.min(off + sectorSize, b.length, off + (out.length - w)));
        out.set(part, w);
        w += part.length;
        if (w >= out.length) break;
      }
      return out.subarray(0, w);
    },
  };
}

const MACRO_STORAGES = new Set(['macros', '_vba_project_cur', 'vba', '_vba_project']);
const OFFICE_STREAMS = new Set(['worddocument', 'workbook', 'book', 'powerpoint document', 'encryptedpackage']);

/**
 * Office facts about an OLE file, or undefined when it is not an Office document (an attached
 * .msg, a thumbs.db, an MSI…). Throws OleError on an unreadable file; the caller reports it.
 */
export function inspectOle(b: Uint8Array): OfficeInfo | undefined {
  const ole = readOle(b);
  const names = new Set(ole.entries.map((e) => e.name.toLowerCase()));
  const isOffice = [...OFFICE_STREAMS].some((n) => names.has(n)) || [...MACRO_STORAGES].some((n) => names.has(n));
  if (!isOffice) return undefined;
  const macros = [...MACRO_STORAGES].some((n) => names.has(n));
  let encrypted = names.has('encryptedpackage') && names.has('encryptioninfo');
  if (!encrypted) {
    // Legacy Word: FIB base flags at 0x0A, bit 8 is fEncrypted (password to open).
    const word = ole.entries.find((e) => e.name.toLowerCase() === 'worddocument' && e.type === 2);
    const fib = word ? ole.readStream(word, 64) : null;
    if (fib && fib.length >= 12 && u16(fib, 0) === 0xa5ec && (u16(fib, 0x0a) & 0x0100) !== 0) encrypted = true;
  }
  if (!encrypted) {
    // Legacy Excel: a FILEPASS record (0x002F) right after the BOF in the workbook globals.
    const book = ole.entries.find((e) => /^(?:workbook|book)$/i.test(e.name) && e.type === 2);
    const wb = book ? ole.readStream(book, 4096) : null;
    if (wb && hasFilePass(wb)) encrypted = true;
  }
  return { macros, encrypted, container: 'ole' };
}

/** Walks the first BIFF records (bounded by the 4 KiB read) looking for FILEPASS. */
function hasFilePass(wb: Uint8Array): boolean {
  let off = 0;
  for (let n = 0; n < 64 && off + 4 <= wb.length; n++) {
    const type = u16(wb, off);
    const len = u16(wb, off + 2);
    if (type === 0x002f) return true;
    // FILEPASS comes before any sheet data; BOUNDSHEET (0x85) means we passed it.
    if (type === 0x0085) return false;
    off += 4 + len;
  }
  return false;
}
