import { z } from 'zod';
import { withQuery } from '../query.js';
import { exportSchema, type SatwsExport } from '../schemas/export.js';
import type { SatwsTransport } from '../transport.js';
import { parseInput, pathId } from '../validate-input.js';
import { type InvoiceFilters, invoiceFiltersSchema, invoiceQuery } from './invoice-filters.js';
import { requestResource } from './resource.js';

export const EXPORT_FILE_TYPES = ['invoice.cfdi.xml', 'invoice.cfdi.pdf'] as const;

const createExportSchema = z.strictObject({
  format: z.enum(['csv', 'xlsx', 'json']),
  uri: z.string().startsWith('/', 'uri must be a collection IRI such as /entities/{id}/invoices'),
  fileTypes: z.array(z.enum(EXPORT_FILE_TYPES)).min(1).optional(),
});
export type CreateExportInput = z.input<typeof createExportSchema>;

/** The collection IRI of an entity's invoices with the same filters `listEntityInvoices` takes. */
export function invoiceExportUri(
  entityId: string,
  filters: Omit<InvoiceFilters, 'itemsPerPage'> = {},
): string {
  const id = pathId('invoiceExportUri', 'entityId', entityId);
  const parsed = parseInput('invoiceExportUri', invoiceFiltersSchema, filters);
  const { itemsPerPage: _unused, ...query } = invoiceQuery(parsed);
  return withQuery(`/entities/${id}/invoices`, query);
}

/**
 * With `fileTypes` the export is a ZIP of the files themselves (satws-api.md §7.3): one call
 * instead of thousands. Poll `getExport` (or wait for `export.updated`), then download `file.id`.
 */
export async function createExport(
  transport: SatwsTransport,
  input: CreateExportInput,
): Promise<SatwsExport> {
  const body = parseInput('createExport', createExportSchema, input);
  return requestResource(transport, 'POST', 'POST /exports', '/exports', exportSchema, body);
}

export async function getExport(transport: SatwsTransport, exportId: string): Promise<SatwsExport> {
  const id = pathId('getExport', 'exportId', exportId);
  return requestResource(transport, 'GET', 'GET /exports/{id}', `/exports/${id}`, exportSchema);
}
