/**
 * Files carried inside other files that are not ZIPs: payloads decoded out of HTML smuggling
 * pages (markup.ts). Each becomes an entry of the attachment's
 * listing and is inspected like any attachment (type, hashes, nested archives), so every
 * attachment rule sees it. Whatever a limit stops is noted as incomplete.
 */
import type { ArchiveEntry, ArchiveListing, FileKind } from '../../engine/types';
import type { InspectContext } from './context';
import { MARKUP_KINDS } from './kinds';

type Facts = Pick<ArchiveEntry, 'sniffedType' | 'hashes' | 'office' | 'pe' | 'archive' | 'markup'>;
/** The caller's own inspection, for the files found inside (passed in to avoid an import cycle). */
export type InspectNested = (bytes: Uint8Array, ctx: InspectContext, depth: number, top: boolean) => Promise<Facts>;

/** Bytes one more embedded file may take under the entry and total limits (0: none). */
export function embeddedBudget(ctx: InspectContext): number {
  return Math.max(0, Math.min(ctx.limits.maxEntryBytes, ctx.limits.maxTotalDecompressed - ctx.totalDecompressed));
}

/**
 * Inspects `bytes` of `kind` if it is a markup or disk-image kind, writing into `facts`.
 * Returns false for kinds it does not handle.
 */
export async function inspectEmbedded(kind: FileKind, bytes: Uint8Array, ctx: InspectContext, depth: number, facts: Facts, nested: InspectNested): Promise<boolean> {
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
