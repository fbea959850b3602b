import {
  extractionRequestsJob,
  type JobDefinition,
  satwsEventsJob,
} from '@invoice-extractor/shared/queues';
import { type Job, Worker } from 'bullmq';
import { processSatwsEvent } from './events/process-satws-event.js';
import { failExhaustedRequest } from './jobs/fail-exhausted-request.js';
import { jobProcessor } from './jobs/job-processor.js';
import type { JobResult } from './jobs/job-result.js';
import type { RequesterDeps } from './requester-deps.js';
import { processExtractionRequest } from './requests/process-extraction-request.js';

export interface Requester {
  /** Stops taking jobs and waits for the ones in flight; leaves connections to the caller. */
  close(): Promise<void>;
}

function startWorker(
  deps: RequesterDeps,
  definition: JobDefinition,
  process: (job: Job) => Promise<JobResult>,
): Worker {
  const { logger } = deps;
  let worker: Worker | undefined;
  const processor = jobProcessor({
    queue: definition.queueName,
    process,
    logger,
    budget: deps.budget,
    worker: () => {
      if (!worker) throw new Error(`worker for ${definition.queueName} is not started`);
      return worker;
    },
  });
  // Stalled-job recovery stays at BullMQ's defaults (on); failed jobs are kept by the catalog.
  worker = new Worker(definition.queueName, processor, {
    connection: deps.redis,
    prefix: deps.queuePrefix,
    concurrency: deps.concurrency,
  });
  worker.on('error', (error) =>
    logger.error({ queue: definition.queueName, err: error }, 'worker error'),
  );
  return worker;
}

/** Runs the requester's two workers: extraction requests and SAT.ws events. */
export function startRequester(deps: RequesterDeps): Requester {
  const requests = startWorker(deps, extractionRequestsJob, (job) =>
    processExtractionRequest(job, deps),
  );
  requests.on('failed', (job, error) => void failExhaustedRequest(deps, job, error));
  const events = startWorker(deps, satwsEventsJob, (job) => processSatwsEvent(job, deps));
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= Promise.all([requests.close(), events.close()]).then(() => undefined);
      return closing;
    },
  };
}
