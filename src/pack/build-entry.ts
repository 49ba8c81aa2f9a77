/** What scripts/build-pack.js runs at build time: the pack compiler and the pane's projection. */
export { compilePack } from './compile-pack';
export { formatPackError } from './pack-error';
export { panePack } from './pane-pack';
