import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../deps.js';
import { errorResponses } from '../../http/error-responses.js';

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness: the process answers',
  description: 'Checks nothing else, so a dependency outage never gets the process restarted.',
  responses: {
    200: {
      description: 'Up.',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ok') }).openapi({ example: { status: 'ok' } }),
        },
      },
    },
    ...errorResponses(),
  },
});

export function registerGetHealthz(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => c.json({ status: 'ok' as const }, 200));
}
