import type { InvoiceFileKind, InvoiceFileRow, Queryable } from '@invoice-extractor/shared/db';

/**
 * The files of a page of invoices, only of the kinds the extraction asked for, in one query.
 * Kept here until `@invoice-extractor/shared/db`'s invoice-files module offers it.
 */
export async function listFilesOfInvoices(
  q: Queryable,
  invoiceIds: readonly string[],
  kinds: readonly InvoiceFileKind[],
): Promise<InvoiceFileRow[]> {
  if (invoiceIds.length === 0 || kinds.length === 0) return [];
  const result = await q.query<InvoiceFileRow>(
    `select id, invoice_id, kind, state, s3_key, sha256, bytes, attempts, last_error, stored_at,
            created_at, updated_at
     from invoice_files
     where invoice_id = any($1::int8[]) and kind = any($2::text[])
     order by invoice_id, kind`,
    [[...invoiceIds], [...kinds]],
  );
  return result.rows;
}
