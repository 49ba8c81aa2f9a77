/** Little-endian readers that return 0 past the end instead of throwing or reading NaN. */
export function u16(b: Uint8Array, off: number): number {
  if (off < 0 || off + 2 > b.length) return 0;
  return b[off]! | (b[off + 1]! << 8);
}

export function u32(b: Uint8Array, off: number): number {
  if (off < 0 || off + 4 > b.length) return 0;
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16)) + b[off + 3]! * 0x1000000;
}

/** Index of `needle` in `hay` at or after `from`, or -1; naive but only used with short needles. */
export function indexOfBytes(hay: Uint8Array, needle: readonly number[], from = 0, to = hay.length): number {
  const first = needle[0];
  if (first === undefined) return -1;
  const end = Math.min(to, hay.length) - needle.length;
  for (let i = Math.max(0, from); i <= end; i++) {
    i = hay.indexOf(first, i);
    if (i < 0 || i > end) return -1;
    let ok = true;
    for (let j = 1; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

/** The arrays one after another in a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
