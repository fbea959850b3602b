import { isAppError } from '@invoice-extractor/shared/errors';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './api-error.js';

const PG_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const REDIS_UNAVAILABLE =
  /enableOfflineQueue options is false|Connection is closed|MaxRetriesPerRequest/;

function fromHttpException(error: HTTPException): ApiError {
  const message = error.message || 'Request rejected';
  switch (error.status) {
    case 400:
      return /json/i.test(message)
        ? new ApiError('malformed_json', 'Request body is not valid JSON', { cause: error })
        : new ApiError('validation_failed', message, { cause: error });
    case 401:
      return new ApiError('unauthorized', message, { cause: error });
    case 404:
      return new ApiError('not_found', message, { cause: error });
    case 413:
      return new ApiError('payload_too_large', 'Request body is too large', { cause: error });
    case 415:
      return new ApiError(
        'unsupported_media_type',
        'Content-Type must be application/json for this request',
        { cause: error },
      );
    default:
      return new ApiError('internal_error', 'Internal error', { cause: error });
  }
}

function isPgUnavailable(error: Error & { code?: unknown }): boolean {
  if (typeof error.code === 'string' && PG_UNAVAILABLE_CODES.has(error.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect/.test(error.message);
}

/**
 * The one mapping from what went wrong to what the caller is told. `unexpected` marks a bug
 * (logged with its stack as a 500); everything else is an answer the caller can act on.
 */
export function toApiError(error: unknown): { apiError: ApiError; unexpected: boolean } {
  if (error instanceof ApiError) return { apiError: error, unexpected: false };
  if (error instanceof HTTPException) {
    const apiError = fromHttpException(error);
    return { apiError, unexpected: apiError.code === 'internal_error' };
  }
  if (isAppError(error)) {
    if (error.code === 'INVALID_INPUT') {
      return { apiError: new ApiError('validation_failed', error.message), unexpected: false };
    }
    if (error.code === 'EXTRACTION_CONFLICT') {
      return { apiError: new ApiError('conflict', error.message), unexpected: false };
    }
    if (error.status === 503) {
      return { apiError: new ApiError('service_unavailable', error.message), unexpected: false };
    }
  }
  if (error instanceof Error && isPgUnavailable(error)) {
    const message = 'PostgreSQL is unavailable; nothing was changed. Retry later.';
    return { apiError: new ApiError('service_unavailable', message), unexpected: false };
  }
  if (error instanceof Error && REDIS_UNAVAILABLE.test(error.message)) {
    const message = 'Redis is unavailable; nothing was changed. Retry later.';
    return { apiError: new ApiError('service_unavailable', message), unexpected: false };
  }
  return { apiError: new ApiError('internal_error', 'Internal error'), unexpected: true };
}
