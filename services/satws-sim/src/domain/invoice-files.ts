import type { SimCore } from '../core/sim-core.js';
import type { FileRecord, InvoiceRecord } from '../state/types.js';

const KINDS = {
  xml: { type: 'invoice.cfdi.xml', mimeType: 'text/xml', extension: 'xml' },
  pdf: { type: 'invoice.cfdi.pdf', mimeType: 'application/pdf', extension: 'pdf' },
} as const;

/** The `File` resource of an invoice's XML or PDF (satws-api.md §7.2); bytes are generated on read. */
export function attachCfdiFile(
  core: SimCore,
  invoice: InvoiceRecord,
  format: 'xml' | 'pdf',
): FileRecord {
  const kind = KINDS[format];
  const now = core.clock.now();
  const file: FileRecord = {
    id: core.ids.next(),
    type: kind.type,
    resource: `/invoices/${invoice.id}`,
    mimeType: kind.mimeType,
    extension: kind.extension,
    size: core.files.size(invoice.sat, format),
    filename: `${invoice.sat.uuid}.${kind.extension}`,
    source: { kind: 'cfdi', invoiceId: invoice.id, format },
    createdAt: now,
    updatedAt: now,
  };
  core.store.files.set(file.id, file);
  if (format === 'xml') invoice.xmlFileId = file.id;
  else invoice.pdfFileId = file.id;
  return file;
}
