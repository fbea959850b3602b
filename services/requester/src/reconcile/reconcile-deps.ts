import type { RequesterDeps } from '../requester-deps.js';

export type ReconcileDeps = Pick<
  RequesterDeps,
  'pool' | 'queues' | 'satws' | 'logger' | 'timing' | 'reconciler'
>;
