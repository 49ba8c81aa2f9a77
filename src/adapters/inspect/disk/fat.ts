/**
 * FAT12/16/32 directory listing (long file names included), from a volume boot sector or from the
 * first FAT partition of an MBR- or GPT-partitioned disk (a raw `.img` of a USB stick, or the
 * disk inside a VHD/VHDX). Directory walks and cluster chains are bounded; loops are cut.
 */
import { MAX_DISK_DIR_BYTES, MAX_DISK_DIR_DEPTH, MAX_DISK_DIRECTORIES, MAX_DISK_FILES, MAX_FAT_CHAIN, MAX_PARTITIONS } from './limits';
import type { DiskListing, Reader } from './types';
import { subReader, u16le, u32le, u64le } from './types';

interface Bpb {
  bytesPerSector: number;
  clusterBytes: number;
  fatOffset: number;
  fatBytes: number;
  rootOffset: number;
  rootBytes: number;
  dataOffset: number;
  clusters: number;
  type: 12 | 16 | 32;
  rootCluster: number;
}

/** Whether `s` (the first 512 bytes of a volume) is a FAT boot sector with a sane geometry. */
export function isFatBootSector(s: Uint8Array): boolean {
  return parseBpb(s) !== null;
}

function parseBpb(s: Uint8Array): Bpb | null {
  if (s.length < 512 || s[510] !== 0x55 || s[511] !== 0xaa) return null;
  if (!(s[0] === 0xeb || s[0] === 0xe9)) return null;
  const bytesPerSector = u16le(s, 11);
  const spc = s[13]!;
  const reserved = u16le(s, 14);
  const fats = s[16]!;
  const rootEntries = u16le(s, 17);
  const total = u16le(s, 19) || u32le(s, 32);
  const fatSectors = u16le(s, 22) || u32le(s, 36);
  if (![512, 1024, 2048, 4096].includes(bytesPerSector) || spc === 0 || (spc & (spc - 1)) !== 0 || reserved === 0 || fats === 0 || fats > 4 || fatSectors === 0 || total === 0) return null;
  const rootSectors = Math.ceil((rootEntries * 32) / bytesPerSector);
  const dataSector = reserved + fats * fatSectors + rootSectors;
  if (dataSector >= total) return null;
  const clusters = Math.floor((total - dataSector) / spc);
  const type: 12 | 16 | 32 = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
  return {
    bytesPerSector,
    clusterBytes: spc * bytesPerSector,
    fatOffset: reserved * bytesPerSector,
    fatBytes: fatSectors * bytesPerSector,
    rootOffset: (reserved + fats * fatSectors) * bytesPerSector,
    rootBytes: rootSectors * bytesPerSector,
    dataOffset: dataSector * bytesPerSector,
    clusters,
    type,
    rootCluster: type === 32 ? u32le(s, 44) : 0,
  };
}

/** MBR partition types that hold FAT; 0xEE is a protective MBR in front of a GPT. */
const FAT_PARTITION_TYPES = new Set([0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e]);

/** The byte offset of the first FAT volume on a disk: at 0, in an MBR partition, or in a GPT partition. */
export function findFatVolume(r: Reader): number | null {
  const s0 = r.read(0, 512);
  if (parseBpb(s0)) return 0;
  if (s0.length < 512 || s0[510] !== 0x55 || s0[511] !== 0xaa) return null;
  for (let i = 0; i < 4; i++) {
    const e = 446 + i * 16;
    const type = s0[e + 4]!;
    const lba = u32le(s0, e + 8);
    if (type === 0xee) return findInGpt(r);
    if (FAT_PARTITION_TYPES.has(type) && lba > 0 && parseBpb(r.read(lba * 512, 512))) return lba * 512;
  }
  return null;
}

function findInGpt(r: Reader): number | null {
  for (const sector of [512, 4096]) {
    const h = r.read(sector, 512);
    if (new TextDecoder('latin1').decode(h.subarray(0, 8)) !== 'EFI PART') continue;
    const entriesLba = u64le(h, 72);
    const count = Math.min(u32le(h, 80), MAX_PARTITIONS);
    const size = u32le(h, 84);
    if (!Number.isFinite(entriesLba) || size < 128 || size > 4096) return null;
    for (let i = 0; i < count; i++) {
      const e = r.read(entriesLba * sector + i * size, size);
      const first = u64le(e, 32);
      if (e.length < 128 || !Number.isFinite(first) || first === 0) continue;
      if (parseBpb(r.read(first * sector, 512))) return first * sector;
    }
  }
  return null;
}

function decodeShortName(e: Uint8Array): string {
  const d = new TextDecoder('latin1');
  const base = d.decode(e.subarray(0, 8)).replace(/ +$/, '');
  const ext = d.decode(e.subarray(8, 11)).replace(/ +$/, '');
  const first = base.charCodeAt(0) === 0x05 ? '\u00e5' + base.slice(1) : base;
  return ext ? `${first}.${ext}` : first;
}

/** Lists the FAT volume at the start of `r` (use findFatVolume first for partitioned disks). */
export function listFat(r: Reader): DiskListing | null {
  const bpb = parseBpb(r.read(0, 512));
  if (!bpb) return null;
  const listing: DiskListing = { format: 'fat', files: [], truncated: false, notes: [] };
  const fat = r.read(bpb.fatOffset, Math.min(bpb.fatBytes, (bpb.clusters + 2) * 4 + 8));
  const next = (c: number): number => {
    if (bpb.type === 32) return u32le(fat, c * 4) & 0x0fffffff;
    if (bpb.type === 16) return u16le(fat, c * 2);
    const v = u16le(fat, Math.floor(c * 1.5));
    return c & 1 ? v >> 4 : v & 0xfff;
  };
  const eoc = bpb.type === 32 ? 0x0ffffff8 : bpb.type === 16 ? 0xfff8 : 0xff8;
  /** Cluster numbers of a chain, bounded and loop-free; null when the chain is broken. */
  const chain = (start: number, maxBytes: number): number[] | null => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let c = start; c >= 2 && c < eoc; c = next(c)) {
      if (c >= bpb.clusters + 2 || seen.has(c) || out.length >= MAX_FAT_CHAIN) return null;
      seen.add(c);
      out.push(c);
      if (out.length * bpb.clusterBytes >= maxBytes) break;
    }
    return out;
  };
  const readChain = (start: number, size: number): Uint8Array | null => {
    const clusters = chain(start, size);
    if (!clusters) return null;
    const out = new Uint8Array(Math.min(size, clusters.length * bpb.clusterBytes));
    let o = 0;
    for (const c of clusters) {
      if (o >= out.length) break;
      const part = r.read(bpb.dataOffset + (c - 2) * bpb.clusterBytes, Math.min(bpb.clusterBytes, out.length - o));
      out.set(part, o);
      o += part.length;
    }
    return o === out.length ? out : null;
  };
  const seenDirs = new Set<number>();
  const queue: Array<[Uint8Array | null, string, number]> = [
    [bpb.type === 32 ? readChain(bpb.rootCluster, MAX_DISK_DIR_BYTES) : r.read(bpb.rootOffset, bpb.rootBytes), '', 0],
  ];
  while (queue.length > 0) {
    const [dir, prefix, depth] = queue.shift()!;
    if (!dir) {
      listing.truncated = true;
      listing.notes.push('a directory whose cluster chain is broken was not listed');
      continue;
    }
    let lfn: string[] = [];
    for (let off = 0; off + 32 <= dir.length; off += 32) {
      const e = dir.subarray(off, off + 32);
      if (e[0] === 0) break;
      if (e[0] === 0xe5) {
        lfn = [];
        continue;
      }
      const attr = e[11]!;
      if ((attr & 0x3f) === 0x0f) {
        // A long-name piece: 13 UCS-2 characters, stored last piece first.
        const chars: number[] = [];
        for (const [a, n] of [[1, 5], [14, 6], [28, 2]] as const) for (let k = 0; k < n; k++) chars.push(u16le(e, a + k * 2));
        const end = chars.findIndex((c) => c === 0 || c === 0xffff);
        lfn.unshift(String.fromCharCode(...(end >= 0 ? chars.slice(0, end) : chars)));
        continue;
      }
      const name = lfn.length > 0 ? lfn.join('') : decodeShortName(e);
      lfn = [];
      if (attr & 0x08) continue; // volume label
      if (name === '.' || name === '..') continue;
      const first = (bpb.type === 32 ? u16le(e, 20) << 16 : 0) | u16le(e, 26);
      const size = u32le(e, 28);
      const path = prefix ? `${prefix}/${name}` : name;
      if (attr & 0x10) {
        if (seenDirs.has(first) || first < 2) continue;
        if (seenDirs.size >= MAX_DISK_DIRECTORIES || depth + 1 >= MAX_DISK_DIR_DEPTH) {
          listing.truncated = true;
          listing.notes.push('directories beyond the count or depth limit were not listed');
          continue;
        }
        seenDirs.add(first);
        queue.push([readChain(first, MAX_DISK_DIR_BYTES), path, depth + 1]);
        continue;
      }
      if (listing.files.length >= MAX_DISK_FILES) {
        listing.truncated = true;
        listing.notes.push(`listed the first ${MAX_DISK_FILES} files`);
        return listing;
      }
      listing.files.push({ path, size, read: () => (size === 0 ? new Uint8Array(0) : readChain(first, size)) });
    }
  }
  return listing;
}

/** The FAT volume on a disk (bare or partitioned), listed; null when there is none. */
export function listFatDisk(r: Reader): DiskListing | null {
  const at = findFatVolume(r);
  return at === null ? null : listFat(subReader(r, at));
}
