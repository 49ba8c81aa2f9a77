/**
 * The scan itself: walk the paths, read each file, parse it into messages, evaluate each one,
 * and hand the records to the caller in a deterministic order.
 *
 * Hint: single-message files are read and parsed a few at a time (reads overlap with
 * evaluation), but records are released strictly in walk order, so two runs over the same tree
 * print the same bytes. A mailbox (mbox, a --unzip'ed .zip) is read as a stream only when its turn
 * comes, and its records are released as they are made, so memory stays bounded whatever its size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_MESSAGE_BYTES, MboxSplitter, sniffMessageFormat } from '../adapters/files';
import type { NormalisedMessage, Verdict } from '../engine/types';
import { isPst, readPst } from './pst';
import { describeMessage, type ScanRecord } from './record';

/** What the file adapter returns for each message found in a file. */
export interface ParsedItem {
  index: number;
  message?: NormalisedMessage;
  error?: string;
}

/** The steps the scan needs, injected so the bench can time exactly what the CLI runs. */
export interface ScanEngine {
  /** A whole single-message file (.eml, .msg). */
  parse(bytes: Uint8Array): Promise<ParsedItem[]>;
  /** One message cut from a mailbox (mbox, zip of .eml). */
  parseMessage(bytes: Uint8Array): Promise<{ message?: NormalisedMessage; error?: string }>;
  evaluate(message: NormalisedMessage): Verdict;
}

export interface ScanFileOptions {
  /** Read the .eml files inside .zip archives (`--unzip`). */
  unzip: boolean;
}

/** Bytes read at once from a mailbox file; the splitter holds at most one message plus this. */
export const MBOX_CHUNK_BYTES = 1024 * 1024;

/**
 * Files read and parsed at once. Parsing and evaluation are CPU-bound on one thread, so more only
 * adds memory; a few in flight are enough to hide file-system latency.
 */
export const SCAN_CONCURRENCY = 4;

/** Largest .zip read with --unzip; it is read whole (the central directory is at its end). */
export const MAX_ZIP_BYTES = 1024 * 1024 * 1024;

/**
 * Upper bound for one file's parse. The adapter has its own limits; this catches a promise that
 * never settles so one bad file cannot hang a whole scan (a CPU-bound loop cannot be stopped
 * from here and remains the adapter's job).
 */
export const PARSE_TIMEOUT_MS = 60_000;

/** A file to scan, or a place in the tree we could not read (reported as an error record). */
export interface WalkEntry {
  /** The path as the user will see it (their argument joined with the relative path). */
  file: string;
  error?: string;
}

export interface WalkResult {
  entries: WalkEntry[];
  /** Problems with the PATH arguments themselves: a usage error, nothing is scanned. */
  problems: string[];
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    const known: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ELOOP: 'too many levels of symbolic links',
      ENOTDIR: 'not a directory',
      EISDIR: 'is a directory',
    };
    return known[code] ?? code;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Code-unit order, not locale order: the output must not change with the machine's locale. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lists every regular file under the given paths, sorted, depth first. Symbolic links are
 * followed, but a directory already visited (by its real path) is not entered again, so link
 * loops end. FIFOs, sockets and devices are skipped: reading a FIFO would block forever. The
 * directory listing gives each entry's type, so only symbolic links cost a `stat`.
 */
export async function walkPaths(paths: readonly string[]): Promise<WalkResult> {
  const entries: WalkEntry[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();

  const walkDir = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      entries.push({ file: dir, error: `cannot read directory: ${errorText(e)}` });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
    } catch (e) {
      entries.push({ file: dir, error: `cannot read directory: ${errorText(e)}` });
      return;
    }
    for (const d of list) {
      const p = path.join(dir, d.name);
      if (d.isFile()) {
        entries.push({ file: p });
        continue;
      }
      if (d.isDirectory()) {
        walkDir(p);
        continue;
      }
      // FIFOs, sockets and devices are skipped; links and unknown types are resolved with stat.
      if (!d.isSymbolicLink() && !isUnknown(d)) continue;
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch (e) {
        // A dangling link or a file removed mid-walk: say so rather than silently skip it.
        entries.push({ file: p, error: `cannot read: ${errorText(e)}` });
        continue;
      }
      if (st.isDirectory()) walkDir(p);
      else if (st.isFile()) entries.push({ file: p });
    }
  };

  for (const arg of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(arg);
    } catch (e) {
      problems.push(`${arg}: ${errorText(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      try {
        fs.accessSync(arg, fs.constants.R_OK | fs.constants.X_OK);
      } catch (e) {
        problems.push(`${arg}: ${errorText(e)}`);
        continue;
      }
      walkDir(arg);
    } else if (st.isFile()) {
      try {
        fs.accessSync(arg, fs.constants.R_OK);
      } catch (e) {
        problems.push(`${arg}: ${errorText(e)}`);
        continue;
      }
      entries.push({ file: arg });
    } else {
      problems.push(`${arg}: not a regular file or directory`);
    }
  }
  return { entries, problems };
}

/** Some file systems do not report entry types in directory listings (DT_UNKNOWN). */
function isUnknown(d: fs.Dirent): boolean {
  return !d.isFile() && !d.isDirectory() && !d.isSymbolicLink() && !d.isFIFO() && !d.isSocket() && !d.isBlockDevice() && !d.isCharacterDevice();
}

/**
 * Header fields that every real message carries at least one of. The file adapter parses any
 * bytes it is given as RFC 822 (a licence text or random bytes become a "message" with one odd
 * header); reporting such a file as "nothing found" would make an unchecked file look clean.
 */
const MAIL_HEADER_NAMES = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'content-type', 'return-path', 'delivered-to', 'sender', 'reply-to']);

/**
 * True when a parsed .eml / mbox message has at least one recognised header field. Outlook .msg
 * items are exempt: their transport headers are often absent for drafts and sent items.
 */
export function isRecognisableMail(message: NormalisedMessage): boolean {
  if (message.origin.kind === 'msg' || message.origin.kind === 'office') return true;
  return message.headers.some((h) => MAIL_HEADER_NAMES.has(h.name.trim().toLowerCase()));
}

/** Why a file is skipped as not mail (a LICENSE, a README, an empty file): never an error. */
export const NOT_MAIL_REASON = 'not mail: no mail header (From, Date, Received, …) found';

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parsing took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function evaluated(base: Omit<ScanRecord, 'verdict' | 'facts' | 'error'>, message: NormalisedMessage, engine: ScanEngine): ScanRecord {
  if (!isRecognisableMail(message)) return { ...base, error: 'not an email message: no mail header (From, Date, Received, …) found' };
  try {
    return { ...base, facts: describeMessage(message), verdict: engine.evaluate(message) };
  } catch (e) {
    // The engine promises not to throw; if it ever does, the message is unchecked, not clean.
    return { ...base, error: `engine failed: ${errorText(e)}` };
  }
}

/** A file's records: ready now (single-message files), or a mailbox streamed when its turn comes. */
type FileJob = { records: ScanRecord[] } | { stream: (emit: (records: ScanRecord[]) => Promise<void>) => Promise<void> };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Enough of a file to tell its format; a mailbox is then streamed, anything else read whole. */
const SNIFF_BYTES = 64 * 1024;

function readHead(fd: number, length: number): Uint8Array {
  const head = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < head.length) {
    const n = fs.readSync(fd, head, got, head.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return head.subarray(0, got);
}

/**
 * Opens one file and decides how to read it from its first bytes. Never rejects: a failure is a
 * record. One open and one fstat per file; the read is synchronous because the scan is CPU-bound
 * and a thread-pool round trip per small file costs more than the read.
 */
export async function prepareFile(entry: WalkEntry, engine: ScanEngine, opts: ScanFileOptions = { unzip: false }): Promise<FileJob> {
  const fail = (error: string): FileJob => ({ records: [{ file: entry.file, index: 0, multi: false, error }] });
  if (entry.error !== undefined) return fail(entry.error);
  let fd: number;
  let bytes: Uint8Array;
  let size: number;
  try {
    fd = fs.openSync(entry.file, 'r');
  } catch (e) {
    return fail(`cannot read: ${errorText(e)}`);
  }
  try {
    size = fs.fstatSync(fd).size;
    bytes = readHead(fd, Math.min(size, SNIFF_BYTES));
    const format = sniffMessageFormat(bytes);
    if (format === 'mbox') return { stream: (emit) => streamMbox(entry.file, fd, engine, emit) };
    if (isPst(bytes)) {
      fs.closeSync(fd);
      return { stream: (emit) => streamPst(entry.file, engine, emit) };
    }
    if (size > bytes.length) bytes = readHead(fd, Math.min(size, MAX_MESSAGE_BYTES));
  } catch (e) {
    fs.closeSync(fd);
    return fail(`cannot read: ${errorText(e)}`);
  }
  fs.closeSync(fd);
  const format = sniffMessageFormat(bytes);
  if (format === 'empty') return { records: [{ file: entry.file, index: 0, multi: false, skipped: 'empty file' }] };
  if (ZIP_MAGIC.every((v, i) => bytes[i] === v)) {
    if (opts.unzip) return { stream: (emit) => streamZip(entry.file, size, engine, emit) };
    return { records: [{ file: entry.file, index: 0, multi: false, skipped: 'not mail: a .zip archive (give --unzip to scan the mail inside)' }] };
  }
  let items: ParsedItem[];
  try {
    items = await withTimeout(engine.parse(bytes), PARSE_TIMEOUT_MS);
  } catch (e) {
    return fail(`parser failed: ${errorText(e)}`);
  }
  if (items.length === 0) return fail('no message found in the file');
  // A single "message" with no mail header at all is a file that is not mail: skipped, not an error.
  if (items.length === 1 && items[0]!.message && !isRecognisableMail(items[0]!.message)) {
    return { records: [{ file: entry.file, index: 0, multi: false, skipped: NOT_MAIL_REASON }] };
  }
  const multi = items.length > 1;
  return {
    records: items.map((item): ScanRecord => {
      const base = { file: entry.file, index: item.index, multi };
      if (!item.message) return { ...base, error: item.error ?? 'could not be parsed' };
      if (size > bytes.length) {
        item.message.incomplete.push({ code: 'parse-error', detail: `file is ${size} bytes; only the first ${bytes.length} were read` });
      }
      return evaluated(base, item.message, engine);
    }),
  };
}

async function parseOne(engine: ScanEngine, bytes: Uint8Array): Promise<{ message?: NormalisedMessage; error?: string }> {
  try {
    return await withTimeout(engine.parseMessage(bytes), PARSE_TIMEOUT_MS);
  } catch (e) {
    return { error: `parser failed: ${errorText(e)}` };
  }
}

/** Reads an mbox in chunks, parsing and emitting each message as it is cut. */
async function streamMbox(file: string, fd: number, engine: ScanEngine, emit: (records: ScanRecord[]) => Promise<void>): Promise<void> {
  const splitter = new MboxSplitter();
  const chunk = Buffer.allocUnsafe(MBOX_CHUNK_BYTES);
  let index = 0;
  let offset = 0;
  const handle = async (pieces: { bytes: Uint8Array; cutFrom?: number }[]): Promise<void> => {
    const records: ScanRecord[] = [];
    for (const p of pieces) {
      const base = { file, index: index++, multi: true };
      const parsed = await parseOne(engine, p.bytes);
      if (!parsed.message) {
        records.push({ ...base, error: parsed.error ?? 'could not be parsed' });
        continue;
      }
      if (p.cutFrom !== undefined) parsed.message.incomplete.push({ code: 'parse-error', detail: `message is ${p.cutFrom} bytes; only the first ${MAX_MESSAGE_BYTES} were read` });
      records.push(evaluated(base, parsed.message, engine));
    }
    if (records.length > 0) await emit(records);
  };
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      } catch (e) {
        await emit([{ file, index, multi: true, error: `cannot read past byte ${offset}: ${errorText(e)}` }]);
        return;
      }
      if (n === 0) break;
      offset += n;
      // The splitter keeps what it needs; the chunk buffer is reused.
      await handle(splitter.push(chunk.subarray(0, n)));
    }
    await handle(splitter.end());
    if (index === 0) await emit([{ file, index: 0, multi: false, error: 'no message found in the mbox' }]);
  } finally {
    fs.closeSync(fd);
  }
}

/** An Outlook .pst / .ost: each item of each folder is a record, `folder` naming where it is. */
async function streamPst(file: string, engine: ScanEngine, emit: (records: ScanRecord[]) => Promise<void>): Promise<void> {
  let index = 0;
  for await (const item of readPst(file)) {
    const base = { file, index: index++, multi: true, folder: item.folder };
    if (!item.bytes) {
      await emit([{ ...base, error: item.error ?? 'could not be read' }]);
      continue;
    }
    const parsed = await parseOne(engine, item.bytes);
    if (!parsed.message) {
      await emit([{ ...base, error: parsed.error ?? 'could not be parsed' }]);
      continue;
    }
    parsed.message.incomplete.push(...item.incomplete);
    await emit([evaluated(base, parsed.message, engine)]);
  }
  if (index === 0) await emit([{ file, index: 0, multi: false, skipped: 'an Outlook store with no items' }]);
}

/** A .zip of .eml files (user reports): each entry that holds mail is a record, `folder` naming it. */
async function streamZip(file: string, size: number, engine: ScanEngine, emit: (records: ScanRecord[]) => Promise<void>): Promise<void> {
  if (size > MAX_ZIP_BYTES) {
    await emit([{ file, index: 0, multi: false, error: `zip is ${size} bytes, above the ${MAX_ZIP_BYTES}-byte limit for --unzip; not checked` }]);
    return;
  }
  const { unzipSync } = await import('fflate');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(fs.readFileSync(file), { filter: (f) => !f.name.endsWith('/') && f.originalSize <= MAX_MESSAGE_BYTES });
  } catch (e) {
    await emit([{ file, index: 0, multi: false, error: `cannot read the zip: ${errorText(e)}` }]);
    return;
  }
  const names = Object.keys(entries).sort(byName);
  let index = 0;
  for (const name of names) {
    const bytes = entries[name]!;
    delete entries[name];
    const base = { file, index: index++, multi: true, folder: name };
    const fmt = sniffMessageFormat(bytes);
    if (fmt !== 'eml' && fmt !== 'msg') {
      await emit([{ ...base, skipped: fmt === 'empty' ? 'empty file' : `zip entry ${name} is ${fmt === 'mbox' ? 'an mbox (unpack it to scan)' : 'not mail'}` }]);
      continue;
    }
    const parsed: { message?: NormalisedMessage; error?: string } =
      fmt === 'msg' ? ((await engine.parse(bytes).catch((e: unknown) => [{ index: 0, error: errorText(e) }]))[0] ?? { error: 'no message' }) : await parseOne(engine, bytes);
    if (!parsed.message) await emit([{ ...base, error: parsed.error ?? 'could not be parsed' }]);
    else if (!isRecognisableMail(parsed.message)) await emit([{ ...base, skipped: `zip entry ${name}: ${NOT_MAIL_REASON}` }]);
    else await emit([evaluated(base, parsed.message, engine)]);
  }
  if (names.length === 0) await emit([{ file, index: 0, multi: false, skipped: 'zip holds no file' }]);
}

/** Every message in one file as records; never rejects. */
export async function scanFile(entry: WalkEntry, engine: ScanEngine, opts?: ScanFileOptions): Promise<ScanRecord[]> {
  const job = await prepareFile(entry, engine, opts);
  if ('records' in job) return job.records;
  const out: ScanRecord[] = [];
  await job.stream(async (r) => void out.push(...r));
  return out;
}

/**
 * Scans the entries with bounded concurrency and calls `emit` with each file's records, in entry
 * order (a mailbox calls it several times, as its messages are read). `emit` may return a
 * promise (e.g. waiting for stdout to drain), which holds back further reads.
 */
export async function scanEntries(
  entries: readonly WalkEntry[],
  engine: ScanEngine,
  emit: (records: ScanRecord[], done: number) => void | Promise<void>,
  concurrency = SCAN_CONCURRENCY,
  opts?: ScanFileOptions,
): Promise<void> {
  const inFlight: Promise<FileJob>[] = [];
  let next = 0;
  const start = (): void => {
    const entry = entries[next++];
    if (entry) inFlight.push(prepareFile(entry, engine, opts));
  };
  while (next < entries.length && inFlight.length < Math.max(1, concurrency)) start();
  let done = 0;
  while (inFlight.length > 0) {
    const head = inFlight.shift();
    if (!head) break;
    const job = await head;
    if ('records' in job) {
      done++;
      await emit(job.records, done);
    } else {
      await job.stream(async (records) => {
        await emit(records, done);
      });
      done++;
      await emit([], done);
    }
    if (next < entries.length) start();
  }
}
