import type { ArchiveEntry, ArchiveListing, Attachment, FileKind, Incomplete, OfficeInfo } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import { InspectContext } from './context';
import { inspectEmbedded } from './embedded';
import { refineKind } from './kinds';
import { DEFAULT_INSPECT_LIMITS, MAX_OLE_DIR_ENTRIES, type InspectLimits } from './limits';
import { inspectOle, OleError } from './ole';
import { inspectPe } from './pe';
import { sniffKind } from './sniff';
import { extractEntry, readZipDirectory, type ZipEntryInfo } from './zip';

export * from './limits';
export type { ContainerEntry, ContainerLister, ContainerReading } from './container';
export { sniffKind } from './sniff';
export { decodeZipName } from './zip';

/** One attachment as an adapter hands it over: bytes when the host gave them. */
export interface AttachmentInput {
  name: string;
  /** Declared Content-Type (parameters and case are normalised away here). */
  contentType: string;
  bytes?: Uint8Array;
  /** Size the host reports when bytes are absent (Outlook attachment metadata). */
  declaredSize?: number;
  inline: boolean;
  id?: string;
}

export interface InspectResult {
  attachment: Attachment;
  incomplete: Incomplete[];
  /** Bytes decompressed to inspect it (nested archives included), for the caller's budget. */
  decompressed: number;
}

/**
 * Static inspection of one attachment: real type, hashes, archive listing, Office macro /
 * encryption / remote-template facts, PE self-extractor. Nothing is executed or fetched.
 * Never throws: failures and limits come back as `incomplete` entries.
 */
export async function inspectAttachment(
  input: AttachmentInput,
  hasher: Hasher,
  limits?: Partial<InspectLimits>,
): Promise<InspectResult> {
  const lim: InspectLimits = { ...DEFAULT_INSPECT_LIMITS, ...(limits ?? {}) };
  const ctx = new InspectContext(lim, hasher, `attachment:${input.name}`);
  const attachment: Attachment = {
    name: input.name,
    contentType: normaliseContentType(input.contentType),
    size: input.bytes ? input.bytes.length : Math.max(0, input.declaredSize ?? 0),
    inline: input.inline,
  };
  if (input.id !== undefined) attachment.id = input.id;
  const bytes = input.bytes;
  if (!bytes) {
    ctx.note('attachment-content-unavailable', 'no content to inspect');
    return { attachment, incomplete: ctx.incomplete, decompressed: ctx.totalDecompressed };
  }
  try {
    const facts = await inspectBytes(bytes, ctx, 0, true);
    Object.assign(attachment, facts);
  } catch (err) {
    // Inspection code is defensive, but a bug must surface as "could not check", not a crash.
    ctx.note('parse-error', `inspection failed: ${errorText(err)}`);
  }
  return { attachment, incomplete: ctx.incomplete, decompressed: ctx.totalDecompressed };
}

type Facts = Pick<ArchiveEntry, 'sniffedType' | 'hashes' | 'office' | 'pe' | 'archive' | 'markup'>;

async function inspectBytes(bytes: Uint8Array, ctx: InspectContext, depth: number, top: boolean): Promise<Facts> {
  const lim = ctx.limits;
  let kind: FileKind = refineKind(sniffKind(bytes), bytes);
  const facts: Facts = {};
  if (bytes.length <= lim.maxHashBytes) facts.hashes = await ctx.hasher.digest(bytes);
  else ctx.note('attachment-too-large', `${bytes.length} bytes is above the ${lim.maxHashBytes}-byte hashing limit`);
  if (top && bytes.length > lim.maxBytesInspected) {
    ctx.note('attachment-too-large', `${bytes.length} bytes is above the ${lim.maxBytesInspected}-byte inspection limit`);
    facts.sniffedType = kind;
    return facts;
  }
  if (kind === 'zip') {
    const listing = await listZip(bytes, ctx, depth);
    if (listing.ooxml) {
      kind = 'ooxml';
      facts.office = listing.ooxml;
    }
    facts.archive = listing.listing;
  } else if (kind === 'ole') {
    const office = oleFacts(bytes, ctx);
    if (office) facts.office = office;
  } else if (kind === 'pe') {
    facts.pe = inspectPe(bytes);
    if (facts.pe.sfx) ctx.note('archive-unlisted', `self-extracting ${facts.pe.sfx} archive: the files inside were not listed`);
  } else if (await inspectEmbedded(kind, bytes, ctx, depth, facts, inspectBytes)) {
    // markup (script, HTML smuggling) and disk images: embedded.ts
  } else if (UNLISTED_CONTAINERS.has(kind)) {
    // Only a host with a reader (the CLI) loads container.ts: the pane's bundle never carries it.
    const listed = ctx.limits.listContainer ? await (await import(/* webpackChunkName: "inspect-container" */ './container')).inspectContainer(kind, bytes, ctx, depth, facts, inspectBytes) : undefined;
    if (listed !== true) ctx.note('archive-unlisted', listed ? `${kind} file: ${listed.note}; the files inside were not listed` : `${kind} file: the files inside were not listed`);
  }
  facts.sniffedType = kind;
  return facts;
}

/**
 * Containers this inspector has no reader of its own for (ZIP, OOXML and the disk images of
 * disk/ are opened here). They are listed by the host's reader when it has one (container.ts:
 * 7-Zip in the CLI); otherwise what is inside one (a .lnk in a RAR) is unchecked, and the
 * verdict must say so rather than read as "nothing found".
 */
const UNLISTED_CONTAINERS: ReadonlySet<FileKind> = new Set<FileKind>(['rar', '7z', 'cab', 'gzip', 'bzip2', 'xz', 'dmg']);

function oleFacts(bytes: Uint8Array, ctx: InspectContext): OfficeInfo | undefined {
  try {
    const { office, truncated } = inspectOle(bytes);
    if (truncated) ctx.note('archive-too-many-entries', `compound file: only the first ${MAX_OLE_DIR_ENTRIES} directory entries were read`);
    return office;
  } catch (err) {
    ctx.note('parse-error', `compound file unreadable: ${errorText(err)}`);
    return undefined;
  }
}

/** Content types and relationship types of Excel 4.0 macro sheets (XML and binary). */
const MACROSHEET = /application\/vnd\.ms-excel\.(?:intl)?macrosheet|\/relationships\/xl(?:Intl)?Macrosheet["']/i;

/** Relationship types whose external target is fetched when the document opens. */
const REMOTE_TEMPLATE_TYPE = /\/(?:attachedTemplate|oleObject|frame|subDocument)$/i;

async function listZip(
  bytes: Uint8Array,
  ctx: InspectContext,
  depth: number,
): Promise<{ listing: ArchiveListing; ooxml?: OfficeInfo }> {
  const lim = ctx.limits;
  const dir = readZipDirectory(bytes, lim.maxArchiveEntries);
  const listing: ArchiveListing = { format: 'zip', entries: [], encrypted: false, truncated: dir.truncated };
  if (dir.lies.length) listing.inconsistencies = dir.lies;
  if (dir.truncated) ctx.note('archive-too-many-entries', `listed the first ${lim.maxArchiveEntries} entries`);
  if (dir.recovered && dir.entries.length > 0) ctx.note('archive-corrupt', 'central directory missing; entries recovered from local headers');
  if (dir.entries.length === 0 && bytes.length > 22) ctx.note('archive-corrupt', 'no readable entries');

  const names = new Set(dir.entries.map((e) => e.path.toLowerCase()));
  const isOoxml = names.has('[content_types].xml');
  let externalTemplate: string | undefined;
  let macros = false;

  for (const info of dir.entries) {
    const entry: ArchiveEntry = { path: info.path, size: info.size, encrypted: info.encrypted };
    if (info.altPath !== undefined) entry.altPath = info.altPath;
    listing.entries.push(entry);
    if (info.encrypted) {
      listing.encrypted = true;
      ctx.note('archive-encrypted', 'password-protected entries could not be looked into');
      continue;
    }
    if (isDirectory(info)) continue;
    if (info.overlaps) {
      ctx.note('archive-corrupt', 'entries whose data overlap an earlier entry were not opened again');
      continue;
    }
    if (ctx.outOfTime()) {
      listing.truncated = true;
      continue;
    }
    const data = extractWithin(bytes, info, ctx);
    if (!data) continue;
    if (isOoxml && /(?:\.rels|^\[content_types\]\.xml)$/i.test(info.path)) {
      const xml = new TextDecoder().decode(data);
      externalTemplate ??= findExternalTemplate(xml);
      // Excel 4.0 macro sheets in .xlsm/.xlsb: their content types, or relationships to them.
      if (MACROSHEET.test(xml)) macros = true;
    }
    const nested = sniffKind(data);
    if (nested === 'zip' && depth + 1 >= lim.maxArchiveDepth) {
      entry.sniffedType = nested;
      if (data.length <= lim.maxHashBytes) entry.hashes = await ctx.hasher.digest(data);
      ctx.note('archive-too-deep', `archives nested deeper than ${lim.maxArchiveDepth} levels were not opened`);
      listing.truncated = true;
      continue;
    }
    Object.assign(entry, await inspectBytes(data, ctx, depth + 1, false));
    // A VBA project is found by what the part holds, whatever it is named.
    if (isOoxml && entry.office?.macros) macros = true;
  }
  const ooxml: OfficeInfo | undefined = isOoxml
    ? { macros, encrypted: false, container: 'ooxml', ...(externalTemplate ? { externalTemplate } : {}) }
    : undefined;
  return ooxml ? { listing, ooxml } : { listing };
}

function isDirectory(e: ZipEntryInfo): boolean {
  return e.path.endsWith('/') && e.size === 0;
}

/** Decompresses an entry if every limit allows it, recording why not otherwise. */
function extractWithin(bytes: Uint8Array, info: ZipEntryInfo, ctx: InspectContext): Uint8Array | null {
  const lim = ctx.limits;
  if (info.size > lim.maxEntryBytes) {
    ctx.note('archive-entry-too-large', `entries above ${lim.maxEntryBytes} bytes were not opened`);
    return null;
  }
  if (info.compressedSize > 0 && info.size / info.compressedSize > lim.maxCompressionRatio) {
    ctx.note('archive-entry-too-large', `entries compressed more than ${lim.maxCompressionRatio}:1 were not opened (zip bomb guard)`);
    return null;
  }
  const remaining = lim.maxTotalDecompressed - ctx.totalDecompressed;
  if (remaining <= 0 || info.size > remaining) {
    ctx.note('archive-entry-too-large', `stopped opening entries after ${lim.maxTotalDecompressed} decompressed bytes`);
    return null;
  }
  const r = extractEntry(bytes, info, Math.min(lim.maxEntryBytes, remaining));
  if (!r.ok) {
    if (r.reason === 'too-large') ctx.note('archive-entry-too-large', 'an entry inflated beyond its limit (declared size was wrong)');
    else if (r.reason === 'unsupported') ctx.note('archive-corrupt', `compression method ${info.method} not supported`);
    else if (r.reason === 'corrupt') ctx.note('archive-corrupt', 'an entry could not be decompressed');
    return null;
  }
  ctx.totalDecompressed += r.data.length;
  return r.data;
}

/**
 * First http(s) target of an external template-like relationship. Relationships are small
 * XML; attributes are read with a tag-at-a-time scan rather than a document-wide regex.
 */
export function findExternalTemplate(xml: string): string | undefined {
  let i = 0;
  while (i < xml.length) {
    const start = xml.indexOf('<', i);
    if (start < 0) break;
    const end = xml.indexOf('>', start);
    if (end < 0) break;
    const tag = xml.slice(start, end + 1);
    i = end + 1;
    if (!/^<(?:\w+:)?Relationship\s/i.test(tag)) continue;
    const attr = (name: string): string | undefined => {
      const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
      return m ? (m[2] ?? m[3]) : undefined;
    };
    if ((attr('TargetMode') ?? '').toLowerCase() !== 'external') continue;
    if (!REMOTE_TEMPLATE_TYPE.test(attr('Type') ?? '')) continue;
    const target = decodeXmlEntities(attr('Target') ?? '').trim();
    if (/^https?:\/\//i.test(target)) return target;
  }
  return undefined;
}

function decodeXmlEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const cp = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

export function normaliseContentType(ct: string): string {
  return (ct.split(';')[0] ?? '').trim().toLowerCase();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export { OleError };
