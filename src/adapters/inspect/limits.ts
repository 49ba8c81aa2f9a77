/**
 * Every bound on static attachment inspection. Attachments are hostile: each limit keeps one
 * attachment from taking unbounded memory or time, and whatever a limit skips is reported as
 * an `incomplete` entry so that "not looked at" never reads as "nothing found".
 */
import type { ContainerLister } from './container';

/** Bytes of one attachment we look into. Above this we still sniff the type but do not hash or open it; Outlook caps mail at 20–35 MB anyway. */
export const MAX_ATTACHMENT_BYTES_INSPECTED = 32 * 1024 * 1024;
/** Bytes we hash per file (attachment or archive entry). Published payload hashes are of files far below this. */
export const MAX_HASH_BYTES = 32 * 1024 * 1024;
/** Archive nesting we open: MirrorFace used ZIP→LNK and ZIP→ISO→…; 3 levels covers those, and each level multiplies work. */
export const MAX_ARCHIVE_DEPTH = 3;
/** Entries listed per archive; real attachments hold tens, a hostile one millions of tiny headers. */
export const MAX_ARCHIVE_ENTRIES = 2000;
/** Decompressed size of one entry we accept; larger entries are listed but not opened. */
export const MAX_ENTRY_BYTES_DECOMPRESSED = 16 * 1024 * 1024;
/** Decompressed bytes across one attachment and all its nested archives (zip-bomb guard). */
export const MAX_TOTAL_DECOMPRESSED = 64 * 1024 * 1024;
/** Declared uncompressed/compressed ratio above which an entry is not opened: deflate tops out near 1032:1, so more is a bomb or a lie. */
export const MAX_COMPRESSION_RATIO = 1100;
/** Wall-clock budget per attachment, so one attachment cannot stall the task pane or a CLI scan. */
export const MAX_INSPECT_MS = 5000;
/** Bytes after a PE image searched for an SFX archive signature; SFX stubs put the archive right after the image. */
export const MAX_SFX_SCAN_BYTES = 4 * 1024 * 1024;
/** Sectors an OLE chain may span (bounds every FAT walk; a 32 MiB file has 64 Ki 512-byte sectors). */
export const MAX_OLE_SECTORS = 1 << 17;
/** Directory entries read from an OLE file; Office documents have tens to a few thousand. */
export const MAX_OLE_DIR_ENTRIES = 10000;

export interface InspectLimits {
  maxBytesInspected: number;
  maxHashBytes: number;
  maxArchiveDepth: number;
  maxArchiveEntries: number;
  maxEntryBytes: number;
  maxTotalDecompressed: number;
  maxCompressionRatio: number;
  maxInspectMs: number;
  /** Clock for the time budget; injected so tests can be deterministic. */
  now: () => number;
  /**
   * Reader for containers without one here (RAR, 7z, CAB…; see container.ts). The CLI passes
   * 7-Zip; the pane passes none, and such attachments stay "not listed".
   */
  listContainer?: ContainerLister;
}

export const DEFAULT_INSPECT_LIMITS: Readonly<InspectLimits> = {
  maxBytesInspected: MAX_ATTACHMENT_BYTES_INSPECTED,
  maxHashBytes: MAX_HASH_BYTES,
  maxArchiveDepth: MAX_ARCHIVE_DEPTH,
  maxArchiveEntries: MAX_ARCHIVE_ENTRIES,
  maxEntryBytes: MAX_ENTRY_BYTES_DECOMPRESSED,
  maxTotalDecompressed: MAX_TOTAL_DECOMPRESSED,
  maxCompressionRatio: MAX_COMPRESSION_RATIO,
  maxInspectMs: MAX_INSPECT_MS,
  now: () => Date.now(),
};
