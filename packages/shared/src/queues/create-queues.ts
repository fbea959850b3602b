import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger/create-logger.js';
import { JOB_CATALOG, type JobCatalog } from './catalog.js';
import type { JobDefinition, JobPayload } from './job-definition.js';

export interface QueueOptions {
  /** Shared, not owned: closing the queues leaves it open for the caller to close last. */
  connection: Redis;
  /** `QUEUE_PREFIX`; the API, the workers and Bull Board must agree on it. */
  prefix: string;
  logger?: Logger;
}

/** A BullMQ queue for one definition, with the definition's default job options. */
export function createQueue<D extends JobDefinition>(
  definition: D,
  options: QueueOptions,
): Queue<JobPayload<D>> {
  const queue = new Queue<JobPayload<D>>(definition.queueName, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: definition.defaultJobOptions,
  });
  // The connection reports outages once; per-queue repeats of them are only worth a debug line.
  queue.on('error', (error: Error & { code?: string }) => {
    const level = typeof error.code === 'string' ? 'debug' : 'warn';
    options.logger?.[level]({ queue: definition.queueName, err: error }, 'queue error');
  });
  return queue;
}

export type Queues = {
  readonly [K in keyof JobCatalog]: Queue<JobPayload<JobCatalog[K]>>;
} & {
  /** Every queue, e.g. for Bull Board. */
  readonly list: readonly Queue[];
  /** Closes every queue (not the connection). */
  close(): Promise<void>;
};

/** Every queue of the catalog under one prefix and one connection. */
export function createQueues(options: QueueOptions): Queues {
  const queues = {
    extractionRequests: createQueue(JOB_CATALOG.extractionRequests, options),
    satwsEvents: createQueue(JOB_CATALOG.satwsEvents, options),
    invoiceListings: createQueue(JOB_CATALOG.invoiceListings, options),
    fileDownloads: createQueue(JOB_CATALOG.fileDownloads, options),
    exportDownloads: createQueue(JOB_CATALOG.exportDownloads, options),
    reconciler: createQueue(JOB_CATALOG.reconciler, options),
  };
  const list: Queue[] = Object.values(queues);
  return {
    ...queues,
    list,
    close: async () => {
      await Promise.all(list.map((queue) => queue.close()));
    },
  };
}
