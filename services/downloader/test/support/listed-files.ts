import { randomUUID } from 'node:crypto';
import {
  type DownloadMode,
  type ExtractionRecord,
  ensureInvoiceFiles,
  type InvoiceInput,
  linkInvoicesToExtraction,
  MAX_INVOICES_PER_UPSERT,
  markExtractionListed,
  upsertInvoices,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';
import { createExtraction } from './extractions.js';

export interface ListedCompany {
  extraction: ExtractionRecord;
  /** Every pending file id, in the order the listing created them (XML, PDF per invoice). */
  fileIds: string[];
  xmlIds: string[];
  pdfIds: string[];
}

function invoiceInput(rfc: string, index: number): InvoiceInput {
  return {
    satwsInvoiceId: `inv-${rfc}-${index}`,
    cfdiUuid: randomUUID().toUpperCase(),
    direction: 'issued',
    issuerRfc: rfc,
    receiverRfc: 'XAXX010101000',
    issuedAt: '2025-03-15T10:00:00.000Z',
    cfdiType: 'I',
    total: '116.00',
    currency: 'MXN',
    status: 'VIGENTE',
    hasXml: true,
    hasPdf: true,
  };
}

/**
 * A company's downloading extraction as a finished listing leaves it, without SAT.ws: its
 * invoices stored and linked, an XML and a PDF pending for each, listed in `mode`. For tests of
 * the dispatcher alone, where no file is downloaded.
 */
export async function listedCompany(
  pool: Pool,
  { rfc, invoices, mode = 'files' }: { rfc: string; invoices: number; mode?: DownloadMode },
): Promise<ListedCompany> {
  const extraction = await createExtraction(pool, { rfc, from: '2025-01-01', to: '2025-06-30' });
  const xmlIds: string[] = [];
  const pdfIds: string[] = [];
  const fileIds: string[] = [];
  for (let start = 0; start < invoices; start += MAX_INVOICES_PER_UPSERT) {
    const count = Math.min(MAX_INVOICES_PER_UPSERT, invoices - start);
    const inputs = Array.from({ length: count }, (_, offset) => invoiceInput(rfc, start + offset));
    const rows = await upsertInvoices(pool, extraction.company_id, inputs);
    await linkInvoicesToExtraction(
      pool,
      extraction.id,
      rows.map((row) => row.id),
    );
    const files = await ensureInvoiceFiles(
      pool,
      rows.flatMap((row) => [
        { invoiceId: row.id, kind: 'xml' as const, available: true },
        { invoiceId: row.id, kind: 'pdf' as const, available: true },
      ]),
    );
    for (const file of [...files].sort((a, b) => Number(a.id) - Number(b.id))) {
      fileIds.push(file.id);
      (file.kind === 'xml' ? xmlIds : pdfIds).push(file.id);
    }
  }
  await markExtractionListed(pool, extraction.id, mode);
  return { extraction, fileIds, xmlIds, pdfIds };
}
