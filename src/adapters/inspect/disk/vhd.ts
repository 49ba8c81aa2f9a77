/**
 * Virtual disks as a Reader over the disk they hold: VHD (fixed, and dynamic through its block
 * allocation table) and VHDX (through its region table, metadata and BAT). Differencing disks
 * depend on a parent file that is not in the mail, so they are not opened. The disk inside is
 * then searched for a FAT volume (fat.ts); NTFS and other file systems are not listed.
 */
import { MAX_VHD_BAT_ENTRIES } from './limits';
import type { Reader } from './types';
import { u16le, u32be, u32le, u64be, u64le } from './types';

const FOOTER = 512;
const SECTOR = 512;

function ascii(b: Uint8Array, o: number, n: number): string {
  return new TextDecoder('latin1').decode(b.subarray(o, o + n));
}

/** A reader over a block-mapped disk: `blockAt(i)` is the file offset of block i's data, or -1 (reads as zeros). */
function blockReader(size: number, blockSize: number, blockAt: (i: number) => number, file: Uint8Array): Reader {
  return {
    size,
    read(off, len) {
      if (off < 0 || off >= size) return new Uint8Array(0);
      const n = Math.min(len, size - off);
      const out = new Uint8Array(n);
      for (let o = 0; o < n; ) {
        const pos = off + o;
        const block = Math.floor(pos / blockSize);
        const inBlock = pos % blockSize;
        const take = Math.min(n - o, blockSize - inBlock);
        const at = blockAt(block);
        if (at >= 0) out.set(file.subarray(at + inBlock, Math.min(file.length, at + inBlock + take)), o);
        o += take;
      }
      return out;
    },
  };
}

/** The disk inside a VHD, or a note saying why not. */
export function vhdDisk(file: Uint8Array): Reader | string {
  const footer = ascii(file, file.length - FOOTER, 8) === 'conectix' ? file.subarray(file.length - FOOTER) : ascii(file, 0, 8) === 'conectix' ? file.subarray(0, FOOTER) : null;
  if (!footer) return 'no VHD footer';
  const type = u32be(footer, 60);
  const size = u64be(footer, 48);
  if (!Number.isFinite(size)) return 'VHD size out of range';
  if (type === 2) return { size: Math.min(size, file.length - FOOTER), read: (off, len) => (off < 0 || off >= Math.min(size, file.length - FOOTER) ? new Uint8Array(0) : file.subarray(off, Math.min(off + len, size, file.length - FOOTER))) };
  if (type === 4) return 'differencing VHD (needs its parent disk)';
  if (type !== 3) return `VHD disk type ${type} not supported`;
  const dynOff = u64be(footer, 16);
  const dyn = Number.isFinite(dynOff) ? file.subarray(dynOff, dynOff + 1024) : new Uint8Array(0);
  if (ascii(dyn, 0, 8) !== 'cxsparse') return 'dynamic VHD header missing';
  const batOff = u64be(dyn, 16);
  const entries = Math.min(u32be(dyn, 28), MAX_VHD_BAT_ENTRIES);
  const blockSize = u32be(dyn, 32);
  if (!Number.isFinite(batOff) || blockSize < SECTOR || (blockSize & (blockSize - 1)) !== 0) return 'dynamic VHD header out of range';
  const bitmapBytes = Math.ceil(blockSize / SECTOR / 8 / SECTOR) * SECTOR;
  const bat = file.subarray(batOff, batOff + entries * 4);
  return blockReader(size, blockSize, (i) => {
    if (i >= entries || i * 4 + 4 > bat.length) return -1;
    const sector = u32be(bat, i * 4);
    return sector === 0xffffffff ? -1 : sector * SECTOR + bitmapBytes;
  }, file);
}

/** GUIDs as VHDX stores them (first three fields little-endian), lower-case. */
function guid(b: Uint8Array, o: number): string {
  const h = (i: number): string => (b[o + i] ?? 0).toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

const BAT_REGION = '2dc27766-f623-4200-9d64-115e9bfd4a08';
const METADATA_REGION = '8b7ca206-4790-4b9a-b8fe-575f050f886e';
const FILE_PARAMETERS = 'caa16737-fa36-4d43-b3b6-33f0aa44e76b';
const VIRTUAL_DISK_SIZE = '2fa54224-cd1b-4876-b211-5dbed83bf4b8';
const LOGICAL_SECTOR_SIZE = '8141bf1d-a96f-4709-ba47-f233a8faab5f';
/** BAT entry states whose block holds data (fully or partially present). */
const PAYLOAD_PRESENT = new Set([6, 7]);
const MIB = 1024 * 1024;

/** The disk inside a VHDX, or a note saying why not. */
export function vhdxDisk(file: Uint8Array): Reader | string {
  if (ascii(file, 0, 8) !== 'vhdxfile') return 'no VHDX signature';
  // Two copies of the region table; the first valid one is used (checksums are not verified).
  let bat: { off: number; len: number } | undefined;
  let meta: { off: number; len: number } | undefined;
  for (const at of [192 * 1024, 256 * 1024]) {
    const rt = file.subarray(at, at + 64 * 1024);
    if (ascii(rt, 0, 4) !== 'regi') continue;
    const count = Math.min(u32le(rt, 8), 2047);
    for (let i = 0; i < count; i++) {
      const e = 16 + i * 32;
      const id = guid(rt, e);
      const off = u64le(rt, e + 16);
      const len = u32le(rt, e + 24);
      if (id === BAT_REGION) bat = { off, len };
      if (id === METADATA_REGION) meta = { off, len };
    }
    if (bat && meta) break;
  }
  if (!bat || !meta || !Number.isFinite(bat.off) || !Number.isFinite(meta.off)) return 'VHDX region table missing';
  const md = file.subarray(meta.off, meta.off + meta.len);
  if (ascii(md, 0, 8) !== 'metadata') return 'VHDX metadata missing';
  const items = new Map<string, Uint8Array>();
  const n = Math.min(u16le(md, 10), 2047);
  for (let i = 0; i < n; i++) {
    const e = 32 + i * 32;
    const off = u32le(md, e + 16);
    const len = u32le(md, e + 20);
    items.set(guid(md, e), md.subarray(off, off + len));
  }
  const params = items.get(FILE_PARAMETERS);
  const sizeItem = items.get(VIRTUAL_DISK_SIZE);
  const sectorItem = items.get(LOGICAL_SECTOR_SIZE);
  if (!params || !sizeItem || !sectorItem) return 'VHDX metadata incomplete';
  if (u32le(params, 4) & 2) return 'differencing VHDX (needs its parent disk)';
  const blockSize = u32le(params, 0);
  const size = u64le(sizeItem, 0);
  const logicalSector = u32le(sectorItem, 0);
  if (blockSize < MIB || (blockSize & (blockSize - 1)) !== 0 || !Number.isFinite(size) || (logicalSector !== 512 && logicalSector !== 4096)) return 'VHDX parameters out of range';
  const chunkRatio = Math.floor((2 ** 23 * logicalSector) / blockSize);
  const table = file.subarray(bat.off, bat.off + Math.min(bat.len, MAX_VHD_BAT_ENTRIES * 8));
  return blockReader(size, blockSize, (i) => {
    // A sector-bitmap entry follows every chunkRatio payload entries.
    const idx = i + Math.floor(i / chunkRatio);
    if (idx * 8 + 8 > table.length) return -1;
    const lo = u32le(table, idx * 8);
    const hi = u32le(table, idx * 8 + 4);
    if (!PAYLOAD_PRESENT.has(lo & 7)) return -1;
    // File offset in MiB is bits 20–63.
    return (Math.floor(lo / MIB) + hi * 4096) * MIB;
  }, file);
}
