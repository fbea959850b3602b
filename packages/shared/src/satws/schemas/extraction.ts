import { z } from 'zod';
import { looseNumber, optionalTimestamp, requiredId, taxpayerSchema } from './common.js';

/**
 * The spec's enum lists six statuses; `waiting` and `cancelled` appear only in its prose, and
 * the upstream does send them (satws-api.md §5.3), so all eight are accepted.
 */
export const EXTRACTION_STATUSES = [
  'pending',
  'waiting',
  'running',
  'finished',
  'failed',
  'stopping',
  'stopped',
  'cancelled',
] as const;
export type SatwsExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

export const TERMINAL_EXTRACTION_STATUSES: ReadonlySet<SatwsExtractionStatus> = new Set([
  'finished',
  'failed',
  'stopped',
  'cancelled',
]);

export const extractionStatusSchema = z.enum(EXTRACTION_STATUSES);

export const extractionSchema = z.looseObject({
  id: requiredId,
  status: extractionStatusSchema,
  extractor: z.string().nullish(),
  taxpayer: taxpayerSchema.nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
  startedAt: optionalTimestamp,
  finishedAt: optionalTimestamp,
  rateLimitedAt: optionalTimestamp,
  errorCode: z.string().nullish(),
  createdDataPoints: looseNumber.nullish(),
  updatedDataPoints: looseNumber.nullish(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsExtraction = z.output<typeof extractionSchema>;
