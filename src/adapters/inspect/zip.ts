import { Inflate } from 'fflate';
import { concatBytes, indexOfBytes, u16, u32 } from './bytes';

/**
 * A bounded ZIP central-directory reader. We read the directory ourselves (fflate does not
 * expose the encryption flag or raw name bytes) and only inflate the entries we choose,
 * through fflate's streaming Inflate so a lying size field cannot make us allocate without
 * bound.
 */

export interface ZipEntryInfo {
  path: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
}

export interface ZipDirectory {
  entries: ZipEntryInfo[];
  /** The directory declared more entries than we listed. */
  truncated: boolean;
  /** The directory was unreadable and entries came from walking local headers instead. */
  recovered: boolean;
}

/** The end-of-central-directory record sits within its size (22) plus the max comment (65535) of the end. */
const EOCD_SEARCH = 22 + 0xffff;
const CDH = [0x50, 0x4b, 0x01, 0x02];
const LFH = [0x50, 0x4b, 0x03, 0x04];

/** CP437 upper half, the DOS code page ZIP names default to without the UTF-8 flag. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

let sjis: TextDecoder | null | undefined;
function shiftJis(): TextDecoder | null {
  if (sjis === undefined) {
    try {
      sjis = new TextDecoder('shift_jis', { fatal: true });
    } catch {
      sjis = null;
    }
  }
  return sjis;
}
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');

/**
 * Entry names without the UTF-8 flag are in the creator's code page. Japanese Windows writes
 * Shift_JIS; many tools write UTF-8 without setting the flag; DOS tools wrote CP437. We take
 * the first that decodes cleanly in that order, since CP437 "decodes" anything.
 */
export function decodeZipName(raw: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return utf8.decode(raw);
  let ascii = true;
  for (const c of raw) if (c > 0x7f) ascii = false;
  if (ascii) return String.fromCharCode(...raw);
  try {
    return utf8Fatal.decode(raw);
  } catch {
    /* not UTF-8 */
  }
  const sj = shiftJis();
  if (sj) {
    try {
      const s = sj.decode(raw);
      // Half-width katakana runs are what CP437/Latin bytes look like through Shift_JIS.
      if (!/[\uff61-\uff9f]{3,}/.test(s)) return s;
    } catch {
      /* not Shift_JIS */
    }
  }
  let out = '';
  for (const c of raw) out += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH.charAt(c - 0x80);
  return out;
}

/** Info-ZIP Unicode Path extra field (0x7075): a UTF-8 name that overrides the raw one. */
function unicodePathExtra(extra: Uint8Array): string | undefined {
  let off = 0;
  while (off + 4 <= extra.length) {
    const id = u16(extra, off);
    const len = u16(extra, off + 2);
    if (id === 0x7075 && len >= 5 && extra[off + 4] === 1) {
      return utf8.decode(extra.subarray(off + 9, Math.min(extra.length, off + 4 + len)));
    }
    off += 4 + len;
  }
  return undefined;
}

/** ZIP64 extended information (0x0001) replaces 0xFFFFFFFF sizes/offset, in this order. */
function zip64Extra(extra: Uint8Array, e: { size: number; compressedSize: number; localOffset: number }): void {
  let off = 0;
  while (off + 4 <= extra.length) {
    const id = u16(extra, off);
    const len = u16(extra, off + 2);
    if (id === 0x0001) {
      let p = off + 4;
      const read64 = (): number => {
        const v = u32(extra, p) + u32(extra, p + 4) * 0x100000000;
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff && p + 8 <= off + 4 + len) e.size = read64();
      if (e.compressedSize === 0xffffffff && p + 8 <= off + 4 + len) e.compressedSize = read64();
      if (e.localOffset === 0xffffffff && p + 8 <= off + 4 + len) e.localOffset = read64();
      return;
    }
    off += 4 + len;
  }
}

export function readZipDirectory(b: Uint8Array, maxEntries: number): ZipDirectory {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - EOCD_SEARCH); i--) {
    // "PK\x05\x06", compared in place: this loop may run 65,557 times.
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd >= 0) {
    const total = u16(b, eocd + 10);
    let cdOffset = u32(b, eocd + 16);
    // Data prepended to the archive (SFX stubs, or a polyglot) shifts every offset.
    const cdSize = u32(b, eocd + 12);
    const shift = eocd - cdSize - cdOffset;
    if (shift > 0 && indexOfBytes(b, CDH, cdOffset, cdOffset + 4) !== cdOffset) cdOffset += shift;
    const entries: ZipEntryInfo[] = [];
    let off = cdOffset;
    let truncated = false;
    // ZIP64 archives may say 0xFFFF entries; we walk headers until the signature stops.
    while (off + 46 <= b.length && indexOfBytes(b, CDH, off, off + 4) === off) {
      if (entries.length >= maxEntries) {
        truncated = true;
        break;
      }
      const flags = u16(b, off + 8);
      const nameLen = u16(b, off + 28);
      const extraLen = u16(b, off + 30);
      const commentLen = u16(b, off + 32);
      const nameBytes = b.subarray(off + 46, off + 46 + nameLen);
      const extra = b.subarray(off + 46 + nameLen, off + 46 + nameLen + extraLen);
      const entry: ZipEntryInfo = {
        path: unicodePathExtra(extra) ?? decodeZipName(nameBytes, (flags & 0x0800) !== 0),
        flags,
        method: u16(b, off + 10),
        compressedSize: u32(b, off + 20),
        size: u32(b, off + 24),
        localOffset: u32(b, off + 42) + (shift > 0 ? shift : 0),
        encrypted: (flags & 0x0001) !== 0,
      };
      zip64Extra(extra, entry);
      entries.push(entry);
      off += 46 + nameLen + extraLen + commentLen;
    }
    if (entries.length > 0 || total === 0) return { entries, truncated, recovered: false };
  }
  return walkLocalHeaders(b, maxEntries);
}

/** Fallback for archives whose central directory is missing or cut off (truncated downloads, crafted files). */
function walkLocalHeaders(b: Uint8Array, maxEntries: number): ZipDirectory {
  const entries: ZipEntryInfo[] = [];
  let off = indexOfBytes(b, LFH, 0, Math.min(b.length, 4));
  let truncated = false;
  while (off >= 0 && off + 30 <= b.length) {
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    const flags = u16(b, off + 6);
    const nameLen = u16(b, off + 26);
    const extraLen = u16(b, off + 28);
    const entry: ZipEntryInfo = {
      path: decodeZipName(b.subarray(off + 30, off + 30 + nameLen), (flags & 0x0800) !== 0),
      flags,
      method: u16(b, off + 8),
      compressedSize: u32(b, off + 18),
      size: u32(b, off + 22),
      localOffset: off,
      encrypted: (flags & 0x0001) !== 0,
    };
    entries.push(entry);
    // With a data descriptor (bit 3) sizes are unknown here: search for the next header.
    const dataStart = off + 30 + nameLen + extraLen;
    const next = (flags & 0x0008) !== 0 || entry.compressedSize === 0xffffffff ? dataStart : dataStart + entry.compressedSize;
    off = indexOfBytes(b, LFH, next);
  }
  return { entries, truncated, recovered: true };
}

export type ExtractResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'encrypted' | 'unsupported' | 'corrupt' | 'too-large' };

/** Inflate input is fed in slices this size so the output limit is checked as we go (deflate expands at most ~1032×, so one slice overshoots by ≤ 16 MiB). */
const INFLATE_SLICE = 16 * 1024;

/** Decompresses one entry, refusing to produce more than `maxBytes`. */
export function extractEntry(b: Uint8Array, e: ZipEntryInfo, maxBytes: number): ExtractResult {
  if (e.encrypted) return { ok: false, reason: 'encrypted' };
  const lo = e.localOffset;
  if (indexOfBytes(b, LFH, lo, lo + 4) !== lo) return { ok: false, reason: 'corrupt' };
  const start = lo + 30 + u16(b, lo + 26) + u16(b, lo + 28);
  let compSize = e.compressedSize;
  if (compSize === 0xffffffff || start + compSize > b.length) compSize = b.length - start;
  if (compSize < 0) return { ok: false, reason: 'corrupt' };
  const data = b.subarray(start, start + compSize);
  if (e.method === 0) {
    if (data.length > maxBytes) return { ok: false, reason: 'too-large' };
    return { ok: true, data: data.slice(0, e.size <= data.length ? e.size : data.length) };
  }
  if (e.method !== 8) return { ok: false, reason: 'unsupported' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let failed = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !over; i += INFLATE_SLICE) {
      const end = Math.min(data.length, i + INFLATE_SLICE);
      inflater.push(data.subarray(i, end), end >= data.length);
    }
  } catch {
    failed = true;
  }
  if (over) return { ok: false, reason: 'too-large' };
  if (failed && total === 0) return { ok: false, reason: 'corrupt' };
  return { ok: true, data: concatBytes(chunks) };
}
