import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError } from './api-error.js';
import { matchesOneOf } from './constant-time.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="invoice-extractor"' };

function unauthorized(message: string): ApiError {
  return new ApiError('unauthorized', message, { headers: CHALLENGE });
}

/** `Authorization: Bearer <one of apiKeys>`; anything else is a 401 saying which part is wrong. */
export function bearerAuth(apiKeys: readonly string[]): MiddlewareHandler<AppEnv> {
  if (apiKeys.length === 0) throw new Error('bearerAuth: at least one API key is required');
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) {
      throw unauthorized('Missing Authorization header: send "Authorization: Bearer <API key>"');
    }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw unauthorized('Authorization header must be "Bearer <API key>"');
    }
    if (!matchesOneOf(match[1], apiKeys)) throw unauthorized('API key not recognized');
    await next();
  };
}
