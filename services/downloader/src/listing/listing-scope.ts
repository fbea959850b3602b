import type { ExtractionRow, InvoiceDirection } from '@invoice-extractor/shared/db';
import type { InvoiceFilters, SatwsInvoice } from '@invoice-extractor/shared/satws';
import { invoiceIssuedAt } from './invoice-input.js';

/**
 * The upstream's `issuedAt` is the CFDI's Mexico City wall-clock time written with a `Z`
 * (satws-api.md §6.2), and our periods are Mexico City calendar dates. So the bounds are the
 * dates' first and last millisecond written the same way, with no time zone conversion: that
 * compares wall clock with wall clock, and keeps the invoices of the last day's evening, which
 * a conversion to real UTC would push past the bound. The requester sends SAT.ws the same
 * values when it starts the extraction.
 */
export function periodBounds(extraction: Pick<ExtractionRow, 'period_from' | 'period_to'>): {
  after: string;
  before: string;
} {
  return {
    after: `${extraction.period_from}T00:00:00.000Z`,
    before: `${extraction.period_to}T23:59:59.999Z`,
  };
}

/**
 * The upstream filters for an extraction's invoices. One direction uses the documented
 * boolean filter; types are sent only when there is one, because how SAT.ws reads several
 * values of `type` is undocumented (satws-api.md §3.1) and a misread filter is silently
 * ignored. `wantedDirection` checks both again on our side either way.
 */
export function listingFilters(extraction: ExtractionRow, pageSize = 1000): InvoiceFilters {
  const { after, before } = periodBounds(extraction);
  const filters: InvoiceFilters = {
    issuedAfter: after,
    issuedBefore: before,
    itemsPerPage: pageSize,
  };
  if (extraction.issued && !extraction.received) filters.isIssuer = true;
  if (extraction.received && !extraction.issued) filters.isReceiver = true;
  const [onlyType, ...otherTypes] = extraction.cfdi_types;
  if (onlyType !== undefined && otherTypes.length === 0) filters.type = onlyType;
  return filters;
}

/**
 * Which S3 folder an invoice goes to for this extraction, or undefined when the extraction did
 * not ask for it (a direction, type or date outside its scope). An invoice a company issued to
 * itself is both: it is filed as issued when the extraction wants issued invoices.
 */
export function wantedDirection(
  extraction: ExtractionRow,
  invoice: SatwsInvoice,
): InvoiceDirection | undefined {
  if (!extraction.cfdi_types.some((type) => type === invoice.type)) return undefined;
  const { after, before } = periodBounds(extraction);
  const issuedAt = invoiceIssuedAt(invoice).getTime();
  if (issuedAt < Date.parse(after) || issuedAt > Date.parse(before)) return undefined;
  if (invoice.isIssuer && extraction.issued) return 'issued';
  if (invoice.isReceiver && extraction.received) return 'received';
  return undefined;
}
