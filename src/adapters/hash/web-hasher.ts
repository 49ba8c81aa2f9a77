import { md5 } from '@noble/hashes/legacy';
import type { Hashes } from '../../engine/types';
import { toHex, type Hasher } from './hasher';

/**
 * Browser (and Node ≥ 20) hasher. Web Crypto has SHA-256 and SHA-1 but no MD5, and published
 * IOC lists still give MD5 alone for some samples, so MD5 comes from @noble/hashes.
 */
export const webHasher: Hasher = {
  async digest(bytes: Uint8Array): Promise<Hashes> {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) throw new Error('Web Crypto is not available in this context');
    // subtle.digest wants a BufferSource backed by a plain ArrayBuffer; copying also detaches us
    // from a caller that might reuse its buffer while the digest is pending.
    const copy = new Uint8Array(bytes);
    const [sha256, sha1] = await Promise.all([
      subtle.digest('SHA-256', copy),
      subtle.digest('SHA-1', copy),
    ]);
    return {
      sha256: toHex(new Uint8Array(sha256)),
      sha1: toHex(new Uint8Array(sha1)),
      md5: toHex(md5(copy)),
    };
  },
};
