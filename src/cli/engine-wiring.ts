/**
 * Connects the scan to the real parts: the embedded pack, the file adapter with Node's hasher,
 * and the engine. Kept apart from main.ts so the bench (bench-entry.ts) runs the very same wiring.
 */
import { parseMessageBytes } from '../adapters/files';
import { parseMailboxMessage } from '../adapters/files/mailbox';
import { nodeHasher } from '../adapters/hash/node-hasher';
import { evaluate } from '../engine';
import type { Pack, Policy } from '../engine/types';
import type { ScanEngine } from './scan';
import { sevenZipLister } from './seven-zip';

/**
 * The pack compiled from seeds/ by `npm run build:pack`, inlined into build/cli.js by esbuild.
 * A require (not an import) so a checkout that has not built the pack yet still type-checks.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EMBEDDED_PACK: Pack = require('../../build/pack.json') as Pack;

/** The CLI lists RAR, 7z, CAB… with 7-Zip (src/cli/seven-zip.ts); the pane has no such reader. */
const CLI_PARSE = { hasher: nodeHasher, inspectLimits: { listContainer: sevenZipLister } };

export function buildEngine(pack: Pack, policy: Policy): ScanEngine {
  return {
    parse: (bytes) => parseMessageBytes(bytes, CLI_PARSE),
    parseMessage: (bytes) => parseMailboxMessage(bytes, CLI_PARSE),
    evaluate: (message) => evaluate(message, pack, policy),
  };
}
