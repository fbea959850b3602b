import {
  type ExtractionRow,
  ensureInvoiceFiles,
  type FileToEnsure,
  type InvoiceInput,
  type InvoiceRow,
  linkInvoicesToExtraction,
  upsertInvoices,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

/** The file rows an extraction wants for these invoices: missing when SAT.ws has no such file. */
function wantedFiles(extraction: ExtractionRow, invoices: readonly InvoiceRow[]): FileToEnsure[] {
  return invoices.flatMap((invoice) => [
    ...(extraction.want_xml
      ? [{ invoiceId: invoice.id, kind: 'xml' as const, available: invoice.has_xml }]
      : []),
    ...(extraction.want_pdf
      ? [{ invoiceId: invoice.id, kind: 'pdf' as const, available: invoice.has_pdf }]
      : []),
  ]);
}

/**
 * One page in one transaction: the invoices upserted by (company, CFDI UUID), linked to the
 * extraction, their file rows created. Returns the ids of the files that became pending, to be
 * enqueued after the commit (a job must never find its row missing). Running it twice creates
 * nothing the second time.
 */
export async function storeInvoicePage(
  pool: Pool,
  extraction: ExtractionRow,
  invoices: readonly InvoiceInput[],
): Promise<{ pendingFileIds: string[] }> {
  if (invoices.length === 0) return { pendingFileIds: [] };
  return withTransaction(pool, async (client) => {
    const rows = await upsertInvoices(client, extraction.company_id, invoices);
    await linkInvoicesToExtraction(
      client,
      extraction.id,
      rows.map((row) => row.id),
    );
    const ensured = await ensureInvoiceFiles(client, wantedFiles(extraction, rows));
    return {
      pendingFileIds: ensured.filter((file) => file.state === 'pending').map((file) => file.id),
    };
  });
}
