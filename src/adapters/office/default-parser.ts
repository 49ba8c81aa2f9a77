import type { ReadItemDeps } from './read-item';

/**
 * The Office adapter's default message parser and body reader: the file adapter (and, for the
 * whole message's base64 text, ./base64.ts), loaded on demand (Node tests, other hosts). The pane
 * always passes its own, the checking Web Worker (taskpane/checker.ts), so webpack.config.js swaps
 * this module for a stand-in in the pane's build: the page then carries no second copy of the
 * parser the worker already has (~28 kB gzip), and no HTML parser at all.
 */
export const defaultParseMessage: ReadItemDeps['parseMessage'] = async (source) => {
  const [{ parseMessageBytes }, { parseMessageSource }] = await Promise.all([import(/* webpackChunkName: "parser" */ '../files'), import(/* webpackChunkName: "parser" */ './base64')]);
  return parseMessageSource(source, parseMessageBytes);
};

/** The body reader on the calling thread (src/adapters/files/body.ts), loaded on demand. */
export const defaultReadBody: ReadItemDeps['readBody'] = async (body) => (await import(/* webpackChunkName: "parser" */ '../files/body')).readBodyParts(body);
