import { z } from '@hono/zod-openapi';
import {
  CFDI_TYPES,
  EXTRACTION_STATUSES,
  type ExtractionFileCounts,
  type ExtractionRecord,
  SATWS_EXTRACTION_STATUSES,
} from '@invoice-extractor/shared/db';
import type { UpstreamCallSummary } from './upstream-call-summary.js';

/** What an extraction looks like mid-way, for the OpenAPI document. */
export const EXTRACTION_EXAMPLE = {
  id: '0192a1b2-0000-7000-8000-0000000000e1',
  rfc: 'EKU9003173C9',
  status: 'downloading',
  satws: { id: '5b1e8f3a-7c2d-4e9f-a0b1-c2d3e4f5a6b7', status: 'finished' },
  period: { from: '2025-01-01', to: '2025-01-31' },
  options: { issued: true, received: true, types: ['I', 'E', 'P', 'N', 'T'], xml: true, pdf: true },
  counts: { invoices: 120, files: { total: 240, stored: 200, failed: 0, missing: 2, pending: 38 } },
  upstreamCalls: {
    total: 205,
    byEndpoint: {
      'GET /entities': 1,
      'POST /extractions': 1,
      'GET /entities/{id}/invoices': 1,
      'GET /invoices/{id}/cfdi': 202,
    },
  },
  error: null,
  createdAt: '2025-02-03T15:00:00.000Z',
  requestedAt: '2025-02-03T15:00:01.000Z',
  completedAt: null,
  updatedAt: '2025-02-03T15:20:11.000Z',
};

const timestamp = z.string().openapi({ format: 'date-time', example: '2025-02-03T15:20:11.000Z' });

export const extractionSchema = z
  .object({
    id: z.uuid().openapi({ example: '0192a1b2-0000-7000-8000-0000000000e1' }),
    rfc: z.string().openapi({ example: 'EKU9003173C9' }),
    status: z.enum(EXTRACTION_STATUSES).openapi({
      description:
        'queued → requested (SAT.ws accepted it) → extracting (SAT.ws running) → downloading → completed, or failed.',
    }),
    satws: z.object({
      id: z.string().nullable().openapi({ description: "SAT.ws's extraction id, once requested." }),
      status: z.enum(SATWS_EXTRACTION_STATUSES).nullable(),
    }),
    period: z.object({
      from: z.string().openapi({ format: 'date', example: '2025-01-01' }),
      to: z.string().openapi({ format: 'date', example: '2025-01-31' }),
    }),
    options: z.object({
      issued: z.boolean(),
      received: z.boolean(),
      types: z.array(z.enum(CFDI_TYPES)),
      xml: z.boolean(),
      pdf: z.boolean(),
    }),
    counts: z.object({
      invoices: z.int(),
      files: z.object({
        total: z.int(),
        stored: z.int(),
        failed: z.int(),
        missing: z
          .int()
          .openapi({ description: 'SAT.ws has no such file (or it was not asked for).' }),
        pending: z.int(),
      }),
    }),
    upstreamCalls: z
      .object({
        total: z.int().openapi({ description: 'Every SAT.ws call made for this extraction.' }),
        byEndpoint: z.record(z.string(), z.int()).openapi({
          description:
            'Calls per endpoint template, e.g. `GET /invoices/{id}/cfdi`; endpoints never called are absent.',
        }),
      })
      .openapi({
        description:
          'HTTP requests our services sent to SAT.ws for this extraction, each attempt counted ' +
          '(retries included, as the upstream rate limit counts them): the request, entity ' +
          'lookup, polls, listing pages and file downloads. Updated within about a second.',
      }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: timestamp,
    requestedAt: timestamp.nullable(),
    completedAt: timestamp.nullable(),
    updatedAt: timestamp,
  })
  .openapi('Extraction', { example: EXTRACTION_EXAMPLE });

export type ApiExtraction = z.output<typeof extractionSchema>;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The one mapping from a row (and its file counts) to the API's shape. */
export function toApiExtraction(
  row: ExtractionRecord,
  counts: ExtractionFileCounts,
  upstreamCalls: UpstreamCallSummary,
): ApiExtraction {
  return {
    id: row.id,
    rfc: row.rfc,
    status: row.status,
    satws: { id: row.satws_extraction_id, status: row.satws_status },
    period: { from: row.period_from, to: row.period_to },
    options: {
      issued: row.issued,
      received: row.received,
      types: row.cfdi_types,
      xml: row.want_xml,
      pdf: row.want_pdf,
    },
    counts: {
      invoices: counts.invoices,
      files: {
        total: counts.total,
        stored: counts.stored,
        failed: counts.failed,
        missing: counts.missing,
        pending: counts.pending,
      },
    },
    upstreamCalls,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    requestedAt: iso(row.requested_at),
    completedAt: iso(row.completed_at),
    updatedAt: row.updated_at.toISOString(),
  };
}
