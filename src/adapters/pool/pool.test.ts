/**
 * The worker pool against a worker that misbehaves on demand (pool.test-worker.ts, bundled here
 * with esbuild): every task gets exactly one outcome, in input order, whatever the workers do.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { WorkerPool, type PoolOptions, type PoolOutcome } from '.';
import type { TestInit, TestTask } from './pool.test-worker';

let dir: string;
let script: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-pool-'));
  script = path.join(dir, 'worker.js');
  buildSync({ entryPoints: [path.join(__dirname, 'pool.test-worker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: script, logLevel: 'error' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Options = Omit<PoolOptions<TestInit, TestTask>, 'script' | 'init'>;

/** Runs the tasks and returns one line per outcome, in delivery order. */
async function runAll(tasks: Iterable<TestTask> | AsyncIterable<TestTask>, options: Options): Promise<string[]> {
  const pool = new WorkerPool<TestInit, TestTask, string>({ script, init: { tag: 'w' }, ...options });
  const out: string[] = [];
  try {
    await pool.run(tasks, (o: PoolOutcome<string>) => void out.push(o.ok ? o.value : `error${o.limit ? `[${o.limit}]` : ''}: ${o.error}`));
  } finally {
    await pool.close();
  }
  return out;
}

const echo = (value: number, sleepMs = 0): TestTask => ({ do: 'echo', value, sleepMs });

describe('WorkerPool', () => {
  it.each([1, 2, 3])('delivers in input order whatever the finishing order (%i workers)', async (jobs) => {
    // Earlier tasks sleep longer, so with several workers they finish last.
    const tasks = Array.from({ length: 40 }, (_, i) => echo(i, i < 6 ? (6 - i) * 15 : 0));
    const out = await runAll(tasks, { jobs, maxBatchTasks: 4 });
    expect(out).toEqual(tasks.map((_, i) => `w:${i}`));
  });

  it('stops a task that never yields at the time limit; its batch-mates and later tasks still run', async () => {
    const tasks: TestTask[] = [echo(0), echo(1), { do: 'loop' }, echo(3), echo(4), echo(5)];
    const started = Date.now();
    // One worker, one batch of six: the loop sits in the middle of it.
    const out = await runAll(tasks, { jobs: 1, maxBatchTasks: 8, pendingPerWorker: 8, limits: { taskTimeoutMs: 300 } });
    expect(out).toEqual(['w:0', 'w:1', 'error[time]: time limit exceeded: still running after 0.3 s', 'w:3', 'w:4', 'w:5']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a task that outgrows the heap limit; the others are unaffected', async () => {
    const tasks: TestTask[] = [echo(0), { do: 'grow' }, echo(2)];
    const out = await runAll(tasks, { jobs: 2, limits: { maxHeapMb: 32, taskTimeoutMs: 30_000 } });
    expect(out).toEqual(['w:0', 'error[heap]: heap limit exceeded: needed more than 32 MB', 'w:2']);
  });

  it('a handler that throws fails only its task; a worker that exits is replaced', async () => {
    const tasks: TestTask[] = [{ do: 'throw' }, echo(1), { do: 'exit' }, echo(3)];
    const out = await runAll(tasks, { jobs: 1, maxBatchTasks: 8 });
    expect(out).toEqual(['error: Error: handler failed', 'w:1', 'error[worker]: worker failed: exited with code 3', 'w:3']);
  });

  it('several bad tasks among many: each bad one gets its error, every good one its result', async () => {
    const tasks: TestTask[] = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? { do: 'loop' } : echo(i)));
    const out = await runAll(tasks, { jobs: 2, maxBatchTasks: 5, limits: { taskTimeoutMs: 200 } });
    expect(out).toEqual(tasks.map((t, i) => (t.do === 'loop' ? 'error[time]: time limit exceeded: still running after 0.2 s' : `w:${i}`)));
  });

  it('passes byte buffers to the worker (messages handed out from a container)', async () => {
    const out = await runAll([{ do: 'bytes', bytes: new Uint8Array([7, 8, 9]) }], { jobs: 1 });
    expect(out).toEqual(['w:bytes 3 7']);
  });

  it('pulls from the source only while fewer than the cap are undelivered (back-pressure)', async () => {
    let pulled = 0;
    let delivered = 0;
    let maxAhead = 0;
    async function* source(): AsyncGenerator<TestTask> {
      for (let i = 0; i < 200; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - delivered);
        yield echo(i);
      }
    }
    const pool = new WorkerPool<TestInit, TestTask, string>({ script, init: { tag: 'w' }, jobs: 2, pendingPerWorker: 5, maxBatchTasks: 2 });
    const seen: string[] = [];
    try {
      await pool.run(source(), async (o) => {
        // A slow consumer, like a full stdout pipe.
        if (delivered % 50 === 0) await new Promise((r) => setTimeout(r, 20));
        delivered++;
        seen.push(o.ok ? o.value : 'error');
      });
    } finally {
      await pool.close();
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => `w:${i}`));
    expect(maxAhead).toBeLessThanOrEqual(2 * 5 + 1);
  });

  it.each([1, 2])('expand(): a delivery turns its task into more tasks, delivered in its place (%i workers)', async (jobs) => {
    const pool = new WorkerPool<TestInit, TestTask, string>({ script, init: { tag: 'w' }, jobs, maxBatchTasks: 2, pendingPerWorker: 3, limits: { taskTimeoutMs: 300 } });
    const out: string[] = [];
    const line = (o: PoolOutcome<string>): string => (o.ok ? o.value : `error${o.limit ? `[${o.limit}]` : ''}`);
    try {
      // Later top-level tasks are quick, so they finish (and wait) while the expansion runs.
      const tasks = Array.from({ length: 12 }, (_, i) => echo(i, i === 3 ? 50 : 0));
      const deliver = (o: PoolOutcome<string>, t: TestTask): void | Promise<void> => {
        out.push(line(o));
        if (t.do === 'echo' && t.value === 3) {
          // Its own tasks: one slow, one that never yields (stopped at the limit), several quick.
          const more: TestTask[] = [echo(100, 40), { do: 'loop' }, ...Array.from({ length: 8 }, (_, i) => echo(101 + i))];
          return pool.expand(more, (o2) => void out.push(`+${line(o2)}`));
        }
      };
      await pool.run(tasks, deliver);
    } finally {
      await pool.close();
    }
    expect(out).toEqual(['w:0', 'w:1', 'w:2', 'w:3', '+w:100', '+error[time]', ...Array.from({ length: 8 }, (_, i) => `+w:${101 + i}`), ...Array.from({ length: 8 }, (_, i) => `w:${4 + i}`)]);
  });

  it('expand() outside a delivery is refused', async () => {
    const pool = new WorkerPool<TestInit, TestTask, string>({ script, init: { tag: 'w' }, jobs: 1 });
    try {
      await expect(pool.expand([echo(1)], () => undefined)).rejects.toThrow(/outside a delivery/);
    } finally {
      await pool.close();
    }
  });

  it('rejects when the worker script cannot start at all, instead of retrying forever', async () => {
    const pool = new WorkerPool<TestInit, TestTask, string>({ script: path.join(dir, 'missing.js'), init: { tag: 'w' }, jobs: 1 });
    try {
      await expect(pool.run([echo(1)], () => undefined)).rejects.toThrow(/worker could not start/);
    } finally {
      await pool.close();
    }
  });
});
