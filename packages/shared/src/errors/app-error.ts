/**
 * The one domain error. `retryable` says whether doing the same thing again later can succeed
 * (a network blip, a 503) or cannot (a 400, a bad RFC): queues and the API decide on it alone.
 */
export interface AppErrorOptions {
  code: string;
  retryable: boolean;
  status?: number | undefined;
  requestId?: string | undefined;
  /** Seconds to wait before retrying, when the upstream said so (429 `X-RateLimit-Reset`). */
  retryAfterMs?: number | undefined;
  /** The upstream endpoint template that answered (`GET /invoices/{id}/cfdi`), when known. */
  endpoint?: string | undefined;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly endpoint: string | undefined;

  constructor(message: string, options: AppErrorOptions) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
    this.endpoint = options.endpoint;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Anything not known to be permanent is worth another try: unknown failures are usually transient. */
export function isRetryable(error: unknown): boolean {
  return isAppError(error) ? error.retryable : true;
}
