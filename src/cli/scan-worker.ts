/**
 * The scan's worker script (bundled to build/scan-worker.js). Each worker compiles the pack once,
 * then for every task (a file it reads itself, or one message of a container the main thread is
 * reading) parses, inspects and evaluates, and renders the records in the chosen format. The
 * main thread receives only the rendered text and a small tally per record: it never clones a
 * verdict or formats one, so its cost per file stays small and the formatting runs on every core.
 * A file that turns out to be a large container (an mbox above WHOLE_MBOX_BYTES, a .pst, a
 * --unzip'ed .zip) is answered with its kind, and the main thread streams its messages back in.
 */
import { serveTasks } from '../adapters/pool/serve';
import { compilePack } from '../engine/compile';
import type { Pack, Policy } from '../engine/types';
import { buildEngine } from './engine-wiring';
import { recordContext } from './record';
import { renderRecords, type RenderOptions, type Rendered } from './render';
import { scanTask, type ContainerKind, type ScanFileOptions, type ScanTask } from './scan';

export interface ScanWorkerInit {
  pack: Pack;
  policy: Policy;
  render: RenderOptions;
  files: ScanFileOptions;
}

/**
 * A task's answer: its rendered records, with the text already UTF-8 (so the main thread hands
 * bytes to stdout and never encodes: that was a third of its work per file), or the container
 * kind of a file the main thread must stream.
 */
export type ScanReply = RenderedBytes | { container: ContainerKind };
export type RenderedBytes = Omit<Rendered, 'out'> & { out: Uint8Array };

const utf8 = new TextEncoder();

serveTasks<ScanWorkerInit, ScanTask, ScanReply>((init) => {
  compilePack(init.pack);
  const engine = buildEngine(init.pack, init.policy);
  const ctx = recordContext(init.pack, init.render.lang);
  return async (task) => {
    const scanned = await scanTask(task, engine, init.files);
    if ('container' in scanned) return scanned;
    const rendered = renderRecords(scanned.records, ctx, init.render);
    return { ...rendered, out: utf8.encode(rendered.out) };
  };
});
