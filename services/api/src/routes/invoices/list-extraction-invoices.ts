import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  getExtraction,
  type InvoiceFileKind,
  type InvoiceFileRow,
  listExtractionInvoices,
} from '@invoice-extractor/shared/db';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { SECURITY } from '../../docs/openapi-document.js';
import { cursorParam, extractionIdParams, pageLimit } from '../../extractions/extraction-params.js';
import { listFilesOfInvoices } from '../../extractions/invoice-files-query.js';
import { INVOICE_EXAMPLE, invoiceSchema, toApiInvoice } from '../../extractions/invoice-schema.js';
import { decodeCursor, pageOf } from '../../extractions/page-cursor.js';
import { ApiError } from '../../http/api-error.js';
import { bearerAuth } from '../../http/bearer-auth.js';
import { errorResponses } from '../../http/error-responses.js';

const CURSOR_KIND = 'invoices';
const INT8_ID = /^[1-9]\d{0,18}$/;

const query = z.strictObject({ cursor: cursorParam, limit: pageLimit(100, 500) });

const pageSchema = z
  .object({
    data: z.array(invoiceSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Null on the last page.' }),
  })
  .openapi('InvoicePage', { example: { data: [INVOICE_EXAMPLE], nextCursor: null } });

function route(deps: ApiDeps) {
  return createRoute({
    method: 'get',
    path: '/v1/extractions/{id}/invoices',
    tags: ['Extractions'],
    summary: "An extraction's invoices with their files",
    description:
      'Each invoice with the files the extraction asked for: state, S3 key, sha256, size and the last error.',
    security: [{ [SECURITY.bearer]: [] }],
    middleware: [bearerAuth(deps.apiKeys)] as const,
    request: { params: extractionIdParams, query },
    responses: {
      200: {
        description: 'One page of invoices, in a stable order.',
        content: { 'application/json': { schema: pageSchema } },
      },
      ...errorResponses('validation_failed', 'unauthorized', 'not_found', 'service_unavailable'),
    },
  });
}

function groupByInvoice(files: readonly InvoiceFileRow[]): Map<string, InvoiceFileRow[]> {
  const byInvoice = new Map<string, InvoiceFileRow[]>();
  for (const file of files) {
    byInvoice.set(file.invoice_id, [...(byInvoice.get(file.invoice_id) ?? []), file]);
  }
  return byInvoice;
}

export function registerListExtractionInvoices(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(route(deps), async (c) => {
    const { id } = c.req.valid('param');
    const { cursor, limit } = c.req.valid('query');
    const extraction = await getExtraction(deps.pool, id);
    if (!extraction) throw new ApiError('not_found', `No extraction with id ${id}`);
    const afterInvoiceId = cursor === undefined ? null : decodeCursor(CURSOR_KIND, cursor, INT8_ID);
    const rows = await listExtractionInvoices(deps.pool, id, { afterInvoiceId, limit: limit + 1 });
    const page = pageOf(rows, limit, (row) => row.id, CURSOR_KIND);
    const kinds: InvoiceFileKind[] = [
      ...(extraction.want_xml ? (['xml'] as const) : []),
      ...(extraction.want_pdf ? (['pdf'] as const) : []),
    ];
    const files = groupByInvoice(
      await listFilesOfInvoices(
        deps.pool,
        page.items.map((row) => row.id),
        kinds,
      ),
    );
    const data = page.items.map((row) => toApiInvoice(row, files.get(row.id) ?? []));
    return c.json({ data, nextCursor: page.nextCursor }, 200);
  });
}
