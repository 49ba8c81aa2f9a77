/**
 * The worker's side: take the pack once, then for each file parse, inspect and evaluate it with
 * the same file adapter and engine as the CLI, and answer with plain, cloneable records; for
 * each attachment the Office adapter downloaded, inspect it with the same inspector; for each
 * body it read from Outlook, take its text and links with the same body reader. The worker starts
 * with the body reader alone (serve-files.ts, the rest, loads on demand).
 *
 * Tasks arrive one at a time (the client waits for each answer), so "started" always names the
 * task this thread is busy with, and the page can stop it by terminating the worker.
 */
import { readBodyParts } from '../files/body';
import { isBase64Content, type Base64Content } from '../office/content';
import type { CheckedRecord, CheckInit, FromWorker, ToWorker } from './protocol';

/**
 * Everything but the body reader, on demand: the worker's start-up script is then the body reader
 * and parse5 alone, so the pane's first banner, which waits on a body read, does not wait for the
 * message parser, the inspectors and the engine to load. They load once the worker is idle.
 */
const loadFiles = () => import(/* webpackChunkName: "check-files" */ './serve-files');

/** How long a worker waits, idle after its init, before it loads the file code and compiles the pack. */
const IDLE_MS = 300;

/** The parts of a DedicatedWorkerGlobalScope we use (structural, so a test can stand in). */
export interface WorkerScopeLike {
  onmessage: ((ev: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker): void;
}

function describe(e: unknown): string {
  return (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);
}

/** Parse, inspect and evaluate one file's bytes: one record per message, in file order. */
export async function checkBytes(bytes: Uint8Array, init: CheckInit): Promise<CheckedRecord[]> {
  return (await loadFiles()).checkBytes(bytes, init);
}

/** One file's records: base64 text (Outlook's whole message) is decoded with the file code, a Blob read here. */
async function checkSource(source: Blob | Uint8Array | Base64Content, init: CheckInit): Promise<CheckedRecord[]> {
  if (isBase64Content(source)) return (await loadFiles()).checkBase64(source.base64, init);
  return checkBytes(ArrayBuffer.isView(source) ? source : new Uint8Array(await source.arrayBuffer()), init);
}

/**
 * Serves checks on `scope` (the worker's global scope). Call once at the top of the worker script.
 * Returns what terminate() does to a browser worker's timers: a stand-in that runs this code on
 * the page's own thread (the tests') calls it, so no idle load outlives the worker.
 */
export function serveChecks(scope: WorkerScopeLike): () => void {
  let init: CheckInit | null = null;
  let compiled = false;
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const after = (ms: number, f: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) f();
    }, ms);
    timers.add(t);
  };
  const later = (): void => void compile().catch(() => undefined);
  // The file code loads and the pack is compiled (cached per pack object) once the worker has been
  // idle for IDLE_MS after its init, after its first body read, or at its first file, whichever
  // comes first: a body read (the pane's first banner waits on it) needs neither, and should not
  // wait behind them.
  const compile = async (): Promise<void> => {
    if (!init || compiled || stopped) return;
    compiled = true;
    const { compilePack } = await loadFiles();
    try {
      compilePack(init.pack);
    } catch {
      // evaluate() compiles again and reports a failure as a rule error.
    }
  };
  scope.onmessage = (ev) => {
    const m = ev.data;
    if (m.t === 'init') {
      init = m.init;
      compiled = false;
      after(IDLE_MS, later);
      return;
    }
    const id = m.id;
    scope.postMessage({ t: 'started', id });
    void (async () => {
      let answer: FromWorker;
      try {
        if (m.t === 'inspect') answer = { t: 'inspected', id, result: await (await loadFiles()).inspect(m.input) };
        else if (m.t === 'body') answer = { t: 'body-read', id, result: readBodyParts(m.body) };
        else {
          if (!init) throw new Error('no pack: the worker was not initialised');
          await compile();
          answer = { t: 'done', id, records: await checkSource(m.source, init) };
        }
      } catch (e) {
        answer = { t: 'failed', id, error: describe(e) };
      }
      try {
        scope.postMessage(answer);
      } catch (e) {
        // A record that cannot be cloned must still answer, or the file would wait for its time limit.
        scope.postMessage({ t: 'failed', id, error: `result could not be sent: ${describe(e)}` });
      }
      if (m.t === 'body') after(0, later);
    })();
  };
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}
