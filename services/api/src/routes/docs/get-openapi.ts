import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../deps.js';
import { documentConfig } from '../../docs/openapi-document.js';
import { errorResponses } from '../../http/error-responses.js';

const route = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['Operations'],
  summary: 'This OpenAPI 3.1 document',
  responses: {
    200: {
      description: 'Generated from the route definitions.',
      content: {
        'application/json': {
          schema: z.record(z.string(), z.unknown()).openapi({ example: { openapi: '3.1.0' } }),
        },
      },
    },
    ...errorResponses(),
  },
});

export function registerGetOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const origin = new URL(c.req.url).origin;
    return c.json(
      app.getOpenAPI31Document(documentConfig(origin)) as unknown as Record<string, unknown>,
      200,
    );
  });
}
