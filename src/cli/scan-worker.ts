/**
 * The scan's worker script (bundled to build/scan-worker.js). Each worker compiles the pack once,
 * then for every task reads the file itself, parses, inspects and evaluates it, and prints the
 * records in the chosen format. The main thread receives only the printed text and a digest
 * (level, incomplete) per record: it never clones a verdict or formats one, so its cost per file
 * stays small and the formatting runs on every core.
 */
import { serveTasks } from '../adapters/pool/serve';
import { compilePack } from '../engine/compile';
import type { Lang, Pack, Policy } from '../engine/types';
import type { OutputFormat } from './args';
import { buildEngine } from './engine-wiring';
import { digestRecord, renderRecord, type RecordDigest } from './format';
import { scanTask, type ScanTask } from './scan';

export interface ScanWorkerInit {
  pack: Pack;
  policy: Policy;
  format: OutputFormat;
  lang: Lang;
}

/** One record as the worker hands it back: its digest and its printed form. */
export interface RenderedRecord extends RecordDigest {
  text: string;
}

serveTasks<ScanWorkerInit, ScanTask, RenderedRecord[]>((init) => {
  compilePack(init.pack);
  const engine = buildEngine(init.pack, init.policy);
  return async (task) => {
    const records = await scanTask(task, engine);
    return records.map((r) => ({ ...digestRecord(r), text: renderRecord(r, init.format, init.pack, init.lang) }));
  };
});
