/**
 * The worker's side: take the pack once, then for each file parse, inspect and evaluate it with
 * the same file adapter and engine as the CLI, and answer with plain, cloneable records; for
 * each attachment the Office adapter downloaded, inspect it with the same inspector; for each
 * body it read from Outlook, take its text and links with the same body reader.
 *
 * Tasks arrive one at a time (the client waits for each answer), so "started" always names the
 * task this thread is busy with, and the page can stop it by terminating the worker.
 */
import { compilePack, evaluate } from '../../engine';
import { parseMessageBytes } from '../files';
import { readBodyParts } from '../files/body';
import { webHasher } from '../hash/web-hasher';
import { inspectAttachment } from '../inspect';
import type { CheckedRecord, CheckInit, FromWorker, ToWorker } from './protocol';

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
  const records = await parseMessageBytes(bytes);
  return records.map((r): CheckedRecord =>
    r.message ? { index: r.index, message: r.message, verdict: evaluate(r.message, init.pack, init.policy) } : { index: r.index, error: r.error ?? 'unknown error' },
  );
}

async function bytesOf(source: Blob | Uint8Array): Promise<Uint8Array> {
  return ArrayBuffer.isView(source) ? source : new Uint8Array(await source.arrayBuffer());
}

/** Serves checks on `scope` (the worker's global scope). Call once at the top of the worker script. */
export function serveChecks(scope: WorkerScopeLike): void {
  let init: CheckInit | null = null;
  let compiled = false;
  // The pack is compiled (cached per pack object) once the worker is idle after its init, or at its
  // first file, whichever comes first: a body read (the pane's first banner waits on it) needs no
  // pack and should not wait behind the compile.
  const compile = (): void => {
    if (!init || compiled) return;
    compiled = true;
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
      setTimeout(compile, 0);
      return;
    }
    if (m.t === 'check') compile();
    const id = m.id;
    scope.postMessage({ t: 'started', id });
    void (async () => {
      let answer: FromWorker;
      try {
        if (m.t === 'inspect') answer = { t: 'inspected', id, result: await inspectAttachment(m.input, webHasher) };
        else if (m.t === 'body') answer = { t: 'body-read', id, result: readBodyParts(m.body) };
        else {
          if (!init) throw new Error('no pack: the worker was not initialised');
          answer = { t: 'done', id, records: await checkBytes(await bytesOf(m.source), init) };
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
    })();
  };
}
