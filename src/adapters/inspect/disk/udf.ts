/**
 * UDF (ECMA-167 / OSTA UDF) directory listing: anchor at sector 256, the main volume descriptor
 * sequence (partition and logical volume descriptors), the file set descriptor, then File Entry /
 * Extended File Entry and File Identifier Descriptors down the tree. Type 1 (physical) partition
 * maps only: images built with a metadata partition (UDF 2.50+) or a virtual partition are
 * reported as not listed. Tag checksums are not verified; every offset is bounds-checked instead.
 */
import { MAX_DISK_DIR_BYTES, MAX_DISK_DIR_DEPTH, MAX_DISK_DIRECTORIES, MAX_DISK_FILES, MAX_UDF_EXTENTS, MAX_UDF_VDS_SECTORS } from './limits';
import type { DiskListing, Reader } from './types';
import { u16le, u32le, u64le } from './types';

const ANCHOR_SECTOR = 256;

const tagId = (b: Uint8Array): number => u16le(b, 0);

/** A UDF d-string / file identifier: compression id 8 (Latin-1) or 16 (UCS-2 big-endian). */
function dchars(b: Uint8Array): string {
  if (b.length === 0) return '';
  const body = b.subarray(1);
  if (b[0] === 16) {
    let s = '';
    for (let i = 0; i + 1 < body.length; i += 2) s += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
    return s;
  }
  return new TextDecoder('latin1').decode(body);
}

interface Icb {
  lbn: number;
  len: number;
}

export function listUdf(r: Reader): DiskListing | null {
  for (const sector of [2048, 512, 4096]) {
    const listing = listWithSector(r, sector);
    if (listing) return listing;
  }
  return null;
}

function listWithSector(r: Reader, sector: number): DiskListing | null {
  const avdp = r.read(ANCHOR_SECTOR * sector, sector);
  if (tagId(avdp) !== 2) return null;
  const vdsLen = u32le(avdp, 16);
  const vdsLoc = u32le(avdp, 20);
  let partitionStart = -1;
  let blockSize = 0;
  let fsd: Icb | undefined;
  let partitionMapType = 1;
  for (let i = 0; i < Math.min(Math.ceil(vdsLen / sector), MAX_UDF_VDS_SECTORS); i++) {
    const d = r.read((vdsLoc + i) * sector, sector);
    const id = tagId(d);
    if (id === 5 && partitionStart < 0) partitionStart = u32le(d, 188);
    else if (id === 6 && !fsd) {
      blockSize = u32le(d, 212);
      fsd = { len: u32le(d, 248) & 0x3fffffff, lbn: u32le(d, 252) };
      // First partition map (at 440): type 1 = physical; type 2 = metadata/virtual/sparable.
      partitionMapType = d[440] ?? 1;
    } else if (id === 8) break;
  }
  const listing: DiskListing = { format: 'udf', files: [], truncated: false, notes: [] };
  if (partitionStart < 0 || !fsd || blockSize !== sector) return null;
  if (partitionMapType !== 1) {
    listing.truncated = true;
    listing.notes.push('UDF image with a metadata or virtual partition: its files were not listed');
    return listing;
  }
  const block = (lbn: number, len = blockSize): Uint8Array => r.read((partitionStart + lbn) * blockSize, len);
  const fsdBlock = block(fsd.lbn);
  if (tagId(fsdBlock) !== 256) return null;
  const root: Icb = { len: u32le(fsdBlock, 400) & 0x3fffffff, lbn: u32le(fsdBlock, 404) };

  /** A file's size and extents from its (Extended) File Entry. */
  const entryOf = (icb: Icb): { isDir: boolean; size: number; extents: Icb[]; embedded?: Uint8Array } | null => {
    const fe = block(icb.lbn);
    const id = tagId(fe);
    if (id !== 261 && id !== 266) return null;
    const fileType = fe[16 + 11];
    const adType = u16le(fe, 16 + 18) & 7;
    const size = u64le(fe, 56);
    const [lEaAt, base] = id === 261 ? [168, 176] : [208, 216];
    const lEa = u32le(fe, lEaAt);
    const lAd = u32le(fe, lEaAt + 4);
    const adStart = base + lEa;
    if (!Number.isFinite(size) || adStart + lAd > fe.length) return null;
    const ads = fe.subarray(adStart, adStart + lAd);
    if (adType === 3) return { isDir: fileType === 4, size, extents: [], embedded: ads.subarray(0, size) };
    const step = adType === 0 ? 8 : adType === 1 ? 16 : 0;
    if (step === 0) return null;
    const extents: Icb[] = [];
    for (let o = 0; o + step <= ads.length && extents.length < MAX_UDF_EXTENTS; o += step) {
      const raw = u32le(ads, o);
      const len = raw & 0x3fffffff;
      if (len === 0) break;
      if (raw >>> 30 !== 0) continue; // not recorded (sparse) or a continuation: not followed
      extents.push({ len, lbn: u32le(ads, o + 4) });
    }
    return { isDir: fileType === 4, size, extents };
  };
  const readFile = (e: { size: number; extents: Icb[]; embedded?: Uint8Array }, max: number): Uint8Array | null => {
    if (e.embedded) return e.embedded;
    const n = Math.min(e.size, max);
    const out = new Uint8Array(n);
    let o = 0;
    for (const x of e.extents) {
      if (o >= n) break;
      const part = block(x.lbn, Math.min(x.len, n - o));
      out.set(part, o);
      o += part.length;
    }
    return o >= n ? out : null;
  };

  const seen = new Set<number>();
  const queue: Array<[Icb, string, number]> = [[root, '', 0]];
  while (queue.length > 0) {
    const [icb, prefix, depth] = queue.shift()!;
    if (seen.has(icb.lbn)) continue;
    if (seen.size >= MAX_DISK_DIRECTORIES) {
      listing.truncated = true;
      listing.notes.push(`stopped after ${MAX_DISK_DIRECTORIES} directories`);
      break;
    }
    seen.add(icb.lbn);
    const entry = entryOf(icb);
    const dir = entry ? readFile(entry, MAX_DISK_DIR_BYTES) : null;
    if (!dir) {
      listing.truncated = true;
      listing.notes.push('a UDF directory could not be read');
      continue;
    }
    for (let off = 0; off + 38 <= dir.length; ) {
      if (tagId(dir.subarray(off)) !== 257) break;
      const chars = dir[off + 18]!;
      const lFi = dir[off + 19]!;
      const child: Icb = { len: u32le(dir, off + 20) & 0x3fffffff, lbn: u32le(dir, off + 24) };
      const lIu = u16le(dir, off + 36);
      const name = dchars(dir.subarray(off + 38 + lIu, off + 38 + lIu + lFi));
      off += Math.ceil((38 + lIu + lFi) / 4) * 4;
      if (chars & 0x08 || chars & 0x04) continue; // parent entry, or deleted
      const path = prefix ? `${prefix}/${name}` : name;
      if (chars & 0x02) {
        if (depth + 1 >= MAX_DISK_DIR_DEPTH) {
          listing.truncated = true;
          listing.notes.push(`directories nested deeper than ${MAX_DISK_DIR_DEPTH} were not listed`);
        } else queue.push([child, path, depth + 1]);
        continue;
      }
      if (listing.files.length >= MAX_DISK_FILES) {
        listing.truncated = true;
        listing.notes.push(`listed the first ${MAX_DISK_FILES} files`);
        return listing;
      }
      const fe = entryOf(child);
      if (!fe) {
        listing.truncated = true;
        listing.notes.push('a UDF file entry could not be read');
        continue;
      }
      listing.files.push({ path, size: fe.size, read: () => readFile(fe, fe.size) });
    }
  }
  return listing;
}
