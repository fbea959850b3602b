import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { pruneEvents } from '../domain/events.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { dateRange, multi, single } from '../http/query.js';
import { sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { eventResource } from '../resources/event.js';
import type { EventRecord } from '../state/types.js';

/** The Events API, the way to recover lost webhooks; only the last 7 (simulated) days are kept. */
export function registerEventRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/events', (c) =>
    sendCollection(c, 'Event', filterEvents(core, new URL(c.req.url).searchParams), eventResource),
  );

  app.get('/events/:id', (c) => {
    pruneEvents(core);
    const event = core.store.events.get(c.req.param('id'));
    if (!event) return notFound(c, `no event with id ${c.req.param('id')}`);
    return sendResource(c, 'Event', eventResource(event));
  });
}

export function filterEvents(core: SimCore, params: URLSearchParams): EventRecord[] {
  pruneEvents(core);
  const types = multi(params, 'type');
  const rfc = single(params, 'taxpayer.id');
  const source = single(params, 'source');
  const resource = single(params, 'resource');
  const created = dateRange(params, 'createdAt');
  return [...core.store.events.values()]
    .reverse()
    .filter(
      (event) =>
        (!types || types.includes(event.type)) &&
        (rfc === undefined || event.taxpayer?.rfc === rfc.toUpperCase()) &&
        (source === undefined || (event.source ?? event.resource) === source) &&
        (resource === undefined || event.resource === resource) &&
        (!created || created(event.createdAt)),
    );
}
