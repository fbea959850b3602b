import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../deps.js';
import { limitBody } from '../../http/body-limit.js';

const DIGITS = /^\d{1,16}$/;

/**
 * `limitBody`, without its cost on the common path. Hono's body limit reads `c.req.raw.body`,
 * which makes @hono/node-server build a full WHATWG Request (an AbortController, a web stream
 * over the socket, copied headers) for every delivery: at thousands of deliveries a second that
 * was one of the receiver's largest costs. A body with a Content-Length and no Transfer-Encoding
 * cannot be longer than declared (Node's HTTP parser frames it), so a declared length within
 * the limit is enough; anything else — chunked, too large, unreadable — goes through `limitBody`.
 */
export function limitWebhookBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const streamed = limitBody(maxBytes);
  return (c, next) => {
    const declared = c.req.header('content-length');
    const withinLimit =
      declared !== undefined &&
      DIGITS.test(declared) &&
      Number(declared) <= maxBytes &&
      c.req.header('transfer-encoding') === undefined;
    return withinLimit ? next() : streamed(c, next);
  };
}
