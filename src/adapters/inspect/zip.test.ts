import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import fc from 'fast-check';
import { nodeHasher } from '../hash/node-hasher';
import { concatBytes } from './bytes';
import { inspectAttachment } from './index';
import { buildZip, crc32, unicodePathExtra } from './test-fixtures';
import { decodeZipName, readZipDirectory } from './zip';

const LNK = concatBytes([Uint8Array.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46]), new Uint8Array(180)]);
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const inspect = (b: Uint8Array, limits = {}) => inspectAttachment({ name: 'a.zip', contentType: 'application/zip', bytes: b, inline: false }, nodeHasher, limits);
const cp437 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => ({ Ä: 0x8e, Ü: 0x9a, é: 0x82 })[c] ?? c.charCodeAt(0)));

describe('ZIPs that lie about themselves are read for what they hold, and the lie is reported', () => {
  it('a well-formed archive has no inconsistency (fflate and the hand-built writer)', async () => {
    for (const z of [zipSync({ 'a.txt': strToU8('x'), 'b/c.lnk': LNK }), buildZip([{ name: 'a.lnk', data: LNK }, { name: 'b.txt', data: strToU8('hi') }])]) {
      const r = await inspect(z);
      expect(r.attachment.archive!.inconsistencies).toBeUndefined();
      expect(r.attachment.archive!.entries.map((e) => e.sniffedType)).toEqual(expect.arrayContaining(['lnk']));
    }
  });

  it('the encryption flag set only in the local header: encrypted', async () => {
    const r = await inspect(buildZip([{ name: 'a.lnk', data: LNK, local: { flags: 0x0801 } }]));
    expect(r.attachment.archive!.encrypted).toBe(true);
    expect(r.attachment.archive!.entries[0]!.encrypted).toBe(true);
    expect(r.attachment.archive!.inconsistencies).toEqual(['encryption flag differs']);
    expect(r.incomplete.map((i) => i.code)).toContain('archive-encrypted');
  });

  it('the encryption flag set only in the directory: encrypted', async () => {
    const r = await inspect(buildZip([{ name: 'a.lnk', data: LNK, central: { flags: 0x0801 } }]));
    expect(r.attachment.archive!.entries[0]!.encrypted).toBe(true);
    expect(r.attachment.archive!.inconsistencies).toHaveLength(1);
  });

  it('a stored .lnk whose directory size says 0 is sniffed and hashed as the real shortcut', async () => {
    const r = await inspect(buildZip([{ name: 'report.pdf', data: LNK, central: { size: 0 } }]));
    const e = r.attachment.archive!.entries[0]!;
    expect(e.sniffedType).toBe('lnk');
    expect(e.hashes!.sha256).toBe(sha256(LNK));
    expect(r.attachment.archive!.inconsistencies).toEqual(['sizes differ']);
  });

  it('every archive of concatenated ZIPs is read', async () => {
    const first = buildZip([{ name: 'decoy.txt', data: strToU8('hello') }]);
    const second = buildZip([{ name: 'payload.lnk', data: LNK }]);
    const r = await inspect(concatBytes([first, second]));
    expect(r.attachment.archive!.entries.map((e) => [e.path, e.sniffedType])).toEqual([
      ['decoy.txt', 'text'],
      ['payload.lnk', 'lnk'],
    ]);
  });

  it('a stored inner ZIP is not mistaken for a second concatenated archive', async () => {
    const inner = buildZip([{ name: 'inner.lnk', data: LNK }]);
    const r = await inspect(buildZip([{ name: 'inner.zip', data: inner }]));
    expect(r.attachment.archive!.entries.map((e) => e.path)).toEqual(['inner.zip']);
    expect(r.attachment.archive!.entries[0]!.archive!.entries[0]!.path).toBe('inner.lnk');
    expect(r.attachment.archive!.inconsistencies).toBeUndefined();
  });

  it('a local file the directory does not list is read and reported', async () => {
    const hidden = buildZip([{ name: 'hidden.lnk', data: LNK }]);
    const shown = buildZip([{ name: 'shown.txt', data: strToU8('hello') }]);
    // hidden's local header and data, then shown's archive (its offsets shifted by the prefix).
    const localOnly = hidden.subarray(0, 30 + 'hidden.lnk'.length + LNK.length);
    const r = await inspect(concatBytes([localOnly, shown]));
    expect(r.attachment.archive!.entries.map((e) => e.path).sort()).toEqual(['hidden.lnk', 'shown.txt']);
    expect(r.attachment.archive!.inconsistencies).toContain('local file not in directory');
  });

  it('a Unicode path field is honoured when its CRC matches the raw name', () => {
    const raw = strToU8('report.pdf.lnk');
    const z = buildZip([{ name: raw, flags: 0, data: LNK, extra: { 0x7075: unicodePathExtra('報告書.pdf.lnk', raw) } }]);
    expect(readZipDirectory(z, 10).entries[0]).toMatchObject({ path: '報告書.pdf.lnk' });
    expect(readZipDirectory(z, 10).entries[0]!.altPath).toBeUndefined();
  });

  it('a Unicode path field with a wrong CRC: the raw name (what 7-Zip shows) and the other name both reach the rules', async () => {
    const raw = strToU8('report.pdf.lnk');
    const z = buildZip([{ name: raw, flags: 0, data: LNK, extra: { 0x7075: unicodePathExtra('report.pdf', raw, crc32(raw) ^ 1) } }]);
    const r = await inspect(z);
    expect(r.attachment.archive!.entries[0]).toMatchObject({ path: 'report.pdf.lnk', altPath: 'report.pdf', sniffedType: 'lnk' });
  });

  it('a local header that names the entry differently gives a second name and a reported lie', async () => {
    const r = await inspect(buildZip([{ name: 'minutes.pdf', data: LNK, local: { name: strToU8('minutes.lnk') } }]));
    expect(r.attachment.archive!.entries[0]).toMatchObject({ path: 'minutes.pdf', altPath: 'minutes.lnk' });
    expect(r.attachment.archive!.inconsistencies).toContain('name differs');
  });

  it('ZIP64 archives are read', async () => {
    const r = await inspect(buildZip([{ name: 'a.txt', data: strToU8('hello') }, { name: 'b.lnk', data: LNK }], { zip64: true }));
    expect(r.attachment.archive!.entries.map((e) => [e.path, e.size, e.sniffedType])).toEqual([
      ['a.txt', 5, 'text'],
      ['b.lnk', LNK.length, 'lnk'],
    ]);
    expect(r.attachment.archive!.inconsistencies).toBeUndefined();
  });

  it('overlapping entries (the overlap ZIP bomb) are opened once and reported', async () => {
    const big = new Uint8Array(1 << 20);
    const z = zipSync({ 'zeros.bin': big });
    // A directory of 200 entries all pointing at the one local header.
    const cdStart = z.length - 22 - (46 + 'zeros.bin'.length);
    const cd = z.subarray(cdStart, z.length - 22);
    const eocd = z.slice(z.length - 22);
    const dir = concatBytes(Array.from({ length: 200 }, () => cd));
    eocd[8] = eocd[10] = 200;
    new DataView(eocd.buffer).setUint32(12, dir.length, true);
    const bomb = concatBytes([z.subarray(0, cdStart), dir, eocd]);
    const r = await inspect(bomb);
    expect(r.attachment.archive!.entries).toHaveLength(200);
    expect(r.attachment.archive!.entries.filter((e) => e.hashes)).toHaveLength(1);
    expect(r.attachment.archive!.inconsistencies).toEqual(['shared local header', 'entries overlap']);
  });
});

describe('names without the UTF-8 flag: Shift_JIS or CP437 on evidence', () => {
  it.each<[string, Uint8Array, string]>([
    ['CP437 German', cp437('ÄnderungsÜbersicht.pdf'), 'ÄnderungsÜbersicht.pdf'],
    ['CP437 French', cp437('résumé.docx'), 'résumé.docx'],
    ['Shift_JIS kanji', Uint8Array.from([0x8e, 0x91, 0x97, 0xbf, 0x2e, 0x70, 0x64, 0x66]), '資料.pdf'],
    ['Shift_JIS katakana', Uint8Array.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x2e, 0x6c, 0x6e, 0x6b]), 'テスト.lnk'],
    ['Shift_JIS kanji and hiragana', Uint8Array.from([0x89, 0xef, 0x8b, 0x63, 0x82, 0xcc, 0x88, 0xc4, 0x93, 0xe0, 0x2e, 0x64, 0x6f, 0x63, 0x78]), '会議の案内.docx'],
  ])('%s', (_n, raw, expected) => {
    expect(decodeZipName(raw, false)).toBe(expected);
  });
});

describe('property: lying directories are reported, and reading stays bounded', () => {
  const base = (): Uint8Array => buildZip([{ name: 'a.lnk', data: LNK }, { name: 'b.txt', data: strToU8('hello world') }]);
  it('a directory/local disagreement in flags or sizes is always reported, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1),
        fc.constantFrom('local-enc', 'central-enc', 'central-size', 'local-size', 'central-csize'),
        fc.integer({ min: 1, max: 0xfffffff }),
        async (which, lie, value) => {
          const entries = [{ name: 'a.lnk', data: LNK }, { name: 'b.txt', data: strToU8('hello world') }].map((e, i) => {
            if (i !== which) return e;
            const size = e.data.length + value;
            if (lie === 'local-enc') return { ...e, local: { flags: 0x0801 } };
            if (lie === 'central-enc') return { ...e, central: { flags: 0x0801 } };
            if (lie === 'central-size') return { ...e, central: { size: value === e.data.length ? 0 : value } };
            if (lie === 'local-size') return { ...e, local: { size } };
            return { ...e, central: { compressedSize: size } };
          });
          const r = await inspect(buildZip(entries));
          expect(r.attachment.archive!.inconsistencies?.length ?? 0).toBeGreaterThan(0);
          if (lie.endsWith('enc')) expect(r.attachment.archive!.entries[which]!.encrypted).toBe(true);
        },
      ),
      { seed: 0x8b, numRuns: 100 },
    );
  });

  it('random bytes written over the headers never throw and stay within the decompression limit', async () => {
    const z = base();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(z.length - 1), fc.nat(255)), { minLength: 1, maxLength: 12 }), async (edits) => {
        const b = z.slice();
        for (const [at, v] of edits) b[at] = v;
        const r = await inspect(b, { maxTotalDecompressed: 1 << 20 });
        expect(r.attachment.sniffedType).toBeDefined();
      }),
      { seed: 0x8b, numRuns: 200 },
    );
  });
});
