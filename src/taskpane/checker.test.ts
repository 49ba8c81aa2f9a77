/**
 * The Office adapter's message parser through the checking worker (the real worker code on this
 * thread): the same records as parsing on the page, and a message the time limit stops comes
 * back as an error record naming the limit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../config/config';
import type { Pack } from '../engine/types';
import { parseMessageBytes } from '../adapters/files';
import type { WorkerLike } from '../adapters/web-worker';
import { inThreadWorker } from '../adapters/web-worker/in-thread.test-helper';
import { workerMessageParser } from './checker';
import embedded from '../../build/pack.json';

const settings = Promise.resolve({ config: { ...DEFAULT_CONFIG }, pack: embedded as unknown as Pack });
const eml = Uint8Array.from(fs.readFileSync(path.resolve(__dirname, '../../test/browser/fixtures/level-high.eml')));

describe('workerMessageParser', () => {
  it('gives the records parseMessageBytes gives, parsed in the worker; one worker for every message, given the pack once', async () => {
    const spawned: ReturnType<typeof inThreadWorker>[] = [];
    const parse = workerMessageParser(settings, { spawn: () => (spawned.push(inThreadWorker()), spawned[spawned.length - 1]!) });
    const [a, b] = [await parse(eml), await parse(new Uint8Array())];
    expect(a).toEqual(await parseMessageBytes(eml));
    expect(b).toEqual([{ index: 0, error: 'empty file' }]);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.received.filter((m) => m.t === 'init')).toHaveLength(1);
  });

  it('a message stopped at the time limit is an error record naming the limit, not a message', async () => {
    const hung: WorkerLike = { postMessage: () => undefined, terminate: () => undefined, onmessage: null, onerror: null };
    const parse = workerMessageParser(settings, { spawn: () => hung, limits: { taskTimeoutMs: 30 } });
    expect(await parse(eml)).toEqual([{ index: 0, error: 'time limit exceeded: still running after 0.03 s', limit: 'time' }]);
  });
});
