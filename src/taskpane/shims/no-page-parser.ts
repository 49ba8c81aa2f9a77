import type { ReadItemDeps } from '../../adapters/office/read-item';

/**
 * The pane's stand-in for src/adapters/office/default-parser.ts (webpack.config.js): the pane
 * parses message bytes and reads Outlook's body in its checking Web Worker and always hands
 * createOfficeHost those (taskpane/index.tsx), so the page's build has no parser of its own, for
 * messages or HTML. Reaching this is a wiring bug; it fails loudly, and the adapter lists the
 * message (or its body) as not checked.
 */
export const defaultParseMessage: ReadItemDeps['parseMessage'] = async () => {
  throw new Error('no message parser: the pane parses message bytes in its checking worker (createOfficeHost({ parseMessage }))');
};

export const defaultReadBody: ReadItemDeps['readBody'] = async () => {
  throw new Error('no body reader: the pane reads message bodies in its checking worker (createOfficeHost({ readBody }))');
};
