/**
 * Which file each compiled rule, list, source or guidance item came from, so that merging packs
 * can name both files of a duplicate id. Kept beside the objects (not in them) because the
 * {@link Pack} shape is a shared contract and the engine has no use for file names.
 */
const ORIGINS = new WeakMap<object, string>();

export function recordOrigin(item: object, file: string): void {
  ORIGINS.set(item, file);
}

/** The file an item was compiled from, or `fallback` (e.g. for a pack read back from JSON). */
export function originOf(item: object, fallback: string): string {
  return ORIGINS.get(item) ?? fallback;
}
