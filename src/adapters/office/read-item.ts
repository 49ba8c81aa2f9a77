/**
 * The open Outlook item → NormalisedMessage, for the engine.
 *
 * Everything the client cannot or will not give us becomes an `incomplete` entry naming the
 * cause (api-unsupported, api-failed, timeout) and the effect (headers-unavailable,
 * attachment-content-unavailable, …), so "could not check" never reads as "nothing found".
 * Calls are made one at a time: web clients allow only three in flight, and concurrent
 * attachment downloads return empty content (office-js #3897).
 */
import { emptyMessage as blankMessage } from '../../engine';
import type { Attachment, Incomplete, Mailbox, NormalisedMessage } from '../../engine/types';
import type { Hasher } from '../hash/hasher';
import type { BodyParts, BodyReading } from '../files/body';
import type { AttachmentInput, InspectResult } from '../inspect';
import type { HeaderFields } from '../files/header-block';
import { callOffice, OFFICE_CALL_TIMEOUT_MS, type OfficeResult } from './office-async';
import { defaultHasher, defaultInspect, defaultParseMessage, defaultReadBody } from './default-parser';
import { uninspected, type Base64Content, type MessageSource, type OfficeAttachmentInput } from './content';

export { uninspected };

/**
 * Largest attachment we download from Outlook to inspect. Exchange Online caps a whole message
 * at 25 MB for web/new Outlook, so anything larger is not a normal attachment; above this the
 * attachment is listed by name and declared size only, and marked `attachment-too-large`.
 */
export const MAX_ATTACHMENT_FETCH_BYTES = 25 * 1024 * 1024;
/**
 * Attachments downloaded per item. Each download is sequential (see above) and can take
 * seconds; past this many the reader would wait too long for a banner, so the rest are checked
 * by name and type only and marked `attachment-content-unavailable`.
 */
export const MAX_ATTACHMENTS_FETCHED = 20;
/**
 * Largest message read whole through getAsFileAsync (Mailbox 1.14), judged by the attachments'
 * declared sizes before the call: the EML arrives as one base64 string (×4/3) held in the pane,
 * and is decoded where it is parsed (in the pane, the checking worker).
 * Above it, the per-API path reads the message and says what it could not (docs:
 * mailbox-hunting-exchange.md §1).
 */
export const MAX_WHOLE_MESSAGE_BYTES = 15 * 1024 * 1024;
/** getAsFileAsync plus the parse of what it returns; a hung call or parse never holds the verdict. */
export const WHOLE_MESSAGE_TIMEOUT_MS = 20_000;
/**
 * Longest the read waits, after its first report, for the pane to put that first verdict on
 * screen (the promise `onProgress` may return) before it downloads attachments or the whole
 * message. Decoding a 10 MB attachment's base64 on the pane's thread once took longer than the
 * whole first banner (it is decoded in the checking worker now, but the content still arrives on,
 * and is handed over from, the pane's thread); a pane that never answers (hidden, so no frame is
 * drawn) costs at most this.
 */
export const FIRST_REPORT_WAIT_MS = 200;


export interface ReadProgress {
  /** Attachments finished so far (downloaded and inspected, or skipped). */
  done: number;
  total: number;
  /**
   * Sent before any attachment is downloaded: the message as read so far (headers, subject,
   * body, links, and the attachments by name and declared size only), so a verdict can show while
   * the attachments are still being read. Absent on every other report. Sent once, or twice when
   * the body's reading (in the pane, the checking worker) is still running once the headers are
   * read: first without the body (`bodyPending`), then with it.
   */
  partial?: NormalisedMessage;
  /**
   * With `partial`: the body is still being read, so the partial has no body text and no links
   * yet. Its verdict is the headers' and attachment names' alone and may still change; never
   * "nothing found" in the body. A second partial, with the body, follows.
   */
  bodyPending?: boolean;
  /**
   * With `partial`: the whole message is read next (Mailbox 1.14 getAsFileAsync, parsed in the
   * checking worker), so the verdict may still change even when there is no attachment.
   */
  wholeMessageNext?: boolean;
}

/** What readItem needs from its surroundings; the defaults are the real Office/browser ones. */
export interface ReadItemDeps {
  /** `Office.context.requirements.isSetSupported('Mailbox', version)`. */
  isMailboxSetSupported: (version: string) => boolean;
  hasher: Hasher;
  /**
   * Inspects one attachment: its bytes, or the base64 text Outlook gave, decoded first (./base64.ts;
   * text that does not decode comes back not inspected, saying so). In the pane this is the
   * checking Web Worker (taskpane/checker.ts): the decoding and hashing never run on the pane's thread.
   */
  inspect: (input: OfficeAttachmentInput, hasher: Hasher) => Promise<InspectResult>;
  /** Time limit for each Office call. */
  callTimeoutMs: number;
  /** Time limit for reading and parsing the whole message (Mailbox 1.14). */
  wholeMessageTimeoutMs: number;
  /**
   * Parses raw message bytes (attached messages) or base64 text (the whole message, decoded
   * first: `notBase64` when it does not decode); loaded lazily. In the pane this is the checking
   * Web Worker (taskpane/checker.ts), whose limits come back as `limit`.
   */
  parseMessage: (source: MessageSource) => Promise<Array<{ index: number; message?: NormalisedMessage; error?: string; limit?: 'time' | 'worker'; notBase64?: true }>>;
  /** Parses the internet header block (before the first banner). */
  parseHeaders: (raw: string) => Promise<HeaderFields | { error: string }>;
  /**
   * Reads the body Outlook gave (HTML and text) into text and links, with the file adapter's body
   * reader (bodyTextAndLinks), so the pane and the .eml path see the same. In the pane this is the
   * checking Web Worker (taskpane/checker.ts): a hostile HTML body is parsed there under its time
   * limit, never on the pane's thread. A read that did not finish (stopped by the limit, or
   * failed) comes back `notRead`, its `incomplete` saying why.
   */
  readBody: (body: BodyParts) => Promise<BodyReading & { notRead?: true }>;
}

/** The parts of an Outlook read-mode item we use (structural, so fakes and old hosts fit). */
interface EmailAddressLike {
  emailAddress?: unknown;
  displayName?: unknown;
}
interface AttachmentLike {
  id?: unknown;
  name?: unknown;
  contentType?: unknown;
  size?: unknown;
  isInline?: unknown;
  attachmentType?: unknown;
}
type Callback<T> = (r: { status: unknown; value: T; error?: { code?: unknown; name?: unknown; message?: unknown } | null }) => void;
interface ItemLike {
  itemType?: unknown;
  itemId?: unknown;
  subject?: unknown;
  from?: EmailAddressLike | null;
  sender?: EmailAddressLike | null;
  to?: unknown;
  cc?: unknown;
  dateTimeCreated?: unknown;
  attachments?: unknown;
  body?: { getAsync?: (coercion: unknown, callback: Callback<string>) => void } | null;
  getAttachmentContentAsync?: (id: string, callback: Callback<{ format?: unknown; content?: unknown }>) => void;
  getAllInternetHeadersAsync?: (callback: Callback<string>) => void;
  getAsFileAsync?: (callback: Callback<string>) => void;
}

/**
 * The header-block reader, its own chunk (it carries postal-mime's address parser, which must not
 * load with this module: jsdom tests load it before their TextEncoder polyfill). Chunks named
 * first-* are needed before the first banner and count in its budget (webpack.config.js).
 */
const loadHeaderBlock = () => import(/* webpackChunkName: "first-headers" */ '../files/header-block');

/**
 * Starts fetching the code the first banner needs that the page's entry does not carry, so that
 * reading the item's headers never waits on a fetch. The pane calls it before Office.onReady.
 */
export function preloadFirstBannerCode(): void {
  void loadHeaderBlock().catch(() => undefined);
}

export function defaultReadItemDeps(): ReadItemDeps {
  return {
    isMailboxSetSupported: (v) => {
      try {
        return Office.context.requirements.isSetSupported('Mailbox', v);
      } catch {
        return false;
      }
    },
    // The inspector, the hashes and the base64 decoder on this thread, on demand (the pane passes
    // its checking worker instead; default-parser.ts).
    hasher: defaultHasher,
    inspect: defaultInspect,
    callTimeoutMs: OFFICE_CALL_TIMEOUT_MS,
    wholeMessageTimeoutMs: WHOLE_MESSAGE_TIMEOUT_MS,
    // The file adapter, on demand (the pane passes its checking worker instead; default-parser.ts).
    parseMessage: defaultParseMessage,
    parseHeaders: async (raw) => (await loadHeaderBlock()).parseHeaderBlock(raw),
    // The body reader on this thread, on demand (the pane passes its checking worker instead).
    readBody: defaultReadBody,
  };
}

/** The selected item, or null when there is none (no selection, several selected). */
export function currentItem(mailbox: Office.Mailbox | null | undefined): unknown {
  try {
    return mailbox?.item ?? null;
  } catch {
    return null;
  }
}

/**
 * Progress reports. The first one (with `partial`) may return a promise: the read waits for it
 * (at most FIRST_REPORT_WAIT_MS) before any attachment or whole-message work on the pane's thread.
 */
export type OnReadProgress = (p: ReadProgress) => unknown;

/**
 * Reads `item` (normally `mailbox.item`, captured once by the caller so a selection change cannot
 * mix two items) into a NormalisedMessage. Returns null for a null item. Never rejects.
 */
export async function readItem(
  mailbox: Office.Mailbox | null | undefined,
  onProgress?: OnReadProgress,
  deps: Partial<ReadItemDeps> = {},
  item: unknown = currentItem(mailbox),
): Promise<NormalisedMessage | null> {
  if (item === null || item === undefined || typeof item !== 'object') return null;
  const d: ReadItemDeps = { ...defaultReadItemDeps(), ...deps };
  try {
    return await readItemUnsafe(item as ItemLike, d, onProgress);
  } catch (e) {
    // A host that breaks its own contract (a getter that throws, say) still gets a verdict
    // that says it could not check, never an empty "nothing found".
    return {
      ...emptyMessage(item as ItemLike),
      incomplete: [{ code: 'api-failed', detail: `reading the item failed: ${String(e).slice(0, 200)}` }, { code: 'parse-error' }],
    };
  }
}

function emptyMessage(item: ItemLike): NormalisedMessage {
  const itemId = safe(() => (typeof item.itemId === 'string' ? item.itemId : undefined));
  return blankMessage(itemId ? { kind: 'office', itemId } : { kind: 'office' });
}

async function readItemUnsafe(item: ItemLike, d: ReadItemDeps, onProgress?: OnReadProgress): Promise<NormalisedMessage> {
  const msg = emptyMessage(item);
  const incomplete: Incomplete[] = [];
  msg.incomplete = incomplete;

  const itemType = safe(() => item.itemType);
  if (itemType !== undefined && String(itemType) !== 'message') {
    incomplete.push({ code: 'not-a-message', detail: `item type ${String(itemType)}` });
    return msg;
  }

  msg.subject = safe(() => (typeof item.subject === 'string' ? item.subject : '')) ?? '';
  const from = toMailbox(safe(() => item.from));
  if (from) msg.from = from;
  const sender = toMailbox(safe(() => item.sender));
  if (sender && (!from || sender.address !== from.address)) msg.sender = sender;
  msg.to = toMailboxes(safe(() => item.to));
  msg.cc = toMailboxes(safe(() => item.cc));
  const created = safe(() => item.dateTimeCreated);
  if (created instanceof Date && !Number.isNaN(created.getTime())) msg.date = created.toISOString();

  const has18 = d.isMailboxSetSupported('1.8');
  // The body's HTML and text are fetched first (Office calls stay one at a time), then read into
  // text and links (in the pane, in the checking worker) while the headers are fetched and read.
  const body = await fetchBody(item, d.callTimeoutMs);
  const reading = readBody(body, d);
  let bodyRead = false;
  void reading.then(() => (bodyRead = true));
  const bodyAt = incomplete.length;
  await readHeaders(item, msg, incomplete, d, has18);
  const list = safe(() => item.attachments);
  const details = Array.isArray(list) ? (list as AttachmentLike[]) : null;
  const wholeMessageNext = wholeMessageApi(item, d) !== undefined;
  if (!bodyRead) {
    // The body's reading is still running (in the pane: the checking worker may still be
    // starting): the headers' and attachment names' verdict goes out now, marked as such, instead
    // of waiting on it. Not awaited: nothing heavy runs on the pane's thread before the next one.
    onProgress?.({ done: 0, total: details?.length ?? 0, partial: partialSnapshot(msg, incomplete, details ?? []), bodyPending: true, ...(wholeMessageNext ? { wholeMessageNext } : {}) });
  }
  const bodyIncomplete: Incomplete[] = [];
  applyBody(msg, bodyIncomplete, body, await reading);
  incomplete.splice(bodyAt, 0, ...bodyIncomplete);
  await shown(onProgress?.({ done: 0, total: details?.length ?? 0, partial: partialSnapshot(msg, incomplete, details ?? []), ...(wholeMessageNext ? { wholeMessageNext } : {}) }));

  // Mailbox 1.14: the whole message as the sender sent it, through the same file adapter as the
  // CLI (every header, attached messages, exact attachment bytes). The per-API path stays the
  // fallback for older clients, mobile and on-premises Exchange.
  const whole = await readWholeMessage(item, d, details);
  if (whole.message) {
    onProgress?.({ done: details?.length ?? 0, total: details?.length ?? 0 });
    return { ...whole.message, origin: msg.origin };
  }
  if (whole.why) incomplete.push(whole.why);
  await readAttachments(item, msg, incomplete, d, has18, details, onProgress);
  return msg;
}

/** getAsFileAsync where the client supports Mailbox 1.14 and the item has it; otherwise undefined. */
function wholeMessageApi(item: ItemLike, d: ReadItemDeps): ItemLike['getAsFileAsync'] {
  const fn = safe(() => item.getAsFileAsync);
  return d.isMailboxSetSupported('1.14') && typeof fn === 'function' ? fn : undefined;
}

/**
 * The message read whole (Mailbox 1.14 getAsFileAsync), or why not. No `why` when the client
 * lacks the API: the per-API path is then the documented way, not a degraded one.
 */
async function readWholeMessage(item: ItemLike, d: ReadItemDeps, details: AttachmentLike[] | null): Promise<{ message?: NormalisedMessage; why?: Incomplete }> {
  const fn = wholeMessageApi(item, d);
  if (!fn) return {};
  const declared = (details ?? []).reduce((n, a) => n + (typeof a.size === 'number' && Number.isFinite(a.size) && a.size > 0 ? a.size : 0), 0);
  const fallback = 'the message was read part by part instead (attachments Outlook hides and the raw MIME structure were not seen)';
  if (declared > MAX_WHOLE_MESSAGE_BYTES) {
    return { why: { code: 'attachment-too-large', detail: `whole message not read: attachments declare ${declared} bytes, over ${MAX_WHOLE_MESSAGE_BYTES}; ${fallback}` } };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), d.wholeMessageTimeoutMs);
  });
  const work = (async (): Promise<{ message?: NormalisedMessage; why?: Incomplete }> => {
    const r = await callOffice<string>((cb) => fn.call(item, cb), d.wholeMessageTimeoutMs);
    if (!r.ok) return { why: { code: r.code, detail: `getAsFileAsync: ${r.detail}; ${fallback}` } };
    // Handed on as base64 text: decoded where it is parsed (in the pane, the checking worker).
    const text = typeof r.value === 'string' && r.value.length > 0 ? r.value : undefined;
    const parsed = text === undefined ? undefined : await safeParse(d, { base64: text });
    if (text === undefined || parsed?.notBase64) return { why: { code: 'api-failed', detail: `getAsFileAsync returned no usable EML; ${fallback}` } };
    if (!parsed?.message) {
      // Stopped by the checking worker's time limit is not the same as damaged: say which.
      const code = parsed?.limit === 'time' ? 'time-budget' : 'parse-error';
      return { why: { code, detail: `the EML from getAsFileAsync could not be ${code === 'time-budget' ? 'checked in time' : 'parsed'}${parsed?.error ? `: ${parsed.error}` : ''}; ${fallback}` } };
    }
    return { message: parsed.message };
  })();
  try {
    const out = await Promise.race([work, timeout]);
    if (out === 'timeout') return { why: { code: 'timeout', detail: `reading the whole message took over ${d.wholeMessageTimeoutMs} ms; ${fallback}` } };
    return out;
  } catch (e) {
    return { why: { code: 'api-failed', detail: `getAsFileAsync: ${String(e).slice(0, 200)}; ${fallback}` } };
  } finally {
    clearTimeout(timer);
  }
}

type FetchedBody = { missing: true } | { missing?: undefined; html: OfficeResult<string>; text: OfficeResult<string> };

/** The body as Outlook gives it: HTML (for the anchors' real targets) and text. */
async function fetchBody(item: ItemLike, timeoutMs: number): Promise<FetchedBody> {
  const host = safe(() => item.body);
  const getAsync = host?.getAsync;
  if (!host || typeof getAsync !== 'function') return { missing: true };
  const html = await callOffice<string>((cb) => getAsync.call(host, coercion('html'), cb), timeoutMs);
  const text = await callOffice<string>((cb) => getAsync.call(host, coercion('text'), cb), timeoutMs);
  return { html, text };
}

/**
 * The body's text and links, read by `d.readBody` with the same reader as for .eml files, so both
 * paths give the engine the same. Never rejects. When the reader did not finish with the HTML
 * (stopped by its time limit, say), the text Outlook gave is read alone, so its lure words and written-out links still
 * count; the stop stays listed (the HTML's links were not seen).
 */
async function readBody(body: FetchedBody, d: ReadItemDeps): Promise<BodyReading> {
  if (body.missing) return { text: '', links: [], incomplete: [] };
  const parts: BodyParts = {
    ...(body.html.ok && typeof body.html.value === 'string' ? { html: body.html.value } : {}),
    ...(body.text.ok && typeof body.text.value === 'string' ? { text: body.text.value } : {}),
  };
  if (parts.html === undefined && parts.text === undefined) return { text: '', links: [], incomplete: [] };
  const first = await safeReadBody(d, parts);
  if (!first.notRead || parts.html === undefined || parts.text === undefined || parts.text.trim() === '') return first;
  const plain = await safeReadBody(d, { text: parts.text });
  if (plain.notRead) return first;
  return { text: plain.text, links: plain.links, incomplete: [...first.incomplete, ...plain.incomplete] };
}

async function safeReadBody(d: ReadItemDeps, parts: BodyParts): Promise<BodyReading & { notRead?: true }> {
  try {
    return await d.readBody(parts);
  } catch (e) {
    return { text: '', links: [], incomplete: [{ code: 'parse-error', where: 'body', detail: `body not read: ${String(e).slice(0, 200)}` }], notRead: true };
  }
}

function applyBody(msg: NormalisedMessage, incomplete: Incomplete[], body: FetchedBody, reading: BodyReading): void {
  if (body.missing) {
    incomplete.push({ code: 'api-unsupported', detail: 'item.body.getAsync missing' }, { code: 'body-unavailable' });
    return;
  }
  const { html, text } = body;
  msg.text = reading.text;
  msg.links = reading.links;
  incomplete.push(...reading.incomplete);
  if (!html.ok && !text.ok) {
    pushFailure(incomplete, html, 'body (html)');
    incomplete.push({ code: 'body-unavailable' });
  } else if (!html.ok) {
    // Without HTML the anchors' real targets are unknown: link-text checks are weaker.
    pushFailure(incomplete, html, 'body (html)');
  }
}

async function readHeaders(item: ItemLike, msg: NormalisedMessage, incomplete: Incomplete[], d: ReadItemDeps, has18: boolean): Promise<void> {
  const fn = safe(() => item.getAllInternetHeadersAsync);
  if (!has18 || typeof fn !== 'function') {
    incomplete.push({ code: 'api-unsupported', detail: 'Mailbox 1.8 getAllInternetHeadersAsync' }, { code: 'headers-unavailable' });
    return;
  }
  const r = await callOffice<string>((cb) => fn.call(item, cb), d.callTimeoutMs);
  if (!r.ok) {
    pushFailure(incomplete, r, 'internet headers');
    incomplete.push({ code: 'headers-unavailable' });
    return;
  }
  const raw = typeof r.value === 'string' ? r.value : '';
  // Outlook answers "" with success for items in Sent Items (office-js #4773, #6796).
  if (raw.trim() === '') {
    incomplete.push({ code: 'headers-unavailable', detail: 'the client returned an empty header block' });
    return;
  }
  let head: HeaderFields;
  try {
    const parsed = await d.parseHeaders(raw);
    if ('error' in parsed) throw new Error(parsed.error);
    head = parsed;
  } catch (e) {
    incomplete.push({ code: 'headers-unavailable', detail: `header block could not be parsed: ${String(e instanceof Error ? e.message : e).slice(0, 200)}` });
    return;
  }
  msg.headers = head.headers;
  msg.auth = head.auth;
  msg.replyTo = head.replyTo;
  // Outlook's own from/sender are authoritative for display; the header copy fills gaps.
  if (!msg.from && head.from) msg.from = head.from;
  if (!msg.date && head.date) msg.date = head.date;
}

async function readAttachments(
  item: ItemLike,
  msg: NormalisedMessage,
  incomplete: Incomplete[],
  d: ReadItemDeps,
  has18: boolean,
  details: AttachmentLike[] | null,
  onProgress?: OnReadProgress,
): Promise<void> {
  if (details === null) {
    incomplete.push({ code: 'attachments-unavailable' });
    return;
  }
  const total = details.length;
  const getContent = safe(() => item.getAttachmentContentAsync);
  const canFetch = has18 && typeof getContent === 'function';
  if (total > 0 && !canFetch) incomplete.push({ code: 'api-unsupported', detail: 'Mailbox 1.8 getAttachmentContentAsync' });

  for (let i = 0; i < total; i++) {
    const a = details[i] ?? {};
    const base = described(a);
    const { name, id, declaredSize } = base;
    const where = `attachment:${name}`;
    const kind = String(a.attachmentType ?? 'file');
    let content: { bytes: Uint8Array } | Base64Content | undefined;
    let nested: NormalisedMessage | undefined;

    if (!canFetch || id === undefined) {
      incomplete.push({ code: 'attachment-content-unavailable', where });
    } else if (kind === 'cloud') {
      incomplete.push({ code: 'attachment-content-unavailable', where, detail: 'cloud attachment (a link, not a file)' });
    } else if (declaredSize > MAX_ATTACHMENT_FETCH_BYTES) {
      incomplete.push({ code: 'attachment-too-large', where, detail: `${declaredSize} bytes declared` });
    } else if (i >= MAX_ATTACHMENTS_FETCHED) {
      incomplete.push({ code: 'attachment-content-unavailable', where, detail: `only the first ${MAX_ATTACHMENTS_FETCHED} attachments are downloaded` });
    } else {
      const r = await callOffice<{ format?: unknown; content?: unknown }>((cb) => getContent.call(item, id, cb), d.callTimeoutMs);
      if (!r.ok) {
        pushFailure(incomplete, r, where);
        incomplete.push({ code: 'attachment-content-unavailable', where });
      } else {
        const got = contentOf(r.value);
        if ('error' in got) {
          incomplete.push({ code: 'attachment-content-unavailable', where, detail: got.error });
        } else {
          // Base64 text is handed on as it is: decoded where it is inspected (in the pane, the checking worker).
          content = got;
          if ('format' in got && got.format === 'eml') {
            const parsed = await safeParse(d, got.bytes);
            nested = parsed?.message;
            // An attached message not read (damaged, or stopped by the checking worker's limit) is not checked: say so.
            if (!nested) {
              const code = parsed?.limit === 'time' ? 'time-budget' : 'parse-error';
              incomplete.push({ code, where, detail: `attached message not read${parsed?.error ? `: ${parsed.error}` : ''}` });
            }
          }
        }
      }
    }

    const inspected = await safeInspect(d, content ? withContent(base, content) : base, where);
    msg.attachments.push(inspected.attachment);
    // Without content we already said why (too large, cloud, unsupported…); the inspector's
    // generic "no content" line would only repeat it.
    incomplete.push(...(content ? inspected.incomplete : inspected.incomplete.filter((x) => x.code !== 'attachment-content-unavailable')));
    if (nested) addNested(msg, nested, name);
    onProgress?.({ done: i + 1, total });
  }
}

/** Waits for the pane's answer to the first report, at most FIRST_REPORT_WAIT_MS; never rejects. */
async function shown(answer: unknown): Promise<void> {
  if (!(answer instanceof Promise)) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([answer.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_REPORT_WAIT_MS)))]);
  clearTimeout(timer);
}

/**
 * The message before any attachment content: each attachment by name, declared type and size, so
 * the name rules (double extensions, .lnk, bidi tricks) already count in the first banner.
 */
function partialSnapshot(msg: NormalisedMessage, incomplete: Incomplete[], details: AttachmentLike[]): NormalisedMessage {
  const attachments: Attachment[] = details.map((a) => uninspected(described(a)));
  return { ...msg, attachments, links: [...msg.links], headers: [...msg.headers], incomplete: [...incomplete] };
}

/**
 * An attached message (an Outlook item attachment, read as .eml) is a message of its own, as in
 * the file adapter: its sender, links and files are judged together, and the outer verdict takes
 * the worst (src/engine/attached.ts). Merging them into the outer message would let a trusted
 * colleague's forward temper a free-mail persona's lure.
 */
function addNested(msg: NormalisedMessage, nested: NormalisedMessage, name: string): void {
  (msg.attachedMessages ??= []).push({ path: name ? [name] : [], carrier: 'rfc822', message: nested });
}

/** An attachment's content as got: bytes (an attached item's EML, a calendar item), base64 text still to decode, or why none. */
type Content = { bytes: Uint8Array; format: string } | Base64Content | { error: string };

function contentOf(value: { format?: unknown; content?: unknown } | null | undefined): Content {
  const format = String(value?.format ?? '');
  const content = value?.content;
  if (typeof content !== 'string') return { error: `no content (format ${format || 'unknown'})` };
  switch (format) {
    case 'base64':
      // Concurrent or flaky downloads can return "" for a non-empty file (office-js #3897).
      if (content.length === 0) return { error: 'empty content returned' };
      return { base64: content };
    case 'eml':
    case 'iCalendar':
      if (content.length === 0) return { error: 'empty content returned' };
      return { bytes: new TextEncoder().encode(content), format };
    case 'url':
      return { error: 'the client gave a URL instead of the file (not fetched)' };
    default:
      return { error: `unknown content format ${format.slice(0, 40)}` };
  }
}

/** The inspector's input: the attachment as described, with its bytes or its base64 text. */
function withContent(base: ReturnType<typeof described>, content: { bytes: Uint8Array } | Base64Content): OfficeAttachmentInput {
  return 'base64' in content ? { ...base, base64: content.base64 } : { ...base, bytes: content.bytes };
}

async function safeParse(d: ReadItemDeps, source: MessageSource): Promise<{ message?: NormalisedMessage; error?: string; limit?: 'time' | 'worker'; notBase64?: true } | undefined> {
  try {
    return (await d.parseMessage(source))[0];
  } catch (e) {
    return { error: String(e).slice(0, 200) };
  }
}

async function safeInspect(d: ReadItemDeps, input: OfficeAttachmentInput, where: string): Promise<{ attachment: Attachment; incomplete: Incomplete[] }> {
  try {
    return await d.inspect(input, d.hasher);
  } catch (e) {
    return { attachment: uninspected(input), incomplete: [{ code: 'attachment-content-unavailable', where, detail: `inspection failed: ${String(e).slice(0, 200)}` }] };
  }
}

/** What Outlook's attachment details say of one attachment, as the inspector takes it (no bytes yet). */
function described(a: AttachmentLike): Omit<AttachmentInput, 'bytes'> & { declaredSize: number } {
  const id = typeof a.id === 'string' ? a.id : undefined;
  return {
    name: typeof a.name === 'string' ? a.name : '',
    // contentType is deprecated and guessed from the extension by Outlook; kept for display only.
    contentType: typeof a.contentType === 'string' ? (a.contentType.toLowerCase().split(';')[0]?.trim() ?? '') : '',
    declaredSize: typeof a.size === 'number' && Number.isFinite(a.size) && a.size >= 0 ? a.size : 0,
    inline: a.isInline === true,
    ...(id !== undefined ? { id } : {}),
  };
}

function pushFailure(incomplete: Incomplete[], r: OfficeResult<unknown>, what: string): void {
  if (!r.ok) incomplete.push({ code: r.code, detail: `${what}: ${r.detail}`, ...(what.startsWith('attachment:') ? { where: what } : {}) });
}

function toMailbox(v: EmailAddressLike | null | undefined): Mailbox | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const address = typeof v.emailAddress === 'string' ? v.emailAddress.trim().toLowerCase() : '';
  const name = typeof v.displayName === 'string' ? v.displayName : '';
  if (!address && !name) return undefined;
  return { name, address };
}

function toMailboxes(v: unknown): Mailbox[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => toMailbox(x as EmailAddressLike)).filter((m): m is Mailbox => m !== undefined);
}

/** Office.CoercionType values; read from the enum when present, as documented otherwise. */
function coercion(kind: 'html' | 'text'): unknown {
  try {
    return kind === 'html' ? Office.CoercionType.Html : Office.CoercionType.Text;
  } catch {
    return kind;
  }
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
