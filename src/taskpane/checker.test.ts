/**
 * The Office adapter's parser, attachment inspector and body reader through the checking worker
 * (the real worker code on this thread): the same records, inspection results and body reading as
 * on the page, and a task the time limit stops comes back naming the limit, listed as not checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../config/config';
import type { NormalisedMessage, Pack } from '../engine/types';
import { parseMessageBytes } from '../adapters/files';
import { webHasher } from '../adapters/hash/web-hasher';
import { inspectAttachment } from '../adapters/inspect';
import { readBodyParts } from '../adapters/files/body';
import type { WorkerLike } from '../adapters/web-worker';
import { inThreadWorker } from '../adapters/web-worker/in-thread.test-helper';
import { workerReadDeps } from './checker';
import { readItem, type ReadItemDeps } from '../adapters/office/read-item';
import { isBase64Content } from '../adapters/office/content';
import { fakeItemFromEml, isSetSupportedFor } from '../adapters/office/fake-office.test-helper';
import embedded from '../../build/pack.json';

const settings = Promise.resolve({ config: { ...DEFAULT_CONFIG }, pack: embedded as unknown as Pack });
const eml = Uint8Array.from(fs.readFileSync(path.resolve(__dirname, '../../test/browser/fixtures/level-high.eml')));
const zip = { name: 'study-group.zip', contentType: 'application/zip', bytes: Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]), inline: false, id: 'AAMk1' };
const hung: WorkerLike = { postMessage: () => undefined, terminate: () => undefined, onmessage: null, onerror: null };

describe('workerReadDeps', () => {
  it('parses and inspects in one worker, given the pack once: the records and results the page would make', async () => {
    const spawned: ReturnType<typeof inThreadWorker>[] = [];
    const d = workerReadDeps(settings, { spawn: () => (spawned.push(inThreadWorker()), spawned[spawned.length - 1]!) });
    const body = { html: '<p>勉強会 <a href="https://1drv.ms/u/s!x">資料</a></p>', text: '勉強会 資料' };
    const [a, b, c, e] = [await d.parseMessage(eml), await d.parseMessage(new Uint8Array()), await d.inspect(zip, webHasher), await d.readBody(body)];
    expect(a).toEqual(await parseMessageBytes(eml));
    expect(b).toEqual([{ index: 0, error: 'empty file' }]);
    expect(c).toEqual(await inspectAttachment(zip, webHasher));
    expect(c.attachment.sniffedType).toBe('zip');
    expect(e).toEqual(readBodyParts(body));
    expect(e.links.map((l) => l.href)).toEqual(['https://1drv.ms/u/s!x']);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.received.map((m) => m.t)).toEqual(['init', 'check', 'check', 'inspect', 'body']);
  });

  it.each([
    ['a message', 'parse'],
    ['an attachment', 'inspect'],
    ['a body', 'body'],
  ])('%s stopped at the time limit names the limit and is not checked, never "nothing found"', async (_what, task) => {
    const d = workerReadDeps(settings, { spawn: () => hung, limits: { taskTimeoutMs: 30 } });
    if (task === 'parse') {
      expect(await d.parseMessage(eml)).toEqual([{ index: 0, error: 'time limit exceeded: still running after 0.03 s', limit: 'time' }]);
    } else if (task === 'body') {
      expect(await d.readBody({ html: '<div>'.repeat(10), text: 'x' })).toEqual({
        text: '',
        links: [],
        incomplete: [{ code: 'time-budget', where: 'body', detail: 'body not read: time limit exceeded: still running after 0.03 s' }],
        notRead: true,
      });
    } else {
      expect(await d.inspect(zip, webHasher)).toEqual({
        attachment: { name: 'study-group.zip', contentType: 'application/zip', size: 22, inline: false, id: 'AAMk1' },
        incomplete: [{ code: 'time-budget', where: 'attachment:study-group.zip', detail: 'attachment not inspected: time limit exceeded: still running after 0.03 s' }],
        decompressed: 0,
      });
    }
  });
});

/** The Office adapter's page-side decoder before base64 went to the worker (read-item.ts, base64ToBytes), verbatim. */
function pageDecode(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * What the pane did before: base64 decoded on the page, the bytes inspected and parsed (there in the
 * worker, here on this thread with the same code). Valid base64 only: the invalid cases are below.
 */
const pageSideDeps: Partial<ReadItemDeps> = {
  parseMessage: async (source) => parseMessageBytes(isBase64Content(source) ? pageDecode(source.base64)! : source),
  inspect: async (input, hasher) => {
    if (!isBase64Content(input)) return inspectAttachment(input, hasher);
    const { base64, ...rest } = input;
    return inspectAttachment({ ...rest, bytes: pageDecode(base64)! }, hasher);
  },
  readBody: async (b) => readBodyParts(b),
};

describe('Outlook\'s base64 content goes to the worker as text and is decoded there', () => {
  const ZIP_MAIL = path.resolve(__dirname, '../../../shared/corpora/spamscope_mail-parser/mail_test_4');
  const described = { name: zip.name, contentType: zip.contentType, declaredSize: 22, inline: false, id: 'AAMk1' };
  // Each test's workers are stopped after it, so no idle-time load outlives the test file.
  const started: Array<{ stop(): void }> = [];
  afterEach(() => started.splice(0).forEach((d) => d.stop()));
  const withWorker = () => {
    const spawned: ReturnType<typeof inThreadWorker>[] = [];
    const d = workerReadDeps(settings, { spawn: () => (spawned.push(inThreadWorker()), spawned[spawned.length - 1]!) });
    started.push(d);
    return { d, spawned };
  };

  it('an attachment and a whole message: handed over as text, and the results are the bytes\' own', async () => {
    const { d, spawned } = withWorker();
    const text = Buffer.from(zip.bytes).toString('base64');
    const emlText = Buffer.from(eml).toString('base64').replace(/.{76}/g, '$&\r\n');
    const [inspected, parsed] = [await d.inspect({ ...described, base64: text }, webHasher), await d.parseMessage({ base64: emlText })];
    expect(inspected).toEqual(await inspectAttachment({ ...described, bytes: zip.bytes }, webHasher));
    expect(inspected.attachment.hashes?.sha256).toBe(Buffer.from(await crypto.subtle.digest('SHA-256', zip.bytes)).toString('hex'));
    expect(parsed).toEqual(await parseMessageBytes(eml));
    // Nothing was decoded on this (the page's) side: the worker got the text.
    const sent = spawned[0]!.received.filter((m) => m.t !== 'init');
    expect(sent).toEqual([
      { t: 'inspect', id: expect.any(Number), input: { ...described, base64: text } },
      { t: 'check', id: expect.any(Number), source: { base64: emlText } },
    ]);
  });

  it('text that is not base64 is said, never "nothing found": the attachment not inspected, the message a notBase64 record', async () => {
    const { d } = withWorker();
    expect(await d.inspect({ ...described, base64: 'UEsFBg=*' }, webHasher)).toEqual({
      attachment: { name: zip.name, contentType: zip.contentType, size: 22, inline: false, id: 'AAMk1' },
      incomplete: [{ code: 'attachment-content-unavailable', where: `attachment:${zip.name}`, detail: 'content is not valid base64' }],
      decompressed: 0,
    });
    expect(await d.parseMessage({ base64: 'RnJvbTog*' })).toEqual([{ index: 0, error: 'the message is not valid base64', notBase64: true }]);
  });

  describe('readItem through the worker reaches what the page-side decoding reached (real mail)', () => {
    async function both(maxSet: string, tweak?: (item: Record<string, unknown>, bytes: Uint8Array) => void): Promise<[NormalisedMessage, NormalisedMessage]> {
      const bytes = Uint8Array.from(fs.readFileSync(ZIP_MAIL));
      const out: NormalisedMessage[] = [];
      for (const deps of [withWorker().d, pageSideDeps]) {
        const fake = await fakeItemFromEml(bytes, { maxSet });
        tweak?.(fake.item, bytes);
        const m = await readItem(null, undefined, { isMailboxSetSupported: isSetSupportedFor({ maxSet }), ...deps }, fake.item);
        if (!m) throw new Error('no message');
        out.push(m);
      }
      return out as [NormalisedMessage, NormalisedMessage];
    }
    const asFile = (item: Record<string, unknown>, value: string): void => {
      item.getAsFileAsync = (cb: (r: unknown) => void) => cb({ status: 'succeeded', value });
    };

    it('attachments one by one (Mailbox 1.13): the same message, hashes and all', async () => {
      const [viaWorker, onPage] = await both('1.13');
      expect(viaWorker).toEqual(onPage);
      expect(viaWorker.attachments.some((a) => a.sniffedType === 'zip' && a.hashes?.sha256.length === 64)).toBe(true);
    });

    it('the whole message (Mailbox 1.14): the same message, hashes and all', async () => {
      const [viaWorker, onPage] = await both('1.14', (item, bytes) => asFile(item, Buffer.from(bytes).toString('base64')));
      expect(viaWorker).toEqual(onPage);
      expect(viaWorker.incomplete.map((i) => i.detail ?? '')).not.toContainEqual(expect.stringContaining('getAsFileAsync'));
      expect(viaWorker.attachments.some((a) => a.sniffedType === 'zip' && a.hashes?.sha256.length === 64)).toBe(true);
    });

    it('a whole message that is not base64: "no usable EML", as before, and the attachments are read one by one instead', async () => {
      const [viaWorker] = await both('1.14', (item) => asFile(item, 'not*base64'));
      const [perApi] = await both('1.13');
      const why = {
        code: 'api-failed',
        detail: 'getAsFileAsync returned no usable EML; the message was read part by part instead (attachments Outlook hides and the raw MIME structure were not seen)',
      };
      expect(viaWorker.incomplete).toContainEqual(why);
      expect(viaWorker.incomplete.filter((i) => i.detail !== why.detail)).toEqual(perApi.incomplete);
      expect(viaWorker.attachments).toEqual(perApi.attachments);
      expect(viaWorker.attachments.some((a) => a.hashes?.sha256.length === 64)).toBe(true);
    });

    it('an attachment that is not base64: listed by name, "content is not valid base64", as before', async () => {
      const [viaWorker] = await both('1.13', (item) => {
        item.getAttachmentContentAsync = (_id: string, cb: (r: unknown) => void) => cb({ status: 'succeeded', value: { format: 'base64', content: 'UEsDBB*' } });
      });
      const names = (viaWorker.attachments as Array<{ name: string }>).map((a) => a.name);
      expect(names.length).toBeGreaterThan(0);
      expect(viaWorker.attachments.every((a) => a.hashes === undefined)).toBe(true);
      expect(viaWorker.incomplete.filter((i) => i.where?.startsWith('attachment:'))).toEqual(
        names.map((n) => ({ code: 'attachment-content-unavailable', where: `attachment:${n}`, detail: 'content is not valid base64' })),
      );
    });
  });
});
