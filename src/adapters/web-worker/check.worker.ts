/**
 * The checking Web Worker's script (bundled by webpack from `new Worker(new URL(...))` in
 * spawn.js). Served from the add-in's own origin like the rest of the pane, so the pages'
 * Content-Security-Policy (script-src 'self', no blob:, no eval) covers it unchanged.
 */
import { serveChecks, type WorkerScopeLike } from './serve';

// Every HTML parse in the pane happens here, with parse5 (the body Outlook gives, a message's HTML
// parts): the page carries no HTML parser (webpack.config.js fails the build if one reaches it).
serveChecks(self as unknown as WorkerScopeLike);
