import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../deps.js';
import { errorResponses } from '../../http/error-responses.js';
import type { ApiMetrics } from '../../metrics/api-metrics.js';

const route = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description:
    'http_requests_total and http_request_duration_seconds by route and status, ' +
    'webhook_deliveries_total by verdict, queue_jobs by queue and state, ' +
    'satws_calls_total by endpoint (every SAT.ws call the workers made), and process metrics.',
  responses: {
    200: {
      description: 'Prometheus text exposition format 0.0.4.',
      content: {
        'text/plain': {
          schema: z.string().openapi({
            example:
              '# TYPE webhook_deliveries_total counter\nwebhook_deliveries_total{verdict="ignored"} 1204\n',
          }),
        },
      },
    },
    ...errorResponses(),
  },
});

export function registerGetMetrics(app: OpenAPIHono<AppEnv>, metrics: ApiMetrics): void {
  app.openapi(route, async (c) => {
    const text = await metrics.registry.metrics();
    return c.text(text, 200, { 'Content-Type': metrics.registry.contentType });
  });
}
