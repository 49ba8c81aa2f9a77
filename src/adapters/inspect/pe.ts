import type { PeInfo } from '../../engine/types';
import { indexOfBytes, u16, u32 } from './bytes';
import { MAX_SFX_SCAN_BYTES } from './limits';
import { SIG } from './sniff';

/** PE/COFF allows at most 96 sections; more is a malformed header. */
const MAX_PE_SECTIONS = 96;

/**
 * End of the PE image on disk: the furthest end of any section's raw data. Bytes after it are
 * the "overlay", where self-extracting archives keep their payload. Returns -1 when the
 * section table cannot be read.
 */
export function peImageEnd(b: Uint8Array): number {
  const pe = u32(b, 0x3c);
  if (pe <= 0 || pe + 24 > b.length) return -1;
  const nSections = u16(b, pe + 6);
  const optSize = u16(b, pe + 20);
  if (nSections === 0 || nSections > MAX_PE_SECTIONS) return -1;
  const table = pe + 24 + optSize;
  let end = table + nSections * 40;
  for (let i = 0; i < nSections; i++) {
    const s = table + i * 40;
    if (s + 40 > b.length) return -1;
    const rawSize = u32(b, s + 16);
    const rawPtr = u32(b, s + 20);
    if (rawSize > 0 && rawPtr + rawSize > end) end = rawPtr + rawSize;
  }
  return end;
}

const SFX_SIGNATURES: ReadonlyArray<[NonNullable<PeInfo['sfx']>, readonly number[]]> = [
  ['rar', SIG.rar],
  ['7z', SIG.sevenZip],
  ['zip', SIG.zip],
  // MSCF is followed by a reserved zero dword; requiring it avoids hits on the text "MSCF".
  ['cab', [...SIG.cab, 0, 0, 0, 0]],
];

/** Which archive, if any, follows the PE image (the earliest signature wins). */
export function inspectPe(b: Uint8Array): PeInfo {
  const end = peImageEnd(b);
  if (end < 0 || end >= b.length) return { sfx: null };
  const stop = Math.min(b.length, end + MAX_SFX_SCAN_BYTES);
  let best: { kind: NonNullable<PeInfo['sfx']>; at: number } | null = null;
  for (const [kind, sig] of SFX_SIGNATURES) {
    const at = indexOfBytes(b, sig, end, best ? Math.min(stop, best.at + sig.length) : stop);
    if (at >= 0 && (!best || at < best.at)) best = { kind, at };
  }
  return { sfx: best ? best.kind : null };
}
