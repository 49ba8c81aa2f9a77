/**
 * The limits a checking Web Worker runs under. The names and defaults are the CLI pool's
 * (../pool/limits.ts), so a file the CLI finishes within its limit, the preview and the pane
 * finish too, and a file stopped in one is stopped, and named, in the other.
 *
 * No heap limit: browsers give a Web Worker no memory limit we can set (there is no
 * `resourceLimits` outside Node), and we do not pretend to have one. What bounds memory in the
 * browser is the file adapter's own caps, the same as in the CLI: the size of a message it will
 * read, the per-message inspection budget (bytes decompressed and inspected), archive entry
 * and nesting caps, and the .msg reader's checks of declared sizes before it allocates. A worker
 * that the browser stops anyway (out of memory, a crash) gives its file an error record naming
 * the worker, and the next file gets a fresh worker.
 */
import { DEFAULT_TASK_TIMEOUT_MS, MAX_STARTUP_FAILURES, type PoolLimits } from '../pool/limits';

export { DEFAULT_TASK_TIMEOUT_MS, MAX_STARTUP_FAILURES };

/** The limits a Web Worker can enforce: wall-clock time per file (see {@link DEFAULT_TASK_TIMEOUT_MS}). */
export type WebWorkerLimits = Pick<PoolLimits, 'taskTimeoutMs'>;

export const DEFAULT_WEB_WORKER_LIMITS: Readonly<WebWorkerLimits> = { taskTimeoutMs: DEFAULT_TASK_TIMEOUT_MS };

/** Bounds of an overridden time limit, in seconds, as the CLI's --file-timeout accepts them. */
export const MIN_FILE_TIMEOUT_S = 0.001;
export const MAX_FILE_TIMEOUT_S = 86_400;

/**
 * Reads a `file-timeout` override (seconds, as the CLI's --file-timeout) from a query string
 * such as the page's `location.search`. Gives nothing when absent, malformed or out of bounds,
 * so a mistyped value leaves the default in force rather than removing the limit.
 */
export function fileTimeoutFromQuery(search: string): Partial<WebWorkerLimits> {
  const raw = new URLSearchParams(search).get('file-timeout');
  if (raw === null || !/^\d+(\.\d+)?$/.test(raw.trim())) return {};
  const s = Number(raw);
  if (!(s >= MIN_FILE_TIMEOUT_S && s <= MAX_FILE_TIMEOUT_S)) return {};
  return { taskTimeoutMs: s * 1000 };
}
