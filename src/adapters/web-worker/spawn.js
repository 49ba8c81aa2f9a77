/**
 * Starts the checking Web Worker. Plain JavaScript because webpack finds the worker through
 * `new Worker(new URL('…', import.meta.url))`, and `import.meta` cannot be written in the
 * TypeScript that Jest and the CLI compile as CommonJS. Types: spawn.d.ts. Only the pane's
 * bundle loads this file; Jest tests hand the client a stand-in instead.
 */
export function spawnCheckWorker() {
  return new Worker(/* webpackChunkName: "check-worker" */ new URL('./check.worker.ts', import.meta.url), { name: 'mirrorface-guard-check' });
}
