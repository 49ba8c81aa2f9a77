import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import PostalMime from 'postal-mime';
import type { FileKind } from '../../engine/types';
import { nodeHasher } from '../hash/node-hasher';
import { findExternalTemplate, inspectAttachment, sniffKind } from './index';
import { concatBytes } from './bytes';
import { vbaProjectBin } from './cfb-writer.test-helper';
import { buildCfb, buildPe, markZipEncrypted, rewriteZipName, wordDocumentStream } from './test-fixtures';

const CORPORA = path.resolve(__dirname, '../../..', '../shared/corpora');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: Array<number[] | Uint8Array | string>): Uint8Array =>
  concatBytes(parts.map((p) => (typeof p === 'string' ? enc(p) : p instanceof Uint8Array ? p : Uint8Array.from(p))));
const at = (size: number, offset: number, content: string | number[]): Uint8Array => {
  const b = new Uint8Array(size);
  b.set(typeof content === 'string' ? enc(content) : content, offset);
  return b;
};
const LNK_HEADER = [
  0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46,
];

const inspect = (name: string, b: Uint8Array | undefined, limits = {}) =>
  inspectAttachment({ name, contentType: 'Application/Octet-Stream; name="x"', bytes: b, inline: false }, nodeHasher, limits);

describe('sniffKind', () => {
  it.each<[string, Uint8Array, FileKind]>([
    ['empty', new Uint8Array(0), 'empty'],
    ['PE', buildPe(), 'pe'],
    ['MZ without PE header', bytes('MZ', new Uint8Array(200)), 'unknown'],
    ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 'elf'],
    ['Mach-O 64', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'macho'],
    ['Mach-O fat', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), 'macho'],
    ['Java class is not Mach-O', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52], new Uint8Array(8)), 'unknown'],
    ['LNK', bytes(LNK_HEADER, new Uint8Array(60)), 'lnk'],
    ['0x4C without the LNK CLSID', bytes([0x4c, 0, 0, 0], new Uint8Array(60)), 'unknown'],
    ['ZIP', zipSync({ 'a.txt': strToU8('hi') }), 'zip'],
    ['empty ZIP', bytes([0x50, 0x4b, 0x05, 0x06], new Uint8Array(18)), 'zip'],
    ['OLE', buildCfb([{ name: 'WordDocument', type: 2 }]), 'ole'],
    ['PDF', bytes('%PDF-1.7\n'), 'pdf'],
    ['RTF', bytes('{\\rtf1\\ansi'), 'rtf'],
    ['ISO 9660 at 0x8001', at(0x9000, 0x8001, 'CD001'), 'iso'],
    ['ISO 9660 at 0x8801', at(0x9000, 0x8801, 'CD001'), 'iso'],
    ['ISO 9660 at 0x9001', at(0x9800, 0x9001, 'CD001'), 'iso'],
    ['UDF', at(0x9000, 0x8001, 'BEA01'), 'udf'],
    ['VHD footer at start', bytes('conectix', new Uint8Array(600)), 'vhd'],
    ['VHD footer at end', at(4096, 4096 - 512, 'conectix'), 'vhd'],
    ['VHDX', bytes('vhdxfile', new Uint8Array(64)), 'vhdx'],
    ['DMG koly trailer', at(4096, 4096 - 512, 'koly'), 'dmg'],
    ['RAR', bytes('Rar!', [0x1a, 0x07, 0x01, 0x00]), 'rar'],
    ['7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), '7z'],
    ['gzip', bytes([0x1f, 0x8b, 8, 0]), 'gzip'],
    ['bzip2', bytes('BZh91AY&SY'), 'bzip2'],
    ['xz', bytes([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4]), 'xz'],
    ['CAB', bytes('MSCF', [0, 0, 0, 0]), 'cab'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image'],
    ['GIF', bytes('GIF89a'), 'image'],
    ['WEBP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image'],
    ['HTML doctype', bytes('\n  <!DOCTYPE html><html>'), 'html'],
    ['HTML fragment with script', bytes('<script>location="x"</script>'), 'html'],
    ['HTML with BOM', bytes([0xef, 0xbb, 0xbf], '<html><body>'), 'html'],
    ['XML', bytes('<?xml version="1.0"?><a/>'), 'xml'],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'xml'],
    ['mail', bytes('From: a@example.com\r\nSubject: hi\r\n\r\nbody'), 'eml'],
    ['plain text', bytes('hello, world\n'), 'text'],
    ['Japanese UTF-8 text', bytes('会議の資料をお送りします。\n'), 'text'],
    ['binary noise', bytes([1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 7, 8, 9]), 'unknown'],
  ])('%s → %s', (_label, input, kind) => {
    expect(sniffKind(input)).toBe(kind);
  });
});

describe('inspectAttachment basics', () => {
  it('reports missing content as incomplete, never as clean', async () => {
    const r = await inspectAttachment({ name: 'a.lnk', contentType: 'application/x-ms-shortcut', inline: false, declaredSize: 1234 }, nodeHasher);
    expect(r.attachment).toEqual({ name: 'a.lnk', contentType: 'application/x-ms-shortcut', size: 1234, inline: false });
    expect(r.incomplete).toEqual([{ code: 'attachment-content-unavailable', where: 'attachment:a.lnk', detail: 'no content to inspect' }]);
  });

  it('normalises the content type and hashes the bytes', async () => {
    const r = await inspect('x.txt', enc('abc'));
    expect(r.attachment.contentType).toBe('application/octet-stream');
    expect(r.attachment.hashes?.md5).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(r.attachment.sniffedType).toBe('text');
    expect(r.incomplete).toEqual([]);
  });

  it('keeps bidi and zero-width characters in names exactly', async () => {
    const name = 'invoice\u202Efdp.exe\u200b';
    const r = await inspect(name, buildPe());
    expect(r.attachment.name).toBe(name);
    expect(r.attachment.sniffedType).toBe('pe');
  });

  it.each([
    ['hashing', { maxHashBytes: 2 }, 'attachment-too-large', true],
    ['inspection', { maxBytesInspected: 2 }, 'attachment-too-large', false],
  ])('above the %s limit it says so', async (_l, limits, code, noHash) => {
    const r = await inspect('big.zip', zipSync({ 'a.txt': strToU8('hello') }), limits);
    expect(r.incomplete.map((i) => i.code)).toContain(code);
    expect(r.attachment.sniffedType).toBe('zip');
    expect(r.attachment.hashes === undefined).toBe(noHash);
  });
});

describe('ZIP listing', () => {
  const lnk = bytes(LNK_HEADER, new Uint8Array(100));

  it('lists entries with sizes, sniffed types and hashes', async () => {
    const z = zipSync({ 'docs/': {}, 'docs/report.pdf.lnk': lnk, 'readme.txt': strToU8('hello') } as Zippable);
    const r = await inspect('a.zip', z);
    const a = r.attachment.archive!;
    expect(a.encrypted).toBe(false);
    expect(a.truncated).toBe(false);
    const byPath = Object.fromEntries(a.entries.map((e) => [e.path, e]));
    expect(byPath['docs/report.pdf.lnk']).toMatchObject({ size: lnk.length, encrypted: false, sniffedType: 'lnk' });
    expect(byPath['docs/report.pdf.lnk']!.hashes).toEqual(await nodeHasher.digest(lnk));
    expect(byPath['readme.txt']).toMatchObject({ size: 5, sniffedType: 'text' });
    expect(r.incomplete).toEqual([]);
  });

  it('flags encrypted entries and reports archive-encrypted', async () => {
    const z = markZipEncrypted(zipSync({ 'a.lnk': lnk, 'b.txt': strToU8('x') }, { level: 0 }));
    const r = await inspect('pw.zip', z);
    expect(r.attachment.archive!.encrypted).toBe(true);
    expect(r.attachment.archive!.entries.every((e) => e.encrypted && e.sniffedType === undefined)).toBe(true);
    expect(r.incomplete.map((i) => [i.code, i.where])).toEqual([['archive-encrypted', 'attachment:pw.zip']]);
  });

  it.each<[string, Uint8Array, string]>([
    ['Shift_JIS (Japanese Windows)', Uint8Array.from([0x90, 0xbf, 0x8b, 0x81, 0x8f, 0x91]), '請求書'],
    ['CP437 (DOS)', Uint8Array.from([0x9a, 0x6e, 0x8b, 0x63, 0x94, 0x64, 0x82]), 'Ünïcödé'],
    ['UTF-8 without the flag', enc('報告'), '報告'],
  ])('decodes names in %s', async (_l, raw, expected) => {
    const placeholder = 'x'.repeat(raw.length);
    const z = rewriteZipName(zipSync({ [`${placeholder}.lnk`]: lnk }), `${placeholder}.lnk`, bytes(raw, '.lnk'));
    const r = await inspect('n.zip', z);
    expect(r.attachment.archive!.entries[0]!.path).toBe(`${expected}.lnk`);
  });

  it('honours the UTF-8 flag', async () => {
    const r = await inspect('u.zip', zipSync({ '会議資料.pdf.lnk': lnk }));
    expect(r.attachment.archive!.entries[0]!.path).toBe('会議資料.pdf.lnk');
  });

  it('opens nested archives up to the depth limit and says where it stopped', async () => {
    const level3 = zipSync({ 'deep.lnk': lnk });
    const level2 = zipSync({ 'l3.zip': level3 });
    const level1 = zipSync({ 'l2.zip': level2 });
    const r = await inspect('l1.zip', level1, { maxArchiveDepth: 2 });
    const l2 = r.attachment.archive!.entries[0]!;
    expect(l2.sniffedType).toBe('zip');
    expect(l2.archive!.entries[0]!.path).toBe('l3.zip');
    expect(l2.archive!.entries[0]!.archive).toBeUndefined();
    expect(l2.archive!.truncated).toBe(true);
    expect(r.incomplete.map((i) => i.code)).toEqual(['archive-too-deep']);

    const full = await inspect('l1.zip', level1);
    expect(full.attachment.archive!.entries[0]!.archive!.entries[0]!.archive!.entries[0]).toMatchObject({ path: 'deep.lnk', sniffedType: 'lnk' });
    expect(full.incomplete).toEqual([]);
  });

  it('stops listing at the entry limit', async () => {
    const files: Zippable = {};
    for (let i = 0; i < 30; i++) files[`f${i}.txt`] = strToU8(String(i));
    const r = await inspect('many.zip', zipSync(files), { maxArchiveEntries: 10 });
    expect(r.attachment.archive!.entries).toHaveLength(10);
    expect(r.attachment.archive!.truncated).toBe(true);
    expect(r.incomplete.map((i) => i.code)).toEqual(['archive-too-many-entries']);
  });

  it.each([
    ['declared size above the entry limit', { maxEntryBytes: 1000 }, 100],
    ['compression ratio of a bomb', { maxCompressionRatio: 50 }, 200000],
    ['total decompressed budget', { maxTotalDecompressed: 1000 }, 5000],
  ])('does not open an entry above the %s', async (_l, limits, size) => {
    const big = new Uint8Array(Math.max(size, 5000));
    const r = await inspect('bomb.zip', zipSync({ 'zeros.bin': big }), limits);
    const entry = r.attachment.archive!.entries[0]!;
    expect(entry.size).toBe(big.length);
    expect(entry.hashes).toBeUndefined();
    expect(r.incomplete.map((i) => i.code)).toEqual(['archive-entry-too-large']);
  });

  it('stops at the time budget using the injected clock', async () => {
    let t = 0;
    const files: Zippable = {};
    for (let i = 0; i < 5; i++) files[`f${i}.txt`] = strToU8('x');
    const r = await inspect('slow.zip', zipSync(files), { maxInspectMs: 2, now: () => (t += 1) });
    expect(r.attachment.archive!.truncated).toBe(true);
    expect(r.attachment.archive!.entries.filter((e) => e.sniffedType !== undefined).length).toBeLessThan(5);
    expect(r.incomplete.map((i) => i.code)).toEqual(['time-budget']);
  });

  it('reports a corrupt archive instead of throwing', async () => {
    const z = zipSync({ 'a.txt': new Uint8Array(5000).fill(65) });
    const broken = z.slice();
    broken.fill(0xff, 40, 60); // damage the deflate stream
    const r = await inspect('bad.zip', broken);
    expect(r.attachment.sniffedType).toBe('zip');
    expect(r.incomplete.map((i) => i.code)).toContain('archive-corrupt');
  });

  it('recovers entries from local headers when the central directory is cut off', async () => {
    const z = zipSync({ 'a.lnk': lnk, 'b.txt': strToU8('x') }, { level: 0 });
    const cut = z.subarray(0, z.length - 60);
    const r = await inspect('cut.zip', cut);
    expect(r.attachment.archive!.entries.map((e) => e.path)).toEqual(['a.lnk', 'b.txt']);
    expect(r.attachment.archive!.entries[0]!.sniffedType).toBe('lnk');
    expect(r.incomplete.map((i) => i.code)).toEqual(['archive-corrupt']);
  });
});

describe('Office documents', () => {
  const CT = strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  const settingsRels = (type: string, target: string, mode = 'External') =>
    strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}" TargetMode="${mode}"/></Relationships>`,
    );

  it.each<[string, Zippable, { macros: boolean; externalTemplate?: string }]>([
    ['plain docx', { '[Content_Types].xml': CT, 'word/document.xml': strToU8('<w:document/>') }, { macros: false }],
    ['docm with a real VBA project', { '[Content_Types].xml': CT, 'word/vbaProject.bin': vbaProjectBin() }, { macros: true }],
    ['the VBA project under another part name', { '[Content_Types].xml': CT, 'word/media/image7.bin': vbaProjectBin() }, { macros: true }],
    ['a placeholder named vbaProject.bin is not a VBA project', { '[Content_Types].xml': CT, 'word/vbaProject.bin': strToU8('harmless placeholder, not VBA') }, { macros: false }],
    ['empty storages named VBA are not a VBA project', { '[Content_Types].xml': CT, 'word/vbaProject.bin': buildCfb([{ name: 'VBA', type: 1 }]) }, { macros: false }],
    [
      'remote template (attachedTemplate, http)',
      { '[Content_Types].xml': CT, 'word/_rels/settings.xml.rels': settingsRels('attachedTemplate', 'http://203.0.113.5/t.dotm?a=1&amp;b=2') },
      { macros: false, externalTemplate: 'http://203.0.113.5/t.dotm?a=1&b=2' },
    ],
    [
      'local template is not remote',
      { '[Content_Types].xml': CT, 'word/_rels/settings.xml.rels': settingsRels('attachedTemplate', 'file:///C:/Normal.dotm') },
      { macros: false },
    ],
    [
      'hyperlink is not a template',
      { '[Content_Types].xml': CT, 'word/_rels/document.xml.rels': settingsRels('hyperlink', 'https://example.org/') },
      { macros: false },
    ],
  ])('%s', async (_l, files, office) => {
    const r = await inspect('doc.docx', zipSync(files));
    expect(r.attachment.sniffedType).toBe('ooxml');
    expect(r.attachment.office).toEqual({ encrypted: false, container: 'ooxml', ...office });
    expect(r.attachment.archive).toBeDefined();
  });

  it.each<[string, Parameters<typeof buildCfb>[0], { macros: boolean; encrypted: boolean } | undefined]>([
    ['legacy .doc', [{ name: 'WordDocument', type: 2, data: wordDocumentStream(false) }], { macros: false, encrypted: false }],
    ['.doc with empty storages named Macros and VBA (names alone are not macros)', [{ name: 'WordDocument', type: 2, data: wordDocumentStream(false) }, { name: 'Macros', type: 1 }, { name: 'VBA', type: 1 }], { macros: false, encrypted: false }],
    ['password-protected OOXML', [{ name: 'EncryptionInfo', type: 2 }, { name: 'EncryptedPackage', type: 2 }], { macros: false, encrypted: true }],
    ['legacy .doc with fEncrypted', [{ name: 'WordDocument', type: 2, data: wordDocumentStream(true) }], { macros: false, encrypted: true }],
    ['an attached .msg is not Office', [{ name: '__substg1.0_0037001F', type: 2 }, { name: '__properties_version1.0', type: 2 }], undefined],
  ])('OLE: %s', async (_l, entries, office) => {
    const r = await inspect('file.docx', buildCfb(entries));
    expect(r.attachment.sniffedType).toBe('ole');
    expect(r.attachment.office).toEqual(office && { ...office, container: 'ole' });
    expect(r.incomplete).toEqual([]);
  });

  it('reports an unreadable compound file', async () => {
    const b = buildCfb([{ name: 'WordDocument', type: 2 }]);
    b[0x1e] = 7; // impossible sector shift
    const r = await inspect('x.doc', b);
    expect(r.attachment.sniffedType).toBe('ole');
    expect(r.incomplete.map((i) => i.code)).toEqual(['parse-error']);
  });

  it('finds the first external template among relationships', () => {
    const xml =
      "<Relationships><Relationship Id='r1' Type='http://x/relationships/hyperlink' Target='https://a.example/' TargetMode='External'/>" +
      "<Relationship Id='r2' TargetMode='External' Target='https://b.example/t.dotm' Type='http://x/relationships/attachedTemplate'/></Relationships>";
    expect(findExternalTemplate(xml)).toBe('https://b.example/t.dotm');
  });
});

describe('containers whose files are not listed', () => {
  it.each<[string, string, Uint8Array]>([
    ['RAR', 'docs.rar', bytes('Rar!', [0x1a, 0x07, 0x01, 0x00], new Uint8Array(32))],
    ['7z', 'docs.7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], new Uint8Array(32))],
    ['CAB', 'docs.cab', bytes('MSCF', new Uint8Array(32))],
    ['gzip', 'docs.tar.gz', bytes([0x1f, 0x8b, 0x08], new Uint8Array(32))],
    ['ISO', 'docs.iso', at(0x8006 + 16, 0x8001, 'CD001')],
  ])('%s is reported as not looked into, never as clean', async (_l, name, b) => {
    const r = await inspect(name, b);
    expect(r.incomplete).toContainEqual(expect.objectContaining({ code: 'archive-unlisted', where: `attachment:${name}` }));
  });

  it('a RAR inside a ZIP too', async () => {
    const r = await inspect('a.zip', zipSync({ 'inner.rar': bytes('Rar!', [0x1a, 0x07, 0x01, 0x00], new Uint8Array(32)) }));
    expect(r.attachment.archive!.entries[0]).toMatchObject({ path: 'inner.rar', sniffedType: 'rar' });
    expect(r.incomplete.map((i) => i.code)).toContain('archive-unlisted');
  });

  it.each<[string, string, Uint8Array]>([
    ['a ZIP', 'a.zip', zipSync({ 'a.txt': strToU8('hello') })],
    ['a PDF', 'a.pdf', enc('%PDF-1.7\n')],
    ['a plain executable', 'a.exe', buildPe()],
  ])('%s is not', async (_l, name, b) => {
    const r = await inspect(name, b);
    expect(r.incomplete.map((i) => i.code)).not.toContain('archive-unlisted');
  });
});

describe('PE self-extracting archives', () => {
  it.each<[string, Uint8Array, string | null]>([
    ['RAR after the image', buildPe(undefined, bytes('Rar!', [0x1a, 0x07, 0x00], new Uint8Array(20))), 'rar'],
    ['7z after the image', buildPe(undefined, bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])), '7z'],
    ['ZIP after padding', buildPe(undefined, bytes(new Uint8Array(300), zipSync({ 'a.txt': strToU8('x') }))), 'zip'],
    ['CAB after the image', buildPe(undefined, bytes('MSCF', [0, 0, 0, 0])), 'cab'],
    ['no overlay', buildPe(), null],
    ['signature inside a section is not SFX', buildPe(bytes('Rar!', [0x1a, 0x07, 0x00])), null],
    ['overlay without an archive', buildPe(undefined, enc('certificate-ish bytes')), null],
  ])('%s → %s', async (_l, b, sfx) => {
    const r = await inspect('setup.exe', b);
    expect(r.attachment.sniffedType).toBe('pe');
    expect(r.attachment.pe).toEqual({ sfx });
    // The archive inside a self-extractor is not listed: say so.
    expect(r.incomplete.some((i) => i.code === 'archive-unlisted')).toBe(sfx !== null);
  });

  it('inspects a PE inside a ZIP', async () => {
    const sfx = buildPe(undefined, bytes('Rar!', [0x1a, 0x07, 0x00]));
    const r = await inspect('a.zip', zipSync({ '資料.exe': sfx }));
    expect(r.attachment.archive!.entries[0]).toMatchObject({ path: '資料.exe', sniffedType: 'pe', pe: { sfx: 'rar' } });
  });
});

describe('real attachments from the corpora (spamassassin olevbmacro, phishing_pot)', () => {
  async function attachments(rel: string) {
    const email = await PostalMime.parse(readFileSync(path.join(CORPORA, rel)));
    return Promise.all(
      email.attachments.map((a) =>
        inspectAttachment({ name: a.filename ?? '', contentType: a.mimeType, bytes: new Uint8Array(a.content as ArrayBuffer), inline: false }, nodeHasher),
      ),
    );
  }

  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['spamassassin_testdata/spam/olevbmacro/macro.eml', 'macro.xlsm', { sniffedType: 'ooxml', office: { macros: true, encrypted: false, container: 'ooxml' } }, []],
    ['spamassassin_testdata/spam/olevbmacro/renamedmacro.eml', 'renamed.jpg', { sniffedType: 'ooxml', office: { macros: true, encrypted: false, container: 'ooxml' } }, []],
    ['spamassassin_testdata/spam/olevbmacro/nomacro.eml', 'nomacro.xlsx', { sniffedType: 'ooxml', office: { macros: false, encrypted: false, container: 'ooxml' } }, []],
    ['spamassassin_testdata/spam/olevbmacro/encrypted.eml', 'encrypted_word_doc.docx', { sniffedType: 'ole', office: { macros: false, encrypted: true, container: 'ole' } }, []],
    ['spamassassin_testdata/spam/olevbmacro/zippwmacro.eml', 'macro.zip', { sniffedType: 'zip', archive: { format: 'zip', encrypted: true, truncated: false, entries: [{ path: 'macro.xlsm', size: 12753, encrypted: true }] } }, ['archive-encrypted']],
    // The ISO 9660 reader (disk/) lists it: a PE inside, the real payload of this phish.
    ['phishing_pot/email/sample-1266.eml', 'quotation.iso', { sniffedType: 'iso', archive: { format: 'iso9660', truncated: false, entries: [{ path: 'makave (2)_protected_68A4BB0.exe', sniffedType: 'pe' }] } }, []],
  ])('%s: %s', async (rel, name, expected, codes) => {
    const all = await attachments(rel);
    const hit = all.find((r) => r.attachment.name === name);
    expect(hit).toBeDefined();
    expect(hit!.attachment).toMatchObject(expected);
    expect(hit!.attachment.hashes?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hit!.incomplete.map((i) => i.code)).toEqual(codes);
  });
});
