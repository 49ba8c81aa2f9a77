/**
 * Builders for synthetic binary fixtures used by the inspection tests. Real samples of LNK,
 * ISO, SFX and legacy macro documents are absent from the shared corpora, so the tests build
 * the minimal structures the format specifications define.
 */

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

function w16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}
function w32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream. */
  type: 1 | 2;
  /** Stream content; streams under 4096 bytes are only listed (no mini stream is built). */
  data?: Uint8Array;
}

/** A version-3 compound file (512-byte sectors) with one FAT sector, per [MS-CFB]. */
export function buildCfb(entries: CfbEntry[]): Uint8Array {
  const all = [{ name: 'Root Entry', type: 5 as const, data: undefined }, ...entries];
  const dirSectors = Math.ceil(all.length / 4);
  const dataSectors = entries.map((e) => (e.data && e.data.length >= 4096 ? Math.ceil(e.data.length / 512) : 0));
  const total = 1 + dirSectors + dataSectors.reduce((a, b) => a + b, 0);
  if (total > 128) throw new Error('fixture too big for one FAT sector');
  const b = new Uint8Array(512 * (total + 1));
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  w16(b, 0x18, 0x3e);
  w16(b, 0x1a, 3);
  w16(b, 0x1c, 0xfffe);
  w16(b, 0x1e, 9);
  w16(b, 0x20, 6);
  w32(b, 0x2c, 1);
  w32(b, 0x30, 1);
  w32(b, 0x38, 4096);
  w32(b, 0x3c, ENDOFCHAIN);
  w32(b, 0x44, ENDOFCHAIN);
  for (let i = 0; i < 109; i++) w32(b, 0x4c + i * 4, i === 0 ? 0 : FREESECT);
  const sec = (n: number): number => (n + 1) * 512;
  const fat = new Array<number>(128).fill(FREESECT);
  fat[0] = FATSECT;
  for (let i = 0; i < dirSectors; i++) fat[1 + i] = i === dirSectors - 1 ? ENDOFCHAIN : 2 + i;
  let next = 1 + dirSectors;
  const starts: number[] = [];
  entries.forEach((e, idx) => {
    const n = dataSectors[idx]!;
    if (n === 0) {
      starts.push(ENDOFCHAIN);
      return;
    }
    starts.push(next);
    for (let i = 0; i < n; i++) fat[next + i] = i === n - 1 ? ENDOFCHAIN : next + i + 1;
    b.set(e.data!, sec(next));
    next += n;
  });
  fat.forEach((v, i) => w32(b, sec(0) + i * 4, v));
  all.forEach((e, i) => {
    const off = sec(1 + Math.floor(i / 4)) + (i % 4) * 128;
    for (let j = 0; j < e.name.length; j++) w16(b, off + j * 2, e.name.charCodeAt(j));
    w16(b, off + 0x40, (e.name.length + 1) * 2);
    b[off + 0x42] = e.type;
    b[off + 0x43] = 1;
    w32(b, off + 0x44, NOSTREAM);
    w32(b, off + 0x48, NOSTREAM);
    w32(b, off + 0x4c, i === 0 && all.length > 1 ? 1 : NOSTREAM);
    const start = i === 0 ? ENDOFCHAIN : starts[i - 1]!;
    w32(b, off + 0x74, start);
    w32(b, off + 0x78, i === 0 ? 0 : (e.data?.length ?? 0));
  });
  return b;
}

/** A Word FIB: magic 0xA5EC, with fEncrypted (bit 8 of the flags at 0x0A) as asked. */
export function wordDocumentStream(encrypted: boolean): Uint8Array {
  const s = new Uint8Array(4096);
  w16(s, 0, 0xa5ec);
  w16(s, 0x0a, encrypted ? 0x0100 : 0);
  return s;
}

/** A one-section PE32 image (headers + 0x200 bytes of section data), then `overlay`. */
export function buildPe(sectionContent: Uint8Array = new Uint8Array(0), overlay: Uint8Array = new Uint8Array(0)): Uint8Array {
  const imageEnd = 0x400;
  const b = new Uint8Array(imageEnd + overlay.length);
  b[0] = 0x4d;
  b[1] = 0x5a;
  w32(b, 0x3c, 0x40);
  b.set([0x50, 0x45, 0, 0], 0x40);
  w16(b, 0x44, 0x14c);
  w16(b, 0x46, 1);
  w16(b, 0x54, 0xe0);
  const sect = 0x40 + 24 + 0xe0;
  b.set([0x2e, 0x74, 0x65, 0x78, 0x74], sect);
  w32(b, sect + 16, 0x200);
  w32(b, sect + 20, 0x200);
  b.set(sectionContent.subarray(0, 0x200), 0x200);
  b.set(overlay, imageEnd);
  return b;
}

/** Sets the encryption flag (bit 0) on every local and central header of a ZIP. */
export function markZipEncrypted(zip: Uint8Array): Uint8Array {
  const b = zip.slice();
  for (let i = 0; i + 4 <= b.length; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
    if (b[i + 2] === 0x03 && b[i + 3] === 0x04) b[i + 6]! |= 1;
    if (b[i + 2] === 0x01 && b[i + 3] === 0x02) b[i + 8]! |= 1;
  }
  return b;
}

/**
 * Replaces the (ASCII placeholder) name in every header with raw bytes of the same length,
 * clearing the UTF-8 flag: how Japanese Windows and DOS tools store names.
 */
export function rewriteZipName(zip: Uint8Array, placeholder: string, raw: Uint8Array): Uint8Array {
  if (placeholder.length !== raw.length) throw new Error('placeholder and raw name must have equal length');
  const b = zip.slice();
  const ph = new TextEncoder().encode(placeholder);
  for (let i = 0; i + 4 <= b.length; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
    let nameAt = -1;
    let flagsAt = -1;
    if (b[i + 2] === 0x03 && b[i + 3] === 0x04) {
      nameAt = i + 30;
      flagsAt = i + 6;
    } else if (b[i + 2] === 0x01 && b[i + 3] === 0x02) {
      nameAt = i + 46;
      flagsAt = i + 8;
    }
    if (nameAt < 0 || !ph.every((c, k) => b[nameAt + k] === c)) continue;
    b.set(raw, nameAt);
    b[flagsAt + 1]! &= ~0x08;
  }
  return b;
}

/** One entry of a hand-built ZIP; every field a lying archive might falsify can be set. */
export interface RawZipEntry {
  /** Raw name bytes (or a string written as UTF-8 with the UTF-8 flag, unless `flags` is given). */
  name: string | Uint8Array;
  data: Uint8Array;
  flags?: number;
  /** Overrides for the local header or the central directory only. */
  local?: { flags?: number; size?: number; name?: Uint8Array };
  central?: { flags?: number; size?: number; compressedSize?: number; crc?: number };
  /** Extra fields (id → data) written in both headers. */
  extra?: Record<number, Uint8Array>;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The Info-ZIP Unicode Path extra field (0x7075) for `unicode`, checked against the raw name `forRaw`. */
export function unicodePathExtra(unicode: string, forRaw: Uint8Array, crc = crc32(forRaw)): Uint8Array {
  const u = new TextEncoder().encode(unicode);
  const b = new Uint8Array(5 + u.length);
  b[0] = 1;
  w32(b, 1, crc);
  b.set(u, 5);
  return b;
}

/**
 * A ZIP of stored (uncompressed) entries written field by field, so tests can make the central
 * directory and the local headers disagree. With `zip64`, sizes and offsets move to ZIP64 extra
 * fields and a ZIP64 end record, as 7-Zip and Windows write archives over 4 GiB.
 */
export function buildZip(entries: RawZipEntry[], opts: { zip64?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const extraBytes = (extra: Record<number, Uint8Array>): Uint8Array => {
    const items = Object.entries(extra);
    const out = new Uint8Array(items.reduce((a, [, v]) => a + 4 + v.length, 0));
    let o = 0;
    for (const [id, v] of items) {
      w16(out, o, Number(id));
      w16(out, o + 2, v.length);
      out.set(v, o + 4);
      o += 4 + v.length;
    }
    return out;
  };
  for (const e of entries) {
    const name = typeof e.name === 'string' ? new TextEncoder().encode(e.name) : e.name;
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x0800 : 0);
    const crc = crc32(e.data);
    const z64 = (vals: number[]): Uint8Array => {
      const b = new Uint8Array(vals.length * 8);
      vals.forEach((v, i) => w32(b, i * 8, v));
      return b;
    };
    const lname = e.local?.name ?? name;
    const lsize = e.local?.size ?? e.data.length;
    const lextra = extraBytes(opts.zip64 ? { ...(e.extra ?? {}), 1: z64([lsize, lsize]) } : (e.extra ?? {}));
    const lh = new Uint8Array(30 + lname.length + lextra.length);
    w32(lh, 0, 0x04034b50);
    w16(lh, 4, opts.zip64 ? 45 : 20);
    w16(lh, 6, e.local?.flags ?? flags);
    w32(lh, 14, crc);
    w32(lh, 18, opts.zip64 ? 0xffffffff : lsize);
    w32(lh, 22, opts.zip64 ? 0xffffffff : lsize);
    w16(lh, 26, lname.length);
    w16(lh, 28, lextra.length);
    lh.set(lname, 30);
    lh.set(lextra, 30 + lname.length);
    const csize = e.central?.compressedSize ?? e.central?.size ?? e.data.length;
    const usize = e.central?.size ?? e.data.length;
    const cextra = extraBytes(opts.zip64 ? { ...(e.extra ?? {}), 1: z64([usize, csize, offset]) } : (e.extra ?? {}));
    const ch = new Uint8Array(46 + name.length + cextra.length);
    w32(ch, 0, 0x02014b50);
    w16(ch, 4, 0x031e);
    w16(ch, 6, opts.zip64 ? 45 : 20);
    w16(ch, 8, e.central?.flags ?? flags);
    w32(ch, 16, e.central?.crc ?? crc);
    w32(ch, 20, opts.zip64 ? 0xffffffff : csize);
    w32(ch, 24, opts.zip64 ? 0xffffffff : usize);
    w16(ch, 28, name.length);
    w16(ch, 30, cextra.length);
    w32(ch, 42, opts.zip64 ? 0xffffffff : offset);
    ch.set(name, 46);
    ch.set(cextra, 46 + name.length);
    parts.push(lh, e.data);
    central.push(ch);
    offset += lh.length + e.data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const tail: Uint8Array[] = [];
  if (opts.zip64) {
    const rec = new Uint8Array(56);
    w32(rec, 0, 0x06064b50);
    w32(rec, 4, 44);
    w16(rec, 12, 45);
    w16(rec, 14, 45);
    w32(rec, 24, entries.length);
    w32(rec, 32, entries.length);
    w32(rec, 40, cdSize);
    w32(rec, 48, offset);
    const loc = new Uint8Array(20);
    w32(loc, 0, 0x07064b50);
    w32(loc, 8, offset + cdSize);
    w32(loc, 16, 1);
    tail.push(rec, loc);
  }
  const eocd = new Uint8Array(22);
  w32(eocd, 0, 0x06054b50);
  w16(eocd, 8, opts.zip64 ? 0xffff : entries.length);
  w16(eocd, 10, opts.zip64 ? 0xffff : entries.length);
  w32(eocd, 12, opts.zip64 ? 0xffffffff : cdSize);
  w32(eocd, 16, opts.zip64 ? 0xffffffff : offset);
  const all = [...parts, ...central, ...tail, eocd];
  const out = new Uint8Array(all.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
