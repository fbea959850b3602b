import type { SimContext } from './sim-env.js';

type Json = Record<string, unknown>;

const LD = 'application/ld+json; charset=utf-8';
const PLAIN = 'application/json; charset=utf-8';

/**
 * Hydra JSON-LD unless the client asks for `application/json` and not for ld+json; then the
 * same data without `@`-keys and `hydra:` keys, and collections as bare arrays (satws-api.md §2).
 */
export function wantsPlainJson(c: SimContext): boolean {
  const accept = (c.req.header('accept') ?? '').toLowerCase();
  if (accept === '' || accept.includes('application/ld+json') || accept.includes('*/*'))
    return false;
  return accept.includes('application/json');
}

export function stripJsonLd(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripJsonLd);
  if (value === null || typeof value !== 'object') return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('@') || key.startsWith('hydra:')) continue;
    result[key] = stripJsonLd(item);
  }
  return result;
}

export function sendJson(c: SimContext, body: unknown, status = 200, plain = false): Response {
  return c.body(JSON.stringify(body), status as 200, { 'Content-Type': plain ? PLAIN : LD });
}

/** One resource: `@context` first, as the upstream prints it. */
export function sendResource(
  c: SimContext,
  context: string,
  resource: Json,
  status = 200,
): Response {
  if (wantsPlainJson(c)) return sendJson(c, stripJsonLd(resource), status, true);
  return sendJson(c, { '@context': `/contexts/${context}`, ...resource }, status);
}

export function sendNoContent(c: SimContext): Response {
  return c.body(null, 204);
}
