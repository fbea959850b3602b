import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { SimCore } from '../core/sim-core.js';
import type { BodyFault } from '../faults/body-fault.js';
import type { RateLimitVerdict } from '../rate-limit/fixed-window.js';
import { serverError, tooManyRequests, unauthorized } from './problems.js';
import { newRequestId } from './request-id.js';
import type { SimContext, SimEnv } from './sim-env.js';

/** Body faults chosen for a request, applied by the server wrapper once the response exists. */
export const pendingBodyFaults = new WeakMap<Request, BodyFault>();

/**
 * Every request: `X-Request-ID`, one log line, the call count per endpoint. API requests then
 * pass the `X-API-Key` check, the per-key-per-endpoint rate limit (headers on every response),
 * and the fault rules: `error` / `rate-limit` answer before the handler runs (nothing changes),
 * body faults act on the handler's response. `/_sim/` (admin) and `/blobs/` (signed URLs, like
 * a storage service) skip the key check and the rate limit.
 */
export function frame(core: SimCore): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = newRequestId(core.clock.now());
    const template = routePath(c, -1);
    const endpoint = `${c.req.method} ${template === '*' || template === '/*' ? '(unmatched)' : template.replace(/:(\w+)/g, '{$1}')}`;
    c.set('requestId', requestId);
    c.set('endpoint', endpoint);
    if (c.req.path.startsWith('/_sim/')) {
      await next();
    } else {
      core.calls.record(endpoint);
      const early = c.req.path.startsWith('/blobs/') ? undefined : guard(core, c, endpoint);
      if (early) c.res = early;
      else await runWithFaults(core, c, next);
    }
    c.res.headers.set('X-Request-ID', requestId);
    core.logger.info(
      {
        requestId,
        endpoint,
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}

function guard(core: SimCore, c: SimContext, endpoint: string): Response | undefined {
  const key = c.req.header('x-api-key');
  const verdict = core.limiter.hit(
    `${key && core.apiKeys.has(key) ? key : 'anonymous'}|${endpoint}`,
  );
  c.set('rateLimit', verdict);
  const reply = (response: Response): Response => withRateLimitHeaders(response, verdict);
  if (!key) return reply(unauthorized(c, 'the X-API-Key header is missing'));
  if (!core.apiKeys.has(key)) return reply(unauthorized(c, 'the API key is not valid'));
  if (!verdict.allowed) return reply(tooManyRequests(c));
  return undefined;
}

async function runWithFaults(
  core: SimCore,
  c: SimContext,
  next: () => Promise<void>,
): Promise<void> {
  const target = { path: c.req.path, method: c.req.method };
  const early = core.faults.take(['error', 'rate-limit'], target);
  if (early?.kind === 'error') {
    c.res = serverError(c, early.status, `Simulated upstream failure (${early.status})`);
  } else if (early?.kind === 'rate-limit') {
    const { limit } = core.settings.rateLimit;
    const resetEpochSeconds = Math.ceil(core.clock.now() / 1000) + early.retryAfterSeconds;
    c.res = withRateLimitHeaders(tooManyRequests(c), {
      allowed: false,
      limit,
      remaining: 0,
      resetEpochSeconds,
    });
    return;
  } else {
    await next();
  }
  const verdict = c.get('rateLimit');
  if (verdict) withRateLimitHeaders(c.res, verdict);
  const bodyFault = core.faults.take(['reset', 'truncate', 'slow'], target);
  if (bodyFault) pendingBodyFaults.set(c.req.raw, bodyFault);
}

function withRateLimitHeaders(response: Response, verdict: RateLimitVerdict): Response {
  response.headers.set('X-RateLimit-Limit', String(verdict.limit));
  response.headers.set('X-RateLimit-Remaining', String(verdict.remaining));
  response.headers.set('X-RateLimit-Reset', String(verdict.resetEpochSeconds));
  return response;
}
