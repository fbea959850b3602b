import { assertPageLimit } from './invalid-input.js';
import { type InvoiceRow, invoiceColumns } from './invoices.js';
import type { Queryable } from './queryable.js';
import { singleRow } from './single-row.js';
import { wantedFile } from './wanted-files.js';

/** Links invoices to an extraction; returns the ids newly linked (already linked are skipped). */
export async function linkInvoicesToExtraction(
  q: Queryable,
  extractionId: string,
  invoiceIds: readonly string[],
): Promise<string[]> {
  if (invoiceIds.length === 0) return [];
  const result = await q.query<{ invoice_id: string }>(
    `insert into extraction_invoices (extraction_id, invoice_id)
     select $1, unnest($2::int8[])
     on conflict do nothing
     returning invoice_id`,
    [extractionId, [...invoiceIds]],
  );
  return result.rows.map((row) => row.invoice_id);
}

export interface ExtractionFileCounts {
  invoices: number;
  total: number;
  pending: number;
  stored: number;
  failed: number;
  missing: number;
}

/** Counted from the files themselves each time, so they cannot drift from the truth. */
export async function getExtractionFileCounts(
  q: Queryable,
  extractionId: string,
): Promise<ExtractionFileCounts> {
  const result = await q.query<ExtractionFileCounts>(
    `select
       (select count(*) from extraction_invoices where extraction_id = $1)::int as invoices,
       count(f.id)::int as total,
       count(f.id) filter (where f.state = 'pending')::int as pending,
       count(f.id) filter (where f.state = 'stored')::int as stored,
       count(f.id) filter (where f.state = 'failed')::int as failed,
       count(f.id) filter (where f.state = 'missing')::int as missing
     from extractions e
     join extraction_invoices ei on ei.extraction_id = e.id
     join invoice_files f on f.invoice_id = ei.invoice_id and ${wantedFile('e', 'f')}
     where e.id = $1`,
    [extractionId],
  );
  return singleRow(result.rows, 'getExtractionFileCounts');
}

/** Invoices of an extraction in id order; `afterInvoiceId` is the last id of the previous page. */
export async function listExtractionInvoices(
  q: Queryable,
  extractionId: string,
  { afterInvoiceId = null, limit }: { afterInvoiceId?: string | null; limit: number },
): Promise<InvoiceRow[]> {
  assertPageLimit(limit);
  const result = await q.query<InvoiceRow>(
    `select ${invoiceColumns('i')} from extraction_invoices ei
     join invoices i on i.id = ei.invoice_id
     where ei.extraction_id = $1 and ($2::int8 is null or ei.invoice_id > $2)
     order by ei.invoice_id
     limit $3`,
    [extractionId, afterInvoiceId, limit],
  );
  return result.rows;
}
