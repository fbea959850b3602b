import type { Logger } from '@invoice-extractor/shared/logger';
import {
  createQueue,
  JOB_CATALOG,
  type JobCatalog,
  type Queues,
} from '@invoice-extractor/shared/queues';

type QueueName = keyof JobCatalog;
type Redis = Parameters<typeof createQueue>[1]['connection'];

/** Per queue: attempts and the first retry's delay (exponential with the catalog's jitter). */
export type RetryOverrides = Partial<Record<QueueName, { attempts?: number; delayMs?: number }>>;

/**
 * Production waits 2–10 s before a first retry; a test that injects hundreds of upstream faults
 * would take minutes at that pace. Same kind of backoff, same jitter, a hundredth of the delay.
 */
const TEST_FIRST_RETRY_MS = 100;

function definitionWith<K extends QueueName>(name: K, overrides: RetryOverrides): JobCatalog[K] {
  const definition = JOB_CATALOG[name];
  const base = definition.defaultJobOptions;
  const override: { attempts?: number; delayMs?: number } = overrides[name] ?? {};
  const backoff = typeof base.backoff === 'object' ? base.backoff : { type: 'exponential' };
  return {
    ...definition,
    defaultJobOptions: {
      ...base,
      attempts: override.attempts ?? base.attempts,
      backoff: { ...backoff, delay: override.delayMs ?? TEST_FIRST_RETRY_MS },
    },
  };
}

/** The catalog's queues, as `createQueues` makes them, with the tests' retry pace. */
export function createTestQueues(
  options: { connection: Redis; prefix: string; logger: Logger },
  overrides: RetryOverrides = {},
): Queues {
  const make = <K extends QueueName>(name: K) =>
    createQueue(definitionWith(name, overrides), options);
  const queues = {
    extractionRequests: make('extractionRequests'),
    satwsEvents: make('satwsEvents'),
    invoiceListings: make('invoiceListings'),
    fileDownloads: make('fileDownloads'),
    exportDownloads: make('exportDownloads'),
    reconciler: make('reconciler'),
  };
  const list = Object.values(queues);
  return {
    ...queues,
    list,
    close: async () => {
      await Promise.all(list.map((queue) => queue.close()));
    },
  };
}
