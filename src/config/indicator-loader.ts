/**
 * What the pane's admin-indicator loader needs from the pack module, and nothing else: the
 * lazily loaded chunk is built from this file, so webpack can leave out the build-time seeds
 * compiler and the other exports a namespace import of `../pack` would keep.
 */
export { parseIocFile } from '../pack/parse-iocs';
export { loadPackFromText } from '../pack/compile-pack';
export { mergePacks } from '../pack/merge-pack';
