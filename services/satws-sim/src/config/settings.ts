import { z } from 'zod';

const ms = z
  .number()
  .int()
  .min(0)
  .max(30 * 86_400_000);

export const timingsSchema = z.strictObject({
  credentialValidationMs: ms.describe('POST /credentials: pending → valid|invalid'),
  extractionPendingMs: ms.describe('extraction pending → running'),
  extractionRunningMs: ms.describe('extraction running → finished (invoices appear during it)'),
  extractionSteps: z.number().int().min(1).max(10_000).describe('batches invoices appear in'),
  extractionStoppingMs: ms.describe('stopping → stopped'),
  exportPendingMs: ms.describe('export pending → running'),
  exportRunningMs: ms.describe('export running → finished'),
});

export const rateLimitSchema = z.strictObject({
  enabled: z.boolean(),
  limit: z.number().int().min(1).max(1_000_000),
  windowMs: z.number().int().min(1000).max(86_400_000),
});

export const webhookSettingsSchema = z.strictObject({
  retryDelaysMs: z.array(ms).max(10).describe('one delay per retry; 4 retries upstream'),
  timeoutMs: z.number().int().min(1).max(60_000),
});

export const settingsSchema = z.strictObject({
  timings: timingsSchema,
  rateLimit: rateLimitSchema,
  webhooks: webhookSettingsSchema,
  dailyXmlCap: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .nullable()
    .describe('XML per RFC per day; null = no cap'),
  downloadUrlTtlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400),
  eventRetentionDays: z.number().min(0).max(365),
});

export type Timings = z.output<typeof timingsSchema>;
export type RateLimitSettings = z.output<typeof rateLimitSchema>;
export type Settings = z.output<typeof settingsSchema>;

/** A partial update of the settings, as accepted at start-up and by `PATCH /_sim/settings`. */
export const settingsPatchSchema = z.strictObject({
  timings: timingsSchema.partial().optional(),
  rateLimit: rateLimitSchema.partial().optional(),
  webhooks: webhookSettingsSchema.partial().optional(),
  dailyXmlCap: settingsSchema.shape.dailyXmlCap.optional(),
  downloadUrlTtlSeconds: settingsSchema.shape.downloadUrlTtlSeconds.optional(),
  eventRetentionDays: settingsSchema.shape.eventRetentionDays.optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** Fast timings and no rate limit: what tests want from an in-process simulator. */
export const TEST_SETTINGS: Settings = {
  timings: {
    credentialValidationMs: 100,
    extractionPendingMs: 50,
    extractionRunningMs: 500,
    extractionSteps: 5,
    extractionStoppingMs: 100,
    exportPendingMs: 50,
    exportRunningMs: 200,
  },
  rateLimit: { enabled: false, limit: 60, windowMs: 60_000 },
  webhooks: { retryDelaysMs: [100, 200, 400, 800], timeoutMs: 3000 },
  dailyXmlCap: 2000,
  downloadUrlTtlSeconds: 900,
  eventRetentionDays: 7,
};

/**
 * What `pnpm sim` starts with: the upstream's documented numbers (60 requests per minute per
 * key and endpoint, 3 s webhook timeout, retries at 10 s, 1 min, 5 min, 30 min — satws-api.md
 * §13) and an extraction compressed from minutes to seconds.
 */
export const DEMO_SETTINGS: Settings = {
  timings: {
    credentialValidationMs: 3000,
    extractionPendingMs: 2000,
    extractionRunningMs: 20_000,
    extractionSteps: 10,
    extractionStoppingMs: 2000,
    exportPendingMs: 1000,
    exportRunningMs: 5000,
  },
  rateLimit: { enabled: true, limit: 60, windowMs: 60_000 },
  webhooks: { retryDelaysMs: [10_000, 60_000, 300_000, 1_800_000], timeoutMs: 3000 },
  dailyXmlCap: 2000,
  downloadUrlTtlSeconds: 900,
  eventRetentionDays: 7,
};

export function applySettingsPatch(
  base: Settings,
  patch: z.output<typeof settingsPatchSchema>,
): Settings {
  return {
    timings: { ...base.timings, ...patch.timings },
    rateLimit: { ...base.rateLimit, ...patch.rateLimit },
    webhooks: { ...base.webhooks, ...patch.webhooks },
    dailyXmlCap: patch.dailyXmlCap ?? base.dailyXmlCap,
    downloadUrlTtlSeconds: patch.downloadUrlTtlSeconds ?? base.downloadUrlTtlSeconds,
    eventRetentionDays: patch.eventRetentionDays ?? base.eventRetentionDays,
  };
}
