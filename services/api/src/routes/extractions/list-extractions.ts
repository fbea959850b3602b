import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  EXTRACTION_STATUSES,
  getExtractionFileCounts,
  listExtractions,
} from '@invoice-extractor/shared/db';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { SECURITY } from '../../docs/openapi-document.js';
import { cursorParam, pageLimit, rfcFilter } from '../../extractions/extraction-params.js';
import {
  EXTRACTION_EXAMPLE,
  extractionSchema,
  toApiExtraction,
} from '../../extractions/extraction-schema.js';
import { decodeCursor, pageOf } from '../../extractions/page-cursor.js';
import { loadUpstreamCalls, noUpstreamCalls } from '../../extractions/upstream-call-summary.js';
import { bearerAuth } from '../../http/bearer-auth.js';
import { errorResponses } from '../../http/error-responses.js';

const CURSOR_KIND = 'extractions';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const query = z.strictObject({
  rfc: rfcFilter,
  status: z
    .enum(EXTRACTION_STATUSES, { error: `must be one of ${EXTRACTION_STATUSES.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
  cursor: cursorParam,
  limit: pageLimit(20, 100),
});

const pageSchema = z
  .object({
    data: z.array(extractionSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Null on the last page.' }),
  })
  .openapi('ExtractionPage', {
    example: { data: [EXTRACTION_EXAMPLE], nextCursor: 'ZXh0cmFjdGlvbnM6MDE5MmExYjItMDAwMC03MDAw' },
  });

function route(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/v1/extractions',
    tags: ['Extractions'],
    summary: 'Extractions, newest first, by RFC and status',
    security: [{ [SECURITY.bearer]: [] }],
    middleware: [bearerAuth(deps.apiKeys)] as const,
    request: { query },
    responses: {
      200: {
        description: 'One page of extractions.',
        content: { 'application/json': { schema: pageSchema } },
      },
      ...errorResponses('validation_failed', 'unauthorized', 'service_unavailable'),
    },
  });
}

export function registerListExtractions(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(route(deps), async (c) => {
    const { rfc, status, cursor, limit } = c.req.valid('query');
    const after = cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, cursor, UUID);
    const rows = await listExtractions(deps.pool, { rfc, status, after, limit: limit + 1 });
    const page = pageOf(rows, limit, (row) => row.id, CURSOR_KIND);
    const calls = await loadUpstreamCalls(
      deps.pool,
      page.items.map((row) => row.id),
    );
    const data = await Promise.all(
      page.items.map(async (row) =>
        toApiExtraction(
          row,
          await getExtractionFileCounts(deps.pool, row.id),
          calls.get(row.id) ?? noUpstreamCalls(),
        ),
      ),
    );
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
