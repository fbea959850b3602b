export { parseRequesterConfig, type RequesterConfig } from './config.js';
export { processSatwsEvent } from './events/process-satws-event.js';
export type { JobResult } from './jobs/job-result.js';
export type { ProcessorJob } from './jobs/processor-job.js';
export { processReconcile } from './reconcile/process-reconcile.js';
export type { ReconcileDeps } from './reconcile/reconcile-deps.js';
export { DEFAULT_RECONCILER, type ReconcilerOptions } from './reconcile/reconciler-options.js';
export {
  DEFAULT_TIMING,
  type EventDeps,
  type RequestDeps,
  type RequesterDeps,
  type RequesterTiming,
} from './requester-deps.js';
export { processExtractionRequest } from './requests/process-extraction-request.js';
export { satwsOptions, satwsPeriod } from './requests/satws-options.js';
export { type Requester, startRequester } from './start-requester.js';
