import { Inflate, inflateSync } from 'fflate';
import { concatBytes, indexOfBytes, u16, u32 } from './bytes';

/**
 * A bounded ZIP central-directory reader. We read the directory ourselves (fflate does not
 * expose the encryption flag or raw name bytes) and only inflate the entries we choose,
 * through fflate's streaming Inflate so a lying size field cannot make us allocate without
 * bound.
 */

export interface ZipEntryInfo {
  path: string;
  /**
   * A second name the archive gives this entry: the Info-ZIP Unicode path whose CRC does not
   * match the raw name, or a local header name that differs from the directory's. Tools
   * disagree on which they show, so the name rules see both.
   */
  altPath?: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
  /** Where the entry's data starts (after its local header), and how many bytes of it to read. */
  dataStart: number;
  dataLength: number;
  /** Its data overlaps an earlier entry's: not opened (a real archive never does this). */
  overlaps?: boolean;
}

export interface ZipDirectory {
  entries: ZipEntryInfo[];
  /** The directory declared more entries than we listed. */
  truncated: boolean;
  /** The directory was unreadable and entries came from walking local headers instead. */
  recovered: boolean;
  /**
   * Ways the archive contradicts itself, one short English phrase per kind: the central
   * directory against a local header ('encryption flag differs', 'method differs', 'name
   * differs', 'sizes differ', 'missing local header'), 'shared local header', 'entries overlap',
   * 'local file not in directory'. A well-formed archive has none.
   */
  lies: string[];
}

const CDH = [0x50, 0x4b, 0x01, 0x02];
const LFH = [0x50, 0x4b, 0x03, 0x04];
const EOCD = [0x50, 0x4b, 0x05, 0x06];
const EOCD64_LOCATOR = [0x50, 0x4b, 0x06, 0x07];
/** Archives read from one file (concatenated ZIPs); more is a crafted file. */
const MAX_ARCHIVES = 16;

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

/** Shift_JIS JIS X 0208 level-1 kanji (lead bytes 0x88–0x98) and kana, the common part of Japanese names. */
function sjisScore(raw: Uint8Array): number {
  let score = 0;
  let prevDouble = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c < 0x80) {
      prevDouble = false;
      continue;
    }
    if (c >= 0xa1 && c <= 0xdf) {
      score -= 3; // half-width katakana: what Latin-1/CP437 bytes become
      prevDouble = false;
      continue;
    }
    const t = raw[i + 1] ?? 0;
    i++;
    const kana = c === 0x82 || c === 0x83;
    score += kana ? 2 : c >= 0x88 && c <= 0x98 ? 1 : -1;
    // A lone double-byte character whose second byte is an ASCII letter, between ASCII letters,
    // is how an accented Latin letter followed by plain letters reads (Ä+n in "Änderung").
    if (!kana && !prevDouble && /[A-Za-z]/.test(String.fromCharCode(t)) && (raw[i + 1] ?? 0x80) < 0x80) score -= 2;
    if (prevDouble) score++;
    prevDouble = true;
  }
  return score;
}

/** CP437 evidence: accented letters next to ASCII letters for it, box drawing and symbols against it. */
function cp437Score(raw: Uint8Array): number {
  let score = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c < 0x80) continue;
    const nearLetter = /[A-Za-z]/.test(String.fromCharCode(raw[i - 1] ?? 0, raw[i + 1] ?? 0));
    score += c <= 0xa5 ? (nearLetter ? 2 : 0) : c === 0xe1 ? 1 : -2;
  }
  return score;
}

/**
 * Entry names without the UTF-8 flag are in the creator's code page. Japanese Windows writes
 * Shift_JIS; many tools write UTF-8 without setting the flag; DOS and Western Windows tools
 * write CP437. Valid UTF-8 is taken as UTF-8. Between Shift_JIS and CP437, both of which
 * decode most byte strings, the evidence decides: kana and common kanji, in runs, for
 * Shift_JIS; accented Latin letters among ASCII letters for CP437 (`ÄnderungsÜbersicht.pdf`
 * is valid Shift_JIS, as two lone kanji). A tie goes to Shift_JIS.
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
  if (sj && sjisScore(raw) >= cp437Score(raw)) {
    try {
      return sj.decode(raw);
    } catch {
      /* not Shift_JIS */
    }
  }
  let out = '';
  for (const c of raw) out += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH.charAt(c - 0x80);
  return out;
}

const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}
function crc32(b: Uint8Array): number {
  let c = -1;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The data of the first extra field with this id, or undefined. */
function extraField(extra: Uint8Array, id: number): Uint8Array | undefined {
  for (let off = 0; off + 4 <= extra.length; off += 4 + u16(extra, off + 2)) {
    if (u16(extra, off) === id) return extra.subarray(off + 4, off + 4 + u16(extra, off + 2));
  }
  return undefined;
}

/** The name of a header: the Info-ZIP Unicode Path (0x7075) when its CRC matches the raw name, else the raw name and the Unicode one as a second name. */
function headerName(raw: Uint8Array, flags: number, extra: Uint8Array): { path: string; altPath?: string } {
  const path = decodeZipName(raw, (flags & 0x0800) !== 0);
  const up = extraField(extra, 0x7075);
  if (!up || up.length < 5 || up[0] !== 1) return { path };
  const unicode = utf8.decode(up.subarray(5));
  if (u32(up, 1) === crc32(raw)) return { path: unicode };
  return unicode === path ? { path } : { path, altPath: unicode };
}

/** ZIP64 extended information (0x0001) replaces 0xFFFFFFFF sizes/offset, in this order. */
function zip64Extra(extra: Uint8Array, e: { size: number; compressedSize: number; localOffset?: number }): void {
  const z = extraField(extra, 0x0001);
  if (!z) return;
  let p = 0;
  const next = (v: number): number => {
    if (v !== 0xffffffff || p + 8 > z.length) return v;
    p += 8;
    return u32(z, p - 8) + u32(z, p - 4) * 0x100000000;
  };
  e.size = next(e.size);
  e.compressedSize = next(e.compressedSize);
  if (e.localOffset !== undefined) e.localOffset = next(e.localOffset);
}

interface LocalHeader {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  raw: Uint8Array;
  path: string;
  altPath?: string;
  dataStart: number;
}

function localHeader(b: Uint8Array, off: number): LocalHeader | undefined {
  if (indexOfBytes(b, LFH, off, off + 4) !== off) return undefined;
  const flags = u16(b, off + 6);
  const nameLen = u16(b, off + 26);
  const extra = b.subarray(off + 30 + nameLen, off + 30 + nameLen + u16(b, off + 28));
  const raw = b.subarray(off + 30, off + 30 + nameLen);
  const h: LocalHeader = { flags, method: u16(b, off + 8), crc: u32(b, off + 14), compressedSize: u32(b, off + 18), size: u32(b, off + 22), raw, ...headerName(raw, flags, extra), dataStart: off + 30 + nameLen + extra.length };
  zip64Extra(extra, h);
  return h;
}

/** Every end-of-central-directory record, last first (a file may hold several concatenated archives). */
function findEocds(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = b.length - 22; i >= 0 && out.length < MAX_ARCHIVES; i--) {
    i = b.lastIndexOf(0x50, i);
    if (i < 0) break;
    if (b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) out.push(i);
  }
  return out;
}

export function readZipDirectory(b: Uint8Array, maxEntries: number): ZipDirectory {
  const entries: ZipEntryInfo[] = [];
  const lies = new Set<string>();
  let truncated = false;
  /** Local header offsets the directories point at. */
  const claimed = new Set<number>();
  const inEntryData = (off: number): boolean => entries.some((e) => off >= e.dataStart && off < e.dataStart + e.dataLength);
  // Last archive first, so that an end record inside an entry read already (a stored inner ZIP) is not taken for another archive.
  for (const eocd of findEocds(b)) {
    if (inEntryData(eocd)) continue;
    let cdSize = u32(b, eocd + 12);
    let cdOffset = u32(b, eocd + 16);
    let cdEnd = eocd;
    // ZIP64: the locator just before the record points at the 64-bit end record.
    const loc = eocd - 20;
    if (indexOfBytes(b, EOCD64_LOCATOR, loc, loc + 4) === loc) {
      const rec = u32(b, loc + 8) + u32(b, loc + 12) * 0x100000000;
      if (rec + 56 <= loc && u32(b, rec) === 0x06064b50) {
        cdSize = u32(b, rec + 40) + u32(b, rec + 44) * 0x100000000;
        cdOffset = u32(b, rec + 48) + u32(b, rec + 52) * 0x100000000;
        cdEnd = rec;
      }
    }
    // Data before the archive (an SFX stub, a polyglot, an earlier archive) shifts every offset.
    let shift = 0;
    if (indexOfBytes(b, CDH, cdOffset, cdOffset + 4) !== cdOffset) {
      shift = cdEnd - cdSize - cdOffset;
      if (shift <= 0 || indexOfBytes(b, CDH, cdOffset + shift, cdOffset + shift + 4) !== cdOffset + shift) continue;
    }
    let off = cdOffset + shift;
    while (off + 46 <= b.length && indexOfBytes(b, CDH, off, off + 4) === off) {
      if (entries.length >= maxEntries) {
        truncated = true;
        break;
      }
      const flags = u16(b, off + 8);
      const nameLen = u16(b, off + 28);
      const extraLen = u16(b, off + 30);
      const raw = b.subarray(off + 46, off + 46 + nameLen);
      const extra = b.subarray(off + 46 + nameLen, off + 46 + nameLen + extraLen);
      const cd = { method: u16(b, off + 10), crc: u32(b, off + 16), compressedSize: u32(b, off + 20), size: u32(b, off + 24), localOffset: u32(b, off + 42) };
      zip64Extra(extra, cd);
      const localOffset = cd.localOffset + shift;
      const entry: ZipEntryInfo = { ...headerName(raw, flags, extra), flags, method: cd.method, compressedSize: cd.compressedSize, size: cd.size, localOffset, encrypted: (flags & 1) !== 0, dataStart: -1, dataLength: 0 };
      const lh = localHeader(b, localOffset);
      if (!lh) lies.add('missing local header');
      else compareLocal(entry, cd, lh, lies);
      if (claimed.has(localOffset)) lies.add('shared local header');
      claimed.add(localOffset);
      entries.push(entry);
      off += 46 + nameLen + extraLen + u16(b, off + 32);
    }
  }
  const recovered = entries.length === 0;
  // Local headers no directory lists, outside every listed entry's data: a file some tools show and others do not.
  for (let off = indexOfBytes(b, LFH, 0); off >= 0 && !truncated; off = indexOfBytes(b, LFH, off + 4)) {
    if (claimed.has(off) || inEntryData(off)) continue;
    const lh = localHeader(b, off);
    if (!lh) continue;
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    if (!recovered) lies.add('local file not in directory');
    const { raw: _raw, crc: _crc, ...rest } = lh;
    const entry: ZipEntryInfo = { ...rest, localOffset: off, encrypted: (lh.flags & 1) !== 0, dataLength: 0 };
    // With a data descriptor (bit 3) or ZIP64 the size is unknown here: read to the next header.
    const next = indexOfBytes(b, LFH, lh.dataStart);
    const sized = (lh.flags & 8) === 0 && lh.compressedSize !== 0xffffffff;
    entry.dataLength = Math.max(0, Math.min(sized ? lh.compressedSize : Infinity, (next < 0 ? b.length : next) - lh.dataStart, b.length - lh.dataStart));
    if (!sized) entry.compressedSize = entry.dataLength;
    entries.push(entry);
  }
  entries.sort((x, y) => x.localOffset - y.localOffset);
  // Entries whose data overlap an earlier entry's (the overlapping-entry ZIP bomb) are not opened again.
  let end = -1;
  for (const e of entries) {
    if (e.dataStart < 0) continue;
    if (e.dataStart < end) {
      lies.add('entries overlap');
      e.overlaps = true;
    }
    end = Math.max(end, e.dataStart + e.dataLength);
  }
  return { entries, truncated, recovered, lies: [...lies] };
}

/**
 * Compares a directory entry with its local header; what an extractor would use comes from
 * either, so: encrypted in either is encrypted, and the data read is the longer of the two
 * sizes (a stored .lnk whose directory size says 0 is read for what its local header says).
 */
function compareLocal(
  e: ZipEntryInfo,
  cd: { method: number; crc: number; compressedSize: number; size: number },
  lh: LocalHeader,
  lies: Set<string>,
): void {
  e.dataStart = lh.dataStart;
  if ((lh.flags & 1) !== (e.flags & 1)) lies.add('encryption flag differs');
  e.encrypted ||= (lh.flags & 1) !== 0;
  if (lh.method !== cd.method) lies.add('method differs');
  if (lh.path !== e.path && lh.path !== e.altPath) {
    lies.add('name differs');
    e.altPath ??= lh.path;
  }
  // Without a data descriptor the local header carries the real sizes and CRC.
  if ((lh.flags & 8) === 0 && (lh.compressedSize !== cd.compressedSize || lh.size !== cd.size || (lh.crc !== cd.crc && lh.crc !== 0 && cd.crc !== 0))) {
    lies.add('sizes differ');
    e.compressedSize = Math.max(cd.compressedSize, lh.compressedSize);
    e.size = Math.max(cd.size, lh.size);
    e.method = lh.method;
  }
  e.dataLength = Math.max(0, Math.min(e.compressedSize, Number.MAX_SAFE_INTEGER));
}

export type ExtractResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'encrypted' | 'unsupported' | 'corrupt' | 'too-large' };

/** Inflate input is fed in slices this size so the output limit is checked as we go (deflate expands at most ~1032×, so one slice overshoots by ≤ 16 MiB). */
const INFLATE_SLICE = 16 * 1024;

/** Decompresses one entry, refusing to produce more than `maxBytes`. */
export function extractEntry(b: Uint8Array, e: ZipEntryInfo, maxBytes: number): ExtractResult {
  if (e.encrypted) return { ok: false, reason: 'encrypted' };
  if (e.dataStart < 0) return { ok: false, reason: 'corrupt' };
  const data = b.subarray(e.dataStart, Math.min(b.length, e.dataStart + e.dataLength));
  if (e.method === 0) {
    if (data.length > maxBytes) return { ok: false, reason: 'too-large' };
    // A stored entry is its bytes, whatever size the headers claim.
    return { ok: true, data: data.slice() };
  }
  if (e.method !== 8) return { ok: false, reason: 'unsupported' };
  const r = inflateBounded(data, maxBytes, e.size);
  return r === 'too-large' ? { ok: false, reason: r } : r ? { ok: true, data: r } : { ok: false, reason: 'corrupt' };
}

/**
 * Raw deflate, refusing to produce more than `maxBytes` ('too-large'); null when nothing
 * decompresses. `sizeHint` is the size the archive declares, which may lie.
 */
export function inflateBounded(data: Uint8Array, maxBytes: number, sizeHint?: number): Uint8Array | 'too-large' | null {
  // Input that fits one slice is inflated in one step either way. When the archive also says how
  // big the output is, inflate straight into a buffer one byte longer: the stream either ends
  // within it (the common case, and the same bytes the stream below gives) or fills it, and then
  // the stream below finds the real size. This skips fflate's growing and copying of its output
  // buffer, which was most of the inflate time (an overlap bomb: 1 MB from 1 kB). A lying hint
  // costs one wasted pass over at most one slice's output.
  if (data.length <= INFLATE_SLICE && sizeHint !== undefined && Number.isSafeInteger(sizeHint) && sizeHint >= 0 && sizeHint < maxBytes) {
    const out = new Uint8Array(sizeHint + 1);
    let n = -1;
    try {
      n = inflateSync(data, { out }).length;
    } catch {
      // Damaged: the stream below keeps what decompressed before the damage, as before.
    }
    if (n >= 0 && n <= sizeHint) return out.subarray(0, n);
  }
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
  if (over) return 'too-large';
  if (failed && total === 0) return null;
  return concatBytes(chunks);
}
