import type { Attachment, Incomplete, Link, NormalisedMessage } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import type { InspectLimits } from '../inspect/limits';
import { parseAuthenticationResults } from './auth-results';
import { decodeHeaders, fixRawIso2022, headerFields, isoDate } from './headers';
import { readHtml } from './html';
import { parseMime } from './mime';
import type { PostalMimeOptions } from 'postal-mime';
import { findUuBlocks } from './transfer-decode';
import { repairRawHeaders } from './raw-headers';
import {
  MAX_HEADERS_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MIME_NESTING,
} from './limits';
import { readAttachedMessages, topLevel, type Nesting } from './attached';
import { inspectAll } from './inspect-budget';

export interface RawAttachment {
  name: string;
  contentType: string;
  bytes?: Uint8Array;
  inline: boolean;
  id?: string;
}

// Body reading lives in ./body so the Outlook pane can use it without this module's parser.
import { bodyTextAndLinks } from './body';
export { bodyTextAndLinks, type BodyParts } from './body';

export { inspectAll } from './inspect-budget';

function toBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/**
 * Files carried the pre-MIME way: `begin 644 name` … `end` blocks in a plain-text body. They are
 * attachments to the reader's mail client (Outlook, Thunderbird), so they are to us.
 */
export function uuencodedInText(text: string | undefined): RawAttachment[] {
  if (!text || !/^begin(?:-base64)? +[0-7]{1,4} /m.test(text)) return [];
  return findUuBlocks(new TextEncoder().encode(text)).map((b) => ({ name: b.name, contentType: 'application/octet-stream', bytes: b.bytes, inline: false }));
}

/** postal-mime's options for every message (exported for the bench's postal-mime floor, which parses as the CLI does). */
export const MIME_OPTIONS: Readonly<PostalMimeOptions> = {
  attachmentEncoding: 'arraybuffer',
  maxNestingDepth: MAX_MIME_NESTING,
  maxHeadersSize: MAX_HEADERS_BYTES,
  // Every message/rfc822 part stays an attachment with its bytes: we parse it ourselves as
  // a message of its own (readAttachedMessages), so its sender, links and files stay its own
  // instead of being merged into this message's.
  forceRfc822Attachments: true,
};

/**
 * Parses one RFC 5322 message, and the messages attached to it (see readAttachedMessages).
 * Returns the message, or an Error when nothing usable could be read; never throws.
 */
export async function parseEml(
  input: Uint8Array,
  kind: 'eml' | 'mbox',
  hasher: Hasher,
  limits: Partial<InspectLimits> | undefined,
  nesting: Nesting = topLevel(),
): Promise<NormalisedMessage | Error> {
  const incomplete: Incomplete[] = [];
  let bytes = input;
  if (bytes.length > MAX_MESSAGE_BYTES) {
    incomplete.push({ code: 'parse-error', detail: `message cut at ${MAX_MESSAGE_BYTES} of ${bytes.length} bytes` });
    bytes = bytes.subarray(0, MAX_MESSAGE_BYTES);
  }
  bytes = repairRawHeaders(bytes);
  let email: Awaited<ReturnType<typeof parseMime>>;
  try {
    email = await parseMime(bytes, MIME_OPTIONS);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  const headers = decodeHeaders(email.headers ?? []);
  const auth = headers
    .filter((h) => h.name.toLowerCase() === 'authentication-results')
    .flatMap((h) => parseAuthenticationResults(h.value));
  // A named text part is an attachment (as Outlook lists it) and, unless sent as an attachment, body text too.
  const named = (type: 'plain' | 'html'): string[] => email.attachments.flatMap((a) => (a.bodyText?.type === type ? [a.bodyText.text] : []));
  const join = (main: string | undefined, more: string[]): string | undefined => (more.length === 0 ? main : [main ?? '', ...more].filter((x) => x !== '').join('\n'));
  const plain = join(email.text, named('plain'));
  const { text, links } = bodyTextAndLinks({ text: plain, html: join(email.html, named('html')) }, incomplete);
  const raws: RawAttachment[] = (email.attachments ?? []).map((a) => {
    const raw: RawAttachment = {
      name: fixRawIso2022(a.filename ?? ''),
      contentType: a.mimeType ?? 'application/octet-stream',
      bytes: toBytes(a.content),
      inline: a.disposition === 'inline' || a.related === true,
    };
    if (a.contentId) raw.id = a.contentId;
    return raw;
  });
  raws.push(...uuencodedInText(plain));
  const attachments = await inspectAll(raws, hasher, limits, incomplete, nesting.budget.inspect);
  const attachedMessages = await readAttachedMessages(raws, hasher, limits, nesting, incomplete);
  const { from, sender, replyTo, to, cc, subject } = headerFields(email.headers ?? []);
  const msg: NormalisedMessage = {
    origin: { kind },
    replyTo,
    to,
    cc,
    subject: subject ?? '',
    text,
    links,
    attachments,
    headers,
    auth,
    incomplete,
  };
  if (attachedMessages.length > 0) msg.attachedMessages = attachedMessages;
  if (from) msg.from = from;
  if (sender && (!from || sender.address !== from.address)) msg.sender = sender;
  const date = isoDate(email.date);
  if (date) msg.date = date;
  if (headers.length === 0) incomplete.push({ code: 'headers-unavailable', detail: 'no header lines found' });
  return msg;
}
