/**
 * `mirrorface-guard` entry point: argv, files, stdout/stderr and the exit code. Everything that
 * can be decided without I/O lives in args.ts, format.ts and extras.ts.
 */
import { once } from 'events';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { WorkerPool, type PoolOutcome } from '../adapters/pool';
import type { Level, Pack, Policy } from '../engine/types';
import { HELP_TEXT, parseArgs, reachesFailOn, type ScanOptions } from './args';
import { EMBEDDED_PACK } from './engine-wiring';
import { loadExtras, type ExtraFile } from './extras';
import { EXPORT_HELP, parseExportArgs, writeExport } from './export';
import { csvHeader, emptyLegend, emptySummary, formatLegend, formatSummary, type ScanSummary } from './format';
import { recordContext } from './record';
import { absorb, renderRecords, type RenderOptions } from './render';
import { containerTasks, scanTasks, sniffFile, taskSize, walkPaths, type ContainerKind, type ScanTask } from './scan';
import type { RenderedBytes, ScanReply, ScanWorkerInit } from './scan-worker';
import { createProgress } from './progress';
import { defaultCheckConfigIo, runCheckConfig } from './check-config';

/** Replaced by scripts/build-cli.js with the package version. */
const VERSION = process.env.MFG_VERSION ?? 'development';

function fail(message: string): number {
  process.stderr.write(`mirrorface-guard: ${message}\n`);
  return 2;
}

/**
 * Largest --iocs / --pack file read. A national CERT feed of a million indicators is ~70 MB; a
 * bigger "list" is the wrong file (or /dev/zero), and reading it would exhaust memory first.
 */
export const MAX_EXTRA_FILE_BYTES = 128 * 1024 * 1024;

export async function readExtras(files: readonly string[]): Promise<{ files: ExtraFile[]; problems: string[] }> {
  const out: ExtraFile[] = [];
  const problems: string[] = [];
  for (const name of files) {
    try {
      const st = await fsp.stat(name);
      if (!st.isFile()) {
        problems.push(`${name}: not a regular file`);
        continue;
      }
      if (st.size > MAX_EXTRA_FILE_BYTES) {
        problems.push(`${name}: ${st.size} bytes, above the ${MAX_EXTRA_FILE_BYTES}-byte limit for indicator files`);
        continue;
      }
      out.push({ name, text: await fsp.readFile(name, 'utf8') });
    } catch (e) {
      problems.push(`${name}: cannot read (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((e as NodeJS.ErrnoException).code ?? String(e))})`);
    }
  }
  return { files: out, problems };
}

/** The worker script, bundled beside build/cli.js by scripts/build-cli.js. */
export const SCAN_WORKER_SCRIPT = path.join(__dirname, 'scan-worker.js');

/** The flag that sets each pool limit, named in the file's error record. */
const LIMIT_FLAG = { time: ' (--file-timeout)', heap: ' (--max-heap-mb)', worker: '' } as const;

/** Writes and waits when the pipe is full, so a slow reader bounds our memory. */
async function writeOut(text: string): Promise<void> {
  if (text.length > 0 && !process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Output gathered before one write: the records of every result ready at the same moment. */
const OUTPUT_BUFFER_BYTES = 64 * 1024;

interface ProgressLike {
  beforeOutput(): void;
}

/**
 * Records are written in one `write` per burst rather than one per file: the results that are
 * ready together (a worker answers a batch of files at once) are joined and written at the end
 * of the turn, or as soon as 64 kB are waiting. The workers send UTF-8 bytes, so nothing is
 * encoded here. A full pipe still holds back the scan: the next delivery waits for it to drain.
 */
function bufferedOutput(): { write(bytes: Uint8Array, progress: ProgressLike): void | Promise<void>; flush(progress: ProgressLike): Promise<void> } {
  let pending: Uint8Array[] = [];
  let size = 0;
  let scheduled = false;
  let draining: Promise<void> | null = null;
  const flushNow = (progress: ProgressLike): void => {
    scheduled = false;
    if (size === 0) return;
    const bytes = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    progress.beforeOutput();
    if (!process.stdout.write(bytes)) draining = once(process.stdout, 'drain').then(() => void (draining = null));
  };
  const write = (bytes: Uint8Array, progress: ProgressLike): void | Promise<void> => {
    if (draining) return draining.then(() => write(bytes, progress));
    if (bytes.length === 0) return;
    pending.push(bytes);
    size += bytes.length;
    if (size >= OUTPUT_BUFFER_BYTES) flushNow(progress);
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => flushNow(progress));
    }
    return draining ?? undefined;
  };
  return {
    write,
    async flush(progress) {
      if (draining) await draining;
      flushNow(progress);
      if (draining) await draining;
    },
  };
}

async function scan(options: ScanOptions): Promise<number> {
  const started = Date.now();
  // Every extra file is read and validated before the first message is touched: scanning with a
  // half-loaded pack would report "nothing found" for indicators the admin thinks are active.
  const iocs = await readExtras(options.iocs);
  const packs = await readExtras(options.packs);
  const readProblems = [...iocs.problems, ...packs.problems];
  if (readProblems.length > 0) return fail(`cannot load indicators; nothing was scanned:\n  ${readProblems.join('\n  ')}`);
  const loaded = loadExtras(EMBEDDED_PACK, iocs.files, packs.files);
  if ('errors' in loaded) return fail(`invalid --iocs/--pack file; nothing was scanned:\n  ${loaded.errors.join('\n  ')}`);
  const pack: Pack = loaded.pack;
  for (const note of loaded.notes) process.stderr.write(`mirrorface-guard: note: ${note}\n`);
  const policy: Policy = { trustedDomains: options.trustedDomains, protectedDomains: options.protectedDomains };

  const walk = await walkPaths(options.paths);
  if (walk.problems.length > 0) return fail(`cannot scan:\n  ${walk.problems.join('\n  ')}`);

  const summary = emptySummary();
  summary.files = walk.entries.length;
  let threat = false;
  const progress = createProgress(process.stderr, walk.entries.length, Boolean(process.stdout.isTTY));
  const ctx = recordContext(pack, options.lang);
  const legend = emptyLegend();
  const skippedNotes: string[] = [];
  const render: RenderOptions = { format: options.format, lang: options.lang, minLevel: options.minLevel, showAll: options.showAll };
  const reaches = (level: Level): boolean => reachesFailOn(level, options.failOn);
  if (options.format === 'csv') await writeOut(csvHeader());

  // Every file (and every message of a container) is parsed, inspected and evaluated in a worker
  // with a time and heap limit; the workers also render the records, so this thread walks,
  // streams the containers a worker points it to, concatenates text and counts.
  const pool = new WorkerPool<ScanWorkerInit, ScanTask, ScanReply>({
    script: SCAN_WORKER_SCRIPT,
    init: { pack, policy, render, files: { unzip: options.unzip } },
    jobs: options.jobs,
    limits: { taskTimeoutMs: options.fileTimeoutMs, maxHeapMb: options.maxHeapMb },
    sizeOf: taskSize,
  });
  const output = bufferedOutput();
  let done = 0;
  /** The container whose messages, streamed from here, take this task's place, if any. */
  const containerOf = (outcome: PoolOutcome<ScanReply>, task: ScanTask): ContainerKind | undefined => {
    // A large mailbox, a .pst or a --unzip'ed .zip.
    if (outcome.ok) return 'container' in outcome.value ? outcome.value.container : undefined;
    // A small mbox is checked in one task; one of its messages hit a limit, so check each on its own.
    if (outcome.limit && task.kind === 'file' && task.error === undefined && sniffFile(task.file, options.unzip) === 'mbox') return 'mbox';
    return undefined;
  };
  const deliver = (outcome: PoolOutcome<ScanReply>, task: ScanTask): void | Promise<void> => {
    const container = containerOf(outcome, task);
    if (container) return pool.expand(containerTasks(task.file, container), deliver).then(() => progress.update(++done));
    let rendered: RenderedBytes;
    if (outcome.ok) rendered = outcome.value as RenderedBytes;
    else {
      // The worker was stopped (or its handler failed): the file or message gets an error record naming why.
      const error = outcome.limit ? `${outcome.error}${LIMIT_FLAG[outcome.limit]}` : `scan failed: ${outcome.error}`;
      const where = task.kind === 'message' ? { index: task.index, multi: true, ...(task.folder !== undefined ? { folder: task.folder } : {}) } : { index: 0, multi: false };
      const text = renderRecords([{ file: task.file, ...where, error }], ctx, render);
      rendered = { ...text, out: Buffer.from(text.out, 'utf8') };
    }
    if (absorb(rendered, summary, legend, skippedNotes, reaches)) threat = true;
    if (task.kind === 'file') progress.update(++done);
    return output.write(rendered.out, progress);
  };
  try {
    await pool.run(scanTasks(walk.entries), deliver);
  } finally {
    await pool.close();
  }
  await output.flush(progress);
  progress.finish();
  summary.elapsedMs = Date.now() - started;
  // Notes about skipped files go to stderr in every format, so stdout stays records only.
  if (skippedNotes.length > 0) process.stderr.write(skippedNotes.map((n) => `mirrorface-guard: skipped ${n}\n`).join(''));
  // jsonl and CSV promise records only on stdout, so their summary goes to stderr.
  if (options.format !== 'text') process.stderr.write(formatSummary(summary, options.lang));
  else await writeOut('\n' + formatLegend(legend, pack, options.lang) + '\n' + formatSummary(summary, options.lang));
  return exitCode(threat, summary);
}

/**
 * 1 when a message reached --fail-on (the finding matters most), else 3 when something could
 * not be checked in full, else 0. Usage errors (2) never get this far.
 */
export function exitCode(threat: boolean, summary: Pick<ScanSummary, 'unchecked'>): number {
  if (threat) return 1;
  return summary.unchecked > 0 ? 3 : 0;
}

/** `export FORMAT …` (src/cli/export.ts): the same all-or-nothing loading of --iocs and --pack as scan. */
async function exportCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseExportArgs(argv);
  if (parsed.kind === 'help') {
    await writeOut(EXPORT_HELP);
    return 0;
  }
  if (parsed.kind === 'error') return fail(`${parsed.message}\nTry "mirrorface-guard export --help".`);
  const o = parsed.options;
  const iocs = await readExtras(o.iocs);
  const packs = await readExtras(o.packs);
  const problems = [...iocs.problems, ...packs.problems];
  if (problems.length > 0) return fail(`cannot load indicators; nothing was written:\n  ${problems.join('\n  ')}`);
  const loaded = loadExtras(EMBEDDED_PACK, iocs.files, packs.files);
  if ('errors' in loaded) return fail(`invalid --iocs/--pack file; nothing was written:\n  ${loaded.errors.join('\n  ')}`);
  for (const note of loaded.notes) process.stderr.write(`mirrorface-guard: note: ${note}\n`);
  return writeExport(loaded.pack, o, writeOut, (s) => process.stderr.write(s));
}

/** Runs the CLI and resolves to the exit code; never rejects. */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'check-config') return runCheckConfig(argv.slice(1), defaultCheckConfigIo(writeOut));
  if (argv[0] === 'export') {
    try {
      return await exportCommand(argv.slice(1));
    } catch (e) {
      return fail(`export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const parsed = parseArgs(argv, process.env);
  switch (parsed.kind) {
    case 'help':
      await writeOut(HELP_TEXT);
      return 0;
    case 'version':
      await writeOut(`mirrorface-guard ${VERSION} (pack ${EMBEDDED_PACK.version})\n`);
      return 0;
    case 'error':
      return fail(`${parsed.message}\nTry "mirrorface-guard scan --help".`);
    case 'scan':
      try {
        return await scan(parsed.options);
      } catch (e) {
        // Only our own bugs get here (per-file failures become records); say so, exit as usage/I-O.
        return fail(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
  }
}

/** Used by bin/mirrorface-guard.js; sets the exit code rather than exiting, so stdout drains. */
export function main(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): stop quietly, as other Unix tools do.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
