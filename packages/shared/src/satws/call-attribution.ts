import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors/index.js';

/**
 * The extraction the code running now calls SAT.ws for. Async context rather than a parameter
 * on every client method: the processors already know the extraction, the client's dozen
 * methods do not need to, and a call made deep inside (entity lookup, a page of a listing, a
 * retry) is still counted for it.
 */
const attribution = new AsyncLocalStorage<string>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` with every SAT.ws call it makes counted for `extractionId`: each HTTP attempt the
 * client sends, retries included (the upstream's rate limit counts attempts, not successes).
 * Nested calls are counted for the innermost extraction. A call made outside any attribution
 * is counted for no extraction (it still shows in `/metrics`).
 */
export async function attributeCalls<T>(extractionId: string, fn: () => Promise<T>): Promise<T> {
  if (typeof extractionId !== 'string' || !UUID.test(extractionId)) {
    throw new AppError(
      `attributeCalls: extractionId must be an extraction's UUID, got ${JSON.stringify(extractionId)}`,
      { code: 'invalid_argument', retryable: false },
    );
  }
  return attribution.run(extractionId.toLowerCase(), fn);
}

/** The extraction calls made here are counted for, if any. */
export function attributedExtractionId(): string | undefined {
  return attribution.getStore();
}
