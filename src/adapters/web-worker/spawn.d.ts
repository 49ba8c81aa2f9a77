import type { WorkerLike } from './client';

/** A new dedicated Web Worker running ./check.worker.ts (see spawn.js). */
export function spawnCheckWorker(): WorkerLike;
