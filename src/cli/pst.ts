/**
 * Outlook .pst / .ost archives, read with pst-extractor (MIT, CLI only; loaded the first time a
 * PST is met). Every item of every folder becomes one RFC 822 message, so it goes through the
 * same parser, inspectors, engine and record contract as an .eml:
 *
 * - the headers are the item's own transport headers (what the server received) when it has
 *   them; sent items and drafts have none, so From, To, Cc, Subject, Date and Message-ID are
 *   written from the item's properties;
 * - the body is a new multipart/mixed: the text and HTML bodies, then each attachment with its
 *   exact bytes (base64), and attached Outlook items as message/rfc822 parts.
 *
 * pst-extractor reads the file through its own descriptor on demand, so a store of gigabytes is
 * walked message by message; each message is capped like any other (MAX_MESSAGE_BYTES).
 */
import { MAX_MESSAGE_BYTES } from '../adapters/files';
import type { Incomplete } from '../engine/types';

/** "!BDN": the first four bytes of every PST and OST (MS-PST 2.2.2.6). */
export function isPst(head: Uint8Array): boolean {
  return head[0] === 0x21 && head[1] === 0x42 && head[2] === 0x44 && head[3] === 0x4e;
}

/** One item of the store, as message bytes or the reason it could not be read. */
export interface PstItem {
  /** Folder path from the top of the store, e.g. "Top of Personal Folders/Inbox". */
  folder: string;
  bytes?: Uint8Array;
  /** What was left out while writing the message (an attachment over the cap). */
  incomplete: Incomplete[];
  error?: string;
}

/** Attached Outlook items followed inside an item. */
const MAX_EMBEDDED_DEPTH = 3;

// The few pst-extractor shapes we use (its own typings pull in Node-only Long types).
interface PstRecipient {
  displayName: string;
  smtpAddress: string;
  emailAddress: string;
  recipientType: number;
}
interface PstStream {
  read(output?: Buffer): number;
}
interface PstAttachment {
  filename: string;
  longFilename: string;
  displayName: string;
  mimeTag: string;
  filesize: number;
  attachMethod: number;
  fileInputStream: PstStream | null;
  embeddedPSTMessage: PstMessage | null;
}
interface PstMessage {
  subject: string;
  senderName: string;
  senderEmailAddress: string;
  transportMessageHeaders: string;
  internetMessageId: string;
  clientSubmitTime: Date | null;
  messageDeliveryTime: Date | null;
  body: string;
  bodyHTML: string;
  numberOfRecipients: number;
  numberOfAttachments: number;
  getRecipient(i: number): PstRecipient | null;
  getAttachment(i: number): PstAttachment;
}
interface PstFolder {
  displayName: string;
  hasSubfolders: boolean;
  contentCount: number;
  getSubFolders(): PstFolder[];
  getNextChild(): PstMessage | null;
}
interface PstFile {
  getRootFolder(): PstFolder;
  close(): void;
}

/** RFC 2047 for header text that is not plain ASCII. */
function encodeWord(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function mailbox(name: string, address: string): string {
  const n = name.trim();
  const a = address.trim();
  if (!n) return a ? `<${a}>` : '';
  const quoted = /^[\x20-\x7e]*$/.test(n) ? `"${n.replace(/["\\]/g, '\\$&')}"` : encodeWord(n);
  return a ? `${quoted} <${a}>` : quoted;
}

function base64Lines(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** Header fields that describe the original MIME structure, which our new body replaces. */
const STRUCTURE_HEADERS = /^(content-type|content-transfer-encoding|content-disposition|mime-version)\s*:/i;

function transportHeaders(raw: string): string[] {
  const out: string[] = [];
  let skipping = false;
  for (const line of raw.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line)) {
      if (!skipping) out.push(line);
      continue;
    }
    skipping = STRUCTURE_HEADERS.test(line);
    if (!skipping) out.push(line);
  }
  return out;
}

function readAttachment(a: PstAttachment, budget: number): Uint8Array | 'too-large' | null {
  const stream = a.fileInputStream;
  if (!stream) return null;
  if (a.filesize > budget) return 'too-large';
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const n = stream.read(buf);
    if (n <= 0) break;
    total += n;
    if (total > budget) return 'too-large';
    chunks.push(Buffer.from(buf.subarray(0, n)));
    if (n < buf.length) break;
  }
  return Buffer.concat(chunks, total);
}

/** The item as RFC 822 text; transport headers keep their characters (written as UTF-8, RFC 6532). */
function compose(m: PstMessage, incomplete: Incomplete[], depth: number, budget: { left: number }): string {
  const lines: string[] = [];
  const raw = m.transportMessageHeaders ?? '';
  if (raw.trim() !== '') lines.push(...transportHeaders(raw));
  else {
    const to: string[] = [];
    const cc: string[] = [];
    for (let i = 0; i < m.numberOfRecipients; i++) {
      const r = m.getRecipient(i);
      if (!r) continue;
      const box = mailbox(r.displayName ?? '', r.smtpAddress || r.emailAddress || '');
      if (r.recipientType === 2) cc.push(box);
      else if (r.recipientType === 1) to.push(box);
    }
    lines.push(`From: ${mailbox(m.senderName ?? '', m.senderEmailAddress ?? '')}`);
    if (to.length > 0) lines.push(`To: ${to.join(', ')}`);
    if (cc.length > 0) lines.push(`Cc: ${cc.join(', ')}`);
    lines.push(`Subject: ${encodeWord(m.subject ?? '')}`);
    const date = m.clientSubmitTime ?? m.messageDeliveryTime;
    if (date && Number.isFinite(date.getTime())) lines.push(`Date: ${date.toUTCString().replace('GMT', '+0000')}`);
    if (m.internetMessageId) lines.push(`Message-ID: ${m.internetMessageId}`);
  }
  const boundary = `=_mfg_pst_${depth}_${lines.length}_=`;
  lines.push('MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '');
  const part = (headers: string[], body: string): void => {
    lines.push(`--${boundary}`, ...headers, '', body);
  };
  if (m.body) part(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], base64Lines(Buffer.from(m.body, 'utf8')));
  if (m.bodyHTML) part(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'], base64Lines(Buffer.from(m.bodyHTML, 'utf8')));
  for (let i = 0; i < m.numberOfAttachments; i++) {
    const a = m.getAttachment(i);
    const name = a.longFilename || a.filename || a.displayName || `attachment-${i + 1}`;
    const disposition = `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
    const embedded = a.attachMethod === 5 ? a.embeddedPSTMessage : null;
    if (embedded) {
      if (depth >= MAX_EMBEDDED_DEPTH) {
        incomplete.push({ code: 'message-too-deep', where: `attachment:${name}`, detail: `Outlook items nested deeper than ${MAX_EMBEDDED_DEPTH} were not read` });
        continue;
      }
      part(['Content-Type: message/rfc822', disposition], compose(embedded, incomplete, depth + 1, budget));
      continue;
    }
    const bytes = readAttachment(a, budget.left);
    if (bytes === 'too-large') {
      incomplete.push({ code: 'attachment-too-large', where: `attachment:${name}`, detail: `${a.filesize} bytes; the message would pass ${MAX_MESSAGE_BYTES} bytes, so it was not read` });
      continue;
    }
    if (!bytes) {
      incomplete.push({ code: 'attachment-content-unavailable', where: `attachment:${name}`, detail: 'the store holds no content for this attachment' });
      continue;
    }
    budget.left -= bytes.length;
    const type = /^[\w.+-]+\/[\w.+-]+$/.test(a.mimeTag ?? '') ? a.mimeTag : 'application/octet-stream';
    part([`Content-Type: ${type}`, disposition, 'Content-Transfer-Encoding: base64'], base64Lines(bytes));
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Every item of every folder, depth first: a folder's own items, then each subfolder in the
 * store's order. Never throws: a folder or item that cannot be read is an
 * item with `error`, and the walk goes on.
 */
export async function* readPst(file: string): AsyncGenerator<PstItem> {
  let pst: PstFile;
  try {
    const { PSTFile } = (await import('pst-extractor')) as unknown as { PSTFile: new (path: string) => PstFile };
    pst = new PSTFile(file);
  } catch (e) {
    yield { folder: '', incomplete: [], error: `cannot open the Outlook store: ${describe(e)}` };
    return;
  }
  try {
    const stack: { folder: PstFolder; path: string }[] = [];
    const root = pst.getRootFolder();
    stack.push({ folder: root, path: '' });
    while (stack.length > 0) {
      const { folder, path } = stack.pop()!;
      try {
        if (folder.hasSubfolders) {
          const subs = folder.getSubFolders();
          for (let i = subs.length - 1; i >= 0; i--) stack.push({ folder: subs[i]!, path: path ? `${path}/${subs[i]!.displayName}` : subs[i]!.displayName });
        }
      } catch (e) {
        yield { folder: path, incomplete: [], error: `cannot list the subfolders: ${describe(e)}` };
      }
      if (folder.contentCount <= 0) continue;
      for (;;) {
        let item: PstMessage | null;
        try {
          item = folder.getNextChild();
        } catch (e) {
          yield { folder: path, incomplete: [], error: `cannot read the next item: ${describe(e)}` };
          break;
        }
        if (!item) break;
        const incomplete: Incomplete[] = [];
        try {
          yield { folder: path, incomplete, bytes: new TextEncoder().encode(compose(item, incomplete, 0, { left: MAX_MESSAGE_BYTES })) };
        } catch (e) {
          yield { folder: path, incomplete: [], error: `cannot read the item: ${describe(e)}` };
        }
      }
    }
  } finally {
    try {
      pst.close();
    } catch {
      // Nothing to do: the descriptor goes with the process.
    }
  }
}
