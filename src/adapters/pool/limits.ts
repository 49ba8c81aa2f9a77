/**
 * The per-task limits the worker pool enforces, and the knobs that tune its throughput. Every
 * limit is named here and can be overridden (CLI flags, environment, or {@link PoolOptions}).
 */

/**
 * Wall-clock time one task (one file, or one message handed out from an archive) may take in its
 * worker: parse, inspection and evaluation together. Real mail takes milliseconds; a 256 MB mbox
 * a few tens of seconds. Past this, the worker is terminated and the task gets an error record.
 */
export const DEFAULT_TASK_TIMEOUT_MS = 60_000;

/**
 * V8 old-generation heap of one worker, in MB (`resourceLimits.maxOldGenerationSizeMb`). A
 * worker that needs more is stopped by V8 and its task gets an error record; the scan goes on.
 * Attachment bytes live outside this heap (Buffers); the parsers' own caps bound those.
 */
export const DEFAULT_MAX_HEAP_MB = 1024;

/** Tasks sent to a worker in one message, so small files do not pay one round trip each. */
export const MAX_BATCH_TASKS = 32;

/** A batch stops growing once the tasks' known sizes add up to this (large files go alone). */
export const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Tasks taken from the source but not yet delivered, per worker. This caps memory (results held
 * for in-order delivery, byte tasks waiting) while keeping every worker busy.
 */
export const PENDING_TASKS_PER_WORKER = 4 * MAX_BATCH_TASKS;

/** A pool whose workers die this many times in a row before finishing any task is broken (a bad build), not fed bad input. */
export const MAX_STARTUP_FAILURES = 3;

export interface PoolLimits {
  /** See {@link DEFAULT_TASK_TIMEOUT_MS}. */
  taskTimeoutMs: number;
  /** See {@link DEFAULT_MAX_HEAP_MB}. */
  maxHeapMb: number;
}

export const DEFAULT_POOL_LIMITS: Readonly<PoolLimits> = { taskTimeoutMs: DEFAULT_TASK_TIMEOUT_MS, maxHeapMb: DEFAULT_MAX_HEAP_MB };

/** Smallest heap V8 can start a worker with and still load our code. */
export const MIN_HEAP_MB = 16;

/**
 * Which limit stopped a task: its time, its heap, or its worker died some other way (a crash, a
 * script that would not load). Browsers' Web Workers have no heap limit, so there it is never 'heap'.
 */
export type LimitKind = 'time' | 'heap' | 'worker';

/** The error text a stopped task gets, naming the limit and its value (the same in the CLI and the pane). */
export function limitExceededText(kind: LimitKind, limits: Partial<PoolLimits>, detail = ''): string {
  switch (kind) {
    case 'time':
      return `time limit exceeded: still running after ${Math.round(limits.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS) / 1000} s`;
    case 'heap':
      return `heap limit exceeded: needed more than ${limits.maxHeapMb ?? DEFAULT_MAX_HEAP_MB} MB`;
    case 'worker':
      return `worker failed: ${detail}`;
  }
}
