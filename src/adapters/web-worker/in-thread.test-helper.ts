/**
 * A stand-in for the browser's Worker that runs the real worker code (serveChecks) on this
 * thread, for Jest: messages cross asynchronously and are structured-cloned both ways, as between
 * a page and its worker, and terminate() cuts the line. Blobs cross as they are (a browser
 * shares a Blob with a worker without copying its bytes), except jsdom's, which lack
 * Blob.arrayBuffer() (every browser has it): those are read here first, with FileReader.
 */
import type { WorkerLike } from './client';
import type { FromWorker, ToWorker } from './protocol';
import { serveChecks, type WorkerScopeLike } from './serve';
import { isBase64Content } from '../office/content';

/** A Blob (of whichever realm: jsdom's or Node's): neither bytes nor base64 text. */
const isBlob = (v: unknown): v is Blob => !!v && !ArrayBuffer.isView(v) && !isBase64Content(v);

function clone<T>(value: T): T {
  if (typeof structuredClone !== 'function') return value;
  const v = value as unknown as { t?: string; source?: unknown };
  if (v.t === 'check' && isBlob(v.source)) return { ...(value as object), source: v.source } as T;
  return structuredClone(value);
}

/** jsdom's File has no arrayBuffer(); hand the worker its bytes instead. */
async function deliverable(m: ToWorker): Promise<ToWorker> {
  if (m.t !== 'check' || !isBlob(m.source) || typeof m.source.arrayBuffer === 'function') return m;
  const blob = m.source;
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('file could not be read'));
    reader.readAsArrayBuffer(blob);
  });
  return { ...m, source: bytes };
}

export interface InThreadWorker extends WorkerLike {
  readonly terminated: boolean;
  /** Every message the page sent this worker. */
  readonly received: ToWorker[];
}

export function inThreadWorker(): InThreadWorker {
  let terminated = false;
  const received: ToWorker[] = [];
  const scope: WorkerScopeLike = {
    onmessage: null,
    postMessage(m: FromWorker) {
      const copy = clone(m);
      setTimeout(() => {
        if (!terminated) worker.onmessage?.({ data: copy });
      }, 0);
    },
  };
  const worker: InThreadWorker = {
    onmessage: null,
    onerror: null,
    get terminated() {
      return terminated;
    },
    received,
    postMessage(m: ToWorker) {
      received.push(m);
      const copy = clone(m);
      void deliverable(copy).then((data) => {
        if (!terminated) scope.onmessage?.({ data });
      });
    },
    terminate() {
      terminated = true;
      stop();
    },
  };
  const stop = serveChecks(scope);
  return worker;
}
