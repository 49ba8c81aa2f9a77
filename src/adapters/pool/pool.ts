/**
 * A pool of `worker_threads` workers that runs tasks (files to scan, or messages handed out as an
 * archive is read) with a wall-clock limit and a heap limit per task, and delivers the outcomes
 * strictly in the order the tasks came in.
 *
 * Isolation: a worker whose task overruns the time limit is terminated (terminate() stops even a
 * loop that never yields); one that runs out of heap is stopped by V8 (`resourceLimits`). Either
 * way that task, and only that task, gets an error outcome naming the limit; the other tasks of
 * its batch go back to the front of the queue, and a fresh worker takes the dead one's place.
 *
 * Throughput: the main thread only moves task descriptions (a path, or bytes) and result
 * batches. Workers read files themselves, get tasks in batches (one message for up to
 * {@link MAX_BATCH_TASKS} small files), set up once (the pack is compiled once per worker), and
 * report progress through shared memory instead of messages. The source is pulled only while
 * fewer than `pendingPerWorker × jobs` tasks are undelivered, so a slow consumer (a full stdout
 * pipe) holds back reading, and memory stays bounded whatever the input size.
 */
import { Worker } from 'worker_threads';
import {
  DEFAULT_MAX_HEAP_MB,
  DEFAULT_TASK_TIMEOUT_MS,
  limitExceededText,
  MAX_BATCH_BYTES,
  MAX_BATCH_TASKS,
  MAX_STARTUP_FAILURES,
  MIN_HEAP_MB,
  PENDING_TASKS_PER_WORKER,
  type LimitKind,
  type PoolLimits,
} from './limits';
import { STATE_BYTES, STATE_STARTED, STATE_TASK, type BatchMessage, type TaskOutcome, type WorkerBoot, type WorkerMessage } from './protocol';

/** Which limit stopped a task (see {@link LimitKind}). */
export type PoolLimitKind = LimitKind;

/**
 * A task's outcome. `ok: false` without `limit` means the task's own handler threw; with
 * `limit`, the pool stopped the task (the message says which limit and its value).
 */
export type PoolOutcome<R> = { ok: true; value: R } | { ok: false; error: string; limit?: PoolLimitKind };

export interface PoolOptions<I, T> {
  /** The worker script (a bundled .js file that calls serveTasks()). */
  script: string;
  /** Sent once to each worker's set-up function. Structured-cloned per worker. */
  init: I;
  /** Workers running at once (at least 1). */
  jobs: number;
  limits?: Partial<PoolLimits>;
  /** A task's size in bytes when known (file size, buffer length); guides batching. */
  sizeOf?: (task: T) => number | undefined;
  maxBatchTasks?: number;
  maxBatchBytes?: number;
  pendingPerWorker?: number;
}

interface Queued<T> {
  seq: number;
  task: T;
}

interface Slot<T> {
  worker: Worker;
  state: Int32Array;
  ready: boolean;
  dead: boolean;
  batch: Queued<T>[] | null;
}

export class WorkerPool<I, T, R> {
  private readonly limits: PoolLimits;
  private readonly jobs: number;
  private readonly maxBatchTasks: number;
  private readonly maxBatchBytes: number;
  private readonly pendingCap: number;
  /** Base of the worker clocks: state holds ms since this, so it fits an Int32 (24 days). */
  private readonly epoch = Date.now();
  private readonly slots: Slot<T>[] = [];
  private queue: Queued<T>[] = [];
  private readonly done = new Map<number, { outcome: PoolOutcome<R>; task: T }>();
  private wake: (() => void) | null = null;
  private fatal: Error | null = null;
  private startupFailures = 0;
  private closed = false;
  private running = false;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly options: PoolOptions<I, T>) {
    this.limits = {
      taskTimeoutMs: options.limits?.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
      maxHeapMb: Math.max(MIN_HEAP_MB, options.limits?.maxHeapMb ?? DEFAULT_MAX_HEAP_MB),
    };
    this.jobs = Math.max(1, Math.floor(options.jobs));
    this.maxBatchTasks = Math.max(1, options.maxBatchTasks ?? MAX_BATCH_TASKS);
    this.maxBatchBytes = Math.max(1, options.maxBatchBytes ?? MAX_BATCH_BYTES);
    this.pendingCap = this.jobs * Math.max(1, options.pendingPerWorker ?? PENDING_TASKS_PER_WORKER);
    for (let i = 0; i < this.jobs; i++) this.slots.push(this.spawn());
  }

  /** The limits in force (after defaults and the minimum heap). */
  get effectiveLimits(): Readonly<PoolLimits> {
    return this.limits;
  }

  /**
   * Runs every task from `source` and calls `deliver` once per task, in source order. `deliver`
   * may return a promise (waiting for a pipe to drain); no further task is pulled meanwhile
   * beyond the pending cap. Rejects only if workers cannot start at all, or `deliver` throws.
   */
  async run(source: Iterable<T> | AsyncIterable<T>, deliver: (outcome: PoolOutcome<R>, task: T) => void | Promise<void>): Promise<void> {
    if (this.closed) throw new Error('WorkerPool.run() after close()');
    if (this.running) throw new Error('WorkerPool.run() is already running');
    this.running = true;
    const asyncIt = (source as AsyncIterable<T>)[Symbol.asyncIterator]?.();
    const syncIt = asyncIt ? undefined : (source as Iterable<T>)[Symbol.iterator]();
    let pulled = 0;
    let delivered = 0;
    let exhausted = false;
    this.startSweeper();
    try {
      for (;;) {
        while (!exhausted && pulled - delivered < this.pendingCap) {
          const next = asyncIt ? await asyncIt.next() : (syncIt as Iterator<T>).next();
          if (next.done) exhausted = true;
          else this.queue.push({ seq: pulled++, task: next.value });
        }
        this.dispatch();
        if (this.fatal) throw this.fatal;
        if (exhausted && delivered === pulled) return;
        let ready = this.done.get(delivered);
        if (!ready) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = null;
          continue;
        }
        while (ready) {
          this.done.delete(delivered);
          delivered++;
          const p = deliver(ready.outcome, ready.task);
          if (p) await p;
          ready = this.done.get(delivered);
        }
      }
    } finally {
      this.running = false;
      this.stopSweeper();
    }
  }

  /** Stops every worker. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopSweeper();
    await Promise.all(this.slots.map((s) => ((s.dead = true), s.worker.terminate())));
  }

  private spawn(): Slot<T> {
    const shared = new SharedArrayBuffer(STATE_BYTES);
    const boot: WorkerBoot<I> = { init: this.options.init, state: shared, epoch: this.epoch };
    const worker = new Worker(this.options.script, {
      workerData: boot,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb },
    });
    const slot: Slot<T> = { worker, state: new Int32Array(shared), ready: false, dead: false, batch: null };
    worker.on('message', (m: WorkerMessage<R>) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.fail(slot, 'heap', '');
      else this.fail(slot, 'worker', e.message);
    });
    worker.on('exit', (code) => this.fail(slot, 'worker', `exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot<T>, m: WorkerMessage<R>): void {
    if (slot.dead) return;
    if (m.t === 'ready') {
      slot.ready = true;
    } else {
      const batch = slot.batch ?? [];
      slot.batch = null;
      this.startupFailures = 0;
      for (let i = 0; i < batch.length; i++) {
        const q = batch[i] as Queued<T>;
        const r: TaskOutcome<R> | undefined = m.results[i];
        this.done.set(q.seq, { outcome: r ?? { ok: false, error: 'the worker returned no result' }, task: q.task });
      }
    }
    this.dispatch();
    this.wake?.();
  }

  /** A worker stopped (or must be stopped): blame its current task, requeue the rest, replace it. */
  private fail(slot: Slot<T>, kind: PoolLimitKind, detail: string): void {
    if (slot.dead || this.closed) return;
    slot.dead = true;
    const position = Atomics.load(slot.state, STATE_TASK);
    void slot.worker.terminate();
    const batch = slot.batch;
    slot.batch = null;
    if (!slot.ready) {
      this.startupFailures++;
      if (this.startupFailures >= MAX_STARTUP_FAILURES) {
        this.fatal = new Error(`worker could not start (${this.options.script}): ${detail || kind}`);
      }
    }
    if (batch) {
      const culprit = position >= 0 && position < batch.length ? batch[position] : undefined;
      if (culprit) this.done.set(culprit.seq, { outcome: { ok: false, error: limitExceededText(kind, this.limits, detail), limit: kind }, task: culprit.task });
      this.queue = [...batch.filter((q) => q !== culprit), ...this.queue];
    }
    const at = this.slots.indexOf(slot);
    if (at >= 0 && !this.fatal) this.slots[at] = this.spawn();
    this.dispatch();
    this.wake?.();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.dead || slot.batch) continue;
      // Share what is queued among the workers, so the tail of a run stays balanced.
      const want = Math.min(this.maxBatchTasks, Math.max(1, Math.floor(this.queue.length / (2 * this.jobs))));
      let bytes = 0;
      let n = 0;
      while (n < want && n < this.queue.length) {
        const size = this.options.sizeOf?.((this.queue[n] as Queued<T>).task) ?? 0;
        if (n > 0 && bytes + size > this.maxBatchBytes) break;
        bytes += size;
        n++;
      }
      const batch = this.queue.splice(0, n);
      slot.batch = batch;
      const msg: BatchMessage<T> = { t: 'batch', tasks: batch.map((q) => q.task) };
      slot.worker.postMessage(msg);
    }
  }

  private startSweeper(): void {
    const timeout = this.limits.taskTimeoutMs;
    if (!Number.isFinite(timeout) || timeout <= 0) return;
    // Checking is a few loads per worker; a tenth of the limit keeps the overrun small.
    const every = Math.min(250, Math.max(10, Math.floor(timeout / 10)));
    this.sweeper = setInterval(() => {
      const now = Date.now() - this.epoch;
      for (const slot of this.slots) {
        if (slot.dead || !slot.batch) continue;
        if (Atomics.load(slot.state, STATE_TASK) < 0) continue;
        if (now - Atomics.load(slot.state, STATE_STARTED) > timeout) this.fail(slot, 'time', '');
      }
    }, every);
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
