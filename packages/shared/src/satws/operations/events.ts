import { z } from 'zod';
import { type CollectionPage, fetchPage, paginate } from '../paginate.js';
import { withQuery } from '../query.js';
import { invalidArgument } from '../satws-error.js';
import { eventSchema, type SatwsEvent } from '../schemas/event.js';
import type { SatwsTransport } from '../transport.js';
import { MAX_ITEMS_PER_PAGE, normalizeRfc, parseInput } from '../validate-input.js';
import { dateLike } from './invoice-filters.js';

const eventFiltersSchema = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'expected an event type such as extraction.updated')
    .optional(),
  createdAfter: dateLike.optional(),
  rfc: z.string().optional(),
  source: z.string().startsWith('/').optional(),
  resource: z.string().startsWith('/').optional(),
  itemsPerPage: z.number().int().min(1).max(MAX_ITEMS_PER_PAGE).default(MAX_ITEMS_PER_PAGE),
});
export type EventFilters = z.input<typeof eventFiltersSchema>;

const ENDPOINT = 'GET /events';

function firstPath(operation: string, filters: EventFilters): string {
  const parsed = parseInput(operation, eventFiltersSchema, filters);
  const rfc = parsed.rfc === undefined ? undefined : normalizeRfc(operation, parsed.rfc);
  return withQuery('/events', {
    type: parsed.type,
    'createdAt[after]': parsed.createdAfter,
    'taxpayer.id': rfc,
    source: parsed.source,
    resource: parsed.resource,
    itemsPerPage: parsed.itemsPerPage,
  });
}

/** Events are kept upstream for 7 days only (satws-api.md §8.5): reconcile within that window. */
export function listEvents(
  transport: SatwsTransport,
  filters: EventFilters = {},
): AsyncGenerator<SatwsEvent[], void, undefined> {
  return paginate(transport, ENDPOINT, firstPath('listEvents', filters), eventSchema);
}

/**
 * One page, for a caller that stores its position: start with filters, continue with the
 * `next` cursor (a `hydra:next` IRI) it got back.
 */
export async function listEventsPage(
  transport: SatwsTransport,
  from: { filters: EventFilters } | { cursor: string },
): Promise<CollectionPage<SatwsEvent>> {
  if ('cursor' in from && !/^\/events(\?|$)/.test(from.cursor)) {
    throw invalidArgument(
      'listEventsPage',
      `cursor must be a hydra:next IRI under /events, got ${JSON.stringify(from.cursor)}`,
    );
  }
  const path = 'cursor' in from ? from.cursor : firstPath('listEventsPage', from.filters);
  return fetchPage(transport, ENDPOINT, path, eventSchema);
}
