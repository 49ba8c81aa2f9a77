/**
 * TEST ONLY: the containers the CLI lists with 7-Zip, built in the tests. 7z archives (plain,
 * entry-encrypted, name-encrypted) are written by 7z-wasm itself; RAR 5 and CAB, which 7-Zip can
 * read but not write, are built here in their simplest stored (uncompressed) form from the
 * published formats (RARLAB's "RAR 5.0 archive format", Microsoft's [MS-CAB]). Never imported by
 * product code.
 */
import { crc32 } from '../adapters/inspect/test-fixtures';

export interface FixtureFile {
  name: string;
  data: Uint8Array;
}

const enc = new TextEncoder();

/** The 20 bytes a shell link starts with (header size 0x4C and the LinkCLSID), then padding: sniffed as `lnk`. */
export const LNK = Uint8Array.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46, ...new Array<number>(56).fill(0)]);

/** A 7z archive written by 7-Zip (7z-wasm); `args` adds switches such as `-pSecret` or `-mhe=on`. */
export async function build7z(files: FixtureFile[], args: string[] = []): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require('7z-wasm') as (o: object) => Promise<{ FS: { mkdir(p: string): void; writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; chdir(p: string): void }; callMain(a: string[]): number }>;
  const log: string[] = [];
  const sz = await factory({ print: (l: string) => log.push(l), printErr: (l: string) => log.push(l), stdin: () => null });
  const exitCode = process.exitCode;
  sz.FS.mkdir('/in');
  for (const f of files) {
    const parts = f.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      try {
        sz.FS.mkdir(`/in/${parts.slice(0, i).join('/')}`);
      } catch {
        // already there
      }
    }
    sz.FS.writeFile(`/in/${f.name}`, f.data);
  }
  sz.FS.chdir('/in');
  const code = sz.callMain(['a', '-bd', '-t7z', ...args, '/out.7z', ...new Set(files.map((f) => f.name.split('/')[0]!))]);
  process.exitCode = exitCode;
  if (code !== 0) throw new Error(`7z-wasm could not write the fixture: ${log.join('\n')}`);
  return sz.FS.readFile('/out.7z');
}

function vint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** One RAR 5 block: CRC32, size, then `fields` (type, flags, …). */
function rarBlock(fields: number[]): number[] {
  const body = [...vint(fields.length), ...fields];
  return [...u32(crc32(Uint8Array.from(body))), ...body];
}

/** A RAR 5 archive of stored files. */
export function buildRar5(files: FixtureFile[]): Uint8Array {
  const out: number[] = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];
  out.push(...rarBlock([1, 0, 0])); // main archive header: type 1, no flags, no archive flags
  for (const f of files) {
    const name = [...enc.encode(f.name)];
    // File header: type 2, flags 0x2 (data area), data size, file flags 0x4 (CRC32 present),
    // unpacked size, attributes 0x20, CRC32, compression 0 (version 0, store), host OS 0, name.
    out.push(...rarBlock([2, 0x02, ...vint(f.data.length), 0x04, ...vint(f.data.length), 0x20, ...u32(crc32(f.data)), 0, 0, ...vint(name.length), ...name]));
    out.push(...f.data);
  }
  out.push(...rarBlock([5, 0, 0])); // end of archive
  return Uint8Array.from(out);
}

function u16(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff];
}

/** A cabinet with one uncompressed folder holding the files ([MS-CAB] CFHEADER, CFFOLDER, CFFILE, CFDATA). */
export function buildCab(files: FixtureFile[]): Uint8Array {
  const all = new Uint8Array(files.reduce((n, f) => n + f.data.length, 0));
  let at = 0;
  const cffiles: number[] = [];
  for (const f of files) {
    // size, offset in the folder, folder 0, date 2025-03-03, time 10:00, attributes 0x20 (archive) | 0x80 (UTF-8 name)
    cffiles.push(...u32(f.data.length), ...u32(at), ...u16(0), ...u16(((2025 - 1980) << 9) | (3 << 5) | 3), ...u16(10 << 11), ...u16(0xa0), ...enc.encode(f.name), 0);
    all.set(f.data, at);
    at += f.data.length;
  }
  const blocks: number[] = [];
  let nBlocks = 0;
  for (let o = 0; o < all.length || nBlocks === 0; o += 32768) {
    const chunk = all.subarray(o, Math.min(all.length, o + 32768));
    blocks.push(...u32(0), ...u16(chunk.length), ...u16(chunk.length), ...chunk); // checksum 0: not computed
    nBlocks++;
  }
  const headerSize = 36;
  const folderSize = 8;
  const coffFiles = headerSize + folderSize;
  const coffData = coffFiles + cffiles.length;
  const total = coffData + blocks.length;
  const header = [...enc.encode('MSCF'), ...u32(0), ...u32(total), ...u32(0), ...u32(coffFiles), ...u32(0), 3, 1, ...u16(1), ...u16(files.length), ...u16(0), ...u16(0x1234), ...u16(0)];
  const folder = [...u32(coffData), ...u16(nBlocks), ...u16(0)];
  return Uint8Array.from([...header, ...folder, ...cffiles, ...blocks]);
}
