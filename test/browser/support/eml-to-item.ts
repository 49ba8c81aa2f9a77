/**
 * Turns an .eml file into the item a fake Outlook host shows: what Office.js would report for
 * that message in read mode (subject, from, recipients, body, attachment metadata and content,
 * raw internet headers). Parsing happens here in Node, so the page only receives plain JSON.
 */
import PostalMime from 'postal-mime';
import type { Address, Attachment as PostalAttachment } from 'postal-mime';

export interface FakeEmailAddress {
  displayName: string;
  emailAddress: string;
}

export interface FakeAttachmentSpec {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  attachmentType: 'file' | 'item' | 'cloud';
  contentBase64: string;
  /** For attached messages Outlook returns the message itself (format "eml"), not base64. */
  eml?: string;
}

/** Artificial latency, per API, for one item (used to provoke stale results). */
export interface FakeDelays {
  body?: number;
  headers?: number;
  attachmentContent?: number;
  file?: number;
}

export interface FakeItemSpec {
  itemType: 'message' | 'appointment';
  itemId: string;
  internetMessageId: string;
  subject: string;
  date?: string;
  from: FakeEmailAddress | null;
  sender: FakeEmailAddress | null;
  to: FakeEmailAddress[];
  cc: FakeEmailAddress[];
  bodyText: string;
  bodyHtml: string;
  /** The header block exactly as getAllInternetHeadersAsync returns it. */
  headers: string;
  attachments: FakeAttachmentSpec[];
  delays?: FakeDelays;
  /** The message as getAsFileAsync returns it (Mailbox 1.14): the sender's bytes, base64. */
  emlBase64?: string;
  /** Set for an item in a shared or delegate folder: what getSharedPropertiesAsync returns. */
  shared?: { owner: string; targetMailbox: string; delegatePermissions: number };
}

function flatten(list: Address[] | undefined): FakeEmailAddress[] {
  const out: FakeEmailAddress[] = [];
  for (const a of list ?? []) {
    if (a.group) for (const m of a.group) out.push({ displayName: m.name, emailAddress: m.address });
    else if (a.address !== undefined) out.push({ displayName: a.name, emailAddress: a.address });
  }
  return out;
}

function one(a: Address | undefined): FakeEmailAddress | null {
  return flatten(a ? [a] : [])[0] ?? null;
}

function headerBlock(raw: Buffer): string {
  const text = raw.toString('utf8');
  const m = /\r?\n\r?\n/.exec(text);
  // Outlook hands headers back with CRLF line ends whatever the stored file used.
  return (m ? text.slice(0, m.index) + '\n' : text).replace(/\r?\n/g, '\r\n');
}

function toBase64(att: PostalAttachment): string {
  const c = att.content;
  if (typeof c === 'string') return att.encoding === 'base64' ? c : Buffer.from(c, 'utf8').toString('base64');
  return Buffer.from(c instanceof ArrayBuffer ? new Uint8Array(c) : c).toString('base64');
}

/** Exchange item ids are opaque base64 strings; a readable stand-in keeps test failures legible. */
export async function emlToItem(raw: Buffer, itemId: string): Promise<FakeItemSpec> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'base64' });
  const attachments = email.attachments.map((att, i): FakeAttachmentSpec => {
    const contentBase64 = toBase64(att);
    const isItem = att.mimeType === 'message/rfc822';
    return {
      id: `${itemId}-att-${i}`,
      name: att.filename ?? `attachment-${i}`,
      contentType: att.mimeType,
      size: Buffer.byteLength(contentBase64, 'base64'),
      isInline: att.disposition === 'inline' || att.related === true,
      attachmentType: isItem ? 'item' : 'file',
      contentBase64,
      ...(isItem ? { eml: Buffer.from(contentBase64, 'base64').toString('utf8') } : {}),
    };
  });
  return {
    itemType: 'message',
    itemId,
    internetMessageId: email.messageId ?? '',
    subject: email.subject ?? '',
    ...(email.date ? { date: email.date } : {}),
    from: one(email.from),
    sender: one(email.sender ?? email.from),
    to: flatten(email.to),
    cc: flatten(email.cc),
    bodyText: email.text ?? '',
    bodyHtml: email.html ?? '',
    headers: headerBlock(raw),
    attachments,
    emlBase64: Buffer.from(raw).toString('base64'),
  };
}
