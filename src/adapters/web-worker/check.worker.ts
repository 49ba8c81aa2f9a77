/**
 * The checking Web Worker's script (bundled by webpack from `new Worker(new URL(...))` in
 * spawn.js). Served from the add-in's own origin like the rest of the pane, so the pages'
 * Content-Security-Policy (script-src 'self', no blob:, no eval) covers it unchanged.
 */
import { serveChecks, type WorkerScopeLike } from './serve';

serveChecks(self as unknown as WorkerScopeLike);
