import { sendJson } from './representation.js';
import type { SimContext } from './sim-env.js';

/** Error bodies exactly as the upstream documents them (satws-api.md §3.3, §13). */
export function unauthorized(c: SimContext, detail: string): Response {
  return sendJson(c, { message: `Unauthorized: ${detail}` }, 401, true);
}

export function notFound(c: SimContext, detail?: string): Response {
  return sendJson(c, { message: detail ? `Not Found: ${detail}` : 'Not Found' }, 404, true);
}

export function badRequest(c: SimContext, message: string): Response {
  return sendJson(c, { message }, 400, true);
}

export function tooManyRequests(c: SimContext): Response {
  return sendJson(c, { message: 'Too Many Requests' }, 429, true);
}

export function constraintViolation(
  c: SimContext,
  violations: Array<{ propertyPath: string; message: string }>,
): Response {
  return sendJson(
    c,
    {
      '@context': '/contexts/ConstraintViolation',
      '@type': 'ConstraintViolation',
      'hydra:title': 'An error occurred',
      'hydra:description': violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    },
    400,
  );
}

export function serverError(c: SimContext, status: number, message: string): Response {
  return sendJson(c, { message }, status, true);
}
