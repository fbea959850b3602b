import type { Logger } from 'pino';
import { z } from 'zod';
import { EVENT_TYPES } from '../domain/event-types.js';
import { faultRuleSchema } from '../faults/fault-rule.js';
import { seedSpecSchema } from '../seed/seed-spec.js';
import { rateLimitSchema, settingsSchema, timingsSchema } from './settings.js';

/** Event types the simulator emits; the default subscription of pre-registered endpoints. */
export const EMITTED_EVENT_TYPES = [
  'credential.created',
  'credential.updated',
  'credential.deleted',
  'link.created',
  'link.updated',
  'extraction.created',
  'extraction.updated',
  'invoice.created',
  'invoice.updated',
  'file.created',
  'export.created',
  'export.updated',
] as const;

export const webhookEndpointSeedSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  events: z
    .array(z.enum(EVENT_TYPES))
    .min(1)
    .default([...EMITTED_EVENT_TYPES]),
  contentType: z.enum(['application/ld+json', 'application/json']).default('application/ld+json'),
  enabled: z.boolean().default(true),
  signingSecret: z
    .string()
    .min(8)
    .optional()
    .describe('fixed secret, so a receiver can be configured in advance'),
});

/** Everything configurable from a JSON file (`SIM_CONFIG`) or from code, except functions. */
export const simulatorConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  apiKeys: z
    .array(z.string().min(1))
    .optional()
    .describe('more accepted keys (per-key rate limits)'),
  adminKey: z.string().min(1).optional().describe('when set, /_sim/ requires X-Sim-Admin-Key'),
  profile: z.enum(['test', 'demo']).optional(),
  seed: seedSpecSchema.optional(),
  timings: timingsSchema.partial().optional(),
  rateLimit: rateLimitSchema.partial().optional(),
  webhookRetryDelaysMs: settingsSchema.shape.webhooks.shape.retryDelaysMs.optional(),
  webhookTimeoutMs: settingsSchema.shape.webhooks.shape.timeoutMs.optional(),
  dailyXmlCap: settingsSchema.shape.dailyXmlCap.optional(),
  downloadUrlTtlSeconds: settingsSchema.shape.downloadUrlTtlSeconds.optional(),
  eventRetentionDays: settingsSchema.shape.eventRetentionDays.optional(),
  faults: z.array(faultRuleSchema).optional(),
  webhookEndpoints: z.array(webhookEndpointSeedSchema).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export type SimulatorConfig = z.input<typeof simulatorConfigSchema>;
export type ParsedSimulatorConfig = z.output<typeof simulatorConfigSchema>;
export type WebhookEndpointSeed = z.input<typeof webhookEndpointSeedSchema>;

export interface SimulatorOptions extends SimulatorConfig {
  /** Time source in epoch ms (default `Date.now`); `admin.advanceClock` adds to it. */
  clock?: () => number;
  /** A logger to use instead of a new pino logger at `logLevel`. */
  logger?: Logger;
}

/** A readable one-line-per-problem message from a zod error, naming each bad field. */
export function describeZodError(error: z.ZodError, subject: string): string {
  const lines = error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  return `Invalid ${subject}:\n${lines.join('\n')}`;
}
