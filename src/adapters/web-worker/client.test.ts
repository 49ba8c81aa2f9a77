/**
 * The Web Worker client against workers that misbehave on demand (each file's text says how),
 * and against the real worker code run on this thread: every file gets exactly one outcome, in
 * the order handed in, and a file stopped by a limit says which limit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { evaluate } from '../../engine';
import type { Pack } from '../../engine/types';
import PostalMime from 'postal-mime';
import { parseMessageBytes } from '../files';
import { webHasher } from '../hash/web-hasher';
import { inspectAttachment } from '../inspect';
import { readBodyParts } from '../files/body';
import { CheckWorkerClient, DEFAULT_TASK_TIMEOUT_MS, fileTimeoutFromQuery, type BodyOutcome, type FileOutcome, type InspectOutcome, type WorkerLike } from '.';
import { inThreadWorker } from './in-thread.test-helper';
import type { FromWorker, ToWorker } from './protocol';
import embedded from '../../../build/pack.json';

const pack = embedded as unknown as Pack;
const REPO = path.resolve(__dirname, '../../..');

/**
 * A worker that does what each file says: "ok N" answers at once, "slow N MS" after MS ms,
 * "hang" starts and never answers, "crash" dies (an error event), "throw" fails the check.
 */
class ScriptedWorker implements WorkerLike {
  static spawned: ScriptedWorker[] = [];
  onmessage: ((ev: { data: FromWorker }) => void) | null = null;
  onerror: ((ev: { message?: string; preventDefault?: () => void }) => void) | null = null;
  terminated = false;
  inits = 0;
  files: string[] = [];

  constructor(private readonly failToStart = false) {
    ScriptedWorker.spawned.push(this);
  }

  private send(m: FromWorker, delay = 0): void {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: m });
    }, delay);
  }

  postMessage(m: ToWorker): void {
    if (this.terminated) return;
    if (this.failToStart) {
      setTimeout(() => this.onerror?.({}), 0);
      return;
    }
    if (m.t === 'init') {
      this.inits++;
      return;
    }
    // An attachment to inspect says what to do in its name, a body in its text.
    const text = m.t === 'inspect' ? m.input.name : m.t === 'body' ? (m.body.text ?? '') : new TextDecoder().decode(m.source as Uint8Array);
    this.files.push(text);
    const [cmd, arg, ms] = text.split(' ');
    const answer = (): FromWorker =>
      m.t === 'inspect'
        ? { t: 'inspected', id: m.id, result: { attachment: { name: `echo ${arg}`, contentType: '', size: 0, inline: false }, incomplete: [], decompressed: 0 } }
        : m.t === 'body'
          ? { t: 'body-read', id: m.id, result: { text: `echo ${arg}`, links: [], incomplete: [] } }
          : { t: 'done', id: m.id, records: [{ index: 0, error: `echo ${arg}` }] };
    this.send({ t: 'started', id: m.id });
    if (cmd === 'ok') this.send(answer());
    else if (cmd === 'slow') this.send(answer(), Number(ms));
    else if (cmd === 'throw') this.send({ t: 'failed', id: m.id, error: 'Error: check failed' });
    else if (cmd === 'crash') setTimeout(() => !this.terminated && this.onerror?.({ message: 'Uncaught RangeError: boom' }), 1);
    // "hang": started, then nothing.
  }

  terminate(): void {
    this.terminated = true;
  }
}

const file = (text: string): Uint8Array => new TextEncoder().encode(text);

function line(o: FileOutcome | InspectOutcome | BodyOutcome): string {
  if (o.ok && 'records' in o) return o.records.map((r) => ('error' in r ? r.error : r.verdict.level)).join(',');
  if (o.ok) return 'attachment' in o.result ? `inspected ${o.result.attachment.name}` : `body ${o.result.text}`;
  return `error${o.limit ? `[${o.limit}]` : ''}: ${o.error}`;
}

async function runAll(texts: string[], limitMs: number, spawn: () => WorkerLike = () => new ScriptedWorker()): Promise<string[]> {
  const client = new CheckWorkerClient({ spawn, init: { pack, policy: {} }, limits: { taskTimeoutMs: limitMs } });
  try {
    // All handed in at once, as the preview does for a multi-file drop.
    return (await Promise.all(texts.map((t) => client.check(file(t))))).map(line);
  } finally {
    client.close();
  }
}

beforeEach(() => {
  ScriptedWorker.spawned = [];
});

describe('CheckWorkerClient', () => {
  it('delivers each file in order; one worker, given the pack once', async () => {
    const out = await runAll(['slow 0 30', 'ok 1', 'slow 2 10', 'ok 3'], 5_000);
    expect(out).toEqual(['echo 0', 'echo 1', 'echo 2', 'echo 3']);
    expect(ScriptedWorker.spawned).toHaveLength(1);
    expect(ScriptedWorker.spawned[0]!.inits).toBe(1);
  });

  it('a file that never finishes is stopped at the time limit: its worker is terminated, the error names the limit, later files still get results', async () => {
    const out = await runAll(['ok 0', 'hang', 'ok 2', 'hang', 'ok 4'], 60);
    expect(out).toEqual([
      'echo 0',
      'error[time]: time limit exceeded: still running after 0.06 s',
      'echo 2',
      'error[time]: time limit exceeded: still running after 0.06 s',
      'echo 4',
    ]);
    const [first, second, third] = ScriptedWorker.spawned;
    expect(ScriptedWorker.spawned).toHaveLength(3);
    expect([first!.terminated, second!.terminated]).toEqual([true, true]);
    expect(first!.files).toEqual(['ok 0', 'hang']);
    expect(second!.files).toEqual(['ok 2', 'hang']);
    // Each fresh worker got the pack once, before its first file.
    expect(ScriptedWorker.spawned.map((w) => w.inits)).toEqual([1, 1, 1]);
    expect(third!.files).toEqual(['ok 4']);
  });

  it('attachments to inspect share the files’ queue, order, worker and time limit: a stuck one is stopped and named, the rest still answer', async () => {
    const client = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init: { pack, policy: {} }, limits: { taskTimeoutMs: 60 } });
    const att = (name: string) => client.inspect({ name, contentType: 'application/zip', bytes: file(name), inline: false });
    try {
      const out = (await Promise.all([att('slow 0 20'), client.check(file('ok 1')), att('hang'), att('ok 3'), att('crash'), client.check(file('ok 5'))])).map(line);
      expect(out).toEqual([
        'inspected echo 0',
        'echo 1',
        'error[time]: time limit exceeded: still running after 0.06 s',
        'inspected echo 3',
        'error[worker]: worker failed: Uncaught RangeError: boom',
        'echo 5',
      ]);
      expect(ScriptedWorker.spawned).toHaveLength(3);
      expect(ScriptedWorker.spawned.map((w) => w.files)).toEqual([['slow 0 20', 'ok 1', 'hang'], ['ok 3', 'crash'], ['ok 5']]);
    } finally {
      client.close();
    }
  });

  it('Outlook bodies to read share the same queue, worker and time limit: a body that never finishes has its worker terminated and is named, the next task gets a fresh worker', async () => {
    const client = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init: { pack, policy: {} }, limits: { taskTimeoutMs: 60 } });
    const body = (text: string) => client.readBody({ html: '<p>x</p>', text });
    try {
      const out = (await Promise.all([body('ok 0'), client.check(file('slow 1 20')), body('hang'), body('ok 3'), body('throw'), body('crash'), client.check(file('ok 6'))])).map(line);
      expect(out).toEqual([
        'body echo 0',
        'echo 1',
        'error[time]: time limit exceeded: still running after 0.06 s',
        'body echo 3',
        'error: Error: check failed',
        'error[worker]: worker failed: Uncaught RangeError: boom',
        'echo 6',
      ]);
      expect(ScriptedWorker.spawned.map((w) => [w.terminated, w.files])).toEqual([
        [true, ['ok 0', 'slow 1 20', 'hang']],
        [true, ['ok 3', 'throw', 'crash']],
        [false, ['ok 6']],
      ]);
      expect(ScriptedWorker.spawned.map((w) => w.inits)).toEqual([1, 1, 1]);
    } finally {
      client.close();
    }
  });

  it('warm() starts the worker and gives it the pack before any task; the first task uses it; one that dies before its first task is replaced', async () => {
    const client = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init: { pack, policy: {} }, limits: { taskTimeoutMs: 5_000 } });
    try {
      client.warm();
      client.warm();
      expect(ScriptedWorker.spawned.map((w) => [w.inits, w.files.length])).toEqual([[1, 0]]);
      expect(line(await client.readBody({ text: 'ok 0' }))).toBe('body echo 0');
      expect(ScriptedWorker.spawned).toHaveLength(1);
    } finally {
      client.close();
    }
    const again = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init: { pack, policy: {} }, limits: { taskTimeoutMs: 5_000 } });
    try {
      again.warm();
      const first = ScriptedWorker.spawned[1]!;
      first.onerror?.({ message: 'importScripts failed' });
      expect(first.terminated).toBe(true);
      expect(line(await again.check(file('ok 1')))).toBe('echo 1');
      expect(ScriptedWorker.spawned).toHaveLength(3);
    } finally {
      again.close();
    }
  });

  it('with the settings still loading, warm() starts the worker at once; its init follows when they arrive, before any task', async () => {
    let settle: ((init: { pack: Pack; policy: object }) => void) | undefined;
    const init = new Promise<{ pack: Pack; policy: object }>((resolve) => (settle = resolve));
    const client = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init, limits: { taskTimeoutMs: 5_000 } });
    try {
      client.warm();
      const w = ScriptedWorker.spawned[0]!;
      const task = client.readBody({ text: 'ok 0' });
      await new Promise((r) => setTimeout(r, 20));
      expect([w.inits, w.files]).toEqual([0, []]);
      settle?.({ pack, policy: {} });
      expect(line(await task)).toBe('body echo 0');
      expect([w.inits, w.files, ScriptedWorker.spawned.length]).toEqual([1, ['ok 0'], 1]);
    } finally {
      client.close();
    }
  });

  it('a worker that crashes fails only its file; a check that throws fails only its file and keeps the worker', async () => {
    const out = await runAll(['crash', 'ok 1', 'throw', 'ok 3'], 5_000);
    expect(out).toEqual(['error[worker]: worker failed: Uncaught RangeError: boom', 'echo 1', 'error: Error: check failed', 'echo 3']);
    expect(ScriptedWorker.spawned).toHaveLength(2);
  });

  it('a worker script that cannot load at all stops the run after three tries, naming why, instead of retrying per file', async () => {
    const out = await runAll(['ok 0', 'ok 1', 'ok 2', 'ok 3', 'ok 4'], 5_000, () => new ScriptedWorker(true));
    expect(ScriptedWorker.spawned).toHaveLength(3);
    expect(out.slice(0, 3).every((l) => l.startsWith('error[worker]: worker failed: the worker stopped'))).toBe(true);
    expect(out.slice(3)).toEqual([
      'error[worker]: worker failed: could not start 3 times in a row (the worker stopped (it may have run out of memory, or its script could not load))',
      'error[worker]: worker failed: could not start 3 times in a row (the worker stopped (it may have run out of memory, or its script could not load))',
    ]);
  });

  it('after close(), a file still waiting gets an error, never a result', async () => {
    const client = new CheckWorkerClient({ spawn: () => new ScriptedWorker(), init: { pack, policy: {} }, limits: { taskTimeoutMs: 5_000 } });
    const pending = client.check(file('hang'));
    await new Promise((r) => setTimeout(r, 20));
    client.close();
    expect(line(await pending)).toBe('error[worker]: the checker was closed before this file finished');
    expect(line(await client.check(file('ok 1')))).toBe('error[worker]: the checker was closed before this file');
    expect(ScriptedWorker.spawned[0]!.terminated).toBe(true);
  });

  it('the time limit is the CLI pool’s by default and overridable, never removable', () => {
    const spawn = (): WorkerLike => new ScriptedWorker();
    const init = { pack, policy: {} };
    expect(new CheckWorkerClient({ spawn, init }).limits.taskTimeoutMs).toBe(DEFAULT_TASK_TIMEOUT_MS);
    expect(new CheckWorkerClient({ spawn, init, limits: { taskTimeoutMs: 250 } }).limits.taskTimeoutMs).toBe(250);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(new CheckWorkerClient({ spawn, init, limits: { taskTimeoutMs: bad } }).limits.taskTimeoutMs).toBe(DEFAULT_TASK_TIMEOUT_MS);
    }
  });

  it.each<[string, number | undefined]>([
    ['?file-timeout=2', 2_000],
    ['?file-timeout=0.005', 5],
    ['?lang=ja&file-timeout=90', 90_000],
    ['', undefined],
    ['?file-timeout=0', undefined],
    ['?file-timeout=-1', undefined],
    ['?file-timeout=1e9', undefined],
    ['?file-timeout=abc', undefined],
    ['?file-timeout=86401', undefined],
  ])('the page URL’s file-timeout override %s', (search, ms) => {
    expect(fileTimeoutFromQuery(search).taskTimeoutMs).toBe(ms);
  });
});

describe('the real worker code, on this thread', () => {
  const fixture = (rel: string): Uint8Array<ArrayBuffer> => Uint8Array.from(fs.readFileSync(path.join(REPO, rel)));
  /** The first attachment's exact bytes, as Outlook's getAttachmentContentAsync would give them. */
  const firstAttachment = async (eml: Uint8Array): Promise<Uint8Array> => {
    const content = (await PostalMime.parse(eml)).attachments[0]?.content;
    if (!content) throw new Error('fixture has no attachment');
    return new Uint8Array(typeof content === 'string' ? new TextEncoder().encode(content) : content);
  };

  it('gives the same records and verdicts as parsing and evaluating on the page, for each message of each file', async () => {
    const files = ['test/browser/fixtures/level-high.eml', 'test/browser/fixtures/level-none.eml', 'test/browser/fixtures/level-critical.eml'].map(fixture);
    const client = new CheckWorkerClient({ spawn: inThreadWorker, init: { pack, policy: {} } });
    try {
      const outcomes = await Promise.all(files.map((b) => client.check(b)));
      for (const [i, o] of outcomes.entries()) {
        if (!o.ok) throw new Error(o.error);
        const direct = await parseMessageBytes(files[i]!);
        expect(o.records.map((r) => ('message' in r ? [r.index, r.message.subject, r.verdict] : [r.index, r.error]))).toEqual(
          direct.map((r) => (r.message ? [r.index, r.message.subject, evaluate(r.message, pack, {})] : [r.index, r.error])),
        );
      }
      expect(outcomes.map((o) => (o.ok && 'verdict' in o.records[0]! ? o.records[0].verdict.level : '?'))).toEqual(['high', 'none', 'critical']);
    } finally {
      client.close();
    }
  });

  it.each([
    ['a ZIP holding a shortcut', 'test/fixtures/rules/hits/mf-attachment-lnk/lnk-in-zip.eml', '.lnk"'],
    ['an encrypted ZIP', 'test/fixtures/rules/hits/mf-attachment-encrypted-archive/encrypted-zip.eml', '"encrypted":true'],
    ['a macro document', 'test/fixtures/rules/hits/mf-attachment-macro-office/docm-with-vba.eml', '"macros":true'],
    ['an attachment with no content', '', 'attachment-content-unavailable'],
  ])('inspects %s exactly as the inspector does on the page, hashes included', async (_what, rel, mark) => {
    const bytes = rel ? await firstAttachment(fixture(rel)) : undefined;
    const input = { name: 'x.zip', contentType: 'application/zip', ...(bytes ? { bytes } : {}), declaredSize: 7, inline: false, id: 'AAMk1' };
    const client = new CheckWorkerClient({ spawn: inThreadWorker, init: { pack, policy: {} } });
    try {
      const o = await client.inspect(input);
      expect(o).toEqual({ ok: true, result: await inspectAttachment(input, webHasher) });
      expect(JSON.stringify(o)).toContain(mark);
      if (bytes) expect(o.ok && o.result.attachment.hashes?.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      client.close();
    }
  });

  const deep = (n: number): string => '<div>'.repeat(n) + '<a href="https://deep.example/x.zip">deep</a>' + '</div>'.repeat(n);
  it.each<[string, { html?: string; text?: string }, string[], string[]]>([
    ['HTML and text: links from the anchors and from text, text from the text part', { html: '<p>勉強会のご案内 <a href="https://1drv.ms/u/s!abc">資料</a></p>', text: '勉強会のご案内 資料 https://example.jp/agenda' }, ['https://1drv.ms/u/s!abc', 'https://example.jp/agenda'], []],
    ['HTML alone: the visible text is the body', { html: '<style>p{}</style><p>取材のご依頼</p><a href="https://x.example/">x</a>' }, ['https://x.example/'], []],
    ['text alone: URLs written out', { text: 'see https://y.example/a.zip' }, ['https://y.example/a.zip'], []],
    ['HTML past the depth cap: what was read, and the cut named', { html: deep(2_000) }, [], ['parse-error']],
    ['empty', {}, [], []],
  ])('reads an Outlook body as the .eml path does (%s)', async (_what, body, hrefs, codes) => {
    const client = new CheckWorkerClient({ spawn: inThreadWorker, init: { pack, policy: {} } });
    try {
      const o = await client.readBody(body);
      expect(o).toEqual({ ok: true, result: readBodyParts(body) });
      if (!o.ok) return;
      expect(o.result.links.map((l) => l.href)).toEqual(hrefs);
      expect(o.result.incomplete.map((x) => x.code)).toEqual(codes);
      expect(o.result.incomplete.every((x) => x.where === 'body')).toBe(true);
      if (body.text) expect(o.result.text).toBe(body.text);
    } finally {
      client.close();
    }
  });

  it('reads a Blob inside the worker, and an empty file is an error record, not a verdict', async () => {
    const client = new CheckWorkerClient({ spawn: inThreadWorker, init: { pack, policy: {} } });
    try {
      const o = await client.check(new Blob([]));
      expect(o).toEqual({ ok: true, records: [{ index: 0, error: 'empty file' }] });
      const b = await client.check(new Blob([fixture('test/browser/fixtures/level-high.eml')]));
      expect(b.ok && 'verdict' in b.records[0]! && b.records[0].verdict.level).toBe('high');
    } finally {
      client.close();
    }
  });
});
