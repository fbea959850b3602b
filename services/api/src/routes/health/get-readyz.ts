import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { API_ERROR_CODES } from '../../http/api-error.js';
import { errorResponses } from '../../http/error-responses.js';
import { checkReadiness, type Readiness } from '../../readiness/check-readiness.js';

const state = z
  .object({ status: z.enum(['up', 'down']), reason: z.string().optional() })
  .openapi('DependencyState');
const checks = z.object({ postgres: state, redis: state, s3: state });

const readySchema = z.object({ status: z.literal('ready'), checks }).openapi({
  example: {
    status: 'ready',
    checks: { postgres: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } },
  },
});

const notReadySchema = z
  .object({
    error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string(), requestId: z.string() }),
    checks,
  })
  .openapi({
    example: {
      error: {
        code: 'not_ready',
        message: 'Not ready: redis is down (Connection is closed.)',
        requestId: '5f0c6a4e-9d1b-4c55-8a53-3a1f0f7f2b10',
      },
      checks: {
        postgres: { status: 'up' },
        redis: { status: 'down', reason: 'Connection is closed.' },
        s3: { status: 'up' },
      },
    },
  });

const route = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'Readiness: PostgreSQL, Redis and S3 reachable',
  responses: {
    200: { description: 'Ready.', content: { 'application/json': { schema: readySchema } } },
    503: {
      description: 'A dependency is down; the message names it.',
      content: { 'application/json': { schema: notReadySchema } },
    },
    ...errorResponses(),
  },
});

function describeDown(readiness: Readiness): string {
  return Object.entries(readiness)
    .flatMap(([name, check]) =>
      check.status === 'down' ? [`${name} is down (${check.reason})`] : [],
    )
    .join('; ');
}

export function registerGetReadyz(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const readiness = await checkReadiness({ pool: deps.pool, ...deps.readiness });
    const down = describeDown(readiness);
    if (!down) return c.json({ status: 'ready' as const, checks: readiness }, 200);
    deps.logger.warn({ requestId: c.get('requestId'), checks: readiness }, 'not ready');
    const error = {
      code: 'not_ready' as const,
      message: `Not ready: ${down}`,
      requestId: c.get('requestId'),
    };
    return c.json({ error, checks: readiness }, 503);
  });
}
