/**
 * What the pane's admin-indicator loader needs from the pack module, and nothing else: the
 * lazily loaded chunk is built from this file, so webpack can leave out the build-time seeds
 * compiler and the other exports a namespace import of `../pack` would keep.
 *
 * Indicator files are read with the CLI's own `parseIocFile`, which recognises the line format,
 * STIX 2.1, MISP and CSV by content. It lives in this on-demand chunk (loaded only when
 * config.json lists indicator URLs), so it counts against the on-demand budget, not start-up.
 */
export { parseIocFile } from '../pack/parse-iocs';
export { loadPackFromText } from '../pack/compile-pack';
export { mergePacks } from '../pack/merge-pack';
