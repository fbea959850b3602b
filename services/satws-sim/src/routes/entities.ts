import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { filterInvoices } from '../domain/invoice-query.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { dateRange, partialMatch, single } from '../http/query.js';
import { sendResource } from '../http/representation.js';
import type { SimContext, SimEnv } from '../http/sim-env.js';
import { entityResource } from '../resources/entity.js';
import { eventResource } from '../resources/event.js';
import { invoiceResource } from '../resources/invoice.js';
import type { EntityRecord } from '../state/types.js';
import { filterEvents } from './events.js';

/** Entities (formerly links): lookup by RFC, one entity, its invoices and its events (satws-api.md §4, §6). */
export function registerEntityRoutes(app: Hono<SimEnv>, core: SimCore): void {
  const list = (c: SimContext) =>
    sendCollection(c, 'Entity', filterEntities(core, c), (e) => entityResource(core, e));
  const one = (c: SimContext) => {
    const entity = core.store.entities.get(c.req.param('id') ?? '');
    return entity
      ? sendResource(c, 'Entity', entityResource(core, entity))
      : notFound(c, `no entity with id ${c.req.param('id')}`);
  };
  app.get('/entities', list);
  app.get('/entities/:id', one);
  // The legacy SAT.ws name of the same resource.
  app.get('/links', list);
  app.get('/links/:id', one);

  app.get('/entities/:id/invoices', (c) => {
    const entity = core.store.entities.get(c.req.param('id'));
    if (!entity) return notFound(c, `no entity with id ${c.req.param('id')}`);
    const invoices = filterInvoices(
      core.store.invoicesOf(entity.rfc),
      new URL(c.req.url).searchParams,
    );
    return sendCollection(c, 'Invoice', invoices, invoiceResource);
  });

  app.get('/entities/:id/events', (c) => {
    const entity = core.store.entities.get(c.req.param('id'));
    if (!entity) return notFound(c, `no entity with id ${c.req.param('id')}`);
    const events = filterEvents(core, new URL(c.req.url).searchParams).filter(
      (event) => event.taxpayer?.rfc === entity.rfc,
    );
    return sendCollection(c, 'Event', events, eventResource);
  });
}

function filterEntities(core: SimCore, c: SimContext): EntityRecord[] {
  const params = new URL(c.req.url).searchParams;
  const rfc = single(params, 'taxpayer.id');
  const name = single(params, 'taxpayer.name');
  const personType = single(params, 'taxpayer.personType');
  const created = dateRange(params, 'createdAt');
  const updated = dateRange(params, 'updatedAt');
  return [...core.store.entities.values()].reverse().filter((entity) => {
    const taxpayer = core.store.sat.get(entity.rfc);
    if (rfc !== undefined && !partialMatch(entity.rfc, rfc)) return false;
    if (name !== undefined && !partialMatch(taxpayer?.name ?? '', name)) return false;
    if (personType !== undefined && taxpayer?.personType !== personType) return false;
    return (!created || created(entity.createdAt)) && (!updated || updated(entity.updatedAt));
  });
}
