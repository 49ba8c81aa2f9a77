import type { ReadItemDeps } from '../../adapters/office/read-item';

/**
 * The pane's stand-in for src/adapters/office/default-parser.ts (webpack.config.js): the pane
 * parses message bytes in its checking Web Worker and always hands createOfficeHost that parser
 * (taskpane/index.tsx), so the page's build has no parser of its own. Reaching this is a wiring
 * bug; it fails loudly, and the adapter lists the message as not checked.
 */
export const defaultParseMessage: ReadItemDeps['parseMessage'] = async () => {
  throw new Error('no message parser: the pane parses message bytes in its checking worker (createOfficeHost({ parseMessage }))');
};
