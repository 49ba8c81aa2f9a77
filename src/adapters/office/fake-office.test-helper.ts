/**
 * An in-memory Outlook read-mode item built from a real .eml, for the Office adapter tests.
 * Shapes follow @types/office-js (AsyncResult, AttachmentDetails, AttachmentContent).
 */
import { parseMimeAllFields } from '../files/mime';

export interface ClientProfile {
  /** Highest Mailbox requirement set the fake client supports, e.g. "1.5" or "1.13". */
  maxSet: string;
  failHeaders?: boolean;
  emptyHeaders?: boolean;
  failBodyHtml?: boolean;
  failBody?: boolean;
  /** Attachment ids whose download never calls back. */
  hangAttachments?: string[];
  /** Attachment ids whose download succeeds with "" (office-js #3897). */
  emptyAttachments?: string[];
  /** Overrides declared sizes (for the size cap). */
  declaredSize?: Record<string, number>;
  itemType?: string;
}

type Cb<T> = (r: { status: string; value: T; error?: { code: number; name: string; message: string } }) => void;
const ok = <T>(value: T) => ({ status: 'succeeded', value });
const fail = (name: string) => ({ status: 'failed', value: undefined as never, error: { code: 9020, name, message: `${name} (fake)` } });

export function isSetSupportedFor(profile: ClientProfile): (v: string) => boolean {
  const [maj, min] = profile.maxSet.split('.').map(Number);
  return (v: string) => {
    const [a, b] = v.split('.').map(Number);
    return (a ?? 0) < (maj ?? 0) || ((a ?? 0) === (maj ?? 0) && (b ?? 0) <= (min ?? 0));
  };
}

export interface FakeItem {
  item: Record<string, unknown>;
  calls: string[];
  notifications: Array<{ op: string; key: string; details?: Record<string, unknown> }>;
}

export async function fakeItemFromEml(eml: Uint8Array, profile: ClientProfile): Promise<FakeItem> {
  // Outlook hands over each attachment's exact bytes, as our exact-bytes parser reads them.
  const email = await parseMimeAllFields(eml, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
  const text = Buffer.from(eml).toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const rawHeaders = Buffer.from(eml.subarray(0, split < 0 ? eml.length : split)).toString('utf8');
  const calls: string[] = [];
  const notifications: FakeItem['notifications'] = [];
  const has = isSetSupportedFor(profile);
  const atts = email.attachments.map((a, i) => {
    const bytes = new Uint8Array(a.content as ArrayBuffer);
    const id = `att-${i}`;
    return {
      details: {
        id,
        name: a.filename ?? '',
        contentType: a.mimeType,
        size: profile.declaredSize?.[id] ?? bytes.length,
        isInline: a.disposition === 'inline',
        attachmentType: a.mimeType === 'message/rfc822' ? 'item' : 'file',
      },
      bytes,
    };
  });
  const addr = (a: { name?: string; address?: string } | undefined) => (a ? { displayName: a.name ?? '', emailAddress: a.address ?? '' } : null);
  const item: Record<string, unknown> = {
    itemType: profile.itemType ?? 'message',
    itemId: 'AAMkAGFakeItemId=',
    subject: email.subject ?? '',
    from: addr(email.from),
    sender: addr(email.sender ?? email.from),
    to: (email.to ?? []).map(addr),
    cc: (email.cc ?? []).map(addr),
    dateTimeCreated: email.date ? new Date(email.date) : undefined,
    attachments: atts.map((a) => a.details),
    body: {
      getAsync(coercion: string, cb: Cb<string>) {
        calls.push(`body:${coercion}`);
        if (profile.failBody || (profile.failBodyHtml && coercion === 'html')) return cb(fail('GenericResponseError'));
        cb(ok(coercion === 'html' ? (email.html ?? '') : (email.text ?? '')));
      },
    },
    notificationMessages: {
      replaceAsync(key: string, details: Record<string, unknown>, cb: Cb<void>) {
        notifications.push({ op: 'replace', key, details });
        cb(ok(undefined));
      },
      removeAsync(key: string, cb: Cb<void>) {
        notifications.push({ op: 'remove', key });
        cb(ok(undefined));
      },
    },
  };
  if (has('1.8')) {
    item.getAllInternetHeadersAsync = (cb: Cb<string>) => {
      calls.push('headers');
      if (profile.failHeaders) return cb(fail('GenericResponseError'));
      cb(ok(profile.emptyHeaders ? '' : rawHeaders));
    };
    item.getAttachmentContentAsync = (id: string, cb: Cb<{ format: string; content: string }>) => {
      calls.push(`attachment:${id}`);
      if (profile.hangAttachments?.includes(id)) return;
      const a = atts.find((x) => x.details.id === id);
      if (!a) return cb(fail('InvalidAttachmentId'));
      if (profile.emptyAttachments?.includes(id)) return cb(ok({ format: 'base64', content: '' }));
      if (a.details.attachmentType === 'item') return cb(ok({ format: 'eml', content: Buffer.from(a.bytes).toString('utf8') }));
      cb(ok({ format: 'base64', content: Buffer.from(a.bytes).toString('base64') }));
    };
  }
  return { item, calls, notifications };
}
