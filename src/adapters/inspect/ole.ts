import type { OfficeInfo } from '../../engine/types';
import { u16, u32 } from './bytes';
import { MAX_OLE_DIR_ENTRIES, MAX_OLE_SECTORS } from './limits';
import { hasVbaProject, powerPointStorages, workbookFacts } from './office-content';
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
  /** Left sibling, right sibling and child entry ids (0xFFFFFFFF for none). */
  left: number;
  right: number;
  child: number;
}

export interface OleFile {
  entries: OleEntry[];
  /** The directory held more entries than MAX_OLE_DIR_ENTRIES; the rest were not read. */
  truncated: boolean;
  /** Stream content (regular or mini stream), bounded by `max` bytes; null if unreadable. */
  readStream(entry: OleEntry, max: number): Uint8Array | null;
  /** The entries directly inside a storage, by walking its sibling tree (each entry at most once). */
  children(storage: OleEntry): OleEntry[];
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

  // Entries keep their directory index (ids are what sibling and child links point at);
  // unused slots stay as holes.
  const byId: (OleEntry | undefined)[] = [];
  const dirPerSector = sectorSize / 128;
  const dirChain = chain(u32(b, 0x30), Math.ceil(MAX_OLE_DIR_ENTRIES / dirPerSector) + 1);
  let truncated = false;
  let count = 0;
  dir: for (const ds of dirChain) {
    const off = sectorOffset(ds);
    for (let i = 0; i < dirPerSector; i++) {
      const e = off + i * 128;
      if (e + 128 > b.length) break;
      const type = b[e + 0x42] ?? 0;
      const id = byId.length;
      byId.push(undefined);
      if (type === 0) continue;
      if (count >= MAX_OLE_DIR_ENTRIES) {
        truncated = true;
        break dir;
      }
      count++;
      const nameLen = Math.min(64, u16(b, e + 0x40));
      let name = '';
      for (let j = 0; j + 1 < nameLen - 1; j += 2) name += String.fromCharCode(u16(b, e + j));
      byId[id] = { name, type, start: u32(b, e + 0x74), size: u32(b, e + 0x78), left: u32(b, e + 0x44), right: u32(b, e + 0x48), child: u32(b, e + 0x4c) };
    }
  }
  if (count === 0) throw new OleError('no directory entries');
  const entries = byId.filter((e): e is OleEntry => e !== undefined);
  const miniCutoff = u32(b, 0x38) || 4096;
  const root = byId[0];
  // The mini stream (root entry's chain) and the mini FAT, for streams under the cutoff.
  const miniStream = root && root.type === 5 ? chain(root.start, MAX_OLE_SECTORS) : [];
  const miniFatSectors = chain(u32(b, 0x3c), MAX_OLE_SECTORS);
  const miniNext = (n: number): number => {
    const s = miniFatSectors[Math.floor((n * 4) / sectorSize)];
    return s === undefined ? ENDOFCHAIN : u32(b, sectorOffset(s) + ((n * 4) % sectorSize));
  };
  const readMini = (entry: OleEntry, want: number): Uint8Array => {
    const out = new Uint8Array(want);
    const seen = new Set<number>();
    let w = 0;
    for (let m = entry.start; m !== ENDOFCHAIN && w < want && !seen.has(m); m = miniNext(m)) {
      seen.add(m);
      const sector = miniStream[Math.floor((m * 64) / sectorSize)];
      if (sector === undefined) break;
      const off = sectorOffset(sector) + ((m * 64) % sectorSize);
      const part = b.subarray(off, Math.min(off + 64, b.length, off + want - w));
      out.set(part, w);
      w += part.length;
    }
    return out.subarray(0, w);
  };

  return {
    entries,
    truncated,
    children(storage: OleEntry): OleEntry[] {
      const out: OleEntry[] = [];
      const seen = new Set<number>();
      const stack = [storage.child];
      while (stack.length && out.length < MAX_OLE_DIR_ENTRIES) {
        const id = stack.pop()!;
        const e = byId[id];
        if (!e || seen.has(id)) continue;
        seen.add(id);
        out.push(e);
        stack.push(e.left, e.right);
      }
      return out;
    },
    readStream(entry: OleEntry, max: number): Uint8Array | null {
      if (entry.type !== 2) return null;
      if (entry.size < miniCutoff) return readMini(entry, Math.min(entry.size, max));
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

/** Bytes of a Workbook or PowerPoint Document stream read for records. */
const MAX_RECORD_STREAM = 16 * 1024 * 1024;
/** Nesting of compound files inside PowerPoint records that we open (a VBA storage is one level). */
const MAX_EMBED_DEPTH = 1;

/**
 * Office facts about an OLE file, by content (see office-content.ts): `office` is undefined when
 * it is not an Office document (an attached .msg, a thumbs.db, an MSI…). `truncated` says the
 * directory was longer than we read. Throws OleError on an unreadable file; the caller reports it.
 */
export function inspectOle(b: Uint8Array, depth = 0): { office?: OfficeInfo; truncated: boolean } {
  const ole = readOle(b);
  const stream = (re: RegExp): OleEntry | undefined => ole.entries.find((e) => e.type === 2 && re.test(e.name));
  const names = new Set(ole.entries.map((e) => e.name.toLowerCase()));
  let macros = hasVbaProject(ole);
  let encrypted = names.has('encryptedpackage') && names.has('encryptioninfo');
  let defaultPassword = false;
  // Legacy Word: FIB base flags at 0x0A, bit 8 is fEncrypted (password to open).
  const word = stream(/^worddocument$/i);
  const fib = word ? ole.readStream(word, 64) : null;
  if (fib && fib.length >= 12 && u16(fib, 0) === 0xa5ec && (u16(fib, 0x0a) & 0x0100) !== 0) encrypted = true;
  // Legacy Excel: FILEPASS and Excel 4.0 macro sheets in the workbook globals.
  const book = stream(/^(?:workbook|book)$/i);
  const wb = book ? ole.readStream(book, MAX_RECORD_STREAM) : null;
  if (wb) {
    const f = workbookFacts(wb);
    macros ||= f.xlm;
    encrypted ||= f.encrypted;
    defaultPassword = f.defaultPassword;
  }
  // Legacy PowerPoint: CryptSession10Container (EncryptedSummary stream, encrypted CurrentUser token);
  // VBA in a compressed storage inside the document's records.
  const user = stream(/^current user$/i);
  const token = user ? ole.readStream(user, 16) : null;
  if (names.has('encryptedsummary') || (token && u32(token, 12) === 0xf3d1c4df)) encrypted = true;
  const ppt = stream(/^powerpoint document$/i);
  if (ppt && !encrypted && !macros && depth < MAX_EMBED_DEPTH) {
    const doc = ole.readStream(ppt, MAX_RECORD_STREAM);
    for (const storage of doc ? powerPointStorages(doc) : []) {
      try {
        if (hasVbaProject(readOle(storage))) macros = true;
      } catch {
        /* an embedded object that is not a compound file */
      }
    }
  }
  const isOffice = macros || encrypted || word || book || ppt || names.has('macros') || names.has('_vba_project_cur');
  if (!isOffice) return { truncated: ole.truncated };
  return { office: { macros, encrypted, container: 'ole', ...(defaultPassword ? { defaultPassword } : {}) }, truncated: ole.truncated };
}
