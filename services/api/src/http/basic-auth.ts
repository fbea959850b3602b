import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError } from './api-error.js';
import { matchesOneOf } from './constant-time.js';

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="invoice-extractor admin", charset="UTF-8"' };

function credentialsOf(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * HTTP basic auth for pages a person opens (Bull Board): the challenge header makes the
 * browser ask for the user and password. User and password are both compared in constant time.
 */
export function basicAuth(admin: { user: string; password: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = credentialsOf(c.req.header('authorization'));
    const userOk = matchesOneOf(given?.user ?? '', [admin.user]);
    const passwordOk = matchesOneOf(given?.password ?? '', [admin.password]);
    if (!given || !userOk || !passwordOk) {
      const message = given
        ? 'Admin user or password not recognized'
        : 'Basic authentication required: send the admin user and password';
      throw new ApiError('unauthorized', message, { headers: CHALLENGE });
    }
    await next();
  };
}
