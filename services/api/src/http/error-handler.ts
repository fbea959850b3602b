import type { Logger } from '@invoice-extractor/shared/logger';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError, errorBody } from './api-error.js';
import { toApiError } from './to-api-error.js';

export function renderError(c: Context<AppEnv>, error: ApiError): Response {
  const response = c.json(errorBody(error, c.get('requestId') ?? ''), error.status);
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}

/** Every thrown error ends here: an answer for the caller, and a stack in the log for a bug. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const { apiError, unexpected } = toApiError(error);
    if (unexpected) {
      logger.error(
        { requestId: c.get('requestId'), method: c.req.method, err: error },
        'unexpected error while handling a request',
      );
    } else if (apiError.status >= 500) {
      logger.warn(
        { requestId: c.get('requestId'), code: apiError.code, err: error },
        'request failed: a dependency is unavailable',
      );
    }
    return renderError(c, apiError);
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  renderError(
    c,
    new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}; see /docs`),
  );
