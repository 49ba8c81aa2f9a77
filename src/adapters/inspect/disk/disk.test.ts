import { strToU8, zipSync } from 'fflate';
import { nodeHasher } from '../../hash/node-hasher';
import { inspectAttachment } from '..';
import { sniffKind } from '../sniff';
import { refineKind } from '../kinds';
import { listDiskImage } from '.';
import { buildFat12, buildIso, buildUdf, buildVhd, buildVhdx, withMbr } from './test-images';

const LNK = Uint8Array.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46, ...new Array(60).fill(0)]);
const files = [
  { path: '資料/会議資料.pdf.lnk', data: LNK },
  { path: 'readme.txt', data: strToU8('hello from a test image\n') },
];
const paths = (kind: string, bytes: Uint8Array): string[] => {
  const got = listDiskImage(kind, bytes);
  if ('note' in got) throw new Error(got.note);
  return got.listing.files.map((f) => `${f.path}:${f.size}:${f.read()?.length}`).sort();
};
const want = ['readme.txt:24:24', `資料/会議資料.pdf.lnk:${LNK.length}:${LNK.length}`];
const fat = buildFat12(files);

describe('disk image readers list every file with its long name and bytes', () => {
  it.each<[string, string, Uint8Array]>([
    ['ISO 9660 + Joliet', 'iso', buildIso(files, { joliet: true })],
    ['ISO 9660 + Rock Ridge', 'iso', buildIso(files, { rockRidge: true })],
    ['raw FAT12', 'fat', fat],
    ['FAT12 in an MBR partition', 'fat', withMbr(fat)],
    ['fixed VHD holding FAT', 'vhd', buildVhd(withMbr(fat), false)],
    ['dynamic VHD holding FAT', 'vhd', buildVhd(withMbr(fat), true)],
    ['VHDX holding FAT', 'vhdx', buildVhdx(withMbr(fat))],
  ])('%s', (_n, kind, bytes) => {
    expect(refineKind(sniffKind(bytes), bytes)).toBe(kind);
    expect(paths(kind, bytes)).toEqual(want);
  });

  it('UDF', () => {
    const img = buildUdf([{ name: '会議資料.pdf.lnk', data: LNK }, { name: 'readme.txt', data: strToU8('hello from a test image\n') }]);
    expect(sniffKind(img)).toBe('udf');
    expect(paths('udf', img)).toEqual(['readme.txt:24:24', `会議資料.pdf.lnk:${LNK.length}:${LNK.length}`]);
  });

  it('plain ISO 9660 names without extensions keep their version suffix removed', () => {
    expect(paths('iso', buildIso(files)).map((p) => p.split(':')[0])).toEqual(['D0000001/F0000003.BIN', 'F0000002.BIN']);
  });
});

describe('what cannot be listed is said, never thrown', () => {
  it.each<[string, string, Uint8Array]>([
    ['truncated ISO', 'iso', buildIso(files, { joliet: true }).subarray(0, 16 * 2048 + 100)],
    ['VHD holding no FAT', 'vhd', buildVhd(new Uint8Array(64 * 1024), false)],
    ['differencing VHD', 'vhd', (() => { const v = buildVhd(withMbr(fat), false); v[v.length - 512 + 63] = 4; return v; })()],
    ['garbage FAT', 'fat', new Uint8Array(4096)],
  ])('%s', (_n, kind, bytes) => {
    const got = listDiskImage(kind, bytes);
    expect('note' in got ? got.note : '').not.toBe('');
  });

  it('a FAT chain that loops ends the file instead of hanging', () => {
    const img = buildFat12([{ path: 'a.bin', data: new Uint8Array(2000) }]);
    // Point the file's second cluster back to its first (clusters 2..5 hold a.bin).
    const fatAt = 512;
    const c = 3;
    const o = fatAt + Math.floor(c * 1.5);
    const v = img[o]! | (img[o + 1]! << 8);
    const nv = c & 1 ? (v & 0x000f) | (2 << 4) : (v & 0xf000) | 2;
    img[o] = nv & 0xff;
    img[o + 1] = nv >> 8;
    const got = listDiskImage('fat', img);
    if ('note' in got) throw new Error(got.note);
    expect(got.listing.files[0]?.read()).toBeNull();
  });
});

describe('inspectAttachment opens disk images and inspects their files', () => {
  it('an LNK inside an ISO inside a ZIP is seen, with hashes', async () => {
    const zip = zipSync({ 'image.iso': buildIso(files, { joliet: true }) });
    const r = await inspectAttachment({ name: 'a.zip', contentType: 'application/zip', bytes: zip, inline: false }, nodeHasher);
    const iso = r.attachment.archive?.entries[0];
    expect(iso?.sniffedType).toBe('iso');
    expect(iso?.archive?.format).toBe('iso9660');
    const lnk = iso?.archive?.entries.find((e) => e.path.endsWith('.lnk'));
    expect(lnk?.sniffedType).toBe('lnk');
    expect(lnk?.hashes?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.incomplete.filter((i) => i.code === 'archive-unlisted')).toEqual([]);
  });

  it('an image holding NTFS (no FAT) stays incomplete', async () => {
    const r = await inspectAttachment({ name: 'disk.vhd', contentType: 'application/octet-stream', bytes: buildVhd(new Uint8Array(64 * 1024), false), inline: false }, nodeHasher);
    expect(r.incomplete.some((i) => i.code === 'archive-unlisted')).toBe(true);
  });
});
