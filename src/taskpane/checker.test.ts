/**
 * The Office adapter's parser, attachment inspector and body reader through the checking worker
 * (the real worker code on this thread): the same records, inspection results and body reading as
 * on the page, and a task the time limit stops comes back naming the limit, listed as not checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../config/config';
import type { Pack } from '../engine/types';
import { parseMessageBytes } from '../adapters/files';
import { webHasher } from '../adapters/hash/web-hasher';
import { inspectAttachment } from '../adapters/inspect';
import { readBodyParts } from '../adapters/files/body';
import type { WorkerLike } from '../adapters/web-worker';
import { inThreadWorker } from '../adapters/web-worker/in-thread.test-helper';
import { workerReadDeps } from './checker';
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
