/**
 * The worker's side of the pool: set up once (for the scan: compile the pack), then run each
 * batch's tasks one after the other and answer with all their outcomes in one message.
 *
 * Before each task the worker writes the task's position and start time into the shared state,
 * so the main thread can see a task overrun its time limit and name it, even while this thread
 * is stuck in a loop that never yields.
 */
import { parentPort, workerData } from 'worker_threads';
import { STATE_STARTED, STATE_TASK, type BatchMessage, type TaskOutcome, type WorkerBoot, type WorkerMessage } from './protocol';

export type TaskHandler<T, R> = (task: T) => R | Promise<R>;

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Serves tasks in a worker started by {@link WorkerPool}. `setup` runs once with the pool's
 * `init` data and returns the per-task handler. Call it at the top level of the worker script.
 */
export function serveTasks<I, T, R>(setup: (init: I) => TaskHandler<T, R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks() must run inside a worker started by WorkerPool');
  const boot = workerData as WorkerBoot<I>;
  const state = new Int32Array(boot.state);
  Atomics.store(state, STATE_TASK, -1);
  const handle = setup(boot.init);
  const send = (m: WorkerMessage<R>): void => port.postMessage(m);

  port.on('message', (msg: BatchMessage<T>) => {
    void (async () => {
      const results: TaskOutcome<R>[] = [];
      for (let i = 0; i < msg.tasks.length; i++) {
        // Start time first, then the position: the pool reads the position first.
        Atomics.store(state, STATE_STARTED, Date.now() - boot.epoch);
        Atomics.store(state, STATE_TASK, i);
        try {
          results.push({ ok: true, value: await handle(msg.tasks[i] as T) });
        } catch (e) {
          results.push({ ok: false, error: describe(e) });
        }
      }
      Atomics.store(state, STATE_TASK, -1);
      send({ t: 'done', results });
    })();
  });
  send({ t: 'ready' });
}
