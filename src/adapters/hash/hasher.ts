import type { Hashes } from '../../engine/types';

/**
 * Digests attachment bytes. Hashing is async (Web Crypto) and platform-specific, so it is
 * injected into the file adapter and the inspector instead of being imported by them.
 */
export interface Hasher {
  digest(bytes: Uint8Array): Promise<Hashes>;
}

/** Lower-case hex, the form the pack's hash lists use. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return out;
}
