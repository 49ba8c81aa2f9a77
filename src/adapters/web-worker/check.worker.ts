/**
 * The checking Web Worker's script (bundled by webpack from `new Worker(new URL(...))` in
 * spawn.js). Served from the add-in's own origin like the rest of the pane, so the pages'
 * Content-Security-Policy (script-src 'self', no blob:, no eval) covers it unchanged.
 */
// parse5 itself, not the shared slot the bare name resolves to elsewhere in the pane's bundle
// (webpack.config.js aliases it for this file only): a worker has no DOMParser.
import * as parse5 from 'parse5';
import { installHtmlParser } from './html-parser';
import { serveChecks, type WorkerScopeLike } from './serve';

installHtmlParser(parse5);
serveChecks(self as unknown as WorkerScopeLike);
