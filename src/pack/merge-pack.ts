/**
 * Puts the embedded pack and any extra packs (`--pack FILE`, admin IOCs, an admin pack URL)
 * together into the one {@link Pack} the engine receives.
 */
import type { Pack, PackList } from '../engine/types';
import { PackLoadError } from './pack-error';
import { originOf } from './origin';
import type { PackError } from './validate-pack';

/**
 * Adds the rules, lists, sources and guidance of `extra` to `base`. A duplicate id is an error
 * naming both files ({@link PackLoadError}), except for `admin-*` lists of the same kind: an
 * administrator's IOCs may arrive from several places (`--iocs`, config), and all of them count.
 * The result keeps the base version.
 */
export function mergePacks(base: Pack, ...extra: Pack[]): Pack {
  const errors: PackError[] = [];
  const merged: Pack = {
    version: base.version,
    sources: [...base.sources],
    guidance: [...base.guidance],
    lists: [...base.lists],
    rules: [...base.rules],
  };
  const label = (i: number): string => (i === 0 ? 'the base pack' : `extra pack ${i}`);
  const owner = new Map<string, string>();
  const note = (kind: string, item: { id: string }, i: number): boolean => {
    const key = `${kind}:${item.id}`;
    const where = originOf(item, label(i));
    const first = owner.get(key);
    if (first !== undefined) {
      errors.push({ file: where, path: 'id', message: `duplicate ${kind} id "${item.id}": defined in both ${first} and ${where}` });
      return false;
    }
    owner.set(key, where);
    return true;
  };
  base.sources.forEach((s) => note('source', s, 0));
  base.guidance.forEach((g) => note('guidance', g, 0));
  base.lists.forEach((l) => note('list', l, 0));
  base.rules.forEach((r) => note('rule', r, 0));

  extra.forEach((p, n) => {
    const i = n + 1;
    for (const s of p.sources) if (note('source', s, i)) merged.sources.push(s);
    for (const g of p.guidance) if (note('guidance', g, i)) merged.guidance.push(g);
    for (const l of p.lists) {
      const at = merged.lists.findIndex((m) => m.id === l.id);
      const existing = merged.lists[at];
      if (existing && l.id.startsWith('admin-') && existing.kind === l.kind) {
        const combined: PackList = { ...existing, entries: [...existing.entries, ...l.entries] };
        merged.lists[at] = combined;
        continue;
      }
      if (note('list', l, i)) merged.lists.push(l);
    }
    for (const r of p.rules) if (note('rule', r, i)) merged.rules.push(r);
  });
  if (errors.length > 0) throw new PackLoadError(errors);
  return merged;
}
