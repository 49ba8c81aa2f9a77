/**
 * Mailboxes read as a stream (CLI only, kept out of index.ts so the pane's bundle does not carry
 * them): the streaming mbox splitter, and the parse of one message cut from a mailbox.
 */
import type { NormalisedMessage } from '../../engine/types';
import { webHasher } from '../hash/web-hasher';
import type { ParseOptions } from './limits';
import { parseEml } from './parse-eml';

export { MboxSplitter, type MboxPiece } from './mbox-stream';

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Parses one message cut from a mailbox (mbox, a .zip of reports, an Outlook store) as RFC 822.
 * Never throws.
 */
export async function parseMailboxMessage(bytes: Uint8Array, opts: ParseOptions = {}): Promise<{ message?: NormalisedMessage; error?: string }> {
  try {
    const r = await parseEml(bytes, 'mbox', opts.hasher ?? webHasher, opts.inspectLimits);
    return r instanceof Error ? { error: describe(r) } : { message: r };
  } catch (err) {
    return { error: describe(err) };
  }
}
