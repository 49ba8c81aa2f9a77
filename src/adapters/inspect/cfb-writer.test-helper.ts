/**
 * Test-only writer for complete Compound File Binary files ([MS-CFB] version 3): nested
 * storages, a mini stream for streams under 4096 bytes, as many FAT sectors as needed and a
 * balanced directory tree. Used to build real (harmless) VBA projects, Outlook .msg skeletons
 * and, by patching the result, the damaged files the readers must survive.
 */

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;
const SECTOR = 512;
const MINI = 64;
const CUTOFF = 4096;

export type CfbNode = { name: string; data: Uint8Array } | { name: string; children: CfbNode[] };

interface Flat {
  name: string;
  type: 1 | 2 | 5;
  data?: Uint8Array;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

function w16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}
export function w32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

/** CFB sibling order: shorter names first, then by upper-cased code units. */
function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const A = a.toUpperCase();
  const B = b.toUpperCase();
  return A < B ? -1 : A > B ? 1 : 0;
}

/** Where each directory entry, stream and table sits in a written file (for tests that damage it). */
export interface CfbLayout {
  bytes: Uint8Array;
  /** Directory entry id by path ("VBA/dir"); the root is 0. */
  ids: Map<string, number>;
  /** First sector of the directory chain, FAT sectors, mini FAT sectors, mini stream sectors. */
  dirSectors: number[];
  fatSectors: number[];
  miniFatSectors: number[];
  miniStreamSectors: number[];
  /** Byte offset of a sector. */
  sectorOffset(n: number): number;
  /** Byte offset of a directory entry. */
  entryOffset(id: number): number;
}

export function writeCfb(children: CfbNode[]): Uint8Array {
  return layoutCfb(children).bytes;
}

export function layoutCfb(children: CfbNode[]): CfbLayout {
  const flat: Flat[] = [{ name: 'Root Entry', type: 5, left: NOSTREAM, right: NOSTREAM, child: NOSTREAM, start: ENDOFCHAIN, size: 0 }];
  const ids = new Map<string, number>();
  const addChildren = (parent: number, nodes: CfbNode[], prefix: string): void => {
    const sorted = [...nodes].sort((a, b) => compareNames(a.name, b.name));
    const myIds = sorted.map((n) => {
      const id = flat.length;
      flat.push({ name: n.name, type: 'children' in n ? 1 : 2, ...('data' in n ? { data: n.data } : {}), left: NOSTREAM, right: NOSTREAM, child: NOSTREAM, start: ENDOFCHAIN, size: 0 });
      ids.set(prefix + n.name, id);
      return id;
    });
    // A balanced binary tree over the sorted siblings.
    const build = (lo: number, hi: number): number => {
      if (lo > hi) return NOSTREAM;
      const mid = (lo + hi) >> 1;
      const e = flat[myIds[mid]!]!;
      e.left = build(lo, mid - 1);
      e.right = build(mid + 1, hi);
      return myIds[mid]!;
    };
    flat[parent]!.child = build(0, myIds.length - 1);
    sorted.forEach((n, i) => {
      if ('children' in n) addChildren(myIds[i]!, n.children, `${prefix}${n.name}/`);
    });
  };
  addChildren(0, children, '');

  // Mini stream: streams under the cutoff, each padded to 64 bytes.
  const miniFat: number[] = [];
  const miniParts: Uint8Array[] = [];
  for (const e of flat) {
    if (e.type !== 2 || !e.data || e.data.length === 0 || e.data.length >= CUTOFF) continue;
    const n = Math.ceil(e.data.length / MINI);
    e.start = miniFat.length;
    e.size = e.data.length;
    for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? ENDOFCHAIN : e.start + i + 1);
    const padded = new Uint8Array(n * MINI);
    padded.set(e.data);
    miniParts.push(padded);
  }
  const miniStreamBytes = miniFat.length * MINI;
  const big = flat.filter((e) => e.type === 2 && e.data && e.data.length >= CUTOFF);

  const nDir = Math.ceil(flat.length / 4);
  const nMiniFat = Math.ceil(miniFat.length / 128);
  const nMiniStream = Math.ceil(miniStreamBytes / SECTOR);
  const nBig = big.reduce((a, e) => a + Math.ceil(e.data!.length / SECTOR), 0);
  let nFat = 1;
  while (nFat * 128 < nFat + nDir + nMiniFat + nMiniStream + nBig) nFat++;
  if (nFat > 109) throw new Error('fixture needs a DIFAT; keep it under 7 MB');
  const total = nFat + nDir + nMiniFat + nMiniStream + nBig;
  const b = new Uint8Array(SECTOR * (total + 1));
  const sec = (n: number): number => (n + 1) * SECTOR;
  const fat = new Array<number>(nFat * 128).fill(FREESECT);
  let next = 0;
  const run = (count: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(next + i);
    out.forEach((s, i) => (fat[s] = i === count - 1 ? ENDOFCHAIN : s + 1));
    next += count;
    return out;
  };
  const fatSectors: number[] = [];
  for (let i = 0; i < nFat; i++) {
    fat[next] = FATSECT;
    fatSectors.push(next++);
  }
  const dirSectors = run(nDir);
  const miniFatSectors = run(nMiniFat);
  const miniStreamSectors = run(nMiniStream);
  for (const e of big) {
    const s = run(Math.ceil(e.data!.length / SECTOR));
    e.start = s[0]!;
    e.size = e.data!.length;
    b.set(e.data!, sec(e.start));
  }
  // Mini stream content and the mini FAT.
  let mo = 0;
  for (const p of miniParts) {
    for (let i = 0; i < p.length; i += MINI) {
      const miniIndex = (mo + i) / MINI;
      const s = miniStreamSectors[Math.floor((miniIndex * MINI) / SECTOR)]!;
      b.set(p.subarray(i, i + MINI), sec(s) + ((miniIndex * MINI) % SECTOR));
    }
    mo += p.length;
  }
  for (let i = 0; i < nMiniFat * 128; i++) {
    const s = miniFatSectors[Math.floor(i / 128)]!;
    w32(b, sec(s) + (i % 128) * 4, miniFat[i] ?? FREESECT);
  }
  fat.forEach((v, i) => w32(b, sec(fatSectors[Math.floor(i / 128)]!) + (i % 128) * 4, v));
  const root = flat[0]!;
  root.start = nMiniStream ? miniStreamSectors[0]! : ENDOFCHAIN;
  root.size = miniStreamBytes;

  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  w16(b, 0x18, 0x3e);
  w16(b, 0x1a, 3);
  w16(b, 0x1c, 0xfffe);
  w16(b, 0x1e, 9);
  w16(b, 0x20, 6);
  w32(b, 0x2c, nFat);
  w32(b, 0x30, dirSectors[0]!);
  w32(b, 0x38, CUTOFF);
  w32(b, 0x3c, nMiniFat ? miniFatSectors[0]! : ENDOFCHAIN);
  w32(b, 0x40, nMiniFat);
  w32(b, 0x44, ENDOFCHAIN);
  w32(b, 0x48, 0);
  for (let i = 0; i < 109; i++) w32(b, 0x4c + i * 4, fatSectors[i] ?? FREESECT);
  const entryOffset = (id: number): number => sec(dirSectors[Math.floor(id / 4)]!) + (id % 4) * 128;
  flat.forEach((e, id) => {
    const off = entryOffset(id);
    const name = e.name.slice(0, 31);
    for (let j = 0; j < name.length; j++) w16(b, off + j * 2, name.charCodeAt(j));
    w16(b, off + 0x40, (name.length + 1) * 2);
    b[off + 0x42] = e.type;
    b[off + 0x43] = 1;
    w32(b, off + 0x44, e.left);
    w32(b, off + 0x48, e.right);
    w32(b, off + 0x4c, e.child);
    w32(b, off + 0x74, e.type === 1 ? 0 : e.start);
    w32(b, off + 0x78, e.type === 1 ? 0 : e.size);
  });
  // Unused directory slots are empty entries with no siblings.
  for (let id = flat.length; id < nDir * 4; id++) {
    const off = entryOffset(id);
    w32(b, off + 0x44, NOSTREAM);
    w32(b, off + 0x48, NOSTREAM);
    w32(b, off + 0x4c, NOSTREAM);
  }
  return { bytes: b, ids, dirSectors, fatSectors, miniFatSectors, miniStreamSectors, sectorOffset: sec, entryOffset };
}

/** Sets the FAT entry of sector `n` (in a file written by layoutCfb) to `value`. */
export function setFatEntry(l: CfbLayout, n: number, value: number): void {
  w32(l.bytes, l.sectorOffset(l.fatSectors[Math.floor(n / 128)]!) + (n % 128) * 4, value);
}

/** Sets mini FAT entry `n` to `value`. */
export function setMiniFatEntry(l: CfbLayout, n: number, value: number): void {
  w32(l.bytes, l.sectorOffset(l.miniFatSectors[Math.floor(n / 128)]!) + (n % 128) * 4, value);
}

const utf16 = (s: string): Uint8Array => {
  const b = new Uint8Array(s.length * 2 + 2);
  for (let i = 0; i < s.length; i++) w16(b, i * 2, s.charCodeAt(i));
  return b;
};

/** A minimal Outlook message ([MS-OXMSG]): class IPM.Note, a subject, a plain body, a property stream. */
export function msgSkeleton(subject: string, body: string, extra: CfbNode[] = []): CfbNode[] {
  // Top-level property stream: 32-byte header, then 16-byte fixed entries for the string properties.
  const props = new Uint8Array(32 + 16 * 3);
  const entry = (i: number, tag: number, size: number): void => {
    const o = 32 + i * 16;
    w32(props, o, tag);
    w32(props, o + 4, 6);
    w32(props, o + 8, size);
  };
  entry(0, 0x001a001f, utf16('IPM.Note').length);
  entry(1, 0x0037001f, utf16(subject).length);
  entry(2, 0x1000001f, utf16(body).length);
  return [
    { name: '__properties_version1.0', data: props },
    { name: '__substg1.0_001A001F', data: utf16('IPM.Note').subarray(0, -2) },
    { name: '__substg1.0_0037001F', data: utf16(subject).subarray(0, -2) },
    { name: '__substg1.0_1000001F', data: utf16(body).subarray(0, -2) },
    { name: '__nameid_version1.0', children: [
      { name: '__substg1.0_00020102', data: new Uint8Array(0) },
      { name: '__substg1.0_00030102', data: new Uint8Array(0) },
      { name: '__substg1.0_00040102', data: new Uint8Array(0) },
    ] },
    ...extra,
  ];
}

/**
 * [MS-OVBA] 2.4.1 compression, literal tokens only (a valid CompressedContainer that any VBA
 * reader decompresses; no copy tokens, so it stays obviously correct). Up to 3,640 bytes per
 * 4,096-byte chunk fit a compressed chunk this way; these fixtures are far smaller.
 */
export function compressVbaLiteral(data: Uint8Array): Uint8Array {
  const out: number[] = [1];
  for (let start = 0; start < data.length || start === 0; start += 3640) {
    const part = data.subarray(start, start + 3640);
    const body: number[] = [];
    for (let i = 0; i < part.length; i += 8) body.push(0, ...part.subarray(i, i + 8));
    const header = ((body.length + 2 - 3) & 0xfff) | 0x3000 | 0x8000;
    out.push(header & 0xff, header >> 8, ...body);
    if (part.length === 0) break;
  }
  return Uint8Array.from(out);
}

const latin = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
function record(id: number, data: Uint8Array | number[], sizeOverride?: number): number[] {
  const d = [...data];
  const size = sizeOverride ?? d.length;
  return [id & 0xff, id >> 8, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24, ...d];
}
const le32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
const le16 = (v: number): number[] => [v & 0xff, v >> 8];

/** The decompressed `dir` stream of a VBA project with one empty standard module ([MS-OVBA] 2.3.4.2). */
export function vbaDirStream(moduleName = 'Module1'): Uint8Array {
  const u16name = [...utf16(moduleName).subarray(0, -2)];
  return Uint8Array.from([
    ...record(0x0001, le32(1)), // PROJECTSYSKIND: 32-bit Windows
    ...record(0x0002, le32(0x0411)), // PROJECTLCID: ja-JP
    ...record(0x0014, le32(0x0411)), // PROJECTLCIDINVOKE
    ...record(0x0003, le16(932)), // PROJECTCODEPAGE
    ...record(0x0004, latin('VBAProject')), // PROJECTNAME
    ...record(0x0005, []), ...record(0x0040, []), // PROJECTDOCSTRING (+ Unicode)
    ...record(0x0006, []), ...record(0x003d, []), // PROJECTHELPFILEPATH (+ second path)
    ...record(0x0007, le32(0)), // PROJECTHELPCONTEXT
    ...record(0x0008, le32(0)), // PROJECTLIBFLAGS
    ...record(0x0009, [...le32(1), ...le16(0)], 4), // PROJECTVERSION: Reserved=4, then major (4) and minor (2)
    ...record(0x000c, []), ...record(0x003c, []), // PROJECTCONSTANTS (+ Unicode)
    ...record(0x000f, le16(1)), // PROJECTMODULES: one module
    ...record(0x0013, le16(0xffff)), // PROJECTCOOKIE
    ...record(0x0019, latin(moduleName)), // MODULENAME
    ...record(0x0047, u16name), // MODULENAMEUNICODE
    ...record(0x001a, latin(moduleName)), ...record(0x0032, u16name), // MODULESTREAMNAME (+ Unicode)
    ...record(0x001c, []), ...record(0x0048, []), // MODULEDOCSTRING (+ Unicode)
    ...record(0x0031, le32(0)), // MODULEOFFSET: source starts at 0 (no performance cache)
    ...record(0x001e, le32(0)), // MODULEHELPCONTEXT
    ...record(0x002c, le16(0xffff)), // MODULECOOKIE
    ...record(0x0021, []), // MODULETYPE: procedural
    ...record(0x002b, []), // module terminator
    ...record(0x0010, []), // dir terminator
  ]);
}

/**
 * A real, harmless VBA project: the VBA storage (`dir`, `_VBA_PROJECT`, one module whose source
 * is only its name attribute), and the PROJECT and PROJECTwm streams. Office reads it as a
 * project with one empty module; it contains no code.
 */
export function vbaProjectNodes(moduleName = 'Module1'): CfbNode[] {
  const source = latin(`Attribute VB_Name = "${moduleName}"\r\n`);
  const project = latin(
    `ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=${moduleName}\r\nName="VBAProject"\r\nHelpContextID="0"\r\nVersionCompatible32="393222000"\r\n\r\n[Host Extender Info]\r\n&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n`,
  );
  return [
    {
      name: 'VBA',
      children: [
        { name: 'dir', data: compressVbaLiteral(vbaDirStream(moduleName)) },
        // Reserved1 0x61CC, Version 0xFFFF (no performance cache), Reserved2, Reserved3.
        { name: '_VBA_PROJECT', data: Uint8Array.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]) },
        { name: moduleName, data: compressVbaLiteral(source) },
      ],
    },
    { name: 'PROJECT', data: project },
    { name: 'PROJECTwm', data: Uint8Array.from([...latin(moduleName), 0, ...utf16(moduleName), 0, 0]) },
  ];
}

/** OOXML's vbaProject.bin: a compound file whose root holds the project. */
export const vbaProjectBin = (moduleName?: string): Uint8Array => writeCfb(vbaProjectNodes(moduleName));
