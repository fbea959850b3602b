import type { CallBudget } from '@invoice-extractor/shared/budget';
import { isAppError } from '@invoice-extractor/shared/errors';
import type { Logger } from '@invoice-extractor/shared/logger';
import { RateLimitError, UnrecoverableError, Worker } from 'bullmq';

export interface BullmqErrorContext {
  /** Only its queue-wide rate limit is used; a Worker fits. */
  worker: Pick<Worker, 'rateLimit'>;
  budget: CallBudget;
  /** The SAT.ws endpoint group the queue's jobs call, e.g. `GET /invoices/{id}/cfdi`. */
  endpoint: string;
  logger: Logger;
}

export type BullmqOutcome = 'rate-limited' | 'failed' | 'retry';

/**
 * The one place a processor's error becomes what BullMQ acts on (DESIGN.md, "Retries are
 * classified"): a 429 pauses the queue and every process's SAT.ws budget until the reset and
 * puts the job back without spending an attempt; an error that cannot succeed later fails the
 * job now (kept for Bull Board); anything else is retried with the catalog's backoff.
 */
export async function toBullmqError(
  error: unknown,
  context: BullmqErrorContext,
): Promise<{ error: Error; outcome: BullmqOutcome }> {
  if (error instanceof RateLimitError) return { error, outcome: 'rate-limited' };
  if (error instanceof UnrecoverableError) return { error, outcome: 'failed' };
  if (isAppError(error) && error.status === 429 && error.retryAfterMs !== undefined) {
    await pauseBudget(error.retryAfterMs, context);
    await context.worker.rateLimit(Math.max(1, error.retryAfterMs));
    return { error: Worker.RateLimitError(), outcome: 'rate-limited' };
  }
  if (isAppError(error) && !error.retryable) {
    return { error: new UnrecoverableError(`${error.code}: ${error.message}`), outcome: 'failed' };
  }
  return { error: error instanceof Error ? error : new Error(String(error)), outcome: 'retry' };
}

/** A bad reset header must not turn a rate limit into a failed job: the queue pause still holds. */
async function pauseBudget(waitMs: number, context: BullmqErrorContext): Promise<void> {
  try {
    await context.budget.pauseUntil(context.endpoint, Date.now() + waitMs);
  } catch (error) {
    context.logger.warn({ err: error, endpoint: context.endpoint }, 'satws budget pause refused');
  }
}
