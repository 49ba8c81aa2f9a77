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
 *
 * Expansion: a delivery may turn its task into more tasks ({@link WorkerPool.expand}): the scan
 * hands every file to a worker, and a worker that finds a large mailbox answers "read me as a
 * container", so the main thread streams that file's messages through the pool at that point of
 * the output, ahead of the files queued behind it. The main thread never opens a file that is
 * not a container.
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

/** One run's outcomes waiting for in-order delivery: the top-level run, or an expansion of one of its tasks. */
type Lane<T, R> = Map<number, { outcome: PoolOutcome<R>; task: T }>;

interface Queued<T, R> {
  seq: number;
  task: T;
  lane: Lane<T, R>;
  /** From an expansion: dispatched before the top-level queue, whose delivery is waiting on it. */
  urgent: boolean;
}

interface Slot<T, R> {
  worker: Worker;
  state: Int32Array;
  ready: boolean;
  dead: boolean;
  batch: Queued<T, R>[] | null;
}

export class WorkerPool<I, T, R> {
  private readonly limits: PoolLimits;
  private readonly jobs: number;
  private readonly maxBatchTasks: number;
  private readonly maxBatchBytes: number;
  private readonly pendingCap: number;
  /** Base of the worker clocks: state holds ms since this, so it fits an Int32 (24 days). */
  private readonly epoch = Date.now();
  private readonly slots: Slot<T, R>[] = [];
  /** Tasks of expansions (taken first), then the top-level run's tasks. */
  private urgent: Queued<T, R>[] = [];
  private queue: Queued<T, R>[] = [];
  /** Every run waiting for an outcome (the top-level run and any expansion in progress). */
  private readonly waiters = new Set<() => void>();
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
    this.startSweeper();
    try {
      await this.drive(source, deliver, false);
    } finally {
      this.running = false;
      this.stopSweeper();
    }
  }

  /**
   * Runs more tasks in place of the one being delivered: call it from `deliver` (and await it).
   * The new tasks are dispatched before anything still queued, and each is delivered, in order,
   * before `run` delivers the next top-level task, so the output order is the same as if the
   * source had yielded them there. Back-pressure and limits are as for `run`.
   */
  async expand(source: Iterable<T> | AsyncIterable<T>, deliver: (outcome: PoolOutcome<R>, task: T) => void | Promise<void>): Promise<void> {
    if (!this.running) throw new Error('WorkerPool.expand() outside a delivery of run()');
    await this.drive(source, deliver, true);
  }

  private async drive(source: Iterable<T> | AsyncIterable<T>, deliver: (outcome: PoolOutcome<R>, task: T) => void | Promise<void>, urgent: boolean): Promise<void> {
    const asyncIt = (source as AsyncIterable<T>)[Symbol.asyncIterator]?.();
    const syncIt = asyncIt ? undefined : (source as Iterable<T>)[Symbol.iterator]();
    const lane: Lane<T, R> = new Map();
    let pulled = 0;
    let delivered = 0;
    let exhausted = false;
    for (;;) {
      while (!exhausted && pulled - delivered < this.pendingCap) {
        const next = asyncIt ? await asyncIt.next() : (syncIt as Iterator<T>).next();
        if (next.done) exhausted = true;
        else (urgent ? this.urgent : this.queue).push({ seq: pulled++, task: next.value, lane, urgent });
      }
      this.dispatch();
      if (this.fatal) throw this.fatal;
      if (exhausted && delivered === pulled) return;
      let ready = lane.get(delivered);
      if (!ready) {
        await new Promise<void>((resolve) => this.waiters.add(resolve));
        continue;
      }
      while (ready) {
        lane.delete(delivered);
        delivered++;
        const p = deliver(ready.outcome, ready.task);
        if (p) await p;
        ready = lane.get(delivered);
      }
    }
  }

  /** Wakes every run waiting for an outcome (each checks its own lane). */
  private notify(): void {
    if (this.waiters.size === 0) return;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w();
  }

  /** Stops every worker. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopSweeper();
    await Promise.all(this.slots.map((s) => ((s.dead = true), s.worker.terminate())));
  }

  private spawn(): Slot<T, R> {
    const shared = new SharedArrayBuffer(STATE_BYTES);
    const boot: WorkerBoot<I> = { init: this.options.init, state: shared, epoch: this.epoch };
    const worker = new Worker(this.options.script, {
      workerData: boot,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb },
    });
    const slot: Slot<T, R> = { worker, state: new Int32Array(shared), ready: false, dead: false, batch: null };
    worker.on('message', (m: WorkerMessage<R>) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.fail(slot, 'heap', '');
      else this.fail(slot, 'worker', e.message);
    });
    worker.on('exit', (code) => this.fail(slot, 'worker', `exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot<T, R>, m: WorkerMessage<R>): void {
    if (slot.dead) return;
    if (m.t === 'ready') {
      slot.ready = true;
    } else {
      const batch = slot.batch ?? [];
      slot.batch = null;
      this.startupFailures = 0;
      for (let i = 0; i < batch.length; i++) {
        const q = batch[i] as Queued<T, R>;
        const r: TaskOutcome<R> | undefined = m.results[i];
        q.lane.set(q.seq, { outcome: r ?? { ok: false, error: 'the worker returned no result' }, task: q.task });
      }
    }
    this.dispatch();
    this.notify();
  }

  /** A worker stopped (or must be stopped): blame its current task, requeue the rest, replace it. */
  private fail(slot: Slot<T, R>, kind: PoolLimitKind, detail: string): void {
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
      if (culprit) culprit.lane.set(culprit.seq, { outcome: { ok: false, error: limitExceededText(kind, this.limits, detail), limit: kind }, task: culprit.task });
      const rest = batch.filter((q) => q !== culprit);
      this.urgent = [...rest.filter((q) => q.urgent), ...this.urgent];
      this.queue = [...rest.filter((q) => !q.urgent), ...this.queue];
    }
    const at = this.slots.indexOf(slot);
    if (at >= 0 && !this.fatal) this.slots[at] = this.spawn();
    this.dispatch();
    this.notify();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      const queued = this.urgent.length + this.queue.length;
      if (queued === 0) return;
      if (!slot.ready || slot.dead || slot.batch) continue;
      // Share what is queued among the workers, so the tail of a run stays balanced. An
      // expansion's tasks go first: the top-level delivery is waiting for them.
      const want = Math.min(this.maxBatchTasks, Math.max(1, Math.floor(queued / (2 * this.jobs))));
      const batch: Queued<T, R>[] = [];
      let bytes = 0;
      let full = false;
      for (const from of [this.urgent, this.queue]) {
        while (!full && batch.length < want && from.length > 0) {
          const size = this.options.sizeOf?.((from[0] as Queued<T, R>).task) ?? 0;
          if (batch.length > 0 && bytes + size > this.maxBatchBytes) full = true;
          else {
            bytes += size;
            batch.push(from.shift() as Queued<T, R>);
          }
        }
      }
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
