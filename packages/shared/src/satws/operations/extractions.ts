import { z } from 'zod';
import { paginate } from '../paginate.js';
import { withQuery } from '../query.js';
import {
  extractionSchema,
  extractionStatusSchema,
  type SatwsExtraction,
  type SatwsExtractionStatus,
} from '../schemas/extraction.js';
import type { SatwsTransport } from '../transport.js';
import { MAX_ITEMS_PER_PAGE, normalizeRfc, parseInput, pathId } from '../validate-input.js';
import { dateLike, INVOICE_TYPES } from './invoice-filters.js';
import { requestNoContent, requestResource } from './resource.js';

/** The current form names an entity; the legacy form names the taxpayer's RFC (§5.1). */
export type ExtractionTarget = { entityId: string } | { rfc: string };

const invoiceOptionsSchema = z
  .strictObject({
    types: z.array(z.enum(INVOICE_TYPES)).min(1).optional(),
    period: z.strictObject({ from: dateLike.optional(), to: dateLike.optional() }).optional(),
    issued: z.boolean().optional(),
    received: z.boolean().optional(),
    xml: z.boolean().optional(),
    pdf: z.boolean().optional(),
    complement: z.number().int().optional(),
  })
  .refine(
    (o) => o.issued !== false || o.received !== false,
    'issued and received cannot both be false',
  )
  .refine((o) => o.xml !== false || o.pdf !== false, 'xml and pdf cannot both be false')
  .refine(
    (o) => !o.period?.from || !o.period.to || Date.parse(o.period.from) <= Date.parse(o.period.to),
    'period.from must not be after period.to',
  );
export type InvoiceExtractionOptions = z.input<typeof invoiceOptionsSchema>;

function targetIri(target: ExtractionTarget): Record<string, string> {
  if ('entityId' in target) {
    return { entity: `/entities/${pathId('createExtraction', 'entityId', target.entityId)}` };
  }
  return { taxpayer: `/taxpayers/${normalizeRfc('createExtraction', target.rfc)}` };
}

/**
 * Starts an invoice extraction (202, `pending`). Not resent on failure unless the upstream
 * provably did nothing (429, refused connection): a lost answer followed by a blind resend
 * could start a second, billed extraction. An equivalent extraction already pending or running
 * surfaces as `SatwsConflictError` with `conflictingExtractors`; attach to it via
 * `listExtractions({ rfc, status })`.
 */
export async function createExtraction(
  transport: SatwsTransport,
  target: ExtractionTarget,
  options: InvoiceExtractionOptions = {},
): Promise<SatwsExtraction> {
  const body = {
    ...targetIri(target),
    extractor: 'invoice',
    options: parseInput('createExtraction', invoiceOptionsSchema, options),
  };
  return requestResource(
    transport,
    'POST',
    'POST /extractions',
    '/extractions',
    extractionSchema,
    body,
  );
}

export async function getExtraction(
  transport: SatwsTransport,
  extractionId: string,
): Promise<SatwsExtraction> {
  const id = pathId('getExtraction', 'extractionId', extractionId);
  return requestResource(
    transport,
    'GET',
    'GET /extractions/{id}',
    `/extractions/${id}`,
    extractionSchema,
  );
}

export interface ExtractionListFilters {
  /** Exact match on the taxpayer's RFC (this filter is exact upstream, unlike entities'). */
  rfc?: string;
  status?: SatwsExtractionStatus;
  itemsPerPage?: number;
}

const listFiltersSchema = z.strictObject({
  rfc: z.string().optional(),
  status: extractionStatusSchema.optional(),
  itemsPerPage: z.number().int().min(1).max(MAX_ITEMS_PER_PAGE).default(MAX_ITEMS_PER_PAGE),
});

export function listExtractions(
  transport: SatwsTransport,
  filters: ExtractionListFilters = {},
): AsyncGenerator<SatwsExtraction[], void, undefined> {
  const parsed = parseInput('listExtractions', listFiltersSchema, filters);
  const rfc = parsed.rfc === undefined ? undefined : normalizeRfc('listExtractions', parsed.rfc);
  const query = { 'taxpayer.id': rfc, status: parsed.status, itemsPerPage: parsed.itemsPerPage };
  return paginate(
    transport,
    'GET /extractions',
    withQuery('/extractions', query),
    extractionSchema,
  );
}

/** 204; the extraction moves to `stopping`→`stopped`, or `cancelled` if it had not started. */
export async function stopExtraction(
  transport: SatwsTransport,
  extractionId: string,
): Promise<void> {
  const id = pathId('stopExtraction', 'extractionId', extractionId);
  await requestNoContent(
    transport,
    'DELETE',
    'DELETE /extractions/{id}/stop',
    `/extractions/${id}/stop`,
  );
}
