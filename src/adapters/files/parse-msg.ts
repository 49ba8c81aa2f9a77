import MsgReader, { type FieldsData } from '@kenjiuno/msgreader';
import PostalMime from 'postal-mime';
import { emptyMessage } from '../../engine';
import type { Header, Incomplete, Mailbox, NormalisedMessage } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import type { InspectLimits } from '../inspect/limits';
import { parseAuthenticationResults } from './auth-results';
import { decodeHeaders, headerFields, isoDate, toMailbox } from './headers';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_HEADERS_BYTES } from './limits';
import { checkMsgStructure } from './msg-guard';
import { bodyTextAndLinks, inspectAll, type RawAttachment } from './parse-eml';
import { readAttachedMessages, topLevel, type Nesting } from './attached';

/**
 * Windows code pages seen in non-Unicode .msg files, as labels msgreader's decoder knows.
 * Japanese Outlook writes CP932 ("ANSI") strings when the store is not Unicode.
 */
const ANSI_LABELS: Record<number, string> = {
  932: 'cp932',
  936: 'cp936',
  949: 'cp949',
  950: 'cp950',
  20932: 'euc-jp',
  51932: 'euc-jp',
  1250: 'cp1250',
  1251: 'cp1251',
  1252: 'cp1252',
  1253: 'cp1253',
  1254: 'cp1254',
  1255: 'cp1255',
  1256: 'cp1256',
  1257: 'cp1257',
  65001: 'utf8',
};

/** WHATWG labels for PidTagInternetCodepage, used to decode the binary HTML body. */
const HTML_LABELS: Record<number, string> = {
  932: 'shift_jis',
  50220: 'iso-2022-jp',
  50221: 'iso-2022-jp',
  50222: 'iso-2022-jp',
  51932: 'euc-jp',
  20932: 'euc-jp',
  65001: 'utf-8',
  1252: 'windows-1252',
  28591: 'iso-8859-1',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
};

/** Locale (PidTagMessageLocaleId) → ANSI code page, for files that do not state a code page. */
const LOCALE_CODEPAGES: Record<number, number> = { 1041: 932, 2052: 936, 1042: 949, 1028: 950, 3076: 950 };
/** Internet code pages whose Windows ANSI counterpart is CP932 (Japanese). */
const JAPANESE_INTERNET_CODEPAGES = new Set([932, 50220, 50221, 50222, 51932, 20932]);

/**
 * The code page of the file's 8-bit ("ANSI") strings. Only PT_STRING8 properties use it, so a
 * wrong guess cannot damage Unicode properties; without a guess Japanese ANSI files decode
 * as Latin-1 mojibake.
 */
function ansiCodepage(f: FieldsData): number | undefined {
  if (f.messageCodepage !== undefined) return f.messageCodepage;
  if (f.messageLocaleId !== undefined && LOCALE_CODEPAGES[f.messageLocaleId] !== undefined) return LOCALE_CODEPAGES[f.messageLocaleId];
  if (f.internetCodepage !== undefined && JAPANESE_INTERNET_CODEPAGES.has(f.internetCodepage)) return 932;
  return undefined;
}

function read(bytes: Uint8Array, ansiEncoding?: string): { reader: MsgReader; fields: FieldsData } {
  // msgreader follows chains and allocates declared sizes unchecked; refuse files that would make it loop or over-allocate.
  checkMsgStructure(bytes);
  const copy = bytes.slice().buffer;
  const reader = new MsgReader(copy);
  if (ansiEncoding) reader.parserConfig = { ansiEncoding };
  return { reader, fields: reader.getFileData() };
}

function decodeHtml(html: Uint8Array, codepage: number | undefined): string {
  const label = (codepage !== undefined && HTML_LABELS[codepage]) || 'utf-8';
  try {
    return new TextDecoder(label).decode(html);
  } catch {
    return new TextDecoder('utf-8').decode(html);
  }
}

/** Header fields, parsed by postal-mime from the transport headers block (PidTagTransportMessageHeaders). */
async function transportHeaders(block: string): Promise<PostalMime.Email | undefined> {
  try {
    const headBytes = new TextEncoder().encode(block.replace(/\r?\n?$/, '') + '\r\n\r\n');
    return await PostalMime.parse(headBytes.subarray(0, MAX_HEADERS_BYTES), { maxHeadersSize: MAX_HEADERS_BYTES });
  } catch {
    return undefined;
  }
}

function msgMailbox(name: string | undefined, address: string | undefined): Mailbox | undefined {
  if (!name && !address) return undefined;
  // Exchange-internal senders have an X.500 DN instead of an SMTP address.
  const addr = address && address.includes('@') ? address : '';
  return toMailbox({ name: name ?? '', address: addr });
}

/**
 * Parses an Outlook .msg (OLE compound file). Items that are not mail (appointments,
 * contacts, tasks: message class not IPM.Note*) come back as a message with only the subject
 * and a `not-a-message` incomplete entry, so a batch scan reports them instead of failing.
 */
export async function parseMsg(
  bytes: Uint8Array,
  hasher: Hasher,
  limits: Partial<InspectLimits> | undefined,
  nesting: Nesting = topLevel(),
): Promise<NormalisedMessage | Error> {
  let parsed: { reader: MsgReader; fields: FieldsData };
  try {
    parsed = read(bytes);
    const cp = ansiCodepage(parsed.fields);
    const ansi = cp !== undefined ? ANSI_LABELS[cp] : undefined;
    if (ansi && ansi !== 'cp1252') {
      try {
        parsed = read(bytes, ansi);
      } catch {
        /* keep the default decoding */
      }
    }
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  const { reader, fields } = parsed;
  if (fields.error) return new Error(`msg: ${fields.error}`);
  const incomplete: Incomplete[] = [];
  const messageClass = fields.messageClass ?? '';
  const base: NormalisedMessage = { ...emptyMessage({ kind: 'msg' }), subject: fields.subject ?? '', incomplete };
  if (messageClass && !/^IPM\.Note(?:\.|$)/i.test(messageClass)) {
    incomplete.push({ code: 'not-a-message', detail: `Outlook item of class ${messageClass}` });
    return base;
  }

  let headers: Header[] = [];
  let th: PostalMime.Email | undefined;
  if (fields.headers && fields.headers.trim()) {
    th = await transportHeaders(fields.headers);
    if (th) headers = decodeHeaders(th.headers);
  }
  if (headers.length === 0) {
    incomplete.push({ code: 'headers-unavailable', detail: 'the .msg has no transport headers (sent or draft item)' });
  }
  const hf = th ? headerFields(th.headers) : undefined;
  const from =
    hf?.from ??
    msgMailbox(fields.senderName, fields.senderSmtpAddress ?? fields.sentRepresentingSmtpAddress ?? fields.senderEmail);
  if (from) base.from = from;
  if (hf) {
    if (hf.sender && hf.sender.address !== from?.address) base.sender = hf.sender;
    base.replyTo = hf.replyTo;
  }
  const recipients = fields.recipients ?? [];
  const recip = (kind: 'to' | 'cc'): Mailbox[] =>
    recipients
      .filter((r) => (r.recipType ?? 'to') === kind)
      .map((r) => msgMailbox(r.name, r.smtpAddress ?? r.email))
      .filter((m): m is Mailbox => m !== undefined);
  base.to = recip('to');
  base.cc = recip('cc');
  if (hf && base.to.length === 0) base.to = hf.to;
  if (hf && base.cc.length === 0) base.cc = hf.cc;
  base.headers = headers;
  base.auth = headers
    .filter((h) => h.name.toLowerCase() === 'authentication-results')
    .flatMap((h) => parseAuthenticationResults(h.value));
  const date = isoDate(th?.date) ?? isoDate(fields.clientSubmitTime) ?? isoDate(fields.messageDeliveryTime);
  if (date) base.date = date;

  let html = fields.bodyHtml;
  if (!html && fields.html) html = decodeHtml(fields.html, fields.internetCodepage);
  const { text, links } = bodyTextAndLinks({ text: fields.body, html }, incomplete);
  base.text = text;
  base.links = links;
  if (!fields.body && !html && fields.compressedRtf) {
    incomplete.push({ code: 'body-unavailable', where: 'body', detail: 'RTF-only body is not read' });
  }

  const raws: RawAttachment[] = [];
  for (const att of (fields.attachments ?? []).slice(0, MAX_ATTACHMENTS_PER_MESSAGE + 1)) {
    const embedded = att.innerMsgContent === true;
    const name = att.fileName ?? att.name ?? (embedded ? `${att.innerMsgContentFields?.subject ?? 'message'}.msg` : '');
    const raw: RawAttachment = {
      name,
      contentType: att.attachMimeTag ?? (embedded ? 'application/vnd.ms-outlook' : 'application/octet-stream'),
      inline: att.attachmentHidden === true,
    };
    if (att.pidContentId) raw.id = att.pidContentId;
    try {
      raw.bytes = reader.getAttachment(att).content;
    } catch (err) {
      incomplete.push({
        code: 'attachment-content-unavailable',
        where: `attachment:${name}`,
        detail: `msg attachment unreadable: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    raws.push(raw);
  }
  base.attachments = await inspectAll(raws, hasher, limits, incomplete, nesting.budget.inspect);
  // An embedded .msg (msgreader rebuilds it as a compound file of its own) and any attached
  // .eml are read as messages of their own, one level down.
  const attachedMessages = await readAttachedMessages(raws, hasher, limits, nesting, incomplete);
  if (attachedMessages.length > 0) base.attachedMessages = attachedMessages;
  return base;
}
