import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { filterInvoices, invoiceCollectionOwner } from '../domain/invoice-query.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { invoiceResource } from '../resources/invoice.js';
import { taxpayerRefOf, taxpayerResource } from '../resources/taxpayer.js';

/** The legacy RFC-based paths that stay available (satws-api.md §1): same item shapes. */
export function registerTaxpayerRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/taxpayers/:rfc', (c) => {
    const rfc = c.req.param('rfc').toUpperCase();
    const taxpayer = core.store.entityByRfc(rfc) ? core.store.sat.get(rfc) : undefined;
    if (!taxpayer) return notFound(c, `no taxpayer ${rfc} linked to this account`);
    return sendResource(c, 'Taxpayer', taxpayerResource(taxpayerRefOf(taxpayer)));
  });

  app.get('/taxpayers/:rfc/invoices', (c) => {
    const owner = invoiceCollectionOwner(core, c.req.path);
    if ('error' in owner) return notFound(c, owner.error);
    const invoices = filterInvoices(
      core.store.invoicesOf(owner.rfc),
      new URL(c.req.url).searchParams,
    );
    return sendCollection(c, 'Invoice', invoices, invoiceResource);
  });
}
