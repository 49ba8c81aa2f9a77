import { u32 } from '../inspect/bytes';

/**
 * A bounded check of an Outlook .msg compound file before @kenjiuno/msgreader reads it.
 *
 * msgreader trusts the file: it follows FAT, DIFAT, mini-FAT and directory sibling chains until
 * they end, and allocates each stream's declared size before reading it. A sector chain that
 * loops made Node grow past 5 GB or abort after 11–18 s on a 4.6 kB file, and a 12 kB file
 * made it allocate its declared 2 GB. This check walks every chain msgreader will walk, with
 * msgreader's own reading of the header (FAT sectors from the header's count and the DIFAT
 * chain, the mini FAT from its start and count, the mini stream from the root entry), and
 * refuses the file when any chain revisits a sector, leaves the file or ends on anything but
 * ENDOFCHAIN, when the directory tree revisits an entry or points outside the directory, or
 * when a stream's declared size is more than its chain holds. Every walk is bounded by the
 * number of sectors in the file, so the check itself is linear in the file's size.
 *
 * A file it refuses is reported as unreadable (an error record), never as clean.
 */

const ENDOFCHAIN = 0xfffffffe;
const NOSTREAM = 0xffffffff;
const FREESECT = 0xffffffff;
const HEADER_FAT_ENTRIES = 109;
const MINI_SECTOR = 64;
/** msgreader reads streams under this size from the mini stream. */
const MINI_CUTOFF = 0x1000;
const DIR_ENTRY = 128;

export class MsgStructureError extends Error {}

/** Throws MsgStructureError naming the first defect that would make msgreader loop or over-allocate. */
export function checkMsgStructure(b: Uint8Array): void {
  const fail = (why: string): never => {
    throw new MsgStructureError(`damaged compound file: ${why}`);
  };
  if (b.length < 512) fail('shorter than its header');
  // msgreader: 4096-byte sectors when the shift byte says 12, 512 otherwise.
  const sectorSize = b[0x1e] === 12 ? 4096 : 512;
  const perSector = sectorSize / 4;
  const sectorCount = Math.floor((b.length - sectorSize) / sectorSize) + (b.length % sectorSize > 0 ? 1 : 0);
  const inFile = (s: number): boolean => s < sectorCount && (s + 1) * sectorSize < b.length;
  const offset = (s: number): number => (s + 1) * sectorSize;

  const batCount = u32(b, 0x2c);
  const fat: number[] = [];
  for (let i = 0; i < Math.min(batCount, HEADER_FAT_ENTRIES); i++) fat.push(u32(b, 0x4c + i * 4));
  const xbatCount = u32(b, 0x48);
  if (xbatCount > 0) {
    let remaining = batCount - Math.min(batCount, HEADER_FAT_ENTRIES);
    let next = u32(b, 0x44);
    const seen = new Set<number>();
    for (let i = 0; i < xbatCount; i++) {
      if (!inFile(next)) fail(`DIFAT sector ${next} is outside the file`);
      if (seen.has(next)) fail(`DIFAT chain loops at sector ${next}`);
      seen.add(next);
      const take = Math.min(Math.max(remaining, 0), perSector - 1);
      let j = 0;
      for (; j < take; j++) {
        const s = u32(b, offset(next) + j * 4);
        if (s === FREESECT || s === ENDOFCHAIN) break;
        fat.push(s);
      }
      remaining -= take;
      next = u32(b, offset(next) + (perSector - 1) * 4);
      if (next === FREESECT || next === ENDOFCHAIN) break;
    }
  }
  for (const s of fat) if (!inFile(s)) fail(`FAT sector ${s} is outside the file`);

  /** msgreader's getNextBlockInner over a table of FAT (or mini FAT) sector ids. */
  const nextIn = (table: readonly number[], n: number): number => {
    const t = table[Math.floor(n / perSector)];
    return t === undefined ? ENDOFCHAIN : u32(b, offset(t) + (n % perSector) * 4);
  };
  /** A FAT chain from `start`, as msgreader walks it; fails on a loop or a sector outside the file. */
  const chain = (start: number, what: string): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let s = start; s !== ENDOFCHAIN; s = nextIn(fat, s)) {
      if (!inFile(s)) fail(`${what} chain reaches sector ${s}, outside the file`);
      if (seen.has(s)) fail(`${what} chain loops at sector ${s}`);
      seen.add(s);
      out.push(s);
    }
    return out;
  };

  // Mini FAT: msgreader takes up to its declared count of sectors along the chain (a start of 0 means none).
  const sbatStart = u32(b, 0x3c);
  const sbatCount = u32(b, 0x40);
  const miniFat: number[] = [];
  if (sbatStart !== 0 && sbatStart !== ENDOFCHAIN && sbatCount > 0) {
    const seen = new Set<number>();
    for (let s = sbatStart, i = 0; i < sbatCount && s !== 0 && s !== ENDOFCHAIN; i++, s = nextIn(fat, s)) {
      if (!inFile(s)) fail(`mini FAT chain reaches sector ${s}, outside the file`);
      if (seen.has(s)) fail(`mini FAT chain loops at sector ${s}`);
      seen.add(s);
      miniFat.push(s);
    }
  }

  // Directory entries, then the tree msgreader builds from them.
  const dirSectors = chain(u32(b, 0x30), 'directory');
  interface Entry {
    type: number;
    left: number;
    right: number;
    child: number;
    start: number;
    size: number;
  }
  const entries: Entry[] = [];
  for (const s of dirSectors) {
    for (let i = 0; i < sectorSize / DIR_ENTRY; i++) {
      const e = offset(s) + i * DIR_ENTRY;
      if (e + DIR_ENTRY > b.length) break;
      entries.push({
        type: b[e + 0x42] ?? 0,
        left: u32(b, e + 0x44),
        right: u32(b, e + 0x48),
        child: u32(b, e + 0x4c),
        start: u32(b, e + 0x74),
        size: u32(b, e + 0x78),
      });
    }
  }
  const root = entries[0];
  if (!root) fail('no directory entries');
  const visited = new Uint8Array(entries.length);
  const streams: Entry[] = [];
  // Iterative walk over child and sibling links, each entry at most once (msgreader recurses into storages).
  const stack: number[] = root!.child === NOSTREAM ? [] : [root!.child];
  visited[0] = 1;
  while (stack.length) {
    const id = stack.pop()!;
    const e = entries[id];
    if (!e) fail(`directory entry ${id} does not exist`);
    if (visited[id]) fail(`directory tree revisits entry ${id}`);
    visited[id] = 1;
    if (e!.left !== NOSTREAM) stack.push(e!.left);
    if (e!.right !== NOSTREAM) stack.push(e!.right);
    if (e!.type === 1 && e!.child !== NOSTREAM) stack.push(e!.child);
    if (e!.type === 2) streams.push(e!);
  }

  // The mini stream lives in the root entry's chain.
  const miniStreamSectors = root!.start === ENDOFCHAIN ? 0 : chain(root!.start, 'mini stream').length;
  const miniSectors = Math.floor((miniStreamSectors * sectorSize) / MINI_SECTOR);
  for (const e of streams) {
    if (e.size === 0) continue;
    // msgreader reads the size as a signed 32-bit number: above 2 GiB it is negative, and it would walk the mini chain.
    if (e.size >= 0x80000000) fail(`a stream declares ${e.size} bytes`);
    if (e.size < MINI_CUTOFF) {
      const seen = new Set<number>();
      let n = 0;
      for (let s = e.start; s !== ENDOFCHAIN; s = nextIn(miniFat, s)) {
        if (s >= miniSectors) fail(`mini stream chain reaches mini sector ${s}, outside the mini stream`);
        if (seen.has(s)) fail(`mini stream chain loops at mini sector ${s}`);
        seen.add(s);
        n++;
      }
      if (n * MINI_SECTOR < e.size) fail(`a stream declares ${e.size} bytes but its mini chain holds ${n * MINI_SECTOR}`);
    } else {
      // Declared size first: it must fit in the file before any chain is walked or anything allocated.
      if (e.size > b.length) fail(`a stream declares ${e.size} bytes in a ${b.length}-byte file`);
      const need = Math.ceil(e.size / sectorSize);
      const seen = new Set<number>();
      let s = e.start;
      for (let n = 0; n < need; n++) {
        if (!inFile(s)) fail(`a stream chain reaches sector ${s}, outside the file`);
        if (seen.has(s)) fail(`a stream chain loops at sector ${s}`);
        seen.add(s);
        s = nextIn(fat, s);
      }
    }
  }
}
