import { z } from 'zod';

export const HTTP_FAULT_KINDS = ['error', 'rate-limit', 'reset', 'truncate', 'slow'] as const;
export const WEBHOOK_FAULT_KINDS = [
  'duplicate',
  'shuffle',
  'drop',
  'stale-signature',
  'missing-taxpayer',
] as const;
export const EXTRACTION_FAULT_KINDS = ['extraction-failure', 'extraction-waiting'] as const;
export const EXPORT_FAULT_KINDS = ['export-failure', 'export-entries'] as const;

const common = {
  id: z.string().min(1).max(100).optional(),
  probability: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('chance per matching request; default 1'),
  count: z.number().int().min(1).optional().describe('apply to the next N matching requests only'),
};

const httpScope = {
  path: z.string().startsWith('/').optional().describe('glob: * = one path segment, ** = any'),
  method: z.string().toUpperCase().optional(),
};

const eventScope = { eventType: z.string().optional().describe('glob over the event type') };

export const faultRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('error'),
    ...common,
    ...httpScope,
    status: z.number().int().min(500).max(599).default(503),
  }),
  z.strictObject({
    kind: z.literal('rate-limit'),
    ...common,
    ...httpScope,
    retryAfterSeconds: z.number().int().min(1).max(3600).default(2),
  }),
  z.strictObject({
    kind: z.enum(['reset', 'truncate']),
    ...common,
    ...httpScope,
    afterBytes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('bytes sent before the cut; default half the body'),
  }),
  z.strictObject({
    kind: z.literal('slow'),
    ...common,
    ...httpScope,
    bytesPerSecond: z.number().int().min(1).default(1024),
    firstByteDelayMs: z.number().int().min(0).max(600_000).default(0),
  }),
  z.strictObject({
    kind: z.literal('duplicate'),
    ...common,
    ...eventScope,
    copies: z.number().int().min(2).max(10).default(2),
  }),
  z.strictObject({
    kind: z.literal('shuffle'),
    ...common,
    ...eventScope,
    maxDelayMs: z.number().int().min(1).max(3_600_000).default(1000),
  }),
  z.strictObject({ kind: z.literal('drop'), ...common, ...eventScope }),
  z.strictObject({
    kind: z.literal('stale-signature'),
    ...common,
    ...eventScope,
    ageSeconds: z.number().int().min(1).default(3600),
  }),
  z.strictObject({ kind: z.literal('missing-taxpayer'), ...common, ...eventScope }),
  z.strictObject({
    kind: z.literal('extraction-failure'),
    ...common,
    rfc: z.string().optional(),
    errorCode: z
      .enum([
        'invalid_credentials',
        'login_failed',
        'unrecoverable',
        'sat_unavailable',
        'internal_error',
        'undefined',
      ])
      .default('sat_unavailable'),
    atFraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('share of the invoices extracted before failing'),
  }),
  z.strictObject({
    kind: z.literal('extraction-waiting'),
    ...common,
    rfc: z.string().optional(),
    durationMs: z.number().int().min(0).default(1000),
  }),
  z.strictObject({ kind: z.literal('export-failure'), ...common, rfc: z.string().optional() }),
  z.strictObject({
    kind: z.literal('export-entries'),
    ...common,
    rfc: z.string().optional(),
    omit: z.number().int().min(0).default(0).describe('entries left out of the ZIP'),
    corrupt: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('entries whose bytes are damaged after their CRC-32 was computed'),
    format: z.enum(['xml', 'pdf']).optional().describe('only entries of this format'),
  }),
]);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string };
export type FaultKind = FaultRule['kind'];
export type FaultOf<K extends FaultKind> = Extract<FaultRule, { kind: K }>;
