import type { Hasher } from '../hash/hasher';
import type { InspectLimits } from '../inspect/limits';

/** Bytes of one message we parse. Above this only the first part is parsed (with a parse-error entry): Outlook and most MTAs reject mail far smaller. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** MIME nesting postal-mime follows before rejecting; real mail nests < 10, crafted mail thousands (stack exhaustion). */
export const MAX_MIME_NESTING = 64;
/** Header bytes across all parts; real mail has a few KiB, long Received chains tens of KiB. */
export const MAX_HEADERS_BYTES = 1024 * 1024;
/**
 * Attached messages (message/rfc822, a bounce's returned message, .msg in .msg) parsed as
 * messages of their own, counted from the outer message (a forwarded message is depth 1). A
 * deeper one stays a plain attachment and adds a `message-too-deep` incomplete entry. Real
 * forwards of forwards rarely pass 3; each level re-reads a slice of the bytes above it.
 */
export const MAX_ATTACHED_MESSAGE_DEPTH = 8;
/** Attached messages parsed per file, all depths together; beyond this they stay attachments (incomplete). */
export const MAX_ATTACHED_MESSAGES = 100;
/**
 * Decompressed bytes across all attachments of one message, its attached messages included.
 * Each attachment may decompress MAX_TOTAL_DECOMPRESSED (inspect/limits.ts); without a cap per
 * message, 200 ZIP bombs in one message meant 200 times that (201 s). Archive entries past it are
 * listed, not opened, and that is reported.
 */
export const MAX_MESSAGE_DECOMPRESSED = 256 * 1024 * 1024;
/**
 * Wall-clock time for inspecting all attachments of one message, attached messages included
 * (each attachment also has its own MAX_INSPECT_MS). Attachments after it are listed with their
 * name, type and size, not inspected, and each says so.
 */
export const MAX_MESSAGE_INSPECT_MS = 15_000;
/** Attachments inspected per message; beyond this they are listed as unavailable. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 200;
/** Messages read from one mbox file, so a huge archive cannot exhaust memory in one call. */
export const MAX_MBOX_MESSAGES = 100000;
/** Characters of body text kept; keyword rules need the visible text, not megabytes of it. */
export const MAX_TEXT_CHARS = 2 * 1024 * 1024;
/** HTML characters read for text and links; a longer HTML part is cut (and reported). */
export const MAX_HTML_CHARS = 4 * 1024 * 1024;

export interface ParseOptions {
  /** Digests attachment bytes; defaults to the Web Crypto hasher (Node ≥ 20 and browsers). */
  hasher?: Hasher;
  /** Overrides for attachment inspection limits (and its clock). */
  inspectLimits?: Partial<InspectLimits>;
}
