import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { getExtraction, getExtractionFileCounts } from '@invoice-extractor/shared/db';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { SECURITY } from '../../docs/openapi-document.js';
import { extractionIdParams } from '../../extractions/extraction-params.js';
import { extractionSchema, toApiExtraction } from '../../extractions/extraction-schema.js';
import { loadUpstreamCallsOf } from '../../extractions/upstream-call-summary.js';
import { ApiError } from '../../http/api-error.js';
import { bearerAuth } from '../../http/bearer-auth.js';
import { errorResponses } from '../../http/error-responses.js';

function route(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/v1/extractions/{id}',
    tags: ['Extractions'],
    summary: 'An extraction: status, counts, SAT.ws calls and error',
    security: [{ [SECURITY.bearer]: [] }],
    middleware: [bearerAuth(deps.apiKeys)] as const,
    request: { params: extractionIdParams },
    responses: {
      200: {
        description: 'The extraction.',
        content: { 'application/json': { schema: extractionSchema } },
      },
      ...errorResponses('validation_failed', 'unauthorized', 'not_found', 'service_unavailable'),
    },
  });
}

export function registerGetExtraction(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(route(deps), async (c) => {
    const { id } = c.req.valid('param');
    const extraction = await getExtraction(deps.pool, id);
    if (!extraction) throw new ApiError('not_found', `No extraction with id ${id}`);
    const [counts, calls] = await Promise.all([
      getExtractionFileCounts(deps.pool, extraction.id),
      loadUpstreamCallsOf(deps.pool, extraction.id),
    ]);
    return c.json(toApiExtraction(extraction, counts, calls), 200);
  });
}
