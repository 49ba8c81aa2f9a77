/**
 * The pane's and the preview's way to check message bytes: in a dedicated Web Worker, under the
 * per-file time limit (src/adapters/web-worker), against the pane's own pack and policy.
 */
import type { ReadItemDeps } from '../adapters/office/read-item';
import type { CheckWorkerClient, WebWorkerLimits, WorkerLike } from '../adapters/web-worker';
import { policyOf, type Settings } from './settings';

export interface CheckerOptions {
  /** Starts a worker; the default is the real Web Worker (tests pass a stand-in). */
  spawn?: () => WorkerLike;
  limits?: Partial<WebWorkerLimits>;
}

/** A client that checks files in a Web Worker against these settings (sent to each worker once). */
export async function createChecker(settings: Pick<Settings, 'pack' | 'config'>, options: CheckerOptions = {}): Promise<CheckWorkerClient> {
  // On demand: the client and the lines that start the worker are needed only once message bytes
  // are checked, after the first banner, so they stay out of the script that banner waits for.
  // The worker's own code is its own file, fetched when the first worker starts.
  // (spawn.js is ESM that only webpack reads: Jest passes its own `spawn` and never loads it.)
  const [{ CheckWorkerClient }, spawn] = await Promise.all([
    import(/* webpackChunkName: "checker" */ '../adapters/web-worker/client'),
    options.spawn ?? import(/* webpackChunkName: "checker" */ '../adapters/web-worker/spawn').then((m) => m.spawnCheckWorker),
  ]);
  return new CheckWorkerClient({ spawn, init: { pack: settings.pack, policy: policyOf(settings.config) }, limits: options.limits ?? {} });
}

/**
 * A `parseMessage` for the Office adapter (attached Outlook items, and the whole message where
 * the client can give it): the bytes are parsed and inspected in the checking worker under its
 * time limit, never on the pane's thread. One worker serves the pane, started at the first
 * message and given the pack once. A message the worker's limits stop comes back as an error
 * record naming the limit, which the adapter lists as not checked (never as "nothing found").
 */
export function workerMessageParser(settings: Promise<Pick<Settings, 'pack' | 'config'>>, options: CheckerOptions = {}): ReadItemDeps['parseMessage'] {
  let client: Promise<CheckWorkerClient> | null = null;
  return async (bytes) => {
    client ??= settings.then((s) => createChecker(s, options));
    const o = await (await client).check(bytes);
    if (!o.ok) return [{ index: 0, error: o.error, ...(o.limit ? { limit: o.limit } : {}) }];
    return o.records.map((r) => ('message' in r ? { index: r.index, message: r.message } : { index: r.index, error: r.error }));
  };
}
