/**
 * The pane's and the preview's way to check message bytes: in a dedicated Web Worker, under the
 * per-file time limit (src/adapters/web-worker), against the pane's own pack and policy.
 */
import type { ReadItemDeps } from '../adapters/office/read-item';
import { uninspected } from '../adapters/office/content';
import { CheckWorkerClient } from '../adapters/web-worker/client';
import type { WebWorkerLimits, WorkerLike } from '../adapters/web-worker';
import { policyOf, type Settings } from './settings';

export interface CheckerOptions {
  /** Starts a worker; the default is the real Web Worker (tests pass a stand-in). */
  spawn?: () => WorkerLike;
  limits?: Partial<WebWorkerLimits>;
}

/**
 * A client that checks files in a Web Worker against these settings (sent to each worker once).
 * The settings may still be loading: the client can start its worker meanwhile (warm()).
 */
export async function createChecker(settings: Pick<Settings, 'pack' | 'config'> | Promise<Pick<Settings, 'pack' | 'config'>>, options: CheckerOptions = {}): Promise<CheckWorkerClient> {
  // The client is small and in the page's entry: the pane starts its worker while office.js starts
  // (the first banner waits on the worker's read of the body), passing `spawn` in. The worker's own
  // code is its own file, fetched when the first worker starts. (spawn.js is ESM that only webpack
  // reads: Jest passes its own `spawn` and never loads it.)
  const spawn = options.spawn ?? (await import(/* webpackChunkName: "checker" */ '../adapters/web-worker/spawn')).spawnCheckWorker;
  const init = Promise.resolve(settings).then((s) => ({ pack: s.pack, policy: policyOf(s.config) }));
  return new CheckWorkerClient({ spawn, init, limits: options.limits ?? {} });
}

/** What the Office adapter gets from the pane's checking worker (ReadItemDeps), and its start and stop. */
export type WorkerReadDeps = Pick<ReadItemDeps, 'parseMessage' | 'inspect' | 'readBody'> & {
  /** Starts the worker now, before any task needs it (it gets the settings once they are loaded). */
  prestart(): void;
  /** Stops the worker, if one was started (the page turned out not to be in Outlook). */
  stop(): void;
};

/**
 * The Office adapter's `parseMessage`, `inspect` and `readBody`, served by one checking worker:
 * attached Outlook items and the whole message (where the client can give it; its base64 text is
 * decoded there) are parsed, and on the per-API path the body's HTML and text are read into text
 * and links and attachments downloaded one by one are decoded from base64, inspected and hashed,
 * in the worker under its time limit, never on the pane's thread. The worker starts at the first task (or at `prestart()`) and gets the pack
 * once. A task the worker's limits stop comes back naming the limit, and the adapter lists it as
 * not checked (never as "nothing found").
 */
export function workerReadDeps(settings: Promise<Pick<Settings, 'pack' | 'config'>>, options: CheckerOptions = {}): WorkerReadDeps {
  let client: Promise<CheckWorkerClient> | null = null;
  const worker = (): Promise<CheckWorkerClient> => (client ??= createChecker(settings, options));
  return {
    prestart: () => void worker().then((c) => c.warm(), () => undefined),
    stop: () => void client?.then((c) => c.close(), () => undefined),
    parseMessage: async (source) => {
      const o = await (await worker()).check(source);
      if (!o.ok) return [{ index: 0, error: o.error, ...(o.limit ? { limit: o.limit } : {}) }];
      return o.records.map((r) => ('message' in r ? { index: r.index, message: r.message } : { index: r.index, error: r.error, ...(r.notBase64 ? { notBase64: r.notBase64 } : {}) }));
    },
    readBody: async (body) => {
      const o = await (await worker()).readBody(body);
      if (o.ok) return o.result;
      return {
        text: '',
        links: [],
        incomplete: [{ code: o.limit === 'time' ? 'time-budget' : 'parse-error', where: 'body', detail: `body not read: ${o.error}` }],
        notRead: true,
      };
    },
    // The pane's hasher is not used: the worker hashes with its own (the same Web Crypto code).
    inspect: async (input) => {
      const o = await (await worker()).inspect(input);
      if (o.ok) return o.result;
      return {
        attachment: uninspected(input),
        incomplete: [{ code: o.limit === 'time' ? 'time-budget' : 'attachment-content-unavailable', where: `attachment:${input.name}`, detail: `attachment not inspected: ${o.error}` }],
        decompressed: 0,
      };
    },
  };
}
