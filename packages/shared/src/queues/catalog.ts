import { z } from 'zod';
import { defineJob } from './job-definition.js';
import { jobIdFor } from './job-ids.js';
import { retryingJobOptions, scheduledJobOptions } from './job-options.js';

const INT8_MAX = 9_223_372_036_854_775_807n;

/** UUIDs compare case-insensitively; one spelling keeps one job id per extraction. */
const uuid = z.uuid({ error: 'must be a UUID' }).transform((value) => value.toLowerCase());

/** PostgreSQL bigint ids arrive as decimal strings (pg returns int8 as string). */
const int8Id = z
  .string({ error: 'must be a string' })
  .regex(/^[1-9]\d{0,18}$/, 'must be a positive integer written in decimal, as a string')
  // zod runs this even when the regex failed; BigInt() would throw on a non-number.
  .refine(
    (value) => !/^\d+$/.test(value) || BigInt(value) <= INT8_MAX,
    'must fit in a PostgreSQL bigint',
  );

const eventId = z
  .string({ error: 'must be a string' })
  .regex(/^[!-~]{1,200}$/, 'must be 1 to 200 printable ASCII characters without spaces');

/** Strict objects: a field that is not an id (a key, a body) is refused, not carried to Redis. */
export const extractionRequestsJob = defineJob({
  queueName: 'extraction-requests',
  jobName: 'request-extraction',
  payload: z.strictObject({ extractionId: uuid }),
  jobId: (payload) => jobIdFor('extraction', payload.extractionId),
  defaultJobOptions: retryingJobOptions({ attempts: 10, baseDelayMs: 5_000 }),
});

export const satwsEventsJob = defineJob({
  queueName: 'satws-events',
  jobName: 'apply-event',
  payload: z.strictObject({ eventId }),
  jobId: (payload) => jobIdFor('event', payload.eventId),
  defaultJobOptions: retryingJobOptions({ attempts: 10, baseDelayMs: 2_000 }),
});

export const invoiceListingsJob = defineJob({
  queueName: 'invoice-listings',
  jobName: 'list-invoices',
  payload: z.strictObject({ extractionId: uuid }),
  jobId: (payload) => jobIdFor('listing', payload.extractionId),
  defaultJobOptions: retryingJobOptions({ attempts: 10, baseDelayMs: 5_000 }),
});

export const fileDownloadsJob = defineJob({
  queueName: 'file-downloads',
  jobName: 'download-file',
  payload: z.strictObject({ fileId: int8Id }),
  jobId: (payload) => jobIdFor('file', payload.fileId),
  defaultJobOptions: retryingJobOptions({ attempts: 10, baseDelayMs: 10_000 }),
});

/**
 * One job per extraction in export mode: request the export ZIP, wait for it (delayed re-checks,
 * promoted by `export.updated`), store every entry, hand what the ZIP lacked back to per-file.
 */
export const exportDownloadsJob = defineJob({
  queueName: 'export-downloads',
  jobName: 'download-export',
  payload: z.strictObject({ extractionId: uuid }),
  jobId: (payload) => jobIdFor('export', payload.extractionId),
  defaultJobOptions: retryingJobOptions({ attempts: 10, baseDelayMs: 10_000 }),
});

/** Added by its job scheduler (`scheduleReconciler`), never one by one. */
export const reconcilerJob = defineJob({
  queueName: 'reconciler',
  jobName: 'reconcile',
  payload: z.strictObject({}),
  defaultJobOptions: scheduledJobOptions(),
});

/** Every queue, keyed by the name the `Queues` bundle gives it. */
export const JOB_CATALOG = {
  extractionRequests: extractionRequestsJob,
  satwsEvents: satwsEventsJob,
  invoiceListings: invoiceListingsJob,
  fileDownloads: fileDownloadsJob,
  exportDownloads: exportDownloadsJob,
  reconciler: reconcilerJob,
} as const;

export type JobCatalog = typeof JOB_CATALOG;
