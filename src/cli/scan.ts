/**
 * The scan itself: walk the paths, read each file, parse it into messages, evaluate each one,
 * and hand the records to the caller in a deterministic order.
 *
 * Each file is scanned in a worker of the pool (src/adapters/pool/, started by main.ts through
 * scan-worker.ts) with a time and heap limit; this module is what a worker runs for one task.
 * Records are released strictly in walk order, so two runs over the same tree print the same
 * bytes.
 */
import { promises as fsp, constants as fsConstants } from 'fs';
import * as path from 'path';
import type { NormalisedMessage, Verdict } from '../engine/types';
import type { ScanRecord } from './format';

/** What the file adapter returns for each message found in a file. */
export interface ParsedItem {
  index: number;
  message?: NormalisedMessage;
  error?: string;
}

/** The two steps the scan needs, injected so the bench can time exactly what the CLI runs. */
export interface ScanEngine {
  parse(bytes: Uint8Array): Promise<ParsedItem[]>;
  evaluate(message: NormalisedMessage): Verdict;
}

/**
 * Files above this are reported as not checked rather than read: a mail file this large is
 * almost always a whole mailbox export, and with a file in flight per worker the CLI could
 * otherwise need gigabytes. Split the mbox to scan it.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A file to scan, or a place in the tree we could not read (reported as an error record). */
export interface WalkEntry {
  /** The path as the user will see it (their argument joined with the relative path). */
  file: string;
  error?: string;
  /** Size from the walk's stat; lets the worker pool batch small files together. */
  size?: number;
}

/**
 * One message handed out as its container is read (an mbox or PST message), rather than a file
 * the worker reads itself. `index` is its position in the container.
 */
export interface MessageTask {
  file: string;
  index: number;
  bytes: Uint8Array;
}

/** What a scan worker is given: a file path (from the walk) or one message's bytes. */
export type ScanTask = WalkEntry | MessageTask;

export function taskSize(task: ScanTask): number | undefined {
  return 'bytes' in task ? task.bytes.length : task.size;
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
 * loops end. FIFOs, sockets and devices are skipped: reading a FIFO would block forever.
 */
export async function walkPaths(paths: readonly string[]): Promise<WalkResult> {
  const entries: WalkEntry[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();

  async function walkDir(dir: string): Promise<void> {
    let real: string;
    try {
      real = await fsp.realpath(dir);
    } catch (e) {
      entries.push({ file: dir, error: `cannot read directory: ${errorText(e)}` });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = (await fsp.readdir(dir)).sort(byName);
    } catch (e) {
      entries.push({ file: dir, error: `cannot read directory: ${errorText(e)}` });
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      let st;
      try {
        st = await fsp.stat(p);
      } catch (e) {
        // A dangling link or a file removed mid-walk: say so rather than silently skip it.
        entries.push({ file: p, error: `cannot read: ${errorText(e)}` });
        continue;
      }
      if (st.isDirectory()) await walkDir(p);
      else if (st.isFile()) entries.push({ file: p, size: st.size });
    }
  }

  for (const arg of paths) {
    let st;
    try {
      st = await fsp.stat(arg);
    } catch (e) {
      problems.push(`${arg}: ${errorText(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      try {
        await fsp.access(arg, fsConstants.R_OK | fsConstants.X_OK);
      } catch (e) {
        problems.push(`${arg}: ${errorText(e)}`);
        continue;
      }
      await walkDir(arg);
    } else if (st.isFile()) {
      try {
        await fsp.access(arg, fsConstants.R_OK);
      } catch (e) {
        problems.push(`${arg}: ${errorText(e)}`);
        continue;
      }
      entries.push({ file: arg, size: st.size });
    } else {
      problems.push(`${arg}: not a regular file or directory`);
    }
  }
  return { entries, problems };
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

/** Every message in one file as records; never rejects. */
export async function scanFile(entry: WalkEntry, engine: ScanEngine): Promise<ScanRecord[]> {
  const fail = (error: string): ScanRecord[] => [{ file: entry.file, index: 0, multi: false, error }];
  if (entry.error !== undefined) return fail(entry.error);
  let bytes: Uint8Array;
  try {
    const st = await fsp.stat(entry.file);
    if (st.size > MAX_FILE_BYTES) {
      return fail(`file is ${st.size} bytes, above the ${MAX_FILE_BYTES}-byte limit; not checked (split large mailboxes)`);
    }
    bytes = await fsp.readFile(entry.file);
  } catch (e) {
    return fail(`cannot read: ${errorText(e)}`);
  }
  return scanBytes(entry.file, bytes, engine);
}

/**
 * Every message in one file's bytes as records; never rejects. With `at`, the bytes are one
 * message from a container (an mbox handed out message by message): its records carry that index.
 */
export async function scanBytes(file: string, bytes: Uint8Array, engine: ScanEngine, at?: number): Promise<ScanRecord[]> {
  const fail = (error: string): ScanRecord[] => [{ file, index: at ?? 0, multi: at !== undefined, error }];
  let items: ParsedItem[];
  try {
    items = await engine.parse(bytes);
  } catch (e) {
    return fail(`parser failed: ${errorText(e)}`);
  }
  if (items.length === 0) return fail('no message found in the file');
  const multi = at !== undefined || items.length > 1;
  return items.map((item): ScanRecord => {
    const base = { file, index: at ?? item.index, multi };
    if (!item.message) return { ...base, error: item.error ?? 'could not be parsed' };
    if (!isRecognisableMail(item.message)) return { ...base, error: 'not an email message: no mail header (From, Date, Received, …) found' };
    try {
      return { ...base, verdict: engine.evaluate(item.message) };
    } catch (e) {
      // The engine promises not to throw; if it ever does, the message is unchecked, not clean.
      return { ...base, error: `engine failed: ${errorText(e)}` };
    }
  });
}

/** One task's records: a file read here, or a message's bytes handed over. Never rejects. */
export function scanTask(task: ScanTask, engine: ScanEngine): Promise<ScanRecord[]> {
  return 'bytes' in task ? scanBytes(task.file, task.bytes, engine, task.index) : scanFile(task, engine);
}
