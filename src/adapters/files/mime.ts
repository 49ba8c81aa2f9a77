/**
 * postal-mime, made to give every part's exact bytes.
 *
 * postal-mime finds the MIME structure well (boundaries, nesting, headers, charsets), but the
 * bytes it hands back for a part are not always the sender's: it rewrites CRLF to LF in 7bit,
 * 8bit, binary and quoted-printable bodies, keeps the line break that belongs to the next
 * boundary as content, re-encodes calendar parts, yields 0 bytes for a part whose blank line
 * after the headers is missing, leaves x-uuencode undecoded, and takes a named text part for
 * body text. Each part's bytes also go through a Blob and back (18 % of CLI time).
 *
 * It has no option for raw part bytes, so this wrapper keeps postal-mime's structure and takes
 * over the bytes: every line postal-mime feeds to a part is a view into the message buffer, so
 * the part's body is the byte range from its first body line to the line break before the next
 * boundary. The range is decoded here (transfer-decode.ts), with no Blob. Pinned to the
 * postal-mime version in package.json (the hooks use its internals: MimeNode.feed,
 * setupContentDecoder, collectAttachment, isInlineTextNode); test/byte-exact.test.ts compares
 * every corpus attachment with Python's `email` package, so an upgrade that moves them fails
 * the suite rather than hashing wrong bytes.
 */
import PostalMime from 'postal-mime';
import { decodeTransfer } from './transfer-decode';

/** The parts of postal-mime's MimeNode this wrapper uses (internal to postal-mime 4.0). */
interface MimeNodeInternals {
  state: 'header' | 'body' | 'finished';
  contentType: { parsed: { value: string; params: Record<string, string> }; multipart: string | false };
  contentDisposition: { parsed: { value: string; params: Record<string, string> } };
  contentTransferEncoding: { encoding: string };
  contentDecoder: { update(line: Uint8Array): void; finalize(): Promise<ArrayBuffer> | ArrayBuffer } | null;
  feed(line: Uint8Array): void;
  setupContentDecoder(encoding: string): void;
  getTextContent(): string;
  /** Set by this wrapper: the node's feed/decoder hooks are installed. */
  exactBytes?: true;
}

interface ParserInternals {
  currentNode: MimeNodeInternals;
  root: MimeNodeInternals & { headers: PostalMime.Header[] };
  textContent: Record<string, string>;
  attachments: PostalMime.Attachment[];
  boundaries: unknown[];
  options: PostalMime.PostalMimeOptions;
  started: boolean;
  buf: ArrayBuffer;
  av: Uint8Array;
  readPos: number;
  forceRfc822Attachments: boolean;
  resolveInput(buf: PostalMime.RawEmail): Promise<ArrayBuffer>;
  hasReportParts(): boolean;
  collectNode(node: MimeNodeInternals, alternative: false, related: boolean): Promise<void>;
  renderTextContent(): void;
  encodeAttachments(): void;
}

/** What parseMime returns: the fields parseEml reads (see ExactPostalMime.buildMessage). */
export type MimeMessage = Pick<PostalMime.Email, 'headers' | 'date' | 'html' | 'text'> & { attachments: ExactAttachment[] };

const baseProcessLine = (PostalMime.prototype as unknown as { processLine(this: unknown, l: Uint8Array, f: boolean): Promise<void> }).processLine;

/** An attachment as this wrapper returns it: postal-mime's, plus the text of a named inline text part. */
export type ExactAttachment = PostalMime.Attachment & {
  /** A named text/plain or text/html part that is not `Content-Disposition: attachment`: its decoded text, which is also body text. */
  bodyText?: { type: 'plain' | 'html'; text: string };
};

/** The body bytes of one leaf part: the range of the lines postal-mime fed it, in the original buffer. */
class ExactBody {
  private buf: Uint8Array | undefined;
  private start = -1;
  private lastEnd = 0;

  constructor(private readonly encoding: string) {}

  update(line: Uint8Array): void {
    this.range(new Uint8Array(line.buffer as ArrayBuffer), line.byteOffset, line.byteOffset + line.length);
  }

  /** update() for the line [start, end) of `buf` (the whole message buffer), without a view of it. */
  range(buf: Uint8Array, start: number, end: number): void {
    if (this.start < 0) {
      this.buf = buf;
      this.start = start;
    }
    this.lastEnd = end;
  }

  finalize(): ArrayBuffer {
    const buf = this.buf;
    if (!buf || this.start < 0) return new ArrayBuffer(0);
    // The line ended at lastEnd; its break is CR* LF (postal-mime ends lines at LF only). The
    // break before a boundary belongs to the boundary (RFC 2046 5.1.1); at the end of the
    // message there is no boundary and the break is content.
    let i = this.lastEnd;
    while (i < buf.length && buf[i] === 0x0d) i++;
    const lf = i < buf.length && buf[i] === 0x0a ? i : -1;
    let end: number;
    if (lf < 0) end = i;
    else if (lf + 1 >= buf.length) end = lf + 1;
    else end = buf[lf - 1] === 0x0d && lf - 1 >= this.lastEnd ? lf - 1 : lf;
    const raw = buf.subarray(this.start, Math.max(this.start, end));
    const decoded = decodeTransfer(raw, this.encoding);
    // One copy into a buffer of its own: callers keep parts after the message buffer is gone.
    return decoded.slice().buffer as ArrayBuffer;
  }
}

/** A multipart's own body is its preamble and epilogue, which nothing reads. */
class DiscardedBody {
  update(): void {}
  finalize(): ArrayBuffer {
    return new ArrayBuffer(0);
  }
}

/** Python's header-line test (email.feedparser headerRE): a field name and colon, a fold, or a "From " line. */
function isHeaderLine(line: Uint8Array): boolean {
  if (line.length === 0) return true;
  const c0 = line[0] as number;
  if (c0 === 0x20 || c0 === 0x09) return true;
  if (c0 === 0x46 && line[1] === 0x72 && line[2] === 0x6f && line[3] === 0x6d && line[4] === 0x20) return true;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as number;
    if (c === 0x3a) return true;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return false;
}

function isNamed(node: MimeNodeInternals): boolean {
  return !!(node.contentDisposition.parsed.params.filename || node.contentType.parsed.params.name);
}

const CALENDAR = new Set(['text/calendar', 'application/ics']);

class ExactPostalMime extends PostalMime {
  private hooked(node: MimeNodeInternals): void {
    if (node.exactBytes) return;
    node.exactBytes = true;
    const feed = node.feed.bind(node);
    // A line that cannot be a header ends the headers, as in Python's parser and most clients:
    // otherwise a part whose blank line is missing keeps its whole body as header lines (0 bytes).
    node.feed = (line: Uint8Array): void => {
      if (node.state === 'header' && !isHeaderLine(line)) feed(line.subarray(0, 0));
      feed(line);
    };
    node.setupContentDecoder = (encoding: string): void => {
      node.contentDecoder = node.contentType.multipart ? new DiscardedBody() : new ExactBody(encoding.toLowerCase());
    };
    // Body text reads the exact bytes too; line breaks in text are LF, as postal-mime gave them.
    const text = node.getTextContent.bind(node);
    node.getTextContent = (): string => text().replace(/\r\n/g, '\n');
  }

  /**
   * postal-mime's parse, with the byte hooks installed on every part as it becomes current, and
   * a synchronous line loop: postal-mime awaits its async processLine for every line, though
   * only a boundary line (which finalizes parts) or the last line can have anything to wait
   * for; every other line is a synchronous `currentNode.feed(line)`. Awaiting per line cost a
   * promise and a microtask turn per line. Here the other lines are fed directly, and the
   * rest go through postal-mime's own processLine, so what each line does is unchanged.
   */
  override async parse(input: PostalMime.RawEmail): Promise<PostalMime.Email> {
    const self = this as unknown as ParserInternals;
    if (self.started) throw new Error('Can not reuse parser, create a new PostalMime object');
    self.started = true;
    // A view of a whole buffer is parsed in place: postal-mime copies every input into a fresh
    // buffer, and the wrapper copies each part's bytes out of it anyway (ExactBody.finalize), so
    // the copy is needed only for a view of part of a buffer, where ExactBody's end-of-message
    // test must see the message's end.
    const whole = input instanceof Uint8Array && input.buffer instanceof ArrayBuffer && input.byteOffset === 0 && input.byteLength === input.buffer.byteLength;
    self.buf = whole ? (input.buffer as ArrayBuffer) : await self.resolveInput(input);
    const buf = self.buf;
    const av = (self.av = new Uint8Array(buf));
    const length = av.length;
    this.hooked(self.root);
    this.hooked(self.currentNode);
    // postal-mime's readLine: a line ends at LF, and its bytes are the line without its trailing
    // CR and LF bytes.
    let pos = 0;
    while (pos < length) {
      const start = pos;
      const lf = av.indexOf(0x0a, pos);
      let end = lf < 0 ? length : lf;
      pos = lf < 0 ? length : lf + 1;
      while (end > start && av[end - 1] === 0x0d) end--;
      self.readPos = pos;
      const done = pos >= length;
      // The test postal-mime's processLine starts with: anything else is not a boundary.
      if (!done && (self.boundaries.length === 0 || end - start <= 2 || av[start] !== 0x2d || av[start + 1] !== 0x2d)) {
        const node = self.currentNode;
        // A body line only extends the part's byte range (MimeNode.feed in the body state hands
        // the line to the decoder, and nothing else): no view of it is made.
        if (node.state === 'body') {
          const decoder = node.contentDecoder;
          if (decoder instanceof ExactBody) {
            decoder.range(av, start, end);
            continue;
          }
          if (decoder instanceof DiscardedBody) continue;
        }
        node.feed(new Uint8Array(buf, start, end - start));
        continue;
      }
      await baseProcessLine.call(this, new Uint8Array(buf, start, end - start), done);
      this.hooked(self.currentNode);
    }
    self.forceRfc822Attachments = Boolean(self.options.forceRfc822Attachments) || self.hasReportParts();
    await self.collectNode(self.root, false, false);
    self.renderTextContent();
    const message = this.buildMessage();
    self.encodeAttachments();
    return message as PostalMime.Email;
  }

  /**
   * @internal postal-mime hook: the message with the fields parseEml reads. postal-mime's own
   * buildMessage also parses From, Sender, To, Cc, Bcc, Reply-To, Delivered-To and Return-Path
   * with its address parser and decodes Subject, Message-ID, In-Reply-To and References, all of
   * which parseEml reads again from the raw header values with its own decoding (headers.ts:
   * postal-mime's decodes raw 8-bit encoded words twice and misreads comments), so that work
   * was done twice and thrown away. The fields kept are built exactly as postal-mime builds them.
   */
  buildMessage(): MimeMessage {
    const self = this as unknown as ParserInternals;
    const headers = self.root.headers;
    const message: MimeMessage = { headers: headers.map((h) => ({ key: h.key, originalKey: h.originalKey, value: h.value })), attachments: self.attachments };
    const dateHeader = headers.find((line) => line.key === 'date');
    if (dateHeader) {
      const date = new Date(dateHeader.value);
      message.date = date.toString() === 'Invalid Date' ? dateHeader.value : date.toISOString();
    }
    if (self.textContent.html) message.html = self.textContent.html;
    if (self.textContent.plain) message.text = self.textContent.plain;
    return message;
  }

  /** @internal postal-mime hook: a named part of any type is an attachment, as Outlook lists it. */
  isInlineTextNode(node: MimeNodeInternals): boolean {
    const inline = (PostalMime.prototype as unknown as { isInlineTextNode(this: unknown, n: MimeNodeInternals): boolean }).isInlineTextNode.call(this, node);
    return inline && !isNamed(node);
  }

  /** @internal postal-mime hook: keep calendar parts as sent, and keep a named text part's text for the body. */
  collectAttachment(node: MimeNodeInternals, content: ArrayBuffer, related: boolean, depthExceeded: boolean): void {
    (PostalMime.prototype as unknown as { collectAttachment(this: unknown, ...a: unknown[]): void }).collectAttachment.call(this, node, content, related, depthExceeded);
    const list = (this as unknown as ParserInternals).attachments;
    const att = list[list.length - 1] as ExactAttachment | undefined;
    if (!att) return;
    const type = node.contentType.parsed.value;
    if (CALENDAR.has(type)) att.content = content;
    if ((type === 'text/plain' || type === 'text/html') && node.contentDisposition.parsed.value !== 'attachment' && isNamed(node)) {
      att.bodyText = { type: type === 'text/html' ? 'html' : 'plain', text: node.getTextContent() };
    }
  }
}

/** postal-mime's parse, with exact part bytes (see the top of this file). */
export function parseMime(bytes: Uint8Array, options: PostalMime.PostalMimeOptions): Promise<MimeMessage> {
  return new ExactPostalMime(options).parse(bytes) as Promise<unknown> as Promise<MimeMessage>;
}

/** parseMime with all of postal-mime's message fields (its own From, To, Cc, Subject…): for the Office fake in tests, which presents them as Outlook's item fields. */
class FullExactPostalMime extends ExactPostalMime {
  override buildMessage(): MimeMessage {
    return (PostalMime.prototype as unknown as { buildMessage(this: unknown): MimeMessage }).buildMessage.call(this);
  }
}

export function parseMimeAllFields(bytes: Uint8Array, options: PostalMime.PostalMimeOptions): Promise<Omit<PostalMime.Email, 'attachments'> & { attachments: ExactAttachment[] }> {
  return new FullExactPostalMime(options).parse(bytes) as Promise<unknown> as Promise<Omit<PostalMime.Email, 'attachments'> & { attachments: ExactAttachment[] }>;
}
