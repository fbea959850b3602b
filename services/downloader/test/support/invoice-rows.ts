import {
  type ExtractionRecord,
  ensureInvoiceFiles,
  type InvoiceFileKind,
  linkInvoicesToExtraction,
  upsertInvoices,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

export interface InvoiceRowSetup {
  satwsInvoiceId: string;
  cfdiUuid: string;
  issuedAt?: string;
  kinds?: InvoiceFileKind[];
}

/**
 * An invoice of the extraction's company linked to it with pending file rows, as a listing
 * would leave it, but with ids and UUIDs the test chooses (e.g. a UUID that does not match
 * the document SAT.ws serves for that id). Returns the file ids by kind.
 */
export async function addInvoiceRow(
  pool: Pool,
  extraction: ExtractionRecord,
  setup: InvoiceRowSetup,
): Promise<Record<InvoiceFileKind, string>> {
  const [invoice] = await upsertInvoices(pool, extraction.company_id, [
    {
      satwsInvoiceId: setup.satwsInvoiceId,
      cfdiUuid: setup.cfdiUuid,
      direction: 'issued',
      issuerRfc: extraction.rfc,
      receiverRfc: 'XAXX010101000',
      issuedAt: setup.issuedAt ?? '2025-03-15T10:00:00.000Z',
      cfdiType: 'I',
      total: '116.00',
      currency: 'MXN',
      status: 'VIGENTE',
      hasXml: true,
      hasPdf: true,
    },
  ]);
  if (!invoice) throw new Error('test invoice was not stored');
  await linkInvoicesToExtraction(pool, extraction.id, [invoice.id]);
  const files = await ensureInvoiceFiles(
    pool,
    (setup.kinds ?? ['xml']).map((kind) => ({ invoiceId: invoice.id, kind, available: true })),
  );
  return Object.fromEntries(files.map((file) => [file.kind, file.id])) as Record<
    InvoiceFileKind,
    string
  >;
}
