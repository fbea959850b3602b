import type { Logger } from '@invoice-extractor/shared/logger';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../deps.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';

/** The route pattern that answered, never the raw path: ids in paths would explode the labels. */
function routeOf(c: Context<AppEnv>): string {
  const route = matchedRoutes(c)[c.req.routeIndex];
  if (!route || route.path === '*' || route.path === '/*') return 'unmatched';
  return route.path;
}

function outcomeOf(status: number): string {
  if (status >= 500) return 'error';
  if (status >= 400) return 'rejected';
  return 'ok';
}

/** One log line and one metric sample per request, with its request id. */
export function requestLog(logger: Logger, metrics: ApiMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const durationMs = performance.now() - started;
    const route = routeOf(c);
    const status = c.res.status;
    metrics.observeRequest({ method: c.req.method, route, status }, durationMs / 1000);
    const level = status >= 500 ? 'error' : 'info';
    logger[level](
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
        outcome: outcomeOf(status),
      },
      'request',
    );
  };
}
