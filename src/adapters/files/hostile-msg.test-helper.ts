/**
 * Damaged Outlook .msg files, built from a valid skeleton and patched, each reproducing one way
 * @kenjiuno/msgreader loops or over-allocates when it reads them unguarded (see msg-guard.ts).
 */
import { layoutCfb, msgSkeleton, setFatEntry, setMiniFatEntry, w32, type CfbLayout } from '../inspect/cfb-writer.test-helper';

const skeleton = (): CfbLayout => layoutCfb(msgSkeleton('会議資料の送付', 'body text '.repeat(20)));
const last = <T>(a: readonly T[]): T => a[a.length - 1]!;

export const HOSTILE_MSGS: Record<string, () => Uint8Array> = {
  /** The directory chain's last sector points back to its first (msgreader: endless directory read). */
  'directory chain loops': () => {
    const l = skeleton();
    setFatEntry(l, last(l.dirSectors), l.dirSectors[0]!);
    return l.bytes;
  },
  /** The mini stream's chain loops (msgreader: endless big-block table). */
  'mini stream chain loops': () => {
    const l = skeleton();
    setFatEntry(l, last(l.miniStreamSectors), l.miniStreamSectors[0]!);
    return l.bytes;
  },
  /** A small stream's mini FAT chain points to itself (msgreader: an array that grows until the heap is gone). */
  'mini FAT chain loops': () => {
    const l = skeleton();
    const id = l.ids.get('__substg1.0_0037001F')!;
    const start = l.bytes[l.entryOffset(id) + 0x74]! | (l.bytes[l.entryOffset(id) + 0x75]! << 8);
    setMiniFatEntry(l, start, start);
    return l.bytes;
  },
  /** A directory entry is its own right sibling (msgreader: endless tree walk). */
  'sibling chain loops': () => {
    const l = skeleton();
    const id = l.ids.get('__substg1.0_0037001F')!;
    w32(l.bytes, l.entryOffset(id) + 0x48, id);
    return l.bytes;
  },
  /** The header declares 2^31-1 DIFAT sectors and the DIFAT chain points to itself. */
  'DIFAT chain loops': () => {
    const l = skeleton();
    const s = last(l.dirSectors);
    // Reuse a sector as a DIFAT sector whose "next" slot is itself.
    w32(l.bytes, 0x2c, 0x7fffffff);
    w32(l.bytes, 0x44, s);
    w32(l.bytes, 0x48, 0x7fffffff);
    w32(l.bytes, l.sectorOffset(s) + 127 * 4, s);
    return l.bytes;
  },
  /** The mini FAT chain loops and the header declares 2^31-1 mini FAT sectors. */
  'mini FAT sector chain loops': () => {
    const l = skeleton();
    setFatEntry(l, last(l.miniFatSectors), l.miniFatSectors[0]!);
    w32(l.bytes, 0x40, 0x7fffffff);
    return l.bytes;
  },
  /** The body stream declares just under 2 GiB (msgreader: allocates it before reading). */
  'declared 2 GB stream': () => {
    const l = skeleton();
    const id = l.ids.get('__substg1.0_1000001F')!;
    w32(l.bytes, l.entryOffset(id) + 0x78, 0x7ffffff0);
    return l.bytes;
  },
};
