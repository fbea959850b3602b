import { isAppError } from '../errors/index.js';
import { backoffDelayMs, sleep } from './backoff.js';
import type { ResolvedClientOptions } from './client-options.js';
import { wasNeverSent } from './satws-error.js';

export interface RetryTarget {
  endpoint: string;
  /**
   * GET and DELETE may be resent freely. POSTs create things upstream (an extraction is billed
   * and there is no idempotency key, satws-api.md §5.1), so they are resent only when the
   * upstream provably did nothing: a 429, or a connection that was refused.
   */
  idempotent: boolean;
}

type RetryPolicy = Pick<ResolvedClientOptions, 'retry' | 'rateLimit' | 'logger'>;

const RATE_LIMIT_JITTER_MS = 100;

/**
 * Runs `attempt` until it succeeds or fails in a way not worth repeating here. A 429 whose
 * reset is near is waited out without spending an attempt; a farther one is thrown with
 * `retryAfterMs` so a queue can pause without spending one of its own attempts either.
 */
export async function withRetries<T>(
  target: RetryTarget,
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  let attempts = 0;
  let rateLimitWaits = 0;
  for (;;) {
    attempts += 1;
    try {
      return await attempt(attempts);
    } catch (error) {
      if (!isAppError(error) || !error.retryable) throw error;
      let delayMs: number;
      const waitMs = error.retryAfterMs;
      if (error.status === 429 && waitMs !== undefined) {
        if (waitMs > policy.rateLimit.maxWaitMs || rateLimitWaits >= policy.rateLimit.maxWaits) {
          throw error;
        }
        rateLimitWaits += 1;
        attempts -= 1;
        delayMs = waitMs + Math.round(Math.random() * RATE_LIMIT_JITTER_MS);
      } else {
        const resendable = target.idempotent || wasNeverSent(error);
        if (!resendable || attempts >= policy.retry.maxAttempts) throw error;
        delayMs = backoffDelayMs(attempts, policy.retry);
      }
      policy.logger?.debug(
        { endpoint: target.endpoint, code: error.code, status: error.status, delayMs },
        'satws retry',
      );
      await sleep(delayMs);
    }
  }
}
