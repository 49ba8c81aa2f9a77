/**
 * The scan itself: walk the paths, read each file, parse it into messages, evaluate each one,
 * and hand the records to the caller in a deterministic order.
 *
 * Hint: the walk becomes a stream of tasks (scanTasks): every file is a path that a worker reads
 * (scanFile). A worker checks a single-message file or a small mbox itself; for a large container
 * (an mbox above WHOLE_MBOX_BYTES, a .pst/.ost, a --unzip'ed .zip) it answers with the kind, and
 * the main thread reads it (containerTasks) and hands it out message by message only as fast as
 * the workers take them, so memory stays bounded whatever its size. The pool delivers results in
 * task order, so the output is the same bytes whatever --jobs is.
 */
import * as fs from 'fs';
import { isRecognisableMail } from '../adapters/files/recognisable';
import * as path from 'path';
import { MAX_MESSAGE_BYTES, sniffMessageFormat } from '../adapters/files';
import { MboxSplitter, type MboxPiece } from '../adapters/files/mailbox';
import { unzipSync } from 'fflate';
import type { Incomplete, NormalisedMessage, Verdict } from '../engine/types';
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

// The test for "is this mail at all" is shared with the pane's preview.
export { isRecognisableMail };

/** Why a file is skipped as not mail (a LICENSE, a README, an empty file): never an error. */
export const NOT_MAIL_REASON = 'not mail: no mail header (From, Date, Received, …) found';

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parsing took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A mail header line near the start of a file, old syntax included ("Subject :" with space
 * before the colon, RFC 822 §3.1): a file like this is mail (or holds mail, as an SMTP transcript
 * does) even when the parser could read none of its headers, so it is checked, never skipped.
 */
const HEADER_LINE = /^(?:from|to|cc|subject|date|message-id|received|mime-version|content-type|return-path|delivered-to|sender|reply-to)[ \t]*:/im;

function startsLikeMail(bytes: Uint8Array): boolean {
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) head += String.fromCharCode(bytes[i]!);
  return HEADER_LINE.test(head);
}

function evaluated(base: Omit<ScanRecord, 'verdict' | 'facts' | 'error'>, message: NormalisedMessage, engine: ScanEngine, startsLikeMailAnyway = false): ScanRecord {
  if (!isRecognisableMail(message)) {
    if (!startsLikeMailAnyway) return { ...base, error: 'not an email message: no mail header (From, Date, Received, …) found' };
    message.incomplete.push({ code: 'parse-error', detail: 'the file has mail header lines, but none could be read as headers' });
  }
  try {
    return { ...base, facts: describeMessage(message), verdict: engine.evaluate(message) };
  } catch (e) {
    // The engine promises not to throw; if it ever does, the message is unchecked, not clean.
    return { ...base, error: `engine failed: ${errorText(e)}` };
  }
}

/**
 * One message cut from a container (an mbox, a .pst, a --unzip'ed .zip) as it is read, or the
 * reason a place in the container gave none. Plain data: it is handed to a worker as it is.
 */
export interface MessagePiece {
  kind: 'message';
  file: string;
  index: number;
  folder?: string;
  bytes?: Uint8Array;
  /** The message was longer than the per-message cap: its full size (only the start is in bytes). */
  cutFrom?: number;
  /** What was left out while the container was read (an attachment over the cap in a .pst). */
  incomplete?: Incomplete[];
  error?: string;
  skipped?: string;
  /** An entry of a --unzip'ed .zip: one without any mail header is skipped as not mail (a README). */
  skipIfNotMail?: boolean;
}

/** A file the worker reads itself, or a message handed over as its container is read. */
export type ScanTask = { kind: 'file'; file: string; error?: string } | MessagePiece;

/** Bytes a task carries, for the pool's batching (files are read by the worker: small by default). */
export function taskSize(task: ScanTask): number | undefined {
  return task.kind === 'message' ? (task.bytes?.length ?? 0) : undefined;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Enough of a file to tell its format; a mailbox is then streamed, anything else read whole. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The first `length` bytes of a file in an ArrayBuffer of their own: never a view into Node's
 * shared Buffer pool, since readers such as msgreader take `.buffer` whole, and a view would also
 * make the structured clone to a worker copy the whole pool.
 */
function readAt(fd: number, length: number): Uint8Array {
  const head = new Uint8Array(length);
  let got = 0;
  while (got < head.length) {
    const n = fs.readSync(fd, head, got, head.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? head : head.slice(0, got);
}

/** What a file holds, from its first bytes: a container the main thread reads as a stream, or a file a worker reads whole. */
export type FileKind = 'mbox' | 'pst' | 'zip' | 'single';

/** A file the main thread reads message by message as the workers take them. */
export type ContainerKind = Exclude<FileKind, 'single'>;

/**
 * An mbox no bigger than this is read and split by the worker that checks it, in one task: most
 * saved mail that starts with an envelope "From " line is one message (SpamAssassin's corpora, a
 * message saved by mutt), and streaming it through the main thread cost that thread ten times
 * the rest of its work per file. Larger ones are containers. If such a task hits a pool limit,
 * the main thread reads the file again as a container, so each message is checked in isolation
 * and the output is what streaming would have given.
 */
export const WHOLE_MBOX_BYTES = 4 * MBOX_CHUNK_BYTES;

/** The container a file's first bytes show, or 'single' (and an mbox that is not a container here). */
function kindOf(head: Uint8Array, unzip: boolean): FileKind {
  if (isPst(head)) return 'pst';
  if (unzip && ZIP_MAGIC.every((v, i) => head[i] === v)) return 'zip';
  return sniffMessageFormat(head.subarray(0, 512)) === 'mbox' ? 'mbox' : 'single';
}

/** Reads a file's first bytes (up to 512: enough for the magic numbers and an mbox's first line). */
export function sniffFile(file: string, unzip: boolean): FileKind | { error: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return { error: `cannot read: ${errorText(e)}` };
  }
  try {
    return kindOf(readAt(fd, 512), unzip);
  } catch (e) {
    return { error: `cannot read: ${errorText(e)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file task's answer: its records, or that the main thread must read it as a container. */
export type FileScan = { records: ScanRecord[] } | { container: ContainerKind };

/**
 * Every record of one file, read by the worker itself (one open, one fstat, synchronous reads:
 * the scan is CPU-bound and a thread-pool round trip per small file costs more than the read):
 * a single-message file (.eml, .msg), a small mbox (split here), or the note that it is not mail.
 * A .pst, a --unzip'ed .zip or an mbox above {@link WHOLE_MBOX_BYTES} is answered as a container.
 * Never rejects.
 */
export async function scanFile(file: string, engine: ScanEngine, opts: ScanFileOptions): Promise<FileScan> {
  const fail = (error: string): FileScan => ({ records: [{ file, index: 0, multi: false, error }] });
  let bytes: Uint8Array;
  let size: number;
  let kind: FileKind;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      size = fs.fstatSync(fd).size;
      // A file up to the mbox size is read at once; a larger one's first bytes decide first.
      const whole = size <= WHOLE_MBOX_BYTES;
      bytes = readAt(fd, whole ? size : 512);
      kind = kindOf(bytes, opts.unzip);
      if (kind !== 'single' && !(kind === 'mbox' && whole)) return { container: kind };
      if (!whole) bytes = readAt(fd, Math.min(size, MAX_MESSAGE_BYTES));
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return fail(`cannot read: ${errorText(e)}`);
  }
  if (kind === 'mbox') return { records: await scanMboxBytes(file, bytes, engine) };
  return { records: await scanSingleBytes(file, bytes, size, engine) };
}

/**
 * One message cut from an mbox, as a task. It gets a copy of its own bytes: the splitter's pieces
 * are views into its buffer, readers such as msgreader take `.buffer` whole, and handing a view to
 * a worker would clone the whole buffer with it.
 */
function mboxPiece(file: string, index: number, p: MboxPiece): MessagePiece {
  return { kind: 'message', file, index, bytes: p.bytes.slice(), ...(p.cutFrom !== undefined ? { cutFrom: p.cutFrom } : {}) };
}

/** The records of a small mbox read whole: the same pieces, in the same order, as {@link mboxPieces} streams. */
async function scanMboxBytes(file: string, bytes: Uint8Array, engine: ScanEngine): Promise<ScanRecord[]> {
  const splitter = new MboxSplitter();
  const pieces = [...splitter.push(bytes), ...splitter.end()];
  if (pieces.length === 0) return scanMessage({ kind: 'message', file, index: 0, error: 'no message found in the mbox' }, engine);
  const records: ScanRecord[] = [];
  for (const [index, p] of pieces.entries()) records.push(...(await scanMessage(mboxPiece(file, index, p), engine)));
  return records;
}

/**
 * Every record of one single-message file (.eml, .msg), or the note that it is not mail. Never
 * rejects. `size` is the file's size; `bytes` its first bytes (all of it up to the message cap).
 */
async function scanSingleBytes(file: string, bytes: Uint8Array, size: number, engine: ScanEngine): Promise<ScanRecord[]> {
  const fail = (error: string): ScanRecord[] => [{ file, index: 0, multi: false, error }];
  const format = sniffMessageFormat(bytes);
  if (format === 'empty') return [{ file, index: 0, multi: false, skipped: 'empty file' }];
  if (ZIP_MAGIC.every((v, i) => bytes[i] === v)) return [{ file, index: 0, multi: false, skipped: 'not mail: a .zip archive (give --unzip to scan the mail inside)' }];
  let items: ParsedItem[];
  try {
    items = await withTimeout(engine.parse(bytes), PARSE_TIMEOUT_MS);
  } catch (e) {
    return fail(`parser failed: ${errorText(e)}`);
  }
  if (items.length === 0) return fail('no message found in the file');
  // A single "message" with no mail header at all is a file that is not mail: skipped, not an
  // error. A file that starts with a header line is mail even if none of its headers could be
  // read: it is checked, and its incomplete entries say what was missing.
  const mailLike = startsLikeMail(bytes);
  if (items.length === 1 && items[0]!.message && !isRecognisableMail(items[0]!.message) && !mailLike) return [{ file, index: 0, multi: false, skipped: NOT_MAIL_REASON }];
  const multi = items.length > 1;
  return items.map((item): ScanRecord => {
    const base = { file, index: item.index, multi };
    if (!item.message) return { ...base, error: item.error ?? 'could not be parsed' };
    if (size > bytes.length) item.message.incomplete.push({ code: 'parse-error', detail: `file is ${size} bytes; only the first ${bytes.length} were read` });
    return evaluated(base, item.message, engine, mailLike);
  });
}

/** The record for one message of a container. Never rejects. */
export async function scanMessage(piece: MessagePiece, engine: ScanEngine): Promise<ScanRecord[]> {
  const base = { file: piece.file, index: piece.index, multi: true, ...(piece.folder !== undefined ? { folder: piece.folder } : {}) };
  if (piece.skipped !== undefined) return [{ ...base, skipped: piece.skipped }];
  if (!piece.bytes) return [{ ...base, error: piece.error ?? 'could not be read' }];
  const format = sniffMessageFormat(piece.bytes);
  if (format === 'empty') return [{ ...base, skipped: 'empty entry' }];
  let parsed: { message?: NormalisedMessage; error?: string };
  try {
    // An Outlook .msg inside a --unzip'ed .zip is read as such; everything else is RFC 822.
    parsed = await withTimeout(format === 'msg' ? engine.parse(piece.bytes).then((r) => r[0] ?? { error: 'no message found' }) : engine.parseMessage(piece.bytes), PARSE_TIMEOUT_MS);
  } catch (e) {
    return [{ ...base, error: `parser failed: ${errorText(e)}` }];
  }
  if (!parsed.message) return [{ ...base, error: parsed.error ?? 'could not be parsed' }];
  if (piece.skipIfNotMail && !isRecognisableMail(parsed.message)) return [{ ...base, skipped: `zip entry ${piece.folder ?? ''}: ${NOT_MAIL_REASON}` }];
  if (piece.cutFrom !== undefined) parsed.message.incomplete.push({ code: 'parse-error', detail: `message is ${piece.cutFrom} bytes; only the first ${MAX_MESSAGE_BYTES} were read` });
  if (piece.incomplete) parsed.message.incomplete.push(...piece.incomplete);
  return [evaluated(base, parsed.message, engine)];
}

/** An mbox read in chunks: each message as soon as it is cut. */
async function* mboxPieces(file: string): AsyncGenerator<MessagePiece> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    yield { kind: 'message', file, index: 0, error: `cannot read: ${errorText(e)}` };
    return;
  }
  const splitter = new MboxSplitter();
  const chunk = Buffer.allocUnsafe(MBOX_CHUNK_BYTES);
  let index = 0;
  let offset = 0;
  const piece = (p: MboxPiece): MessagePiece => mboxPiece(file, index++, p);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      } catch (e) {
        yield { kind: 'message', file, index, error: `cannot read past byte ${offset}: ${errorText(e)}` };
        return;
      }
      if (n === 0) break;
      offset += n;
      // The splitter copies what it keeps, so the chunk buffer can be reused.
      for (const p of splitter.push(chunk.subarray(0, n))) yield piece(p);
    }
    for (const p of splitter.end()) yield piece(p);
    if (index === 0) yield { kind: 'message', file, index: 0, error: 'no message found in the mbox' };
  } finally {
    fs.closeSync(fd);
  }
}

/** An Outlook .pst / .ost: each item of each folder, `folder` naming where it is. */
async function* pstPieces(file: string): AsyncGenerator<MessagePiece> {
  let index = 0;
  for await (const item of readPst(file)) {
    const p: MessagePiece = { kind: 'message', file, index: index++, folder: item.folder, incomplete: item.incomplete };
    if (item.bytes) p.bytes = item.bytes;
    else p.error = item.error ?? 'could not be read';
    yield p;
  }
  if (index === 0) yield { kind: 'message', file, index: 0, skipped: 'an Outlook store with no items' };
}

/** A .zip of .eml/.msg files (user reports): each entry that holds mail is a record, `folder` naming it. */
async function* zipPieces(file: string): AsyncGenerator<MessagePiece> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    yield { kind: 'message', file, index: 0, error: `cannot read: ${errorText(e)}` };
    return;
  }
  if (size > MAX_ZIP_BYTES) {
    yield { kind: 'message', file, index: 0, error: `zip is ${size} bytes, above the ${MAX_ZIP_BYTES}-byte limit for --unzip; not checked` };
    return;
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(fs.readFileSync(file), { filter: (f) => !f.name.endsWith('/') && f.originalSize <= MAX_MESSAGE_BYTES });
  } catch (e) {
    yield { kind: 'message', file, index: 0, error: `cannot read the zip: ${errorText(e)}` };
    return;
  }
  const names = Object.keys(entries).sort(byName);
  let index = 0;
  for (const name of names) {
    const bytes = entries[name]!;
    delete entries[name];
    const fmt = sniffMessageFormat(bytes);
    if (fmt === 'eml' || fmt === 'msg') yield { kind: 'message', file, index: index++, folder: name, bytes, skipIfNotMail: true };
    else yield { kind: 'message', file, index: index++, folder: name, skipped: fmt === 'mbox' ? `zip entry ${name} is an mbox (unpack it to scan)` : `zip entry ${name}: not mail` };
  }
  if (names.length === 0) yield { kind: 'message', file, index: 0, skipped: 'zip holds no file' };
}

/**
 * The tasks for the walked entries, in walk order: every file as its path (a worker reads it, and
 * answers for a large container that it must be read here: {@link containerTasks}). This thread
 * never opens a file before a worker has said it is a container.
 */
export function* scanTasks(entries: readonly WalkEntry[]): Generator<ScanTask> {
  for (const e of entries) yield e.error !== undefined ? { kind: 'file', file: e.file, error: e.error } : { kind: 'file', file: e.file };
}

/**
 * A container's messages, read here one at a time and only as fast as the workers take them, so
 * a mailbox of any size is held one message at a time.
 */
export function containerTasks(file: string, kind: ContainerKind): AsyncGenerator<ScanTask> {
  return kind === 'mbox' ? mboxPieces(file) : kind === 'pst' ? pstPieces(file) : zipPieces(file);
}

/** One task's answer: a file's records or its container kind, or a message's records. Never rejects. */
export function scanTask(task: ScanTask, engine: ScanEngine, opts: ScanFileOptions): Promise<FileScan> {
  if (task.kind === 'message') return scanMessage(task, engine).then((records) => ({ records }));
  if (task.error !== undefined) return Promise.resolve({ records: [{ file: task.file, index: 0, multi: false, error: task.error }] });
  return scanFile(task.file, engine, opts);
}
