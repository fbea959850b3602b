import type { z } from 'zod';
import { parseResponse } from '../parse-response.js';
import type { HttpMethod, SatwsTransport } from '../transport.js';

/** One request whose 2xx body is a single resource, parsed with `schema`. */
export async function requestResource<S extends z.ZodType>(
  transport: SatwsTransport,
  method: HttpMethod,
  endpoint: string,
  path: string,
  schema: S,
  json?: unknown,
): Promise<z.output<S>> {
  const response = await transport.sendJson({ method, endpoint, path, json });
  const context = { endpoint, status: response.status, requestId: response.requestId };
  return parseResponse(schema, response.body, context);
}

/** A request whose answer carries nothing we need (204 on DELETE). */
export async function requestNoContent(
  transport: SatwsTransport,
  method: HttpMethod,
  endpoint: string,
  path: string,
): Promise<void> {
  await transport.sendJson({ method, endpoint, path });
}
