import { md5, sha1 } from '@noble/hashes/legacy';
import { u16, u32 } from './bytes';
import type { OleEntry, OleFile } from './ole';
import { inflateBounded } from './zip';

/**
 * Office facts found by content, never by part or stream name alone (as oletools' olevba and
 * msoffcrypto-tool do):
 *
 * - a VBA project is a storage, anywhere in the file, holding a `dir` stream and a
 *   `_VBA_PROJECT` stream whose header is the VBA signature (0x61CC), or whose `dir` stream
 *   decompresses ([MS-OVBA] 2.4.1) to a PROJECTSYSKIND record. A placeholder that is only
 *   named like one is not a VBA project;
 * - Excel 4.0 (XLM) macro sheets are BOUNDSHEET records of sheet type 1 in the Workbook stream;
 * - PowerPoint 97–2003 keeps its VBA project as a compressed compound file inside an
 *   ExOleObjStg record of the "PowerPoint Document" stream; those records are found and opened;
 * - legacy encryption: PowerPoint's CryptSession10Container (an "EncryptedSummary" stream, or the
 *   encrypted CurrentUser header token), Excel's FILEPASS record. An Excel file encrypted with
 *   the default password "VelvetSweatshop" opens in Excel without a prompt: it is reported as
 *   encrypted (its content cannot be checked here) and marked `defaultPassword`, since the
 *   reader will not be asked for a password that would have made them stop and think.
 */

/** Bytes of a `dir` stream or a compressed PowerPoint VBA storage we decompress. */
const MAX_DECOMPRESSED = 4 * 1024 * 1024;
/** BIFF records walked in the workbook globals. */
const MAX_BIFF_RECORDS = 100_000;
/** PowerPoint records walked. */
const MAX_PPT_RECORDS = 200_000;

/** [MS-OVBA] 2.4.1 decompression of a CompressedContainer, bounded by `max` output bytes; null when malformed. */
export function decompressVba(c: Uint8Array, max = MAX_DECOMPRESSED): Uint8Array | null {
  if (c[0] !== 1) return null;
  const out: number[] = [];
  let i = 1;
  while (i + 2 <= c.length && out.length < max) {
    const header = u16(c, i);
    if (((header >> 12) & 7) !== 3) return null;
    const end = Math.min(c.length, i + (header & 0xfff) + 3);
    const chunkStart = out.length;
    i += 2;
    if ((header & 0x8000) === 0) {
      for (; i < end; i++) out.push(c[i]!);
      continue;
    }
    while (i < end) {
      const flags = c[i++]!;
      for (let bit = 0; bit < 8 && i < end; bit++) {
        if ((flags & (1 << bit)) === 0) {
          out.push(c[i++]!);
          continue;
        }
        const token = u16(c, i);
        i += 2;
        const d = out.length - chunkStart;
        let bits = 4;
        while (1 << bits < d) bits++;
        const lengthMask = 0xffff >> bits;
        const offset = (token >> (16 - bits)) + 1;
        if (offset > d) return null;
        for (let n = (token & lengthMask) + 3; n > 0; n--) out.push(out[out.length - offset]!);
      }
    }
  }
  return Uint8Array.from(out.slice(0, max));
}

/** A storage holding `dir` and `_VBA_PROJECT` streams that are really VBA. Every entry's children are listed once. */
export function hasVbaProject(ole: OleFile): boolean {
  for (const storage of ole.entries) {
    if (storage.type !== 1 && storage.type !== 5) continue;
    const kids = ole.children(storage);
    const stream = (name: string): OleEntry | undefined => kids.find((k) => k.type === 2 && k.name.toLowerCase() === name);
    const dir = stream('dir');
    const project = stream('_vba_project');
    if (!dir || !project) continue;
    const head = ole.readStream(project, 2);
    if (head && head[0] === 0xcc && head[1] === 0x61) return true;
    const raw = ole.readStream(dir, 64 * 1024);
    const d = raw && decompressVba(raw, 16);
    if (d && u16(d, 0) === 1 && u32(d, 2) === 4) return true;
  }
  return false;
}

export interface WorkbookFacts {
  /** An Excel 4.0 macro sheet (BOUNDSHEET sheet type 1). */
  xlm: boolean;
  /** FILEPASS: the workbook is encrypted. */
  encrypted: boolean;
  /** …with Excel's built-in default password, so Excel opens it without asking. */
  defaultPassword: boolean;
}

/** Walks the workbook globals' BIFF records (to their EOF record). */
export function workbookFacts(wb: Uint8Array): WorkbookFacts {
  const f: WorkbookFacts = { xlm: false, encrypted: false, defaultPassword: false };
  let off = 0;
  for (let n = 0; n < MAX_BIFF_RECORDS && off + 4 <= wb.length; n++) {
    const type = u16(wb, off);
    const len = u16(wb, off + 2);
    const data = wb.subarray(off + 4, off + 4 + len);
    if (type === 0x002f) {
      f.encrypted = true;
      f.defaultPassword = isDefaultPassword(data);
    }
    // BOUNDSHEET: lbPlyPos (4), hsState (1), dt (1). When the workbook is encrypted only lbPlyPos is in clear.
    if (type === 0x0085 && !f.encrypted && data[5] === 1) f.xlm = true;
    if (type === 0x000a && n > 0) break;
    off += 4 + len;
  }
  return f;
}

const DEFAULT_PASSWORD = 'VelvetSweatshop';

function utf16le(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[i * 2] = s.charCodeAt(i) & 0xff;
    b[i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const block0 = new Uint8Array(4);

/** [MS-XLS] XOR obfuscation password verifier ([MS-OFFCRYPTO] 2.3.7.1). */
export function xorVerifier(password: string): number {
  let v = 0;
  for (let i = password.length - 1; i >= 0; i--) {
    v = (((v >> 14) & 1) | ((v << 1) & 0x7fff)) ^ password.charCodeAt(i);
  }
  return (((v >> 14) & 1) | ((v << 1) & 0x7fff)) ^ password.length ^ 0xce4b;
}

/** Whether a FILEPASS record's verifier accepts "VelvetSweatshop" (XOR, RC4 or RC4 CryptoAPI). */
export function isDefaultPassword(fp: Uint8Array): boolean {
  const type = u16(fp, 0);
  if (type === 0) return u16(fp, 4) === xorVerifier(DEFAULT_PASSWORD);
  if (type !== 1) return false;
  const major = u16(fp, 2);
  const minor = u16(fp, 4);
  const pw = utf16le(DEFAULT_PASSWORD);
  if (major === 1 && minor === 1) {
    // [MS-OFFCRYPTO] 2.3.6: RC4 with an MD5-derived key.
    const salt = fp.subarray(6, 22);
    const h = md5(pw).subarray(0, 5);
    const buf = cat(...Array.from({ length: 16 }, () => cat(h, salt)));
    const key = md5(cat(md5(buf).subarray(0, 5), block0));
    const plain = rc4(key, fp.subarray(22, 54));
    return same(md5(plain.subarray(0, 16)), plain.subarray(16, 32));
  }
  if (major >= 2 && major <= 4 && minor === 2) {
    // [MS-OFFCRYPTO] 2.3.5: RC4 CryptoAPI, SHA-1-derived key; EncryptionHeader then EncryptionVerifier.
    const headerSize = u32(fp, 10);
    const keyBits = u32(fp, 14 + 16) || 40;
    const v = 14 + headerSize;
    const saltSize = u32(fp, v);
    const salt = fp.subarray(v + 4, v + 4 + saltSize);
    const encrypted = fp.subarray(v + 4 + saltSize, v + 4 + saltSize + 16 + 4 + 20);
    const hfinal = sha1(cat(sha1(cat(salt, pw)), block0));
    const keys = keyBits === 40 ? [hfinal.subarray(0, 5), cat(hfinal.subarray(0, 5), new Uint8Array(11))] : [hfinal.subarray(0, keyBits / 8)];
    return keys.some((key) => {
      // Verifier (16 bytes) and its hash (20 bytes) are one RC4 stream; the hash size field sits between them in the record.
      const plain = rc4(key, cat(encrypted.subarray(0, 16), encrypted.subarray(20, 40)));
      return same(sha1(plain.subarray(0, 16)), plain.subarray(16, 36));
    });
  }
  return false;
}

/** Walks the PowerPoint Document stream's records for ExOleObjStg (0x1011) and returns their compound files. */
export function powerPointStorages(doc: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let total = 0;
  const stack: [number, number][] = [[0, doc.length]];
  let n = 0;
  while (stack.length && n < MAX_PPT_RECORDS) {
    const [start, end] = stack.pop()!;
    for (let off = start; off + 8 <= end && n < MAX_PPT_RECORDS; n++) {
      const verInstance = u16(doc, off);
      const type = u16(doc, off + 2);
      const len = u32(doc, off + 4);
      const bodyEnd = Math.min(end, off + 8 + len);
      if ((verInstance & 0xf) === 0xf) stack.push([off + 8, bodyEnd]);
      else if (type === 0x1011 && total < MAX_DECOMPRESSED) {
        const body = doc.subarray(off + 8, bodyEnd);
        // recInstance 1: 4-byte decompressed size, then zlib data; 0: the storage as is.
        const data = verInstance >> 4 === 1 ? inflateBounded(body.subarray(6), MAX_DECOMPRESSED - total) : body;
        if (data instanceof Uint8Array) {
          total += data.length;
          out.push(data);
        }
      }
      off = off + 8 + len;
    }
  }
  return out;
}
