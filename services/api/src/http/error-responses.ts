import { z } from '@hono/zod-openapi';
import { API_ERROR_CODES, API_ERROR_STATUS, type ApiErrorCode } from './api-error.js';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).openapi({ description: 'Stable, machine-readable code.' }),
      message: z.string().openapi({ description: 'What was wrong, for a person.' }),
      requestId: z.string().openapi({ description: 'Also in the X-Request-Id response header.' }),
    }),
  })
  .openapi('Error');

const DESCRIPTIONS: Record<ApiErrorCode, string> = {
  validation_failed: 'The input is invalid; the message names every bad field. Nothing changed.',
  malformed_json: 'The body is not valid JSON. Nothing changed.',
  malformed_webhook: 'The delivery is signed but is not a SAT.ws event. Nothing stored.',
  unauthorized: 'Missing or unrecognized credentials.',
  invalid_signature: 'The webhook signature is missing, wrong or stale. Nothing stored.',
  not_found: 'No such resource.',
  method_not_allowed: 'The path exists but not with this method; see the Allow header.',
  conflict: 'A concurrent request kept conflicting with this one; retry.',
  payload_too_large: 'The body is larger than this endpoint accepts.',
  unsupported_media_type: 'The Content-Type is not one this endpoint accepts.',
  idempotency_key_reused: 'The Idempotency-Key was already used with a different body.',
  internal_error: 'A bug; the request id finds it in the logs.',
  service_unavailable: 'PostgreSQL or Redis is unavailable; nothing changed. Retry later.',
  not_ready: 'A dependency is down; the message names it.',
};

const EXAMPLE_MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  validation_failed:
    'Invalid request body: rfc: must be 12 (legal person) or 13 (natural person) characters like EKU9003173C9; period: from 2025-03-01 is after to 2025-02-01',
  unauthorized: 'API key not recognized',
  invalid_signature: 'Webhook signature rejected: x-satws-signature: no s= matches the body',
  not_found: 'No extraction with id 0192a1b2-0000-7000-8000-0000000000e1',
  idempotency_key_reused:
    'Idempotency-Key "order-42" was already used for a different request (extraction 0192a1b2-…)',
  service_unavailable: 'Redis is unreachable; nothing was added to queue extraction-requests',
};

function responseFor(code: ApiErrorCode) {
  return {
    description: DESCRIPTIONS[code],
    content: {
      'application/json': {
        schema: errorSchema,
        example: {
          error: {
            code,
            message: EXAMPLE_MESSAGES[code] ?? DESCRIPTIONS[code],
            requestId: '5f0c6a4e-9d1b-4c55-8a53-3a1f0f7f2b10',
          },
        },
      },
    },
  };
}

/** OpenAPI responses for the given error codes, one entry per status (codes sharing a status are listed together). */
export function errorResponses(...codes: ApiErrorCode[]) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of [...codes, 'internal_error' as const]) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<number, ReturnType<typeof responseFor>> = {};
  for (const [status, sharing] of byStatus) {
    const [first, ...others] = sharing as [ApiErrorCode, ...ApiErrorCode[]];
    const response = responseFor(first);
    if (others.length > 0) {
      response.description = sharing.map((code) => `${code}: ${DESCRIPTIONS[code]}`).join(' ');
    }
    responses[status] = response;
  }
  return responses;
}
