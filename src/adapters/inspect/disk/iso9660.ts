/**
 * ISO 9660 (ECMA-119) directory listing, with Joliet (UCS-2 names from a supplementary volume
 * descriptor) preferred when present, and Rock Ridge (`NM` system-use entries) for the primary
 * tree otherwise. Only directory records are read; file data is read when the caller asks.
 */
import { MAX_DISK_DIR_BYTES, MAX_DISK_DIR_DEPTH, MAX_DISK_DIRECTORIES, MAX_DISK_FILES, MAX_ISO_DESCRIPTORS } from './limits';
import type { DiskFile, DiskListing, Reader } from './types';
import { u32le } from './types';

const SECTOR = 2048;
/** Volume descriptors start at sector 16. */
const FIRST_DESCRIPTOR = 16;

/** Joliet escape sequences (UCS-2 levels 1–3) in a supplementary descriptor. */
function isJoliet(vd: Uint8Array): boolean {
  return vd[88] === 0x25 && vd[89] === 0x2f && (vd[90] === 0x40 || vd[90] === 0x43 || vd[90] === 0x45);
}

function ucs2be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

/** The Rock Ridge alternate name in a record's system-use area, if any (`NM` entries, concatenated). */
function rockRidgeName(su: Uint8Array): string | undefined {
  let name: string | undefined;
  for (let i = 0; i + 4 <= su.length; ) {
    const len = su[i + 2]!;
    if (len < 4 || i + len > su.length) break;
    if (su[i] === 0x4e && su[i + 1] === 0x4d && len >= 5) {
      const flags = su[i + 4]!;
      if ((flags & 0x06) === 0) name = (name ?? '') + new TextDecoder('utf-8').decode(su.subarray(i + 5, i + len));
    }
    i += len;
  }
  return name;
}

/** `NAME.EXT;1` → `NAME.EXT` (and a bare trailing dot dropped). */
function isoName(raw: string): string {
  const semi = raw.lastIndexOf(';');
  const n = semi > 0 ? raw.slice(0, semi) : raw;
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

export function listIso9660(r: Reader): DiskListing | null {
  let primary: Uint8Array | undefined;
  let joliet: Uint8Array | undefined;
  for (let i = 0; i < MAX_ISO_DESCRIPTORS; i++) {
    const vd = r.read((FIRST_DESCRIPTOR + i) * SECTOR, SECTOR);
    if (vd.length < SECTOR || vd[1] !== 0x43 || vd[2] !== 0x44 || vd[3] !== 0x30 || vd[4] !== 0x30 || vd[5] !== 0x31) break;
    if (vd[0] === 1 && !primary) primary = vd;
    else if (vd[0] === 2 && !joliet && isJoliet(vd)) joliet = vd;
    else if (vd[0] === 255) break;
  }
  const vd = joliet ?? primary;
  if (!vd) return null;
  const useJoliet = vd === joliet;
  const listing: DiskListing = { format: 'iso9660', files: [], truncated: false, notes: [] };
  const seen = new Set<number>();
  // Breadth-first over directories: [extent, length, path, depth].
  const queue: Array<[number, number, string, number]> = [[u32le(vd, 156 + 2), u32le(vd, 156 + 10), '', 0]];
  let rrSkip = -1; // Rock Ridge SUSP skip length, from the root's "SP" entry
  while (queue.length > 0) {
    const [extent, length, prefix, depth] = queue.shift()!;
    if (seen.has(extent)) continue;
    if (seen.size >= MAX_DISK_DIRECTORIES) {
      listing.truncated = true;
      listing.notes.push(`stopped after ${MAX_DISK_DIRECTORIES} directories`);
      break;
    }
    seen.add(extent);
    const dir = r.read(extent * SECTOR, Math.min(length, MAX_DISK_DIR_BYTES));
    if (length > MAX_DISK_DIR_BYTES) {
      listing.truncated = true;
      listing.notes.push('a directory above the size limit was read only in part');
    }
    for (let off = 0; off < dir.length; ) {
      const len = dir[off]!;
      if (len === 0) {
        off = (Math.floor(off / SECTOR) + 1) * SECTOR; // records never span sectors
        continue;
      }
      if (len < 34 || off + len > dir.length) break;
      const rec = dir.subarray(off, off + len);
      off += len;
      const nameLen = rec[32]!;
      const rawName = rec.subarray(33, 33 + nameLen);
      const isDir = (rec[25]! & 0x02) !== 0;
      if (nameLen === 1 && (rawName[0] === 0 || rawName[0] === 1)) {
        // "." of the root tells whether Rock Ridge is in use (SUSP "SP" entry).
        if (rawName[0] === 0 && depth === 0 && !useJoliet && rrSkip < 0) {
          const su = rec.subarray(33 + nameLen + ((nameLen & 1) === 0 ? 1 : 0));
          if (su[0] === 0x53 && su[1] === 0x50 && su[4] === 0xbe && su[5] === 0xef) rrSkip = su[6]!;
        }
        continue;
      }
      let name: string;
      if (useJoliet) name = ucs2be(rawName);
      else {
        const su = rec.subarray(33 + nameLen + ((nameLen & 1) === 0 ? 1 : 0));
        name = (rrSkip >= 0 ? rockRidgeName(su.subarray(rrSkip)) : undefined) ?? new TextDecoder('latin1').decode(rawName);
      }
      name = isDir ? name : isoName(name);
      const path = prefix ? `${prefix}/${name}` : name;
      const ext = u32le(rec, 2);
      const size = u32le(rec, 10);
      if (isDir) {
        if (depth + 1 >= MAX_DISK_DIR_DEPTH) {
          listing.truncated = true;
          listing.notes.push(`directories nested deeper than ${MAX_DISK_DIR_DEPTH} were not listed`);
        } else queue.push([ext, size, path, depth + 1]);
        continue;
      }
      if (listing.files.length >= MAX_DISK_FILES) {
        listing.truncated = true;
        listing.notes.push(`listed the first ${MAX_DISK_FILES} files`);
        return listing;
      }
      const file: DiskFile = {
        path,
        size,
        read: () => {
          const data = r.read(ext * SECTOR, size);
          return data.length === size ? data : null;
        },
      };
      listing.files.push(file);
    }
  }
  return listing;
}
