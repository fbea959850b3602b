import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getExtractionFileCounts } from '@invoice-extractor/shared/db';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { SECURITY } from '../../docs/openapi-document.js';
import { createExtraction } from '../../extractions/create-extraction.js';
import { extractionRequestSchema, normalizeRequest } from '../../extractions/extraction-request.js';
import { extractionSchema, toApiExtraction } from '../../extractions/extraction-schema.js';
import { loadUpstreamCallsOf } from '../../extractions/upstream-call-summary.js';
import { bearerAuth } from '../../http/bearer-auth.js';
import { limitBody } from '../../http/body-limit.js';
import { errorResponses } from '../../http/error-responses.js';

/** A request is a few hundred bytes; anything this size is a mistake or an attack. */
const MAX_BODY_BYTES = 16 * 1024;

const headers = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x20-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters')
    .optional()
    .openapi({
      description:
        'Repeating a request with the same key returns the same extraction (200); the same key with a different body is a 422.',
      example: 'billing-2025-01-EKU9003173C9',
    }),
});

function route(deps: ApiDeps) {
  return createRoute({
    method: 'post',
    path: '/v1/extractions',
    tags: ['Extractions'],
    summary: 'Request the invoices of a company and period',
    description:
      'Queues an extraction: SAT.ws is asked for the CFDIs, then every XML and PDF is stored in S3. ' +
      'An identical request still in flight returns that extraction (200) instead of a second one.',
    security: [{ [SECURITY.bearer]: [] }],
    middleware: [bearerAuth(deps.apiKeys), limitBody(MAX_BODY_BYTES)] as const,
    request: {
      headers,
      body: {
        required: true,
        content: { 'application/json': { schema: extractionRequestSchema } },
      },
    },
    responses: {
      202: {
        description: 'Created and queued.',
        content: { 'application/json': { schema: extractionSchema } },
      },
      200: {
        description:
          'Not created: the extraction this request repeats (same Idempotency-Key, or an identical request still in flight).',
        content: { 'application/json': { schema: extractionSchema } },
      },
      ...errorResponses(
        'validation_failed',
        'malformed_json',
        'unauthorized',
        'conflict',
        'payload_too_large',
        'unsupported_media_type',
        'idempotency_key_reused',
        'service_unavailable',
      ),
    },
  });
}

export function registerPostExtractions(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(route(deps), async (c) => {
    const result = await createExtraction(deps, {
      request: normalizeRequest(c.req.valid('json')),
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    const { id } = result.extraction;
    // An idempotent replay returns an extraction that may already have made its calls.
    const [counts, calls] = await Promise.all([
      getExtractionFileCounts(deps.pool, id),
      loadUpstreamCallsOf(deps.pool, id),
    ]);
    const body = toApiExtraction(result.extraction, counts, calls);
    c.header('Location', `/v1/extractions/${result.extraction.id}`);
    return result.outcome === 'created' ? c.json(body, 202) : c.json(body, 200);
  });
}
