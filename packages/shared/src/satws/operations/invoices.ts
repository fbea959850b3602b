import { paginate } from '../paginate.js';
import { withQuery } from '../query.js';
import { invoiceSchema, type SatwsInvoice } from '../schemas/invoice.js';
import type { SatwsTransport } from '../transport.js';
import { parseInput, pathId } from '../validate-input.js';
import { type InvoiceFilters, invoiceFiltersSchema, invoiceQuery } from './invoice-filters.js';
import { requestResource } from './resource.js';

/**
 * The invoices of an entity, a page (up to `itemsPerPage`, default 1000) at a time. Input is
 * checked before the first call, so a bad filter fails here instead of being ignored upstream.
 */
export function listEntityInvoices(
  transport: SatwsTransport,
  entityId: string,
  filters: InvoiceFilters = {},
): AsyncGenerator<SatwsInvoice[], void, undefined> {
  const id = pathId('listEntityInvoices', 'entityId', entityId);
  const query = invoiceQuery(parseInput('listEntityInvoices', invoiceFiltersSchema, filters));
  const path = withQuery(`/entities/${id}/invoices`, query);
  return paginate(transport, 'GET /entities/{id}/invoices', path, invoiceSchema);
}

/** By the upstream's internal id, not the CFDI UUID (satws-api.md §2, version 2020-06-28). */
export async function getInvoice(
  transport: SatwsTransport,
  invoiceId: string,
): Promise<SatwsInvoice> {
  const id = pathId('getInvoice', 'invoiceId', invoiceId);
  return requestResource(transport, 'GET', 'GET /invoices/{id}', `/invoices/${id}`, invoiceSchema);
}
