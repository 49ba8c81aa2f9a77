/**
 * What the pane's admin-indicator loader needs from the pack module, and nothing else: the
 * lazily loaded chunk is built from this file, so webpack can leave out the build-time seeds
 * compiler and the other exports a namespace import of `../pack` would keep.
 *
 * Hint: the pane reads indicator files in the line format only. The STIX, MISP and CSV readers
 * (src/formats/import.ts, about 2.4 kB gzip) would take the pane past its 200 kB script budget
 * (README, Performance); until the budget question is settled the CLI alone reads them, and the
 * pane says so when an indicator URL serves one (see load-extras.ts).
 */
export { parseIocLinesFile } from '../pack/parse-iocs';
export { loadPackFromText } from '../pack/compile-pack';
export { mergePacks } from '../pack/merge-pack';
