import type { ReadItemDeps } from '../../adapters/office/read-item';

/**
 * The pane's stand-in for src/adapters/office/default-parser.ts (webpack.config.js): the pane
 * parses message bytes, reads Outlook's body and decodes and inspects attachments in its checking
 * Web Worker and always hands createOfficeHost those (taskpane/index.tsx), so the page's build has
 * no parser, inspector or base64 decoder of its own. Reaching this is a wiring bug; it fails
 * loudly, and the adapter lists the message (its body, the attachment) as not checked.
 */
export const defaultParseMessage: ReadItemDeps['parseMessage'] = async () => {
  throw new Error('no message parser: the pane parses message bytes in its checking worker (createOfficeHost({ parseMessage }))');
};

export const defaultReadBody: ReadItemDeps['readBody'] = async () => {
  throw new Error('no body reader: the pane reads message bodies in its checking worker (createOfficeHost({ readBody }))');
};

export const defaultHasher: ReadItemDeps['hasher'] = {
  digest: async () => {
    throw new Error('no hasher: the pane hashes attachments in its checking worker (createOfficeHost({ inspect }))');
  },
};

export const defaultInspect: ReadItemDeps['inspect'] = async () => {
  throw new Error('no attachment inspector: the pane inspects attachments in its checking worker (createOfficeHost({ inspect }))');
};
