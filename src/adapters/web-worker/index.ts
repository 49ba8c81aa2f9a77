export * from './limits';
export { CheckWorkerClient, type BodyOutcome, type CheckClientOptions, type FileOutcome, type InspectOutcome, type Stopped, type WebLimitKind, type WorkerLike } from './client';
export type { CheckedRecord, CheckInit } from './protocol';
