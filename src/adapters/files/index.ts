import type { NormalisedMessage } from '../../engine/types';
import { webHasher } from '../hash/web-hasher';
import { MAX_MBOX_MESSAGES, type ParseOptions } from './limits';
import { splitMbox } from './mbox';
import { parseEml } from './parse-eml';
import { parseMsg } from './parse-msg';

export * from './limits';
export { parseAuthenticationResults } from './auth-results';
export { readHtml } from './html';
export { splitMbox } from './mbox';
export { extractTextLinks } from './text-links';

/** One message from a file: `message` when it could be read (possibly with `incomplete` entries), `error` when not at all. */
export type ParsedRecord = { index: number; message?: NormalisedMessage; error?: string };

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Detects the container from content, never from a file name. */
export function sniffMessageFormat(bytes: Uint8Array): 'eml' | 'msg' | 'mbox' | 'empty' {
  let i = 0;
  // A UTF-8 BOM or leading blank lines (common in exported files) do not change the format.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a || bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  if (i >= bytes.length) return 'empty';
  if (OLE_MAGIC.every((v, k) => bytes[k] === v)) return 'msg';
  if (bytes[i] === 0x46 && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x6f && bytes[i + 3] === 0x6d && bytes[i + 4] === 0x20) return 'mbox';
  return 'eml';
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Parses .eml, .msg or mbox bytes into normalised messages (one record per message; mbox
 * index = position from 0). An empty file gives one error record. Never throws.
 */
export async function parseMessageBytes(bytes: Uint8Array, opts: ParseOptions = {}): Promise<ParsedRecord[]> {
  const hasher = opts.hasher ?? webHasher;
  const limits = opts.inspectLimits;
  try {
    const format = sniffMessageFormat(bytes);
    if (format === 'empty') return [{ index: 0, error: 'empty file' }];
    if (format === 'msg') {
      const r = await parseMsg(bytes, hasher, limits);
      return [r instanceof Error ? { index: 0, error: describe(r) } : { index: 0, message: r }];
    }
    if (format === 'eml') {
      const r = await parseEml(bytes, 'eml', hasher, limits);
      return [r instanceof Error ? { index: 0, error: describe(r) } : { index: 0, message: r }];
    }
    const { messages, truncated } = splitMbox(bytes);
    const records: ParsedRecord[] = [];
    for (const [index, m] of messages.entries()) {
      try {
        const r = await parseEml(m, 'mbox', hasher, limits);
        records.push(r instanceof Error ? { index, error: describe(r) } : { index, message: r });
      } catch (err) {
        records.push({ index, error: describe(err) });
      }
    }
    if (truncated) records.push({ index: messages.length, error: `mbox read stopped after ${MAX_MBOX_MESSAGES} messages` });
    return records;
  } catch (err) {
    return [{ index: 0, error: describe(err) }];
  }
}
