/**
 * The worker's idle load, with the file code stood in and the clock faked: the pack is compiled
 * once the worker has been idle after its init, or right after its first body read; and once the
 * worker is stopped (what terminate() does to a browser worker's timers), nothing loads at all.
 * A load that outlived its worker used to run after Jest had torn the suite down, and failed CI.
 */
import type { Pack } from '../../engine/types';
import type { FromWorker, ToWorker } from './protocol';
import { serveChecks, type WorkerScopeLike } from './serve';

const compilePack = jest.fn();
jest.mock('./serve-files', () => ({ compilePack: (p: unknown) => compilePack(p), checkBytes: jest.fn(), inspect: jest.fn() }));

const pack = { version: 'test' } as unknown as Pack;

function start(): { send: (m: ToWorker) => void; sent: FromWorker[]; stop: () => void } {
  const sent: FromWorker[] = [];
  const scope: WorkerScopeLike = { onmessage: null, postMessage: (m) => void sent.push(m) };
  const stop = serveChecks(scope);
  return { send: (m) => scope.onmessage?.({ data: m }), sent, stop };
}

/** Lets the dynamic import and the promise chain after a timer run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

beforeEach(() => {
  jest.useFakeTimers();
  compilePack.mockClear();
});
afterEach(() => jest.useRealTimers());

describe('serveChecks: when the file code loads', () => {
  it.each<[string, (w: ReturnType<typeof start>) => void, number, number]>([
    ['idle after init: compiled once, at 300 ms', () => undefined, 300, 1],
    ['idle, not yet 300 ms: not compiled', () => undefined, 299, 0],
    ['stopped before the idle time: never compiled', (w) => w.stop(), 10_000, 0],
    ['stopped right after a body read: never compiled', (w) => (w.send({ t: 'body', id: 1, body: { text: 'x' } }), w.stop()), 10_000, 0],
  ])('%s', async (_what, act, advanceMs, compiles) => {
    const w = start();
    w.send({ t: 'init', init: { pack, policy: {} } });
    act(w);
    await settle();
    jest.advanceTimersByTime(advanceMs);
    await settle();
    expect(compilePack).toHaveBeenCalledTimes(compiles);
    if (compiles) expect(compilePack).toHaveBeenCalledWith(pack);
  });

  it('a body read compiles the pack right after it answers, without waiting for the idle time', async () => {
    const w = start();
    w.send({ t: 'init', init: { pack, policy: {} } });
    w.send({ t: 'body', id: 1, body: { text: 'see https://x.example/' } });
    await settle();
    expect(w.sent.map((m) => m.t)).toEqual(['started', 'body-read']);
    expect(compilePack).toHaveBeenCalledTimes(0);
    jest.advanceTimersByTime(0);
    await settle();
    expect(compilePack).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1_000);
    await settle();
    expect(compilePack).toHaveBeenCalledTimes(1);
  });
});
