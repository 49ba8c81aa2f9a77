/**
 * What scripts/bench.js times in-process, bundled by scripts/build-cli.js into build/bench-lib.js
 * from the same sources as the CLI, so the figures describe the code users run.
 */
export { default as PostalMime } from 'postal-mime';
export { parseMessageBytes, sniffMessageFormat, splitMbox } from '../adapters/files';
export { nodeHasher } from '../adapters/hash/node-hasher';
export { evaluate } from '../engine';
export { mergePacks, parseIocFile } from '../pack';
export { buildEngine, EMBEDDED_PACK } from './engine-wiring';
export { loadExtras } from './extras';
export { describeMessage, formatJsonl, recordContext } from './record';
export { isRecognisableMail } from './scan';
