export * from './limits';
export { WorkerPool, type PoolLimitKind, type PoolOptions, type PoolOutcome } from './pool';
