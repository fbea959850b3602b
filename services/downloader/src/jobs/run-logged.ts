import type { Logger } from '@invoice-extractor/shared/logger';
import { type BullmqErrorContext, toBullmqError } from '@invoice-extractor/shared/queues';
import type { Job } from 'bullmq';

/**
 * Runs one attempt of a job and writes its one log line (jobId, queue, attempt, durationMs,
 * outcome); a failure leaves as the error BullMQ should act on. Only ids and codes are
 * logged: no keys, no signed URLs, no SQL parameters.
 */
export async function runLogged<R>(
  job: Job,
  context: BullmqErrorContext & { logger: Logger },
  processor: () => Promise<R>,
): Promise<R> {
  const started = performance.now();
  const fields = { jobId: job.id, queue: job.queueName, attempt: job.attemptsMade + 1 };
  try {
    const result = await processor();
    const durationMs = Math.round(performance.now() - started);
    context.logger.info({ ...fields, durationMs, outcome: 'completed', result }, 'job done');
    return result;
  } catch (error) {
    const mapped = await toBullmqError(error, context);
    const durationMs = Math.round(performance.now() - started);
    const level = mapped.outcome === 'failed' ? 'error' : 'warn';
    const err =
      error instanceof Error
        ? { message: error.message, code: (error as { code?: unknown }).code }
        : error;
    context.logger[level](
      { ...fields, durationMs, outcome: mapped.outcome, err },
      'job attempt failed',
    );
    throw mapped.error;
  }
}
