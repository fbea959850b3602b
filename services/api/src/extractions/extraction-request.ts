import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { CFDI_TYPES, type CfdiType } from '@invoice-extractor/shared/db';
import { EARLIEST_PERIOD_DATE, isCalendarDate, todayInMexicoCity } from './calendar-date.js';
import { rfcProblem } from './rfc.js';

/** "is required" for a missing field, "must be <kind>" for one of the wrong type. */
function required(kind: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? 'is required' : `must be ${kind}`,
  };
}

const rfc = z
  .string(required('a string'))
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const problem = rfcProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    description:
      "The company's RFC: 12 characters (legal person) or 13 (natural person); any case, stored upper case.",
    example: 'EKU9003173C9',
  });

const periodDate = z
  .string(required('a date written YYYY-MM-DD'))
  .superRefine((value, ctx) => {
    if (!isCalendarDate(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a calendar date written YYYY-MM-DD, got "${value}"`,
      });
    } else if (value < EARLIEST_PERIOD_DATE) {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is before ${EARLIEST_PERIOD_DATE}, the earliest date SAT.ws serves (CFDI 3.2 onwards)`,
      });
    } else if (value > todayInMexicoCity()) {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is in the future (today is ${todayInMexicoCity()} in Mexico City)`,
      });
    }
  })
  .openapi({ format: 'date' });

const flag = (description: string) =>
  z.boolean(required('true or false')).default(true).openapi({ description });

const period = z
  .strictObject(
    {
      from: periodDate.openapi({
        description: 'First day, inclusive (Mexico City calendar).',
        example: '2025-01-01',
      }),
      to: periodDate.openapi({
        description: 'Last day, inclusive (Mexico City calendar).',
        example: '2025-01-31',
      }),
    },
    required('an object with from and to'),
  )
  .superRefine((value, ctx) => {
    if (value.from > value.to) {
      ctx.addIssue({ code: 'custom', message: `from ${value.from} is after to ${value.to}` });
    }
  });

const types = z
  .array(
    z.enum(CFDI_TYPES, { error: `must be one of ${CFDI_TYPES.join(', ')}` }),
    required('an array'),
  )
  .min(1, 'must list at least one CFDI type (I, E, P, N, T), or be left out for all')
  .openapi({
    description: 'CFDI types: I ingreso, E egreso, P pago, N nómina, T traslado. Default: all.',
    example: ['I', 'E'],
  });

export const extractionRequestSchema = z
  .strictObject(
    {
      rfc,
      period,
      issued: flag('Include invoices the company issued. Default true.'),
      received: flag('Include invoices the company received. Default true.'),
      types: types.optional(),
      xml: flag('Store each invoice XML. Default true.'),
      pdf: flag('Store each invoice PDF. Default true.'),
    },
    required('a JSON object'),
  )
  .superRefine((value, ctx) => {
    if (!value.issued && !value.received) {
      ctx.addIssue({ code: 'custom', message: 'issued and received cannot both be false' });
    }
    if (!value.xml && !value.pdf) {
      ctx.addIssue({ code: 'custom', message: 'xml and pdf cannot both be false' });
    }
  })
  .openapi('ExtractionRequest', {
    example: {
      rfc: 'EKU9003173C9',
      period: { from: '2025-01-01', to: '2025-01-31' },
      types: ['I', 'E'],
      pdf: false,
    },
  });

export type ExtractionRequest = z.output<typeof extractionRequestSchema>;

/** The request with every default applied, types deduplicated and in catalog order. */
export interface NormalizedRequest {
  rfc: string;
  periodFrom: string;
  periodTo: string;
  issued: boolean;
  received: boolean;
  cfdiTypes: CfdiType[];
  wantXml: boolean;
  wantPdf: boolean;
}

export function normalizeRequest(request: ExtractionRequest): NormalizedRequest {
  const wanted = new Set(request.types ?? CFDI_TYPES);
  return {
    rfc: request.rfc,
    periodFrom: request.period.from,
    periodTo: request.period.to,
    issued: request.issued,
    received: request.received,
    cfdiTypes: CFDI_TYPES.filter((type) => wanted.has(type)),
    wantXml: request.xml,
    wantPdf: request.pdf,
  };
}

/**
 * Equal for requests that ask for the same thing however they were written (defaults, case,
 * order of types): the key of "an identical request still in flight" and of idempotency checks.
 */
export function requestFingerprint(request: NormalizedRequest): string {
  const canonical = JSON.stringify([
    'v1',
    request.rfc,
    request.periodFrom,
    request.periodTo,
    request.issued,
    request.received,
    request.cfdiTypes,
    request.wantXml,
    request.wantPdf,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
