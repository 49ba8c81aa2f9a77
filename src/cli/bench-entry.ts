/**
 * What scripts/bench.js times in-process, bundled by scripts/build-cli.js into build/bench-lib.js
 * from the same sources as the CLI, so the figures describe the code users run.
 */
// The postal-mime floor: the CLI's own postal-mime path (src/adapters/files/mime.ts, with the
// options parseEml gives it), not postal-mime as published.
export { parseMime } from '../adapters/files/mime';
export { MIME_OPTIONS } from '../adapters/files/parse-eml';
export { parseMessageBytes, sniffMessageFormat, splitMbox } from '../adapters/files';
// The HTML reader alone, timed beside the floor (it is part of the scan no postal-mime work removes).
export { readHtml } from '../adapters/files/html';
export { nodeHasher } from '../adapters/hash/node-hasher';
export { evaluate } from '../engine';
export { mergePacks, parseIocFile } from '../pack';
export { buildEngine, EMBEDDED_PACK } from './engine-wiring';
export { loadExtras } from './extras';
export { describeMessage, formatJsonl, recordContext } from './record';
export { isRecognisableMail } from './scan';
