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
  root: MimeNodeInternals;
  attachments: PostalMime.Attachment[];
}

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
    if (this.start < 0) {
      this.buf = new Uint8Array(line.buffer as ArrayBuffer);
      this.start = line.byteOffset;
    }
    this.lastEnd = line.byteOffset + line.length;
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
      // A multipart's own body is its preamble and epilogue, which nothing reads.
      node.contentDecoder = node.contentType.multipart ? { update: () => undefined, finalize: () => new ArrayBuffer(0) } : new ExactBody(encoding.toLowerCase());
    };
    // Body text reads the exact bytes too; line breaks in text are LF, as postal-mime gave them.
    const text = node.getTextContent.bind(node);
    node.getTextContent = (): string => text().replace(/\r\n/g, '\n');
  }

  /** @internal postal-mime hook: install the byte hooks on every part as it becomes current. */
  async processLine(line: Uint8Array, isFinal: boolean): Promise<void> {
    const self = this as unknown as ParserInternals & { processLine(l: Uint8Array, f: boolean): Promise<void> };
    this.hooked(self.root);
    this.hooked(self.currentNode);
    await (PostalMime.prototype as unknown as { processLine(this: unknown, l: Uint8Array, f: boolean): Promise<void> }).processLine.call(this, line, isFinal);
    this.hooked(self.currentNode);
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
export function parseMime(bytes: Uint8Array, options: PostalMime.PostalMimeOptions): Promise<Omit<PostalMime.Email, 'attachments'> & { attachments: ExactAttachment[] }> {
  return new ExactPostalMime(options).parse(bytes);
}
