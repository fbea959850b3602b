import type { z } from 'zod';
import { AppError } from '../errors/index.js';
import { parseResponse, type ResponseContext } from './parse-response.js';
import { hydraCollectionSchema } from './schemas/common.js';
import type { SatwsTransport } from './transport.js';

export interface CollectionPage<T> {
  items: T[];
  /** The `hydra:next` IRI, to resume from later; undefined on the last page. */
  next: string | undefined;
}

function invalidNext(context: ResponseContext, next: string, problem: string): AppError {
  return new AppError(
    `SAT.ws ${context.endpoint} returned hydra:next ${JSON.stringify(next)} ${problem}`,
    {
      code: 'satws_invalid_response',
      retryable: false,
      status: context.status,
      requestId: context.requestId,
    },
  );
}

/**
 * `hydra:next` is a relative IRI that already carries every query parameter (satws-api.md
 * §3.2). An absolute URL is accepted only under our base URL: following it elsewhere would hand
 * the API key to another host.
 */
function nextPath(baseUrl: string, next: string, context: ResponseContext): string {
  if (next.startsWith('/') && !next.startsWith('//')) return next;
  if (next.startsWith(`${baseUrl}/`)) return next.slice(baseUrl.length);
  throw invalidNext(context, next, 'outside the API base URL');
}

export async function fetchPage<S extends z.ZodType>(
  transport: SatwsTransport,
  endpoint: string,
  path: string,
  itemSchema: S,
): Promise<CollectionPage<z.output<S>>> {
  const response = await transport.sendJson({
    method: 'GET',
    endpoint,
    path,
    // Offset pages drift while an extraction writes invoices; cursor pages do not (§3.2).
    headers: { 'x-pagination-style': 'cursor' },
  });
  const context = { endpoint, status: response.status, requestId: response.requestId };
  const collection = parseResponse(hydraCollectionSchema, response.body, context);
  const members = Array.isArray(collection) ? collection : collection['hydra:member'];
  const items = members.map((member, index) =>
    parseResponse(itemSchema, member, context, `hydra:member[${index}]`),
  );
  const rawNext = Array.isArray(collection) ? undefined : collection['hydra:view']?.['hydra:next'];
  const next = rawNext ? nextPath(transport.baseUrl, rawNext, context) : undefined;
  return { items, next };
}

/**
 * Every page of a collection, in order, following `hydra:next` until it is absent. Yields
 * arrays so callers can write a page (up to 1000 rows) at a time; empty pages are skipped.
 */
export async function* paginate<S extends z.ZodType>(
  transport: SatwsTransport,
  endpoint: string,
  firstPath: string,
  itemSchema: S,
): AsyncGenerator<z.output<S>[], void, undefined> {
  const seen = new Set<string>();
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    seen.add(path);
    const page: CollectionPage<z.output<S>> = await fetchPage(
      transport,
      endpoint,
      path,
      itemSchema,
    );
    if (page.items.length > 0) yield page.items;
    if (page.next !== undefined && seen.has(page.next)) {
      throw invalidNext({ endpoint }, page.next, 'that was already followed (a pagination loop)');
    }
    path = page.next;
  }
}
