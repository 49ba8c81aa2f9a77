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

/** Throws an Error ("damaged compound file: …") naming the first defect that would make msgreader loop or over-allocate. */
export function checkMsgStructure(b: Uint8Array): void {
  const fail = (why: string): never => {
    throw new Error(`damaged compound file: ${why}`);
  };
  if (b.length < 512) fail('short header');
  // msgreader: 4096-byte sectors when the shift byte says 12, 512 otherwise.
  const sectorSize = b[0x1e] === 12 ? 4096 : 512;
  const perSector = sectorSize / 4;
  const offset = (s: number): number => (s + 1) * sectorSize;
  const inFile = (s: number): boolean => offset(s) < b.length;
  const END = (s: number): boolean => s === ENDOFCHAIN;

  /**
   * The links of a chain from `start` as msgreader follows them, up to `max`; fails on a loop or
   * a link that `valid` rejects. Each walk visits a sector at most once, so it is linear.
   */
  const walk = (what: string, start: number, next: (s: number) => number, valid: (s: number) => boolean, stop = END, max = Infinity): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let s = start; !stop(s) && out.length < max; s = next(s)) {
      if (!valid(s)) fail(`${what} chain leaves the file at ${s}`);
      if (seen.has(s)) fail(`${what} chain loops at ${s}`);
      seen.add(s);
      out.push(s);
    }
    return out;
  };
  const lastSlot = (s: number): number => u32(b, offset(s) + (perSector - 1) * 4);

  // FAT sectors: the header's count of them from its 109 slots, then msgreader's DIFAT reading.
  const batCount = u32(b, 0x2c);
  const fat: number[] = [];
  for (let i = 0; i < Math.min(batCount, HEADER_FAT_ENTRIES); i++) fat.push(u32(b, 0x4c + i * 4));
  let remaining = batCount - fat.length;
  const freeOrEnd = (s: number): boolean => s === FREESECT || s === ENDOFCHAIN;
  for (const d of walk('DIFAT', u32(b, 0x44), lastSlot, inFile, freeOrEnd, u32(b, 0x48))) {
    const take = Math.min(Math.max(remaining, 0), perSector - 1);
    for (let j = 0; j < take; j++) {
      const s = u32(b, offset(d) + j * 4);
      if (freeOrEnd(s)) break;
      fat.push(s);
    }
    remaining -= take;
  }
  for (const s of fat) if (!inFile(s)) fail(`FAT sector ${s}`);

  /** msgreader's getNextBlockInner over a table of FAT (or mini FAT) sector ids. */
  const nextIn = (table: readonly number[]) => (n: number): number => {
    const t = table[Math.floor(n / perSector)];
    return t === undefined ? ENDOFCHAIN : u32(b, offset(t) + (n % perSector) * 4);
  };
  const fatNext = nextIn(fat);
  // Mini FAT sectors: up to the header's count along the chain (a start of 0 means none).
  const miniFat = walk('mini FAT', u32(b, 0x3c), fatNext, inFile, (s) => s === 0 || END(s), u32(b, 0x40));
  const miniNext = nextIn(miniFat);

  // Directory entries, then the tree msgreader builds from them.
  const entries: { type: number; links: number[]; child: number; start: number; size: number }[] = [];
  for (const s of walk('directory', u32(b, 0x30), fatNext, inFile)) {
    for (let e = offset(s); e < offset(s) + sectorSize && e + DIR_ENTRY <= b.length; e += DIR_ENTRY) {
      const type = b[e + 0x42]!;
      const child = u32(b, e + 0x4c);
      // msgreader follows the siblings of every entry and the child of storages.
      entries.push({ type, links: [u32(b, e + 0x44), u32(b, e + 0x48), type === 1 ? child : NOSTREAM], child, start: u32(b, e + 0x74), size: u32(b, e + 0x78) });
    }
  }
  const root = entries[0] ?? fail('no directory');
  const visited = new Uint8Array(entries.length);
  const stack = root.child === NOSTREAM ? [] : [root.child];
  visited[0] = 1;
  const miniSectors = (walk('mini stream', root.start, fatNext, inFile).length * sectorSize) / MINI_SECTOR;
  while (stack.length) {
    const id = stack.pop()!;
    const e = entries[id] ?? fail(`no directory entry ${id}`);
    if (visited[id]) fail(`directory tree loops at ${id}`);
    visited[id] = 1;
    for (const l of e.links) if (l !== NOSTREAM) stack.push(l);
    if (e.type !== 2 || e.size === 0) continue;
    // msgreader reads sizes as signed: at 2 GiB and above it would walk a mini chain before failing.
    if (e.size >= 0x80000000) fail(`stream size ${e.size}`);
    if (e.size < MINI_CUTOFF) {
      const n = walk('mini', e.start, miniNext, (s) => s < miniSectors).length;
      if (n * MINI_SECTOR < e.size) fail(`stream size ${e.size} > its chain`);
    } else if (e.size > b.length) {
      // Regular streams are read for their declared size (so their walk is bounded), into an array of that size.
      fail(`stream size ${e.size} > file`);
    }
  }
}
