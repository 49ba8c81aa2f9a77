/**
 * Containers this inspector has no reader of its own for (RAR, 7z, CAB, gzip/bzip2/xz, DMG, and
 * disk images whose file system disk/ does not read), listed by a reader the host supplies in
 * `InspectLimits.listContainer`. The CLI supplies 7-Zip (src/cli/seven-zip.ts, loaded only when
 * such an attachment is met); the pane supplies none and keeps saying "not listed". Each file
 * found goes through the same inspection as a ZIP entry, within the same entry, total-bytes,
 * count, depth and time limits, so every attachment rule sees it.
 */
import type { ArchiveEntry, ArchiveListing, FileKind } from '../../engine/types';
import type { InspectContext } from './context';
import type { InspectNested } from './embedded';

export interface ContainerEntry {
  path: string;
  /** Declared size; `undefined` when the container does not say (a bzip2 or xz stream). */
  size: number | undefined;
  encrypted: boolean;
  directory: boolean;
}

/** What a host's reader found in one container. */
export interface ContainerReading {
  /** The format as the reader names it, lower-cased ('7z', 'rar', 'cab', 'ntfs'…). */
  format: string;
  entries: ContainerEntry[];
  /** More entries than asked for: only the first ones are in `entries`. */
  truncated: boolean;
  /** The directory itself is encrypted (7z -mhe, RAR -hp): not even the names could be read. */
  headersEncrypted: boolean;
  /** Damage the reader reported (English, one line each). */
  notes: string[];
  /**
   * The bytes of the given entries (indexes into `entries`), writing at most `maxBytes` in all:
   * an entry missing from the map could not be extracted, one cut short is `cut`.
   */
  extract(indexes: readonly number[], maxBytes: number): { files: Map<number, Uint8Array>; cut: boolean; errors: string[] };
}

/** Lists a container of `kind`; `{ note }` when it cannot (not that format, unreadable). Never throws. */
export type ContainerLister = (kind: FileKind, bytes: Uint8Array, maxEntries: number) => Promise<ContainerReading | { note: string }>;

type Facts = Pick<ArchiveEntry, 'sniffedType' | 'hashes' | 'office' | 'pe' | 'archive' | 'markup'>;

/**
 * Lists `bytes` with the host's reader and inspects the files inside. Returns false when there is
 * no reader or it could not list the container (the caller then notes it as not listed).
 */
export async function inspectContainer(kind: FileKind, bytes: Uint8Array, ctx: InspectContext, depth: number, facts: Facts, nested: InspectNested): Promise<{ note: string } | true> {
  const lister = ctx.limits.listContainer;
  if (!lister) return { note: 'no reader for this format here' };
  const lim = ctx.limits;
  let got: ContainerReading | { note: string };
  try {
    got = await lister(kind, bytes, lim.maxArchiveEntries);
  } catch (err) {
    got = { note: `reader failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if ('note' in got) return got;
  const listing: ArchiveListing = { format: got.format, entries: [], encrypted: got.headersEncrypted, truncated: got.truncated };
  if (got.headersEncrypted) ctx.note('archive-encrypted', `${got.format} archive with encrypted names: nothing inside could be listed`);
  for (const n of got.notes) ctx.note('archive-corrupt', `${got.format}: ${n}`);
  if (got.truncated) ctx.note('archive-too-many-entries', `listed the first ${lim.maxArchiveEntries} entries`);
  const deep = depth + 1 >= lim.maxArchiveDepth;
  // Pick the files to open, in order, while they fit the entry and total limits.
  const budget = Math.max(0, lim.maxTotalDecompressed - ctx.totalDecompressed);
  let reserved = 0;
  const open: number[] = [];
  const entries: ArchiveEntry[] = [];
  for (const [i, e] of got.entries.entries()) {
    const entry: ArchiveEntry = { path: e.path, size: e.size ?? 0, encrypted: e.encrypted };
    entries.push(entry);
    if (e.directory) continue;
    if (e.encrypted) {
      listing.encrypted = true;
      ctx.note('archive-encrypted', 'password-protected entries could not be looked into');
      continue;
    }
    if (deep) {
      ctx.note('archive-too-deep', `files nested deeper than ${lim.maxArchiveDepth} levels were not opened`);
      listing.truncated = true;
      continue;
    }
    // A stream that does not declare its size may take what is left of one entry's allowance.
    const want = e.size ?? Math.min(lim.maxEntryBytes, budget - reserved);
    if (want > lim.maxEntryBytes || reserved + want > budget || (e.size === undefined && want <= 0)) {
      ctx.note('archive-entry-too-large', `files above ${lim.maxEntryBytes} bytes (or past the ${lim.maxTotalDecompressed}-byte total) were listed but not opened`);
      continue;
    }
    reserved += want;
    open.push(i);
  }
  listing.entries = entries;
  facts.archive = listing;
  if (open.length === 0) return true;
  if (ctx.outOfTime()) {
    listing.truncated = true;
    return true;
  }
  const out = got.extract(open, reserved);
  if (out.cut) ctx.note('archive-entry-too-large', 'a file inflated beyond its declared size (or its stream beyond the limit) and was not opened');
  for (const e of out.errors) ctx.note('archive-corrupt', `${got.format}: ${e}`);
  for (const i of open) {
    const data = out.files.get(i);
    const entry = entries[i]!;
    const declared = got.entries[i]!.size;
    if (!data || (declared !== undefined && data.length !== declared)) {
      if (!out.cut) ctx.note('archive-corrupt', `${got.format}: a file could not be extracted`);
      continue;
    }
    if (declared === undefined) entry.size = data.length;
    ctx.totalDecompressed += data.length;
    if (ctx.outOfTime()) {
      listing.truncated = true;
      continue;
    }
    Object.assign(entry, await nested(data, ctx, depth + 1, false));
  }
  return true;
}
