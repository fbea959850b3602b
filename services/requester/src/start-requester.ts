import {
  extractionRequestsJob,
  type JobDefinition,
  reconcilerJob,
  satwsEventsJob,
  scheduleReconciler,
} from '@invoice-extractor/shared/queues';
import { type Job, Worker } from 'bullmq';
import { processSatwsEvent } from './events/process-satws-event.js';
import { failExhaustedRequest } from './jobs/fail-exhausted-request.js';
import { jobProcessor } from './jobs/job-processor.js';
import type { JobResult } from './jobs/job-result.js';
import { processReconcile } from './reconcile/process-reconcile.js';
import { reconcilerSettings } from './reconcile/reconciler-options.js';
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
  concurrency = deps.concurrency,
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
    concurrency,
  });
  worker.on('error', (error) =>
    logger.error({ queue: definition.queueName, err: error }, 'worker error'),
  );
  return worker;
}

/**
 * The reconciler's worker (one run at a time: the schedule sets the queue's global concurrency
 * to 1) and its schedule, upserted by every process that runs it. A failed upsert is logged,
 * not fatal: another process's schedule, or this one's next start, still runs it.
 */
function startReconciler(deps: RequesterDeps): Worker | undefined {
  if (!deps.reconciler) return undefined;
  const worker = startWorker(deps, reconcilerJob, (job) => processReconcile(job, deps), 1);
  const { everyMs } = reconcilerSettings(deps.reconciler);
  scheduleReconciler(deps.queues.reconciler, { everyMs }).catch((error: unknown) =>
    deps.logger.error({ err: error, everyMs }, 'could not schedule the reconciler'),
  );
  return worker;
}

/**
 * Runs the requester's workers: extraction requests, SAT.ws events and, when `deps.reconciler`
 * is given, the reconciler.
 */
export function startRequester(deps: RequesterDeps): Requester {
  const requests = startWorker(deps, extractionRequestsJob, (job) =>
    processExtractionRequest(job, deps),
  );
  requests.on('failed', (job, error) => void failExhaustedRequest(deps, job, error));
  const events = startWorker(deps, satwsEventsJob, (job) => processSatwsEvent(job, deps));
  const reconciler = startReconciler(deps);
  const workers = [requests, events, ...(reconciler ? [reconciler] : [])];
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= Promise.all(workers.map((worker) => worker.close())).then(() => undefined);
      return closing;
    },
  };
}
