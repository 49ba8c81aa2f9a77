/**
 * The CLI's 7-Zip reader (seven-zip.ts) and the inspector's use of it (adapters/inspect/
 * container.ts): RAR, 7z and CAB attachments are listed, their files inspected like ZIP entries
 * within the same limits, encrypted archives say so, and without the reader (the pane) such
 * attachments stay "not listed". Fixtures are built here: 7z by 7z-wasm, RAR 5 and CAB by
 * archive-fixtures.test-helper.ts, disk images by disk/test-images.ts.
 */
import { createHash } from 'crypto';
import { buildIso, buildVhd } from '../adapters/inspect/disk/test-images';
import { inspectAttachment, type InspectLimits } from '../adapters/inspect';
import { buildPe } from '../adapters/inspect/test-fixtures';
import { nodeHasher } from '../adapters/hash/node-hasher';
import type { ArchiveEntry, Attachment } from '../engine/types';
import { build7z, LNK, buildCab, buildRar5, type FixtureFile } from './archive-fixtures.test-helper';
import { parseSltListing, sevenZipLister } from './seven-zip';

const enc = new TextEncoder();
const TEXT = enc.encode('Minutes of the study group, 3 March.\n');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const CLI: Partial<InspectLimits> = { listContainer: sevenZipLister };

function inspect(name: string, bytes: Uint8Array, limits: Partial<InspectLimits> = CLI): ReturnType<typeof inspectAttachment> {
  return inspectAttachment({ name, contentType: 'application/octet-stream', bytes, inline: false }, nodeHasher, limits);
}

const entry = (a: Attachment, path: string): ArchiveEntry | undefined => a.archive?.entries.find((e) => e.path === path);
const codes = (r: { incomplete: { code: string }[] }): string[] => [...new Set(r.incomplete.map((i) => i.code))].sort();

describe('parseSltListing', () => {
  it.each([
    [
      'two files and a folder',
      ['Listing archive: x', '--', 'Path = x', 'Type = 7z', '', '----------', 'Path = d', 'Folder = +', 'Size = 0', '', 'Path = d/a.lnk', 'Size = 80', 'Encrypted = -', '', 'Path = b.txt', 'Size = 5', 'Encrypted = +', ''],
      '7z',
      [
        { path: 'd', size: 0, encrypted: false, directory: true },
        { path: 'd/a.lnk', size: 80, encrypted: false, directory: false },
        { path: 'b.txt', size: 5, encrypted: true, directory: false },
      ],
    ],
    ['a stream with no declared size', ['Type = bzip2', '----------', 'Path = attachment', 'Size = ', 'Packed Size = 40'], 'bzip2', [{ path: 'attachment', size: undefined, encrypted: false, directory: false }]],
    ['blocks without a blank line between', ['Type = Rar5', '----------', 'Path = a', 'Size = 1', 'Path = b', 'Size = 2'], 'Rar5', [{ path: 'a', size: 1, encrypted: false, directory: false }, { path: 'b', size: 2, encrypted: false, directory: false }]],
    ['nothing listed (the archive could not be opened)', ['Errors: 1'], undefined, []],
  ])('%s', (_l, lines, type, entries) => {
    expect(parseSltListing(lines)).toEqual({ type, entries });
  });
});

describe('7-Zip lists RAR, 7z and CAB attachments, and the inspector opens their files', () => {
  const files: FixtureFile[] = [
    { name: 'docs/invoice.docx.lnk', data: LNK },
    { name: 'readme.txt', data: TEXT },
  ];
  let plain7z: Uint8Array;
  let encryptedEntries7z: Uint8Array;
  let encryptedNames7z: Uint8Array;
  beforeAll(async () => {
    plain7z = await build7z(files);
    encryptedEntries7z = await build7z(files, ['-pSecret2025']);
    encryptedNames7z = await build7z(files, ['-pSecret2025', '-mhe=on']);
  }, 60_000);

  const cases: [string, () => Uint8Array, string][] = [
    ['7z', () => plain7z, '7z'],
    ['RAR 5 (stored)', () => buildRar5(files), 'rar5'],
    ['CAB (stored)', () => buildCab(files), 'cab'],
  ];
  it.each(cases)('%s: every file listed, typed and hashed as the sender sent it', async (_l, bytes, format) => {
    const r = await inspect('report.bin', bytes());
    expect(r.attachment.archive?.format).toBe(format);
    expect(r.attachment.archive?.encrypted).toBe(false);
    const lnk = entry(r.attachment, 'docs/invoice.docx.lnk') ?? entry(r.attachment, 'docs\\invoice.docx.lnk');
    expect(lnk).toMatchObject({ size: LNK.length, sniffedType: 'lnk', encrypted: false });
    expect(lnk?.hashes?.sha256).toBe(sha256(LNK));
    expect(entry(r.attachment, 'readme.txt')?.hashes?.sha256).toBe(sha256(TEXT));
    expect(codes(r)).toEqual([]);
  });

  it('the pane has no such reader: the same RAR is "not listed", never "nothing inside"', async () => {
    const r = await inspect('report.rar', buildRar5(files), {});
    expect(r.attachment.archive).toBeUndefined();
    expect(r.incomplete).toEqual([expect.objectContaining({ code: 'archive-unlisted', detail: 'rar file: the files inside were not listed' })]);
  });

  it('a 7z whose entries are encrypted: listed by name, not opened, encrypted said twice (listing and incomplete)', async () => {
    const r = await inspect('report.7z', encryptedEntries7z);
    expect(r.attachment.archive?.encrypted).toBe(true);
    expect(r.attachment.archive?.entries.map((e) => [e.path, e.encrypted, e.hashes])).toEqual(
      expect.arrayContaining([
        ['docs/invoice.docx.lnk', true, undefined],
        ['readme.txt', true, undefined],
      ]),
    );
    expect(codes(r)).toEqual(['archive-encrypted']);
  });

  it('a 7z whose names are encrypted too (-mhe): nothing listed, and the listing says encrypted', async () => {
    const r = await inspect('report.7z', encryptedNames7z);
    expect(r.attachment.archive).toMatchObject({ format: '7z', encrypted: true, entries: [] });
    expect(r.incomplete.map((i) => i.detail)).toEqual(['7z archive with encrypted names: nothing inside could be listed']);
  });

  it('an executable in a RAR is read as a PE (the attachment rules see its type)', async () => {
    const pe = buildPe();
    const r = await inspect('scan.rar', buildRar5([{ name: 'scan.pdf.exe', data: pe }]));
    expect(entry(r.attachment, 'scan.pdf.exe')).toMatchObject({ sniffedType: 'pe', size: pe.length });
  });

  it('entries above the entry limit are listed but not opened, and that is said', async () => {
    const big = new Uint8Array(4096).fill(0x41);
    const r = await inspect('big.7z', await build7z([{ name: 'big.txt', data: big }, { name: 'small.lnk', data: LNK }]), { ...CLI, maxEntryBytes: 1000 });
    expect(entry(r.attachment, 'big.txt')).toEqual({ path: 'big.txt', size: 4096, encrypted: false });
    expect(entry(r.attachment, 'small.lnk')?.sniffedType).toBe('lnk');
    expect(codes(r)).toEqual(['archive-entry-too-large']);
  });

  it('a CAB whose header declares less than its data holds: extraction stops at the declared bytes', async () => {
    const cab = buildCab([{ name: 'a.txt', data: new Uint8Array(3000).fill(0x61) }]);
    // Declare 100 bytes for the file: 7-Zip would write the whole folder span; the cap stops it.
    cab.set([100, 0, 0, 0], 44);
    const r = await inspect('lie.cab', cab);
    expect(entry(r.attachment, 'a.txt')?.size).toBe(100);
    expect(r.attachment.archive?.entries.every((e) => e.hashes === undefined || e.size === 100)).toBe(true);
  });

  it('damaged and truncated archives: "corrupt" or "not listed", never an empty clean listing', async () => {
    const cut = plain7z.subarray(0, plain7z.length - 40);
    const r1 = await inspect('cut.7z', cut);
    expect(codes(r1).some((c) => c === 'archive-corrupt' || c === 'archive-unlisted')).toBe(true);
    const junk = Uint8Array.from([...enc.encode('Rar!\x1a\x07\x01\x00'), ...enc.encode('not really a rar')]);
    const r2 = await inspect('junk.rar', junk);
    expect(r2.attachment.archive).toBeUndefined();
    expect(r2.incomplete.map((i) => i.code)).toEqual(['archive-unlisted']);
    expect(r2.incomplete[0]?.detail).toMatch(/^rar file: 7-Zip: .*; the files inside were not listed$/);
  });

  it('a VHD that holds no FAT volume (here an ISO): the pane says "not listed", 7-Zip opens the disk and the shortcut in it is seen', async () => {
    const vhd = buildVhd(buildIso([{ path: 'invoice.docx.lnk', data: LNK }]), false);
    const pane = await inspect('disk.vhd', vhd, {});
    expect(codes(pane)).toEqual(['archive-unlisted']);
    const r = await inspect('disk.vhd', vhd);
    // 7-Zip reads the fixed VHD's disk as the ISO it holds (the VHD footer is "data after the end").
    const all = (es: ArchiveEntry[] | undefined): ArchiveEntry[] => (es ?? []).flatMap((e) => [e, ...all(e.archive?.entries)]);
    const lnk = all(r.attachment.archive?.entries).find((e) => e.sniffedType === 'lnk');
    expect(lnk?.hashes?.sha256).toBe(sha256(LNK));
    expect(codes(r)).not.toContain('archive-unlisted');
  });

  it('leaves process.exitCode alone (7-Zip\'s runtime sets it on every run)', async () => {
    process.exitCode = undefined;
    await inspect('junk.rar', enc.encode('Rar!\x1a\x07\x01\x00 junk'));
    expect(process.exitCode).toBeUndefined();
  });
});
