/**
 * What the pool and its workers say to each other. Kept tiny: the main thread pays for every
 * message it receives, so results travel in batches and the "which task is running since when"
 * signal the timeout needs is shared memory the worker writes and the main thread only reads.
 */

/** What every worker is started with (`workerData`). */
export interface WorkerBoot<I> {
  /** Caller's set-up data (for the scan: the merged pack, the policy and the output options). */
  init: I;
  /**
   * Two Int32 slots, written with Atomics: [{@link STATE_TASK}] the current task's position in
   * its batch, or -1 between tasks; [{@link STATE_STARTED}] when it started, in ms since `epoch`.
   * The worker writes the start before the position, the pool reads the position first, so a
   * position is never paired with an older start (which could look like an overrun).
   */
  state: SharedArrayBuffer;
  /** The pool's Date.now() base for STATE_STARTED. */
  epoch: number;
}

export const STATE_TASK = 0;
export const STATE_STARTED = 1;
export const STATE_BYTES = 2 * Int32Array.BYTES_PER_ELEMENT;

/** Main → worker: run these tasks, in order. */
export interface BatchMessage<T> {
  t: 'batch';
  tasks: T[];
}

/** One task's outcome; a handler that throws gives `ok: false` (the worker itself goes on). */
export type TaskOutcome<R> = { ok: true; value: R } | { ok: false; error: string };

/** Worker → main. */
export type WorkerMessage<R> = { t: 'ready' } | { t: 'done'; results: TaskOutcome<R>[] };
