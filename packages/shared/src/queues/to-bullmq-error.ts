import { RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { CallBudget } from '../budget/index.js';
import { isAppError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

export interface BullmqErrorContext {
  /** Only its queue-wide rate limit is used; a Worker fits. */
  worker: Pick<Worker, 'rateLimit'>;
  budget: Pick<CallBudget, 'pauseUntil'>;
  logger: Logger;
  /** The budget group to pause when a 429 does not name the endpoint that answered. */
  endpoint?: string;
}

export type BullmqOutcome = 'rate-limited' | 'failed' | 'retry';

/**
 * The one place a processor's error becomes what BullMQ acts on (DESIGN.md, "Retries are
 * classified"): a 429 with a reset time pauses the queue and every process's SAT.ws budget for
 * that endpoint until then, and puts the job back without spending an attempt; an error that
 * cannot succeed later fails the job now (kept for Bull Board); anything else is retried with the
 * catalog's backoff.
 */
export async function toBullmqError(
  error: unknown,
  context: BullmqErrorContext,
): Promise<{ error: Error; outcome: BullmqOutcome }> {
  if (error instanceof RateLimitError) return { error, outcome: 'rate-limited' };
  if (error instanceof UnrecoverableError) return { error, outcome: 'failed' };
  if (isAppError(error) && error.status === 429 && error.retryAfterMs !== undefined) {
    const endpoint = error.endpoint ?? context.endpoint;
    if (endpoint !== undefined) await pauseBudget(endpoint, error.retryAfterMs, context);
    await context.worker.rateLimit(Math.max(1, error.retryAfterMs));
    return { error: Worker.RateLimitError(), outcome: 'rate-limited' };
  }
  if (isAppError(error) && !error.retryable) {
    return { error: new UnrecoverableError(`${error.code}: ${error.message}`), outcome: 'failed' };
  }
  return { error: error instanceof Error ? error : new Error(String(error)), outcome: 'retry' };
}

/** A budget that cannot be paused must not turn a rate limit into a spent attempt. */
async function pauseBudget(
  endpoint: string,
  waitMs: number,
  { budget, logger }: BullmqErrorContext,
): Promise<void> {
  try {
    await budget.pauseUntil(endpoint, Date.now() + waitMs);
  } catch (error) {
    logger.warn({ err: error, endpoint }, 'could not pause the SAT.ws budget');
  }
}
