/**
 * The scan's worker script (bundled to build/scan-worker.js). Each worker compiles the pack once,
 * then for every task (a file it reads itself, or one message of a container the main thread is
 * reading) parses, inspects and evaluates, and renders the records in the chosen format. The
 * main thread receives only the rendered text and a small tally per record: it never clones a
 * verdict or formats one, so its cost per file stays small and the formatting runs on every core.
 */
import { serveTasks } from '../adapters/pool/serve';
import { compilePack } from '../engine/compile';
import type { Pack, Policy } from '../engine/types';
import { buildEngine } from './engine-wiring';
import { recordContext } from './record';
import { renderRecords, type RenderOptions, type Rendered } from './render';
import { scanTask, type ScanTask } from './scan';

export interface ScanWorkerInit {
  pack: Pack;
  policy: Policy;
  render: RenderOptions;
}

serveTasks<ScanWorkerInit, ScanTask, Rendered>((init) => {
  compilePack(init.pack);
  const engine = buildEngine(init.pack, init.policy);
  const ctx = recordContext(init.pack, init.render.lang);
  return async (task) => renderRecords(await scanTask(task, engine), ctx, init.render);
});
