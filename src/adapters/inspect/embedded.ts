/**
 * Files carried inside other files that are not ZIPs: payloads decoded out of HTML smuggling
 * pages (markup.ts), and the files of disk images (disk/). Each becomes an entry of the attachment's
 * listing and is inspected like any attachment (type, hashes, nested archives), so every
 * attachment rule sees it. Whatever a limit stops is noted as incomplete.
 */
import type { ArchiveEntry, ArchiveListing, FileKind } from '../../engine/types';
import type { InspectContext } from './context';
import { MARKUP_KINDS } from './kinds';

type Facts = Pick<ArchiveEntry, 'sniffedType' | 'hashes' | 'office' | 'pe' | 'archive' | 'markup'>;
/** The caller's own inspection, for the files found inside (passed in to avoid an import cycle). */
export type InspectNested = (bytes: Uint8Array, ctx: InspectContext, depth: number, top: boolean) => Promise<Facts>;

/** Disk-image kinds whose files are listed (disk/); DMG is not. */
const DISK_IMAGE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['iso', 'udf', 'fat', 'vhd', 'vhdx']);

/**
 * Lists a disk image and inspects each file within the entry, total-bytes, count, depth and time
 * limits. What is not listed (another file system, a differencing disk, a limit) stays incomplete.
 */
async function inspectDiskImage(kind: FileKind, bytes: Uint8Array, ctx: InspectContext, depth: number, facts: Facts, nested: InspectNested): Promise<void> {
  const { listDiskImage } = await import(/* webpackChunkName: "inspect-disk" */ './disk');
  const got = listDiskImage(kind, bytes);
  if ('note' in got) {
    // A file system disk/ does not read (NTFS in a VHD…): the host's reader, where there is one.
    if (ctx.limits.listContainer && (await (await import(/* webpackChunkName: "inspect-container" */ './container')).inspectContainer(kind, bytes, ctx, depth, facts, nested)) === true) return;
    ctx.note('archive-unlisted', `${kind} image: ${got.note}; the files inside were not listed`);
    return;
  }
  const { listing: disk } = got;
  const listing: ArchiveListing = { format: disk.format, entries: [], encrypted: false, truncated: disk.truncated };
  for (const n of disk.notes) ctx.note('archive-unlisted', `${kind} image: ${n}`);
  const lim = ctx.limits;
  const deep = depth + 1 >= lim.maxArchiveDepth;
  if (deep && disk.files.length > 0) {
    ctx.note('archive-too-deep', `files nested deeper than ${lim.maxArchiveDepth} levels were not opened`);
    listing.truncated = true;
  }
  for (const f of disk.files) {
    if (listing.entries.length >= lim.maxArchiveEntries) {
      ctx.note('archive-too-many-entries', `listed the first ${lim.maxArchiveEntries} files of the image`);
      listing.truncated = true;
      break;
    }
    const entry: ArchiveEntry = { path: f.path, size: f.size, encrypted: false };
    listing.entries.push(entry);
    if (deep) continue;
    if (ctx.outOfTime()) {
      listing.truncated = true;
      continue;
    }
    if (f.size > embeddedBudget(ctx)) {
      ctx.note('archive-entry-too-large', `files above ${lim.maxEntryBytes} bytes (or past the ${lim.maxTotalDecompressed}-byte total) were listed but not opened`);
      continue;
    }
    const data = f.read();
    if (!data) {
      ctx.note('archive-corrupt', `${kind} image: a file's data lies outside the image`);
      continue;
    }
    ctx.totalDecompressed += data.length;
    Object.assign(entry, await nested(data, ctx, depth + 1, false));
  }
  facts.archive = listing;
}

/** Bytes one more embedded file may take under the entry and total limits (0: none). */
export function embeddedBudget(ctx: InspectContext): number {
  return Math.max(0, Math.min(ctx.limits.maxEntryBytes, ctx.limits.maxTotalDecompressed - ctx.totalDecompressed));
}

/**
 * Inspects `bytes` of `kind` if it is a markup or disk-image kind, writing into `facts`.
 * Returns false for kinds it does not handle.
 */
export async function inspectEmbedded(kind: FileKind, bytes: Uint8Array, ctx: InspectContext, depth: number, facts: Facts, nested: InspectNested): Promise<boolean> {
  if (DISK_IMAGE_KINDS.has(kind)) {
    await inspectDiskImage(kind, bytes, ctx, depth, facts, nested);
    return true;
  }
  if (!MARKUP_KINDS.has(kind)) return false;
  // Loaded on first use: most messages carry no markup attachment, and the pane starts faster without it.
  const { scanMarkup } = await import(/* webpackChunkName: "inspect-markup" */ './markup');
  const scan = scanMarkup(bytes, embeddedBudget(ctx));
  if (scan.info.script || scan.info.smuggling.length > 0) facts.markup = scan.info;
  if (scan.truncated) ctx.note('attachment-too-large', 'only the first part of a large HTML/SVG file was read for script and embedded files');
  if (scan.skipped > 0) ctx.note('archive-entry-too-large', 'embedded payloads above the count or size limit were not decoded');
  if (scan.payloads.length === 0) return true;
  const listing: ArchiveListing = { format: 'html', entries: [], encrypted: false, truncated: scan.skipped > 0 || scan.truncated };
  if (depth + 1 >= ctx.limits.maxArchiveDepth) {
    ctx.note('archive-too-deep', `files nested deeper than ${ctx.limits.maxArchiveDepth} levels were not opened`);
    listing.truncated = true;
  }
  for (const p of scan.payloads) {
    const entry: ArchiveEntry = { path: p.name, size: p.bytes.length, encrypted: false };
    listing.entries.push(entry);
    if (listing.truncated && depth + 1 >= ctx.limits.maxArchiveDepth) continue;
    if (ctx.outOfTime()) {
      listing.truncated = true;
      continue;
    }
    ctx.totalDecompressed += p.bytes.length;
    Object.assign(entry, await nested(p.bytes, ctx, depth + 1, false));
  }
  facts.archive = listing;
  return true;
}
