import type { CallBudget } from '@invoice-extractor/shared/budget';
import { isAppError } from '@invoice-extractor/shared/errors';
import type { Logger } from '@invoice-extractor/shared/logger';
import { toBullmqError } from '@invoice-extractor/shared/queues';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import type { JobResult } from './job-result.js';
import { isFinalAttempt } from './processor-job.js';

export interface JobProcessorOptions {
  queue: string;
  process: (job: Job) => Promise<JobResult>;
  logger: Logger;
  budget: Pick<CallBudget, 'pauseUntil'>;
  /** The worker running the processor; read at failure time (it is built after the processor). */
  worker: () => Pick<Worker, 'rateLimit'>;
}

function failureOutcome(mapped: Error, job: Job): string {
  if (mapped.name === 'RateLimitError') return 'rate-limited';
  if (mapped instanceof UnrecoverableError || isFinalAttempt(job)) return 'failed';
  return 'retrying';
}

/**
 * Wraps a processor with the one log line per attempt (jobId, queue, attempt, durationMs,
 * outcome) and the one mapping of its errors to BullMQ.
 */
export function jobProcessor(options: JobProcessorOptions): (job: Job) => Promise<JobResult> {
  const { queue, logger } = options;
  return async (job) => {
    const started = performance.now();
    const fields = { jobId: job.id, queue, attempt: job.attemptsMade + 1 };
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const result = await options.process(job);
      logger.info({ ...fields, durationMs: durationMs(), ...result }, 'job attempt done');
      return result;
    } catch (error) {
      const { error: mapped } = await toBullmqError(error, {
        worker: options.worker(),
        budget: options.budget,
        logger,
      });
      const outcome = failureOutcome(mapped, job);
      const err = {
        message: error instanceof Error ? error.message : String(error),
        code: isAppError(error) ? error.code : undefined,
      };
      const level = outcome === 'failed' ? 'error' : 'warn';
      logger[level]({ ...fields, durationMs: durationMs(), outcome, err }, 'job attempt failed');
      throw mapped;
    }
  };
}
