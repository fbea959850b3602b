import type { ExtractionRow } from '@invoice-extractor/shared/db';
import type { InvoiceExtractionOptions, SatwsExtraction } from '@invoice-extractor/shared/satws';

const ALL_TYPES = ['I', 'E', 'P', 'N', 'T'];

/**
 * Our periods are Mexico City calendar dates, inclusive. SAT.ws compares `issuedAt`, which is
 * the CFDI's own wall-clock time written with a `Z` (satws-api.md §6.2, §13), so the bounds
 * are that same wall clock: the first and the last millisecond of the days, marked `Z` too.
 * Converting to real UTC would shift the window by six hours and lose the evening of the last
 * day; a bare date would make `to` midnight and lose the whole last day. The downloader lists
 * with `issuedAt[after]` / `issuedAt[before]` set to these same two values.
 */
export function satwsPeriod(row: Pick<ExtractionRow, 'period_from' | 'period_to'>) {
  return { from: `${row.period_from}T00:00:00.000Z`, to: `${row.period_to}T23:59:59.999Z` };
}

/** The invoice extractor's options for one of our extractions (satws-api.md §5.1). */
export function satwsOptions(row: ExtractionRow): InvoiceExtractionOptions {
  return {
    types: [...row.cfdi_types],
    period: satwsPeriod(row),
    issued: row.issued,
    received: row.received,
    xml: row.want_xml,
    pdf: row.want_pdf,
  };
}

function flag(value: unknown): boolean {
  return value !== false;
}

/** Missing (undefined or null) equals missing; present values compare as instants. */
function sameInstant(a: unknown, b: unknown): boolean {
  const missing = (value: unknown) => value === undefined || value === null;
  if (missing(a) || missing(b)) return missing(a) && missing(b);
  return typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);
}

function sameTypes(a: unknown, b: unknown): boolean {
  const set = (value: unknown) =>
    [...new Set(Array.isArray(value) ? value.map(String) : ALL_TYPES)].sort().join(',');
  return set(a) === set(b);
}

/**
 * Whether an extraction SAT.ws is running is the one our options would have started: the
 * upstream's 409 rule is "same entity, extractor and options". Options come back as sent, but
 * defaults and timestamp spellings are compared by meaning, not by text.
 */
export function optionsMatch(
  extraction: SatwsExtraction,
  wanted: InvoiceExtractionOptions,
): boolean {
  if (extraction.extractor !== 'invoice') return false;
  const actual = extraction.options ?? {};
  const period = (actual.period ?? {}) as Record<string, unknown>;
  return (
    sameTypes(actual.types, wanted.types) &&
    sameInstant(period.from, wanted.period?.from) &&
    sameInstant(period.to, wanted.period?.to) &&
    (['issued', 'received', 'xml', 'pdf'] as const).every(
      (name) => flag(actual[name]) === flag(wanted[name]),
    )
  );
}
