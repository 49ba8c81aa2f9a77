import { zlibSync } from 'fflate';
import { md5, sha1 } from '@noble/hashes/legacy';
import { nodeHasher } from '../hash/node-hasher';
import { concatBytes } from './bytes';
import { compressVbaLiteral, vbaDirStream, vbaProjectBin, vbaProjectNodes, writeCfb, type CfbNode } from './cfb-writer.test-helper';
import { inspectAttachment } from './index';
import { decompressVba, isDefaultPassword, rc4, xorVerifier } from './office-content';
import { MAX_OLE_DIR_ENTRIES } from './limits';

const inspect = (name: string, b: Uint8Array) => inspectAttachment({ name, contentType: 'application/octet-stream', bytes: b, inline: false }, nodeHasher);
const rec = (type: number, data: number[] | Uint8Array): number[] => [type & 0xff, type >> 8, data.length & 0xff, data.length >> 8, ...data];
const le16 = (v: number): number[] => [v & 0xff, v >> 8];
const le32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
/** A BIFF8 workbook globals substream: BOF, the given records, EOF. */
const workbook = (...records: number[][]): Uint8Array => Uint8Array.from([...rec(0x0809, [0, 6, 5, 0, 0, 0, 0, 0]), ...records.flat(), ...rec(0x000a, [])]);
const boundsheet = (dt: number, name: string): number[] => rec(0x0085, [...le32(0), 0, dt, name.length, 0, ...[...name].map((c) => c.charCodeAt(0))]);
const utf16 = (s: string): Uint8Array => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

/** FILEPASS for RC4 CryptoAPI (as Excel 2003+ writes), its verifier made for `password`. */
function filepassCryptoApi(password: string, keyBits = 128): number[] {
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);
  const verifier = Uint8Array.from({ length: 16 }, (_, i) => 200 - i);
  const hfinal = sha1(concatBytes([sha1(concatBytes([salt, utf16(password)])), new Uint8Array(4)]));
  const key = keyBits === 40 ? hfinal.subarray(0, 5) : hfinal.subarray(0, keyBits / 8);
  const enc = rc4(key, concatBytes([verifier, sha1(verifier)]));
  const header = [...le32(0), ...le32(0), ...le32(0x6801), ...le32(0x8004), ...le32(keyBits), ...le32(1), ...le32(0), ...le32(0), ...utf16('Microsoft Enhanced Cryptographic Provider v1.0\0')];
  return [...le16(1), ...le16(4), ...le16(2), ...le32(0x04), ...le32(header.length), ...header, ...le32(16), ...salt, ...enc.subarray(0, 16), ...le32(20), ...enc.subarray(16)];
}

/** FILEPASS for RC4 (MD5, Excel 97/2000), its verifier made for `password`. */
function filepassRc4(password: string): number[] {
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i + 3);
  const verifier = Uint8Array.from({ length: 16 }, (_, i) => i * 5);
  const h = md5(utf16(password)).subarray(0, 5);
  const buf = concatBytes(Array.from({ length: 16 }, () => concatBytes([h, salt])));
  const key = md5(concatBytes([md5(buf).subarray(0, 5), new Uint8Array(4)]));
  const enc = rc4(key, concatBytes([verifier, md5(verifier)]));
  return [...le16(1), ...le16(1), ...le16(1), ...salt, ...enc];
}

describe('VBA by content ([MS-OVBA])', () => {
  it('the fixture dir stream round-trips through compression and starts with PROJECTSYSKIND', () => {
    const dir = vbaDirStream();
    expect(decompressVba(compressVbaLiteral(dir))).toEqual(dir);
    expect(dir.subarray(0, 6)).toEqual(Uint8Array.from([1, 0, 4, 0, 0, 0]));
  });

  it('decompresses copy tokens (the [MS-OVBA] 3.2.3 example)', () => {
    // "#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa" compressed, from the specification's worked example.
    const c = Uint8Array.from([0x01, 0x2f, 0xb0, 0x00, 0x23, 0x61, 0x61, 0x61, 0x62, 0x63, 0x64, 0x65, 0x82, 0x66, 0x00, 0x70, 0x61, 0x67, 0x68, 0x69, 0x6a, 0x01, 0x38, 0x08, 0x61, 0x6b, 0x6c, 0x00, 0x30, 0x6d, 0x6e, 0x6f, 0x70, 0x06, 0x71, 0x02, 0x70, 0x04, 0x10, 0x72, 0x73, 0x74, 0x75, 0x76, 0x10, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x3c]);
    expect(new TextDecoder().decode(decompressVba(c)!)).toBe('#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa');
  });

  it.each<[string, CfbNode[], boolean]>([
    ['.doc with a Macros storage holding a real project', [{ name: 'WordDocument', data: new Uint8Array(4096) }, { name: 'Macros', children: vbaProjectNodes() }], true],
    ['.xls with _VBA_PROJECT_CUR holding a real project', [{ name: 'Workbook', data: workbook(boundsheet(0, 'Sheet1')) }, { name: '_VBA_PROJECT_CUR', children: vbaProjectNodes() }], true],
    ['a VBA storage under an unusual name', [{ name: 'WordDocument', data: new Uint8Array(4096) }, { name: 'ObjectPool', children: [{ name: '_1234', children: vbaProjectNodes() }] }], true],
    ['storages named like VBA with placeholder streams', [{ name: 'WordDocument', data: new Uint8Array(4096) }, { name: 'Macros', children: [{ name: 'VBA', children: [{ name: 'dir', data: new Uint8Array(8) }, { name: '_VBA_PROJECT', data: new Uint8Array(8) }] }] }], false],
  ])('%s', async (_n, nodes, macros) => {
    const r = await inspect('file.doc', writeCfb(nodes));
    expect(r.attachment.office?.macros).toBe(macros);
  });
});

describe('Excel 4.0 macro sheets', () => {
  it('an .xls BOUNDSHEET of type macro sheet is macros; a worksheet is not', async () => {
    expect((await inspect('a.xls', writeCfb([{ name: 'Workbook', data: workbook(boundsheet(0, 'Sheet1'), boundsheet(1, 'Macro1')) }]))).attachment.office).toEqual({ macros: true, encrypted: false, container: 'ole' });
    expect((await inspect('a.xls', writeCfb([{ name: 'Workbook', data: workbook(boundsheet(0, 'Sheet1'), boundsheet(2, 'Chart1')) }]))).attachment.office).toEqual({ macros: false, encrypted: false, container: 'ole' });
  });
});

describe('legacy encryption', () => {
  it('the XOR obfuscation verifier ([MS-OFFCRYPTO] 2.3.7.1) tells passwords apart', () => {
    expect(xorVerifier('VelvetSweatshop')).not.toBe(xorVerifier('velvetsweatshop'));
    expect(xorVerifier('')).toBe(0xce4b);
  });

  it.each<[string, number[], boolean]>([
    ['RC4 CryptoAPI 128-bit, default password', filepassCryptoApi('VelvetSweatshop'), true],
    ['RC4 CryptoAPI 40-bit, default password', filepassCryptoApi('VelvetSweatshop', 40), true],
    ['RC4 CryptoAPI, a real password', filepassCryptoApi('kaigi2024'), false],
    ['RC4 (MD5), default password', filepassRc4('VelvetSweatshop'), true],
    ['RC4 (MD5), a real password', filepassRc4('kaigi2024'), false],
    ['XOR obfuscation, default password', [...le16(0), ...le16(0x1234), ...le16(xorVerifier('VelvetSweatshop'))], true],
    ['XOR obfuscation, a real password', [...le16(0), ...le16(0x1234), ...le16(xorVerifier('kaigi2024'))], false],
  ])('FILEPASS %s', async (_n, fp, isDefault) => {
    expect(isDefaultPassword(Uint8Array.from(fp))).toBe(isDefault);
    const r = await inspect('a.xls', writeCfb([{ name: 'Workbook', data: workbook(rec(0x002f, fp), boundsheet(1, 'Macro1')) }]));
    // Encrypted either way; BOUNDSHEET's type is encrypted too, so a macro sheet cannot be told.
    expect(r.attachment.office).toEqual({ macros: false, encrypted: true, container: 'ole', ...(isDefault ? { defaultPassword: true } : {}) });
  });

  it.each<[string, CfbNode[]]>([
    ['an EncryptedSummary stream', [{ name: 'PowerPoint Document', data: new Uint8Array(64) }, { name: 'EncryptedSummary', data: new Uint8Array(64) }]],
    ['the encrypted CurrentUser header token', [{ name: 'PowerPoint Document', data: new Uint8Array(64) }, { name: 'Current User', data: Uint8Array.from([0, 0, 0xf6, 0x0f, 20, 0, 0, 0, 20, 0, 0, 0, ...le32(0xf3d1c4df), 0, 0, 0, 0]) }]],
  ])('PowerPoint 97 encryption: %s', async (_n, nodes) => {
    expect((await inspect('a.ppt', writeCfb(nodes))).attachment.office).toEqual({ macros: false, encrypted: true, container: 'ole' });
  });
});

describe('PowerPoint 97 VBA', () => {
  /** An ExOleObjStg record (0x1011): compressed (instance 1, 4-byte size + zlib) or not, inside a container record. */
  const exOleObjStg = (storage: Uint8Array, compressed: boolean): number[] => {
    const body = compressed ? [...le32(storage.length), ...zlibSync(storage)] : [...storage];
    const r = [compressed ? 0x10 : 0x00, 0x00, 0x11, 0x10, ...le32(body.length), ...body];
    return [0x0f, 0x00, 0xe8, 0x03, ...le32(r.length), ...r]; // DocumentContainer (recVer 0xF)
  };
  it.each([true, false])('a VBA project in an ExOleObjStg record (compressed: %s)', async (compressed) => {
    const doc = Uint8Array.from(exOleObjStg(vbaProjectBin(), compressed));
    const r = await inspect('a.ppt', writeCfb([{ name: 'PowerPoint Document', data: doc }, { name: 'Current User', data: new Uint8Array(24) }]));
    expect(r.attachment.office).toEqual({ macros: true, encrypted: false, container: 'ole' });
  });
  it('an embedded object without VBA is not macros', async () => {
    const doc = Uint8Array.from(exOleObjStg(writeCfb([{ name: 'Workbook', data: workbook() }]), true));
    expect((await inspect('a.ppt', writeCfb([{ name: 'PowerPoint Document', data: doc }]))).attachment.office?.macros).toBe(false);
  });
});

describe('OOXML Excel 4.0 macro sheets', () => {
  it.each<[string, string, string]>([
    ['.xlsm macrosheet content type', '[Content_Types].xml', '<Types><Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>'],
    ['.xlsb binary macrosheet content type', '[Content_Types].xml', '<Types><Override PartName="/xl/macrosheets/sheet1.bin" ContentType="application/vnd.ms-excel.macrosheet"/></Types>'],
    ['relationship to a macro sheet', 'xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>'],
  ])('%s', async (_n, part, xml) => {
    const { zipSync, strToU8 } = await import('fflate');
    const files: Record<string, Uint8Array> = { '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') };
    files[part] = strToU8(xml);
    expect((await inspect('a.xlsx', zipSync(files))).attachment.office).toEqual({ macros: true, encrypted: false, container: 'ooxml' });
  });
});

describe('OLE directory cap', () => {
  it('a directory longer than the cap says so', async () => {
    const many: CfbNode[] = Array.from({ length: MAX_OLE_DIR_ENTRIES + 4 }, (_, i) => ({ name: `s${i}`, data: new Uint8Array(0) }));
    const r = await inspect('big.doc', writeCfb([{ name: 'WordDocument', data: new Uint8Array(4096) }, ...many]));
    expect(r.incomplete.map((i) => i.code)).toContain('archive-too-many-entries');
  });
});

describe("the project's docm fixture", () => {
  it('holds a real VBA project, found by content', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { parseMessageBytes } = await import('../files');
    const file = path.resolve(__dirname, '../../../test/fixtures/rules/hits/mf-attachment-macro-office/docm-with-vba.eml');
    const [rec] = await parseMessageBytes(new Uint8Array(readFileSync(file)), { hasher: nodeHasher });
    const att = rec!.message!.attachments[0]!;
    expect(att.office).toEqual({ macros: true, encrypted: false, container: 'ooxml' });
    expect(att.archive!.entries.find((e) => e.path === 'word/vbaProject.bin')!.office).toEqual({ macros: true, encrypted: false, container: 'ole' });
  });
});
