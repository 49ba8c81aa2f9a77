import type { ReadItemDeps } from './read-item';

/**
 * The Office adapter's default message parser, body reader and attachment inspector: the file
 * adapter and the inspector (with ./base64.ts for Outlook's base64), loaded on demand (Node tests,
 * other hosts). The pane always passes its own, the checking Web Worker (taskpane/checker.ts), so
 * webpack.config.js swaps this module for a stand-in in the pane's build: the page then carries no
 * second copy of the parser, the inspector or the decoder the worker already has (~28 + 12 kB
 * gzip), and no HTML parser at all.
 */
export const defaultParseMessage: ReadItemDeps['parseMessage'] = async (source) => {
  const [{ parseMessageBytes }, { parseMessageSource }] = await Promise.all([import(/* webpackChunkName: "parser" */ '../files'), import(/* webpackChunkName: "parser" */ './base64')]);
  return parseMessageSource(source, parseMessageBytes);
};

/** The body reader on the calling thread (src/adapters/files/body.ts), loaded on demand. */
export const defaultReadBody: ReadItemDeps['readBody'] = async (body) => (await import(/* webpackChunkName: "parser" */ '../files/body')).readBodyParts(body);

/** The hashes on the calling thread, on demand (used only by defaultInspect). */
export const defaultHasher: ReadItemDeps['hasher'] = { digest: async (bytes) => (await import(/* webpackChunkName: "inspect" */ '../hash/web-hasher')).webHasher.digest(bytes) };

/** The attachment inspector on the calling thread, base64 decoded first (./base64.ts), on demand. */
export const defaultInspect: ReadItemDeps['inspect'] = async (input, hasher) => {
  const [{ inspectAttachment }, { inspectOfficeAttachment }] = await Promise.all([import(/* webpackChunkName: "inspect" */ '../inspect'), import(/* webpackChunkName: "inspect" */ './base64')]);
  return inspectOfficeAttachment(input, (file) => inspectAttachment(file, hasher));
};
