/**
 * What every disk-image reader returns: the files it could list, each readable on demand within
 * the caller's byte limits, and what it could not do. Readers never throw on hostile images; a
 * structure they cannot follow ends the listing with a note, and the caller reports it as
 * `incomplete`.
 */

/** Random access to an image's bytes (a raw file, or a VHD/VHDX virtual disk). */
export interface Reader {
  size: number;
  /** Bytes [off, off + len) clipped to the image; sparse/unallocated areas read as zeros. */
  read(off: number, len: number): Uint8Array;
}

export interface DiskFile {
  /** Path inside the image, `/`-separated, as the file system names it (long names preferred). */
  path: string;
  size: number;
  /** The file's bytes, or null when its extents run outside the image. */
  read(): Uint8Array | null;
}

export interface DiskListing {
  format: 'iso9660' | 'udf' | 'fat';
  files: DiskFile[];
  /** A limit or a broken structure stopped the listing early. */
  truncated: boolean;
  /** Why, in English, for the incomplete entry. */
  notes: string[];
}

export function bytesReader(b: Uint8Array): Reader {
  return { size: b.length, read: (off, len) => (off >= b.length || off < 0 ? new Uint8Array(0) : b.subarray(off, Math.min(b.length, off + len))) };
}

/** A window of another reader starting at `base` (a partition). */
export function subReader(r: Reader, base: number, size = r.size - base): Reader {
  return { size: Math.max(0, size), read: (off, len) => (off < 0 || off >= size ? new Uint8Array(0) : r.read(base + off, Math.min(len, size - off))) };
}

export const u16le = (b: Uint8Array, o: number): number => (o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : 0);
export const u32le = (b: Uint8Array, o: number): number => (o + 4 <= b.length ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000 : 0);
export const u32be = (b: Uint8Array, o: number): number => (o + 4 <= b.length ? b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) : 0);
/** 64-bit little-endian as a number; values above 2^53 come back as Infinity (never a valid offset). */
export const u64le = (b: Uint8Array, o: number): number => {
  const hi = u32le(b, o + 4);
  return hi >= 0x200000 ? Infinity : hi * 0x100000000 + u32le(b, o);
};
export const u64be = (b: Uint8Array, o: number): number => {
  const hi = u32be(b, o);
  return hi >= 0x200000 ? Infinity : hi * 0x100000000 + u32be(b, o + 4);
};
