import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { createQueuesBoard, QUEUES_BOARD_PATH } from '../../admin/queues-board.js';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { SECURITY } from '../../docs/openapi-document.js';
import { basicAuth } from '../../http/basic-auth.js';
import { errorResponses } from '../../http/error-responses.js';

/**
 * Bull Board under basic auth. The board is a plain Hono app (its pages and JSON API), so it is
 * documented here by hand rather than generated from a route definition.
 */
export function registerAdminQueues(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const auth = basicAuth(deps.admin);
  app.use(QUEUES_BOARD_PATH, auth);
  app.use(`${QUEUES_BOARD_PATH}/*`, auth);
  // The board answers 404 on its mount path with a trailing slash.
  app.get(`${QUEUES_BOARD_PATH}/`, (c) => c.redirect(QUEUES_BOARD_PATH, 301));
  app.route(QUEUES_BOARD_PATH, createQueuesBoard(deps.queues));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: QUEUES_BOARD_PATH,
    tags: ['Operations'],
    summary: 'Bull Board: every queue, failed jobs and their retry',
    security: [{ [SECURITY.admin]: [] }],
    responses: {
      200: {
        description: 'The Bull Board page.',
        content: { 'text/html': { schema: z.string().openapi({ example: '<!doctype html>…' }) } },
      },
      ...errorResponses('unauthorized'),
    },
  });
}
