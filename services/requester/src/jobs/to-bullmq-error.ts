import type { CallBudget } from '@invoice-extractor/shared/budget';
import { isAppError } from '@invoice-extractor/shared/errors';
import type { Logger } from '@invoice-extractor/shared/logger';
import { UnrecoverableError, Worker } from 'bullmq';
import { SatwsRateLimitError } from '../satws/satws-call.js';

export interface BullmqErrorContext {
  worker: Pick<Worker, 'rateLimit'>;
  budget: Pick<CallBudget, 'pauseUntil'>;
  logger: Logger;
}

/**
 * The one place a processor's error becomes what BullMQ acts on: permanent → fail now
 * (kept for Bull Board); a 429 with a reset time → pause this queue and every process's
 * SAT.ws budget until then, without spending an attempt; anything else → retried with the
 * catalog's backoff. Returns the error to throw.
 */
export async function toBullmqError(error: unknown, context: BullmqErrorContext): Promise<Error> {
  if (error instanceof UnrecoverableError) return error;
  if (!isAppError(error)) return error instanceof Error ? error : new Error(String(error));
  const waitMs = error.status === 429 ? (error.retryAfterMs ?? 0) : 0;
  if (waitMs > 0) {
    if (error instanceof SatwsRateLimitError) await pauseBudget(error, waitMs, context);
    await context.worker.rateLimit(waitMs);
    return Worker.RateLimitError();
  }
  if (!error.retryable) return new UnrecoverableError(`${error.code}: ${error.message}`);
  return error;
}

/** A budget that cannot be paused must not turn a rate limit into a spent attempt. */
async function pauseBudget(
  error: SatwsRateLimitError,
  waitMs: number,
  { budget, logger }: BullmqErrorContext,
): Promise<void> {
  try {
    await budget.pauseUntil(error.endpoint, Date.now() + waitMs);
  } catch (pauseError) {
    logger.warn({ err: pauseError, endpoint: error.endpoint }, 'could not pause the SAT.ws budget');
  }
}
