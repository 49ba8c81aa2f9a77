import type { AttachedMessage, Incomplete, NormalisedMessage } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import type { InspectLimits } from '../inspect/limits';
import { newInspectBudget, type InspectBudget } from './inspect-budget';
import { MAX_ATTACHED_MESSAGE_DEPTH, MAX_ATTACHED_MESSAGES } from './limits';
import { parseEml, type RawAttachment } from './parse-eml';
import { parseMsg } from './parse-msg';

/**
 * Where a message sits among attached messages: `depth` 0 is the file's own message, and
 * `budget` is shared by every level so one file parses at most MAX_ATTACHED_MESSAGES of them,
 * and inspects their attachments within one inspection budget (see inspectAll).
 */
export interface Nesting {
  depth: number;
  budget: { messages: number; inspect: InspectBudget };
}

export function topLevel(): Nesting {
  return { depth: 0, budget: { messages: 0, inspect: newInspectBudget() } };
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** How an attachment carries a message, if it does: by its declared type, or a .msg/.eml name over matching bytes. */
export function messageCarrier(raw: RawAttachment): AttachedMessage['carrier'] | undefined {
  if (!raw.bytes || raw.bytes.length === 0) return undefined;
  const type = raw.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const name = raw.name.toLowerCase().trim();
  const ole = OLE_MAGIC.every((v, k) => raw.bytes?.[k] === v);
  if (type === 'message/rfc822' || type === 'message/global') return ole ? 'msg' : 'rfc822';
  if (type === 'text/rfc822-headers' || type === 'message/rfc822-headers' || type === 'message/global-headers') return 'rfc822-headers';
  if (ole && (type === 'application/vnd.ms-outlook' || name.endsWith('.msg'))) return 'msg';
  if (!ole && name.endsWith('.eml') && looksLikeHeaders(raw.bytes)) return 'rfc822';
  return undefined;
}

/** The first line of a .eml-named file is a header field (`Name: value`), as in any message. */
function looksLikeHeaders(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^(?:\ufeff|\xef\xbb\xbf)?[\x21-\x39\x3b-\x7e]+:/.test(head);
}

/**
 * Parses the attachments that carry messages into messages of their own, one level down. The
 * attachments stay in the outer message's list too (their bytes are a file someone can save and
 * open); their contents are the inner message's. Never throws.
 */
export async function readAttachedMessages(
  raws: RawAttachment[],
  hasher: Hasher,
  limits: Partial<InspectLimits> | undefined,
  nesting: Nesting,
  incomplete: Incomplete[],
): Promise<AttachedMessage[]> {
  const out: AttachedMessage[] = [];
  for (const raw of raws) {
    const carrier = messageCarrier(raw);
    if (!carrier || !raw.bytes) continue;
    const where = `attachment:${raw.name || raw.contentType}`;
    if (nesting.depth + 1 > MAX_ATTACHED_MESSAGE_DEPTH) {
      incomplete.push({ code: 'message-too-deep', where, detail: `depth > MAX_ATTACHED_MESSAGE_DEPTH (${MAX_ATTACHED_MESSAGE_DEPTH})` });
      continue;
    }
    if (nesting.budget.messages >= MAX_ATTACHED_MESSAGES) {
      incomplete.push({ code: 'message-too-deep', where, detail: `more than MAX_ATTACHED_MESSAGES (${MAX_ATTACHED_MESSAGES}) in one file` });
      continue;
    }
    nesting.budget.messages++;
    const below: Nesting = { depth: nesting.depth + 1, budget: nesting.budget };
    let message: NormalisedMessage | Error;
    try {
      message =
        carrier === 'msg'
          ? await parseMsg(raw.bytes, hasher, limits, below)
          : await parseEml(carrier === 'rfc822-headers' ? headersOnly(raw.bytes) : raw.bytes, 'eml', hasher, limits, below);
    } catch (err) {
      message = err instanceof Error ? err : new Error(String(err));
    }
    if (message instanceof Error) {
      incomplete.push({ code: 'parse-error', where, detail: `attached message could not be read: ${message.message}` });
      continue;
    }
    const label = raw.name || message.subject;
    out.push({ path: label ? [label] : [], carrier, message });
  }
  return out;
}

/** A text/rfc822-headers part is a header block with no body: end it with the blank line a message needs. */
function headersOnly(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 4);
  out.set(bytes);
  out.set([13, 10, 13, 10], bytes.length);
  return out;
}
