/**
 * The closed set of error codes the API answers with, and the one place each gets its HTTP
 * status. Callers branch on `code`; `message` is for people and names what was wrong.
 */
export const API_ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  malformed_webhook: 400,
  unauthorized: 401,
  invalid_signature: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  internal_error: 500,
  service_unavailable: 503,
  not_ready: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export type ApiErrorStatus = (typeof API_ERROR_STATUS)[ApiErrorCode];

export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

export interface ApiErrorOptions {
  /** Extra response headers, e.g. `WWW-Authenticate` or `Allow`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An answer to the caller, thrown from anywhere in a request and rendered by the error handler. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly status: ApiErrorStatus;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = API_ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; requestId: string };
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, requestId } };
}
