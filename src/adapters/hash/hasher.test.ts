import { nodeHasher } from './node-hasher';
import { webHasher } from './web-hasher';
import type { Hasher } from './hasher';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

// Published test vectors: RFC 1321 (MD5), FIPS 180 examples (SHA-1, SHA-256).
const VECTORS: Array<[string, Uint8Array, { md5: string; sha1: string; sha256: string }]> = [
  [
    'empty',
    enc(''),
    {
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
  ],
  [
    'abc',
    enc('abc'),
    {
      md5: '900150983cd24fb0d6963f7d28e17f72',
      sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
  ],
  [
    'message digest',
    enc('message digest'),
    {
      md5: 'f96b697d7cb7938d525a2f31aaf161d0',
      sha1: 'c12252ceda8be8994d5fa0290a47231c1d16aae3',
      sha256: 'f7846f55cf23e14eebeab5b4e1550cad5b509e3348fbc4efa3a1413d393cb650',
    },
  ],
];

describe.each<[string, Hasher]>([
  ['node', nodeHasher],
  ['web', webHasher],
])('%s hasher', (_name, hasher) => {
  it.each(VECTORS)('digests %s', async (_label, bytes, expected) => {
    expect(await hasher.digest(bytes)).toEqual(expected);
  });
});

it('web and node agree on 1 MiB of varied bytes', async () => {
  const bytes = new Uint8Array(1 << 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  expect(await webHasher.digest(bytes)).toEqual(await nodeHasher.digest(bytes));
});
