/**
 * The pane's and the preview's way to check message bytes: in a dedicated Web Worker, under the
 * per-file time limit (src/adapters/web-worker), against the pane's own pack and policy.
 */
import { CheckWorkerClient, type WebWorkerLimits, type WorkerLike } from '../adapters/web-worker';
import { policyOf, type Settings } from './settings';

export interface CheckerOptions {
  /** Starts a worker; the default is the real Web Worker (tests pass a stand-in). */
  spawn?: () => WorkerLike;
  limits?: Partial<WebWorkerLimits>;
}

/** A client that checks files in a Web Worker against these settings (sent to each worker once). */
export async function createChecker(settings: Pick<Settings, 'pack' | 'config'>, options: CheckerOptions = {}): Promise<CheckWorkerClient> {
  // Eager: the few lines that start the worker ride in the pane's script; the worker's own code
  // is its own file, fetched when the first worker starts.
  const spawn = options.spawn ?? (await import(/* webpackMode: "eager" */ '../adapters/web-worker/spawn')).spawnCheckWorker;
  return new CheckWorkerClient({ spawn, init: { pack: settings.pack, policy: policyOf(settings.config) }, limits: options.limits ?? {} });
}
