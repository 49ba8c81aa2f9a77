/**
 * Checks files in a dedicated Web Worker, one at a time, so a hostile file can never freeze the
 * page: its parse, inspection and evaluation run off the page's thread, under a wall-clock limit.
 * Attachments the Office adapter downloads one by one (Outlook's per-API path) are inspected, and
 * the message body it reads from Outlook is read into text and links, the same way: in the same
 * worker and queue, under the same limit.
 *
 * - A file that overruns the limit has its worker terminated (terminate() stops even a loop that
 *   never yields) and gets an error outcome naming the limit; the next file gets a fresh worker.
 * - A worker that dies (a crash, a script that cannot load) fails only the file it was on.
 *   Workers that die {@link MAX_STARTUP_FAILURES} times in a row before starting any file mean
 *   a broken build or page (a script the server or CSP refuses), not bad input: every later
 *   file then fails at once, naming why.
 * - The pack and policy go to each worker once, when it starts, not with every file.
 * - Outcomes come back in the order files were handed in (one worker, one file at a time).
 *
 * There is no heap limit in a browser; see ./limits.ts for what bounds memory instead.
 */
import { limitExceededText } from '../pool/limits';
import { DEFAULT_TASK_TIMEOUT_MS, MAX_STARTUP_FAILURES, type WebWorkerLimits } from './limits';
import type { InspectResult } from '../inspect';
import type { BodyParts, BodyReading } from '../files/body';
import type { Base64Content, OfficeAttachmentInput } from '../office/content';
import type { CheckedRecord, CheckInit, FromWorker, ToWorker } from './protocol';

/** The parts of a `Worker` we use (structural, so a test can stand in for the browser's). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((ev: { data: FromWorker }) => void) | null;
  onerror: ((ev: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror?: ((ev: unknown) => void) | null;
}

/** Which limit stopped a file: its time, or its worker (which crashed or would not start). */
export type WebLimitKind = 'time' | 'worker';

/**
 * One file's outcome. `ok: false` without `limit`: the check itself failed (the worker is fine);
 * with `limit`, the file was stopped, and `error` names the limit and its value.
 */
export type FileOutcome = { ok: true; records: CheckedRecord[] } | Stopped;

/** One attachment's outcome, with the same failures as a file's. */
export type InspectOutcome = { ok: true; result: InspectResult } | Stopped;

/** One Outlook body's outcome, with the same failures as a file's. */
export type BodyOutcome = { ok: true; result: BodyReading } | Stopped;

/** A task that did not finish: see {@link FileOutcome}. */
export type Stopped = { ok: false; error: string; limit?: WebLimitKind };

export interface CheckClientOptions {
  /** Starts a worker running serveChecks() (in the browser: spawnCheckWorker from ./spawn). */
  spawn: () => WorkerLike;
  /**
   * Sent to each worker once, before its first file. May be a promise (the settings still
   * loading): a worker can then be started (warm()) before it is known, and tasks wait for it.
   */
  init: CheckInit | Promise<CheckInit>;
  limits?: Partial<WebWorkerLimits>;
}

export class CheckWorkerClient {
  readonly limits: Readonly<WebWorkerLimits>;
  private worker: WorkerLike | null = null;
  /** Whether the current worker has started a file (so its death is the file's fault, not a start-up failure). */
  private workerStarted = false;
  private startupFailures = 0;
  private broken: string | null = null;
  private closed = false;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** The init, once known (null if its promise failed: a file then fails in the worker, naming why). */
  private init: CheckInit | null = null;
  private readonly initReady: Promise<void>;
  /** The worker that has been sent the init. */
  private initSentTo: WorkerLike | null = null;

  constructor(private readonly options: CheckClientOptions) {
    const t = options.limits?.taskTimeoutMs;
    this.limits = { taskTimeoutMs: t !== undefined && Number.isFinite(t) && t > 0 ? t : DEFAULT_TASK_TIMEOUT_MS };
    if (!(options.init instanceof Promise)) this.init = options.init;
    this.initReady = Promise.resolve(options.init).then(
      (init) => {
        this.init = init;
        if (this.worker) this.sendInit(this.worker);
      },
      () => undefined,
    );
  }

  /**
   * Checks one file (a Blob is read inside the worker; bytes are copied to it; base64 text is
   * copied and decoded there). Calls queue up: each file starts when the one before has finished.
   * Never rejects.
   */
  check(source: Blob | Uint8Array | Base64Content): Promise<FileOutcome> {
    return this.enqueue(
      (id) => ({ t: 'check', id, source }),
      (m) => (m.t === 'done' ? { ok: true, records: m.records } : undefined),
    );
  }

  /**
   * Inspects one attachment (its bytes, or its base64 text, decoded there, are copied to the
   * worker), queued with the files and under the same limit. Never rejects.
   */
  inspect(input: OfficeAttachmentInput): Promise<InspectOutcome> {
    return this.enqueue(
      (id) => ({ t: 'inspect', id, input }),
      (m) => (m.t === 'inspected' ? { ok: true, result: m.result } : undefined),
    );
  }

  /**
   * Reads one message body (Outlook's HTML and text) into text and links, queued with the files
   * and under the same limit. Never rejects.
   */
  readBody(body: BodyParts): Promise<BodyOutcome> {
    return this.enqueue(
      (id) => ({ t: 'body', id, body }),
      (m) => (m.t === 'body-read' ? { ok: true, result: m.result } : undefined),
    );
  }

  private enqueue<T extends { ok: true }>(request: (id: number) => ToWorker, answer: (m: FromWorker) => T | undefined): Promise<T | Stopped> {
    const run = this.queue.then(() => this.initReady).then(() => this.run(request, answer));
    this.queue = run;
    return run;
  }

  /**
   * Starts the worker now, if none is running, so that its scripts load and it takes the pack
   * before the first task arrives (the pane calls this while office.js starts: the first banner
   * waits on the body's read here). A worker that dies before its first task counts as a failure
   * to start, as in a task.
   */
  warm(): void {
    if (this.closed || this.broken || this.worker) return;
    let w: WorkerLike;
    try {
      w = this.startWorker();
    } catch {
      // The first task tries again and reports why.
      return;
    }
    w.onerror = (ev) => {
      ev?.preventDefault?.();
      if (this.worker === w) this.workerDied(ev?.message ? String(ev.message).slice(0, 200) : 'the worker stopped before its first task');
    };
  }

  /** Stops the worker. Files not yet finished, and later calls, get an error outcome. */
  close(): void {
    this.closed = true;
    this.abandon?.();
    this.dropWorker();
  }

  private abandon: (() => void) | null = null;

  private dropWorker(): void {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    w.onmessage = null;
    w.onerror = null;
    if ('onmessageerror' in w) w.onmessageerror = null;
    try {
      w.terminate();
    } catch {
      // already gone
    }
  }

  private startWorker(): WorkerLike {
    const w = this.options.spawn();
    this.worker = w;
    this.workerStarted = false;
    this.sendInit(w);
    return w;
  }

  /** Gives `w` the pack and policy, once, as soon as they are known: before any task is posted to it. */
  private sendInit(w: WorkerLike): void {
    if (!this.init || this.initSentTo === w) return;
    this.initSentTo = w;
    w.postMessage({ t: 'init', init: this.init });
  }

  private run<T extends { ok: true }>(request: (id: number) => ToWorker, answer: (m: FromWorker) => T | undefined): Promise<T | Stopped> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'the checker was closed before this file', limit: 'worker' });
    if (this.broken) return Promise.resolve({ ok: false, error: this.broken, limit: 'worker' });
    let w: WorkerLike;
    try {
      w = this.worker ?? this.startWorker();
    } catch (e) {
      return Promise.resolve(this.workerDied(`could not start: ${String(e).slice(0, 200)}`));
    }
    const id = this.nextId++;
    const limitMs = this.limits.taskTimeoutMs;
    return new Promise<T | Stopped>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: T | Stopped): void => {
        clearTimeout(timer);
        this.abandon = null;
        w.onmessage = null;
        w.onerror = null;
        resolve(outcome);
      };
      // The limit first runs from the hand-off (so a worker that never starts is bounded too),
      // then afresh from the worker's "started", as the CLI times a task from its start.
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // Not a start-up failure even before "started": a slow start is bounded by this same
          // limit for each file, and only a worker that cannot run at all should stop the rest.
          this.dropWorker();
          finish({ ok: false, error: limitExceededText('time', this.limits), limit: 'time' });
        }, limitMs);
      };
      this.abandon = () => {
        this.dropWorker();
        finish({ ok: false, error: 'the checker was closed before this file finished', limit: 'worker' });
      };
      w.onmessage = (ev) => {
        const m = ev.data;
        if (!m || m.id !== id) return;
        if (m.t === 'started') {
          this.workerStarted = true;
          this.startupFailures = 0;
          arm();
        } else if (m.t === 'failed') {
          finish({ ok: false, error: m.error });
        } else {
          const done = answer(m);
          if (done) finish(done);
        }
      };
      w.onerror = (ev) => {
        // Handled here; keep it from also being reported as an uncaught page error.
        ev?.preventDefault?.();
        finish(this.workerDied(ev?.message ? String(ev.message).slice(0, 200) : 'the worker stopped (it may have run out of memory, or its script could not load)'));
      };
      if ('onmessageerror' in w) {
        w.onmessageerror = () => {
          this.dropWorker();
          finish({ ok: false, error: limitExceededText('worker', this.limits, 'its answer could not be read'), limit: 'worker' });
        };
      }
      arm();
      try {
        w.postMessage(request(id));
      } catch (e) {
        // The source could not be cloned: this file's problem, not the worker's.
        finish({ ok: false, error: `the file could not be handed to the worker: ${String(e).slice(0, 200)}` });
      }
    });
  }

  /** The current worker died: blame the file it was on, and note a failure to start if it never began one. */
  private workerDied(detail: string): Stopped {
    const started = this.workerStarted;
    this.dropWorker();
    if (!started) this.countStartupFailure(detail);
    return { ok: false, error: limitExceededText('worker', this.limits, detail), limit: 'worker' };
  }

  private countStartupFailure(detail: string): void {
    this.startupFailures++;
    if (this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = limitExceededText('worker', this.limits, `could not start ${MAX_STARTUP_FAILURES} times in a row (${detail})`);
    }
  }
}
