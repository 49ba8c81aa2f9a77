/** The engine's only public entry point. Pure and synchronous; the pack is passed in. */
export { evaluate } from './evaluate';
export { emptyMessage } from './message';
export { evidenceText, incompleteWhere } from './attached';
export { defang, markInvisible, markInvisibleLine, refang, normaliseText } from './text';
export { levelAtLeast } from './combine';
export { compilePack } from './compile';
export { decodePunycode } from './punycode';
export * from './types';
