import { isoAt } from '../../core/clock.js';
import type { SimCore } from '../../core/sim-core.js';
import type { SatInvoice } from '../../data/sat-types.js';
import { wallClockMs } from '../../data/wall-clock.js';
import { fileResource } from '../../resources/file.js';
import { invoiceResource } from '../../resources/invoice.js';
import type {
  ExtractionRecord,
  FileRecord,
  InvoiceOptions,
  InvoiceRecord,
} from '../../state/types.js';
import { diff, publishEvent } from '../events.js';
import { attachCfdiFile } from '../invoice-files.js';
import { taxpayerOfExtraction } from './extraction-taxpayer.js';

/** The CFDIs at SAT an invoice extraction with these options covers, oldest first. */
export function selectSatInvoices(
  core: SimCore,
  rfc: string,
  options: InvoiceOptions,
): SatInvoice[] {
  const taxpayer = core.store.sat.get(rfc);
  if (!taxpayer) return [];
  return taxpayer.invoices.filter((invoice) => {
    const issuedMs = wallClockMs(invoice.issuedAt);
    if (issuedMs < options.fromMs || issuedMs > options.toMs) return false;
    if (!options.types.includes(invoice.type)) return false;
    return invoice.isIssuer ? options.issued : options.received;
  });
}

/**
 * Copies one CFDI into the simulated Syntage. New invoice: +1 data point, +1 per file, with
 * `invoice.created` and `file.created`. Known invoice: only what changed (a cancellation, a file
 * that was missing) counts, as `invoice.updated`; an unchanged one counts nothing and emits
 * nothing (satws-api.md §5.2, §8.5). XML beyond the RFC's daily cap is not downloaded.
 */
export function extractInvoice(
  core: SimCore,
  extraction: ExtractionRecord,
  options: InvoiceOptions,
  sat: SatInvoice,
): void {
  const existing = core.store.extractedInvoice(extraction.rfc, sat);
  const invoice = existing ?? newInvoice(core, extraction.rfc, sat);
  const before = existing ? invoiceResource(existing) : undefined;
  const files: FileRecord[] = [];
  if (options.xml && invoice.xmlFileId === null && takeXmlQuota(core, extraction))
    files.push(attachCfdiFile(core, invoice, 'xml'));
  if (options.pdf && invoice.pdfFileId === null) files.push(attachCfdiFile(core, invoice, 'pdf'));
  if (existing && invoice.status !== sat.status) {
    invoice.status = sat.status;
    invoice.canceledAt = sat.canceledAt;
  }
  extraction.createdDataPoints += files.length + (existing ? 0 : 1);
  const taxpayer = taxpayerOfExtraction(core, extraction);
  const source = `/extractions/${extraction.id}`;
  const after = invoiceResource(invoice);
  if (!before) {
    publishEvent(core, {
      type: 'invoice.created',
      taxpayer,
      source,
      resource: `/invoices/${invoice.id}`,
      object: after,
    });
  } else {
    const changes = diff(before, after, [
      'status',
      'canceledAt',
      'cancellationProcessStatus',
      'xml',
      'pdf',
    ]);
    if (Object.keys(changes).length > 0) {
      invoice.updatedAt = core.clock.now();
      extraction.updatedDataPoints += 1;
      publishEvent(core, {
        type: 'invoice.updated',
        taxpayer,
        source,
        resource: `/invoices/${invoice.id}`,
        object: invoiceResource(invoice),
        changes,
      });
    }
  }
  for (const file of files) {
    publishEvent(core, {
      type: 'file.created',
      taxpayer,
      source,
      resource: `/files/${file.id}`,
      object: fileResource(file),
    });
  }
}

function newInvoice(core: SimCore, rfc: string, sat: SatInvoice): InvoiceRecord {
  const now = core.clock.now();
  const invoice: InvoiceRecord = {
    id: core.ids.next(),
    rfc,
    sat,
    status: sat.status,
    canceledAt: sat.canceledAt,
    xmlFileId: null,
    pdfFileId: null,
    createdAt: now,
    updatedAt: now,
  };
  core.store.addInvoice(invoice);
  return invoice;
}

/** SAT's ~2,000 XML per RFC per day (satws-api.md §5.2); past it the run is marked `rateLimitedAt`. */
function takeXmlQuota(core: SimCore, extraction: ExtractionRecord): boolean {
  const cap = core.settings.dailyXmlCap;
  const day = isoAt(core.clock.now()).slice(0, 10);
  if (cap !== null && core.store.xmlDownloadsOn(extraction.rfc, day) >= cap) {
    extraction.rateLimitedAt ??= core.clock.now();
    return false;
  }
  core.store.countXmlDownload(extraction.rfc, day);
  return true;
}
