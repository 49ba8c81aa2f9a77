/**
 * The CLI's reader for containers the inspector has no reader of its own for (RAR, 7z, CAB,
 * gzip/bzip2/xz, DMG, and disk images on file systems such as NTFS): 7-Zip 24.09 compiled to
 * WebAssembly (`7z-wasm`), loaded the first time such an attachment is met. It is the CLI's
 * `InspectLimits.listContainer` (src/adapters/inspect/container.ts); the pane never loads it.
 *
 * Bounds, because 7-Zip's own are not ours:
 * - the WebAssembly module is compiled once per worker, and every container gets a fresh
 *   instance (its memory, at most the build's 2 GB, is dropped with it), so a container that
 *   corrupts or exhausts 7-Zip's heap cannot touch the next one;
 * - the archive lives in 7-Zip's in-memory file system; extraction writes there too, and every
 *   write is counted: past the bytes the inspector allowed (the declared sizes of the entries it
 *   chose, within the entry and total limits), the write fails with "no space", so a lying
 *   header or a stream with no declared size cannot inflate beyond the limit;
 * - a password is never tried: `-p` with an empty password keeps 7-Zip from prompting, and an
 *   encrypted archive or entry is reported as such;
 * - 7-Zip runs synchronously: the per-file time limit of the worker pool (--file-timeout) is what
 *   stops a container that would take too long.
 */
import * as fs from 'fs';
import type { ContainerEntry, ContainerLister, ContainerReading } from '../adapters/inspect';
import type { FileKind } from '../engine/types';

/** The parts of the Emscripten module we use (7z-wasm's own types describe more). */
interface SevenZipFs {
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  stat(path: string): { mode: number; size: number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  write: (...args: unknown[]) => number;
  ErrnoError: new (errno: number) => Error;
}
interface SevenZipInstance {
  FS: SevenZipFs;
  callMain(args: string[]): number;
}
type Factory = (opts: Record<string, unknown>) => Promise<SevenZipInstance>;

/** WASI's ENOSPC, which Emscripten's file system reports for a failed write. */
const ENOSPC = 51;

let loaded: Promise<{ factory: Factory; module: WebAssembly.Module }> | undefined;

async function load(): Promise<{ factory: Factory; module: WebAssembly.Module }> {
  // Required here, not imported at the top: build/cli.js keeps 7z-wasm external, so it is read
  // only when a container is met.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('7z-wasm') as { default?: Factory } | Factory;
  const factory = (typeof mod === 'function' ? mod : mod.default) as Factory;
  const wasmPath = require.resolve('7z-wasm/7zz.wasm');
  const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
  return { factory, module };
}

/** A fresh 7-Zip with its own memory; its printed lines are collected. */
async function instance(out: string[], err: string[]): Promise<SevenZipInstance> {
  loaded ??= load().catch((e: unknown) => {
    loaded = undefined; // the next container tries again
    throw e;
  });
  const { factory, module } = await loaded;
  return factory({
    print: (l: string) => out.push(l),
    printErr: (l: string) => err.push(l),
    stdin: () => null,
    instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      void WebAssembly.instantiate(module, imports).then((inst) => done(inst, module));
      return {};
    },
  });
}

/** Parses `7zz l -slt` output: the blocks after the "----------" line, one per entry. */
export function parseSltListing(lines: readonly string[]): { type: string | undefined; entries: ContainerEntry[] } {
  let type: string | undefined;
  const entries: ContainerEntry[] = [];
  let inEntries = false;
  let cur: Map<string, string> | undefined;
  const flush = (): void => {
    if (!cur || !cur.has('Path')) {
      cur = undefined;
      return;
    }
    const size = cur.get('Size');
    entries.push({
      path: cur.get('Path')!,
      size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined,
      encrypted: cur.get('Encrypted') === '+',
      directory: cur.get('Folder') === '+' || /^D/.test(cur.get('Attributes') ?? ''),
    });
    cur = undefined;
  };
  for (const line of lines) {
    if (!inEntries) {
      const t = /^Type = (.+)$/.exec(line);
      if (t) type = t[1]!.trim();
      if (line === '----------') inEntries = true;
      continue;
    }
    if (line === '') {
      flush();
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z ]*?) = (.*)$/.exec(line);
    if (!kv) continue;
    cur ??= new Map();
    // The first key of a block is Path; a second Path starts the next block (no blank line between).
    if (kv[1] === 'Path' && cur.has('Path')) flush();
    cur ??= new Map();
    cur.set(kv[1]!, kv[2]!);
  }
  flush();
  return { type, entries };
}

/** What 7-Zip printed about damage or failure, without its banner, headings and counts. */
function problems(archive: string, err: readonly string[], out: readonly string[]): string[] {
  const said = new Set<string>();
  for (const raw of err) {
    const l = raw.trim().replace(`ERROR: ${archive} : `, '').replace(/^(?:Open )?(?:ERROR|WARNING): /, '');
    if (l === '' || l === archive || /^(?:ERRORS|WARNINGS):$/.test(l)) continue;
    said.add(l);
  }
  for (const raw of out) {
    const l = raw.trim();
    if (/^(?:There are data after|Headers Error|Unexpected end|Unconfirmed start|CRC Failed|Data Error|Is not archive|Wrong password)/i.test(l)) said.add(l);
  }
  return [...said];
}

/** Extension 7-Zip expects for a kind (it sniffs content too; the name only breaks ties). */
const EXT: Partial<Record<FileKind, string>> = { rar: 'rar', '7z': '7z', cab: 'cab', gzip: 'gz', bzip2: 'bz2', xz: 'xz', dmg: 'dmg', iso: 'iso', udf: 'iso', vhd: 'vhd', vhdx: 'vhdx', fat: 'img' };

/** The CLI's {@link ContainerLister}: 7-Zip, one fresh instance per container. */
export const sevenZipLister: ContainerLister = async (kind, bytes, maxEntries) => {
  const out: string[] = [];
  const err: string[] = [];
  let sz: SevenZipInstance;
  try {
    sz = await instance(out, err);
  } catch (e) {
    return { note: `7-Zip could not start: ${e instanceof Error ? e.message : String(e)}` };
  }
  const FS = sz.FS;
  const archive = `/work/attachment.${EXT[kind] ?? 'bin'}`;
  FS.mkdir('/work');
  FS.writeFile(archive, bytes);
  const run = (args: string[]): number => {
    // Emscripten's exit path sets process.exitCode to 7-Zip's status: keep the CLI's own.
    const exitCode = process.exitCode;
    try {
      return sz.callMain(args);
    } catch (e) {
      // An abort inside 7-Zip (out of memory…): this instance is dropped with the container.
      err.push(`ERROR: 7-Zip stopped: ${e instanceof Error ? e.message : String(e)}`);
      return -1;
    } finally {
      process.exitCode = exitCode;
    }
  };
  const code = run(['l', '-slt', '-bd', '-p', '-sccUTF-8', archive]);
  const listed = parseSltListing(out);
  const found = problems(archive, err, out);
  if (found.some((l) => /encrypted archive|Wrong password/i.test(l)) && listed.entries.length === 0) {
    return reading(kind, listed.type, [], false, true, [], () => ({ files: new Map(), cut: false, errors: [] }));
  }
  if (listed.type === undefined || (code !== 0 && listed.entries.length === 0)) {
    return { note: found[0] ? `7-Zip: ${found[0]}` : '7-Zip could not open it as an archive' };
  }
  const truncated = listed.entries.length > maxEntries;
  const entries = listed.entries.slice(0, maxEntries);
  const extract = (indexes: readonly number[], maxBytes: number): { files: Map<number, Uint8Array>; cut: boolean; errors: string[] } => {
    // Every write to 7-Zip's in-memory files is counted; past maxBytes it fails as a full disk.
    let written = 0;
    let cut = false;
    const write = FS.write;
    FS.write = (...args: unknown[]): number => {
      // FS.write(stream, buffer, offset, length, …); 7-Zip's console output goes through it too.
      if (!((args[0] as { path?: string } | undefined)?.path ?? '').startsWith('/work/out/')) return write(...args);
      const length = Number(args[3] ?? 0);
      if (written + length > maxBytes) {
        cut = true;
        throw new FS.ErrnoError(ENOSPC);
      }
      written += length;
      return write(...args);
    };
    const before = err.length;
    const beforeOut = out.length;
    // -spd: names are names, never wildcards; -snl: links stay links (no file read through them).
    run(['x', '-bd', '-p', '-y', '-spd', '-snl', '-sccUTF-8', '-o/work/out', archive, '--', ...indexes.map((i) => entries[i]!.path)]);
    FS.write = write;
    const files = new Map<number, Uint8Array>();
    for (const i of indexes) {
      try {
        const p = `/work/out/${entries[i]!.path.replace(/^\/+/, '')}`;
        const st = FS.stat(p);
        if (FS.isFile(st.mode)) files.set(i, FS.readFile(p));
      } catch {
        // Not extracted (a name 7-Zip changed on the way out, a damaged entry): left unopened.
      }
    }
    return { files, cut, errors: cut ? [] : problems(archive, err.slice(before), out.slice(beforeOut)) };
  };
  return reading(kind, listed.type, entries, truncated, false, found, extract);
};

function reading(kind: FileKind, type: string | undefined, entries: ContainerEntry[], truncated: boolean, headersEncrypted: boolean, notes: string[], extract: ContainerReading['extract']): ContainerReading {
  return { format: (type ?? EXT[kind] ?? kind).toLowerCase(), entries, truncated, headersEncrypted, notes, extract };
}
