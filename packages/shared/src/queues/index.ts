export {
  exportDownloadsJob,
  extractionRequestsJob,
  fileDownloadsJob,
  invoiceListingsJob,
  JOB_CATALOG,
  type JobCatalog,
  reconcilerJob,
  satwsEventsJob,
} from './catalog.js';
export { createQueue, createQueues, type QueueOptions, type Queues } from './create-queues.js';
export {
  enqueue,
  enqueueBulk,
  InvalidJobPayloadError,
  QueueUnavailableError,
} from './enqueue.js';
export {
  defineJob,
  type JobDefinition,
  type JobPayload,
  type JobPayloadInput,
} from './job-definition.js';
export { jobIdFor } from './job-ids.js';
export {
  BACKOFF_JITTER,
  type RetryPolicy,
  retryingJobOptions,
  scheduledJobOptions,
} from './job-options.js';
export { parseJobPayload } from './parse-job-payload.js';
export {
  createRedisConnection,
  type RedisConnectionOptions,
  type RedisRole,
  reconnectDelayMs,
} from './redis-connection.js';
export { RECONCILER_SCHEDULER_ID, scheduleReconciler } from './schedule-reconciler.js';
export { type BullmqErrorContext, type BullmqOutcome, toBullmqError } from './to-bullmq-error.js';
