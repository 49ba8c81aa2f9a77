/**
 * TEST ONLY: builders for the smallest disk images the readers accept (ISO 9660 with Joliet and
 * Rock Ridge, FAT12, VHD fixed/dynamic, VHDX, UDF). Used by the unit tests and by the rule
 * fixtures; never imported by product code.
 */

export interface ImageFile {
  /** `/`-separated path; directories are created from it. */
  path: string;
  data: Uint8Array;
}

const enc = new TextEncoder();
const w16 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
};
const w32 = (b: Uint8Array, o: number, v: number): void => {
  w16(b, o, v & 0xffff);
  w16(b, o + 2, (v >>> 16) & 0xffff);
};
const w32be = (b: Uint8Array, o: number, v: number): void => {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
};
const w64 = (b: Uint8Array, o: number, v: number): void => {
  w32(b, o, v % 0x100000000);
  w32(b, o + 4, Math.floor(v / 0x100000000));
};
const w64be = (b: Uint8Array, o: number, v: number): void => {
  w32be(b, o, Math.floor(v / 0x100000000));
  w32be(b, o + 4, v % 0x100000000);
};

interface Dir {
  name: string;
  dirs: Dir[];
  files: { name: string; data: Uint8Array }[];
}
function tree(files: ImageFile[]): Dir {
  const root: Dir = { name: '', dirs: [], files: [] };
  for (const f of files) {
    const parts = f.path.split('/');
    let d = root;
    for (const p of parts.slice(0, -1)) {
      let c = d.dirs.find((x) => x.name === p);
      if (!c) d.dirs.push((c = { name: p, dirs: [], files: [] }));
      d = c;
    }
    d.files.push({ name: parts[parts.length - 1] ?? '', data: f.data });
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// ISO 9660 + Joliet + Rock Ridge
// ---------------------------------------------------------------------------------------------
export function buildIso(files: ImageFile[], opts: { joliet?: boolean; rockRidge?: boolean } = {}): Uint8Array {
  const S = 2048;
  const root = tree(files);
  const dirs: Dir[] = [];
  const walk = (d: Dir): void => {
    dirs.push(d);
    d.dirs.forEach(walk);
  };
  walk(root);
  const trees = opts.joliet ? 2 : 1;
  let next = 16 + 2 + (opts.joliet ? 1 : 0); // PVD, (SVD), terminator
  const dirSector = new Map<Dir, number[]>();
  for (const d of dirs) dirSector.set(d, Array.from({ length: trees }, () => next++));
  const fileSector = new Map<Uint8Array, number>();
  for (const d of dirs) for (const f of d.files) {
    fileSector.set(f.data, next);
    next += Math.max(1, Math.ceil(f.data.length / S));
  }
  const img = new Uint8Array(next * S);
  const parentOf = new Map<Dir, Dir>();
  for (const d of dirs) for (const c of d.dirs) parentOf.set(c, d);
  let shortSeq = 0;
  const record = (name: Uint8Array, extent: number, size: number, isDir: boolean, su: Uint8Array = new Uint8Array(0)): Uint8Array => {
    const pad = name.length % 2 === 0 ? 1 : 0;
    const len = 33 + name.length + pad + su.length + ((33 + name.length + pad + su.length) % 2);
    const r = new Uint8Array(len);
    r[0] = len;
    w32(r, 2, extent);
    w32be(r, 6, extent);
    w32(r, 10, size);
    w32be(r, 14, size);
    r[25] = isDir ? 2 : 0;
    w16(r, 28, 1);
    r[32] = name.length;
    r.set(name, 33);
    r.set(su, 33 + name.length + pad);
    return r;
  };
  const nm = (name: string): Uint8Array => {
    const n = enc.encode(name);
    const e = new Uint8Array(5 + n.length);
    e.set([0x4e, 0x4d, 5 + n.length, 1, 0]);
    e.set(n, 5);
    return e;
  };
  const ucs2 = (s: string): Uint8Array => {
    const b = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) w16(b, i * 2, ((s.charCodeAt(i) & 0xff) << 8) | (s.charCodeAt(i) >> 8));
    return b;
  };
  for (let t = 0; t < trees; t++) {
    const joliet = t === 1;
    for (const d of dirs) {
      const sector = (dirSector.get(d) ?? [])[t] ?? 0;
      const parent = parentOf.get(d) ?? d;
      const recs: Uint8Array[] = [];
      const sp = !joliet && opts.rockRidge && d === root ? Uint8Array.from([0x53, 0x50, 7, 1, 0xbe, 0xef, 0]) : new Uint8Array(0);
      recs.push(record(Uint8Array.of(0), sector, S, true, sp));
      recs.push(record(Uint8Array.of(1), (dirSector.get(parent) ?? [])[t] ?? 0, S, true));
      for (const c of d.dirs) {
        const name = joliet ? ucs2(c.name) : enc.encode(`D${String(++shortSeq).padStart(7, '0')}`);
        recs.push(record(name, (dirSector.get(c) ?? [])[t] ?? 0, S, true, !joliet && opts.rockRidge ? nm(c.name) : undefined));
      }
      for (const f of d.files) {
        const name = joliet ? ucs2(f.name) : enc.encode(`F${String(++shortSeq).padStart(7, '0')}.BIN;1`);
        recs.push(record(name, fileSector.get(f.data) ?? 0, f.data.length, false, !joliet && opts.rockRidge ? nm(f.name) : undefined));
      }
      let o = sector * S;
      for (const r of recs) {
        if (o + r.length > (sector + 1) * S) throw new Error('test ISO directory does not fit one sector');
        img.set(r, o);
        o += r.length;
      }
    }
  }
  const vd = (type: number, t: number): void => {
    const o = (16 + t) * S;
    img[o] = type;
    img.set(enc.encode('CD001'), o + 1);
    img[o + 6] = 1;
    w16(img, o + 128, S);
    if (type === 2) img.set([0x25, 0x2f, 0x45], o + 88);
    img.set(record(Uint8Array.of(0), (dirSector.get(root) ?? [])[t] ?? 0, S, true), o + 156);
  };
  vd(1, 0);
  if (opts.joliet) vd(2, 1);
  img[(16 + trees) * S] = 255;
  img.set(enc.encode('CD001'), (16 + trees) * S + 1);
  for (const [data, sector] of fileSector) img.set(data, sector * S);
  return img;
}

// ---------------------------------------------------------------------------------------------
// FAT12 (with long file names)
// ---------------------------------------------------------------------------------------------
export function buildFat12(files: ImageFile[], totalSectors = 256): Uint8Array {
  const S = 512;
  const img = new Uint8Array(totalSectors * S);
  img.set([0xeb, 0x3c, 0x90], 0);
  img.set(enc.encode('MSDOS5.0'), 3);
  w16(img, 11, S);
  img[13] = 1; // sectors per cluster
  w16(img, 14, 1); // reserved
  img[16] = 2; // FATs
  w16(img, 17, 16); // root entries (1 sector)
  w16(img, 19, totalSectors);
  img[21] = 0xf8;
  w16(img, 22, 1); // sectors per FAT
  img.set(enc.encode('FAT12   '), 54);
  img[510] = 0x55;
  img[511] = 0xaa;
  const fatAt = S;
  const rootAt = 3 * S;
  const dataAt = 4 * S;
  let cluster = 2;
  const setFat = (c: number, v: number): void => {
    for (const base of [fatAt, fatAt + S]) {
      const o = base + Math.floor(c * 1.5);
      const cur = img[o]! | (img[o + 1]! << 8);
      const nv = c & 1 ? (cur & 0x000f) | (v << 4) : (cur & 0xf000) | v;
      w16(img, o, nv);
    }
  };
  setFat(0, 0xff8);
  setFat(1, 0xfff);
  const alloc = (data: Uint8Array): number => {
    const n = Math.max(1, Math.ceil(data.length / S));
    const first = cluster;
    for (let i = 0; i < n; i++) setFat(cluster + i, i === n - 1 ? 0xfff : cluster + i + 1);
    img.set(data, dataAt + (first - 2) * S);
    cluster += n;
    return first;
  };
  let seq = 0;
  const entries = (name: string, attr: number, first: number, size: number): Uint8Array => {
    const short = enc.encode(`F${String(++seq).padStart(7, '0')}${attr & 0x10 ? '   ' : 'BIN'}`);
    let sum = 0;
    for (const c of short) sum = (((sum & 1) << 7) + (sum >> 1) + c) & 0xff;
    const units: number[] = [...name].map((c) => c.charCodeAt(0));
    const pieces = Math.ceil((units.length + 1) / 13);
    const out = new Uint8Array((pieces + 1) * 32);
    for (let p = 0; p < pieces; p++) {
      const e = out.subarray((pieces - 1 - p) * 32, (pieces - p) * 32);
      e[0] = (p + 1) | (p === pieces - 1 ? 0x40 : 0);
      e[11] = 0x0f;
      e[13] = sum;
      const chars = units.slice(p * 13, p * 13 + 13);
      if (chars.length < 13) chars.push(0);
      while (chars.length < 13) chars.push(0xffff);
      const slots = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
      slots.forEach((o, k) => w16(e, o, chars[k] ?? 0xffff));
    }
    const e = out.subarray(pieces * 32);
    e.set(short, 0);
    e[11] = attr;
    w16(e, 26, first);
    w32(e, 28, size);
    return out;
  };
  const writeDir = (d: Dir, at: number, cap: number): void => {
    const parts: Uint8Array[] = [];
    for (const c of d.dirs) {
      const block = new Uint8Array(S);
      const first = alloc(block);
      parts.push(entries(c.name, 0x10, first, 0));
      writeDir(c, dataAt + (first - 2) * S, S);
    }
    for (const f of d.files) parts.push(entries(f.name, 0x20, alloc(f.data), f.data.length));
    let o = at;
    for (const p of parts) {
      if (o + p.length > at + cap) throw new Error('test FAT directory does not fit');
      img.set(p, o);
      o += p.length;
    }
  };
  writeDir(tree(files), rootAt, S);
  if (cluster - 2 > totalSectors - 4) throw new Error('test FAT image too small');
  return img;
}

/** A disk with an MBR and one FAT12 partition at sector 8. */
export function withMbr(volume: Uint8Array): Uint8Array {
  const img = new Uint8Array(8 * 512 + volume.length);
  img[446 + 4] = 0x01;
  w32(img, 446 + 8, 8);
  w32(img, 446 + 12, volume.length / 512);
  img[510] = 0x55;
  img[511] = 0xaa;
  img.set(volume, 8 * 512);
  return img;
}

// ---------------------------------------------------------------------------------------------
// VHD (fixed and dynamic) and VHDX
// ---------------------------------------------------------------------------------------------
function vhdFooter(size: number, type: number, dataOffset: number): Uint8Array {
  const f = new Uint8Array(512);
  f.set(enc.encode('conectix'), 0);
  w32be(f, 8, 2);
  w32be(f, 12, 0x00010000);
  w64be(f, 16, dataOffset);
  w64be(f, 40, size);
  w64be(f, 48, size);
  w32be(f, 60, type);
  return f;
}

export function buildVhd(disk: Uint8Array, dynamic: boolean, blockSize = 64 * 1024): Uint8Array {
  if (!dynamic) {
    const out = new Uint8Array(disk.length + 512);
    out.set(disk, 0);
    out.set(vhdFooter(disk.length, 2, 0), disk.length);
    return out;
  }
  const blocks = Math.ceil(disk.length / blockSize);
  const bitmap = Math.ceil(blockSize / 512 / 8 / 512) * 512;
  const batAt = 1536;
  const batBytes = Math.ceil((blocks * 4) / 512) * 512;
  let at = batAt + batBytes;
  const out = new Uint8Array(at + blocks * (bitmap + blockSize) + 512);
  const footer = vhdFooter(disk.length, 3, 512);
  out.set(footer, 0);
  const dyn = out.subarray(512, 1536);
  dyn.set(enc.encode('cxsparse'), 0);
  w64be(dyn, 8, 0xffffffff);
  w64be(dyn, 16, batAt);
  w32be(dyn, 24, 0x00010000);
  w32be(dyn, 28, blocks);
  w32be(dyn, 32, blockSize);
  out.fill(0xff, batAt, batAt + batBytes);
  for (let i = 0; i < blocks; i++) {
    const chunk = disk.subarray(i * blockSize, (i + 1) * blockSize);
    if (chunk.every((x) => x === 0)) continue; // left unallocated: reads as zeros
    w32be(out, batAt + i * 4, at / 512);
    out.fill(0xff, at, at + bitmap);
    out.set(chunk, at + bitmap);
    at += bitmap + blockSize;
  }
  out.set(footer, out.length - 512);
  return out;
}

function guidBytes(g: string): Uint8Array {
  const h = g.replace(/-/g, '');
  const b = Uint8Array.from({ length: 16 }, (_v, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
  return Uint8Array.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
}

/** A VHDX with 1 MiB blocks; the file ends right after the last written byte (trailing zeros omitted). */
export function buildVhdx(disk: Uint8Array): Uint8Array {
  const MIB = 1024 * 1024;
  const blockSize = MIB;
  const blocks = Math.ceil(disk.length / blockSize);
  let last = disk.length;
  while (last > 0 && disk[last - 1] === 0) last--;
  const out = new Uint8Array(MIB + Math.max(0, last));
  out.set(enc.encode('vhdxfile'), 0);
  const regi = (at: number): void => {
    out.set(enc.encode('regi'), at);
    w32(out, at + 8, 2);
    out.set(guidBytes('2dc27766-f623-4200-9d64-115e9bfd4a08'), at + 16);
    w64(out, at + 32, 320 * 1024);
    w32(out, at + 40, 64 * 1024);
    out.set(guidBytes('8b7ca206-4790-4b9a-b8fe-575f050f886e'), at + 48);
    w64(out, at + 64, 384 * 1024);
    w32(out, at + 72, 128 * 1024);
  };
  regi(192 * 1024);
  regi(256 * 1024);
  const md = 384 * 1024;
  out.set(enc.encode('metadata'), md);
  w16(out, md + 10, 3);
  const item = (i: number, g: string, off: number, len: number): void => {
    const e = md + 32 + i * 32;
    out.set(guidBytes(g), e);
    w32(out, e + 16, off);
    w32(out, e + 20, len);
  };
  item(0, 'caa16737-fa36-4d43-b3b6-33f0aa44e76b', 65536, 8);
  item(1, '2fa54224-cd1b-4876-b211-5dbed83bf4b8', 65544, 8);
  item(2, '8141bf1d-a96f-4709-ba47-f233a8faab5f', 65552, 4);
  w32(out, md + 65536, blockSize);
  w64(out, md + 65544, disk.length);
  w32(out, md + 65552, 512);
  for (let i = 0; i < blocks; i++) {
    // Block i's data at file offset MIB (one block; enough for a test disk of at most 1 MiB).
    if (i > 0) throw new Error('test VHDX holds one block');
    w32(out, 320 * 1024, 6 | (1 << 20));
    out.set(disk.subarray(0, last), MIB);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// UDF (512-byte sectors, one physical partition, short allocation descriptors)
// ---------------------------------------------------------------------------------------------
export function buildUdf(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const S = 512;
  const partStart = 260; // sectors, just after the volume descriptor sequence
  const fileBlocks = files.map((f) => Math.max(1, Math.ceil(f.data.length / S)));
  // Partition layout (logical blocks): 0 FSD, 1 root FE, 2 root directory, 3.. file FEs, then data.
  const dataStart = 3 + files.length;
  const totalBlocks = dataStart + fileBlocks.reduce((a, b) => a + b, 0);
  const img = new Uint8Array((partStart + totalBlocks) * S);
  // Volume recognition sequence, in 2048-byte units from byte 32768.
  for (const [i, id] of ['BEA01', 'NSR02', 'TEA01'].entries()) img.set(enc.encode(id), 32768 + i * 2048 + 1);
  const tag = (at: number, id: number): void => w16(img, at, id);
  const avdp = 256 * S;
  tag(avdp, 2);
  w32(img, avdp + 16, 3 * S);
  w32(img, avdp + 20, 257);
  tag(257 * S, 5);
  w32(img, 257 * S + 188, partStart);
  w32(img, 257 * S + 192, totalBlocks);
  const lvd = 258 * S;
  tag(lvd, 6);
  w32(img, lvd + 212, S);
  w32(img, lvd + 248, S);
  w32(img, lvd + 252, 0);
  img[lvd + 440] = 1;
  img[lvd + 441] = 6;
  tag(259 * S, 8);
  const blk = (n: number): number => (partStart + n) * S;
  tag(blk(0), 256);
  w32(img, blk(0) + 400, S);
  w32(img, blk(0) + 404, 1);
  const fileEntry = (at: number, type: number, size: number, lbn: number, len: number): void => {
    tag(at, 261);
    img[at + 16 + 11] = type;
    w16(img, at + 16 + 18, 0); // short allocation descriptors
    w64(img, at + 56, size);
    w32(img, at + 168, 0);
    w32(img, at + 172, 8);
    w32(img, at + 176, len);
    w32(img, at + 180, lbn);
  };
  // Root directory: the parent FID, then one FID per file (UCS-2 names).
  const fids: Uint8Array[] = [];
  const fid = (name: string, icbLbn: number, chars: number): Uint8Array => {
    const fi = name ? Uint8Array.from([16, ...[...name].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])]) : new Uint8Array(0);
    const len = Math.ceil((38 + fi.length) / 4) * 4;
    const b = new Uint8Array(len);
    w16(b, 0, 257);
    w16(b, 16, 1);
    b[18] = chars;
    b[19] = fi.length;
    w32(b, 20, S);
    w32(b, 24, icbLbn);
    b.set(fi, 38);
    return b;
  };
  fids.push(fid('', 1, 0x0a));
  files.forEach((f, i) => fids.push(fid(f.name, 3 + i, 0)));
  const dirData = Uint8Array.from(fids.flatMap((x) => [...x]));
  if (dirData.length > S) throw new Error('test UDF directory does not fit one block');
  img.set(dirData, blk(2));
  fileEntry(blk(1), 4, dirData.length, 2, dirData.length);
  let at = dataStart;
  files.forEach((f, i) => {
    fileEntry(blk(3 + i), 5, f.data.length, at, f.data.length);
    img.set(f.data, blk(at));
    at += fileBlocks[i] ?? 1;
  });
  return img;
}
