import { AppError, isAppError } from '@invoice-extractor/shared/errors';

/**
 * A 429 that names the endpoint it hit. The client's AppError says how long to wait but not
 * for which endpoint, and the shared call budget pauses one endpoint group at a time (SAT.ws
 * limits per key AND endpoint, satws-api.md §3.4), so every call site tags its own.
 */
export class SatwsRateLimitError extends AppError {
  readonly endpoint: string;

  constructor(endpoint: string, cause: AppError) {
    super(cause.message, {
      code: cause.code,
      retryable: true,
      status: cause.status,
      requestId: cause.requestId,
      retryAfterMs: cause.retryAfterMs,
      cause,
    });
    this.endpoint = endpoint;
  }
}

/**
 * Runs one SAT.ws client call; `endpoint` is the client's template for it (the same string
 * the budget is keyed on, e.g. `POST /extractions`).
 */
export async function satwsCall<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error) && error.status === 429 && error.retryAfterMs !== undefined) {
      throw new SatwsRateLimitError(endpoint, error);
    }
    throw error;
  }
}
