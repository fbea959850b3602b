import { z } from 'zod';
import {
  envBoolean,
  envEnum,
  envInt,
  envList,
  envSecret,
  envString,
  envUrl,
} from './env-fields.js';

/**
 * One group per concern, each mapping its UPPER_SNAKE variables to a camelCase object. A
 * service combines only the groups it needs with `envSchema` (STYLE.md: each service parses
 * only what it uses).
 */

export const databaseEnv = z
  .object({ DATABASE_URL: envUrl({ protocols: ['postgres:', 'postgresql:'] }) })
  .transform((env) => ({ url: env.DATABASE_URL }));

export const redisEnv = z
  .object({ REDIS_URL: envUrl({ protocols: ['redis:', 'rediss:'] }) })
  .transform((env) => ({ url: env.REDIS_URL }));

/**
 * `WHEN_REQUIRED` by default: the SDK's default checksums corrupt streamed uploads on some
 * S3-compatible servers (ENVIRONMENT.md, s3rver), and AWS accepts either.
 */
const CHECKSUM_MODES = ['WHEN_REQUIRED', 'WHEN_SUPPORTED'] as const;

export const s3Env = z
  .object({
    S3_ENDPOINT: envUrl({ protocols: ['http:', 'https:'], optional: true }),
    S3_REGION: envString({ default: 'us-east-1' }),
    S3_BUCKET: envString({
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      expected: 'an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
    }),
    S3_ACCESS_KEY_ID: envSecret({ optional: true }),
    S3_SECRET_ACCESS_KEY: envSecret({ optional: true }),
    S3_FORCE_PATH_STYLE: envBoolean({ default: false }),
    S3_REQUEST_CHECKSUM_CALCULATION: envEnum(CHECKSUM_MODES, { default: 'WHEN_REQUIRED' }),
    S3_RESPONSE_CHECKSUM_VALIDATION: envEnum(CHECKSUM_MODES, { default: 'WHEN_REQUIRED' }),
  })
  .superRefine((env, ctx) => {
    // Without both keys the SDK falls back to its own chain (instance role, profile); with only
    // one of them it would silently do the same, which is never what was meant.
    if ((env.S3_ACCESS_KEY_ID === undefined) === (env.S3_SECRET_ACCESS_KEY === undefined)) return;
    const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'required when the other S3 access key variable is set',
    });
  })
  .transform((env) => ({
    /** Undefined means AWS S3 itself. */
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    // Flat, as `createS3Client` takes them: the group is the client's settings plus the bucket.
    // Both undefined = the SDK's own chain (the refinement above refuses only one of them).
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    requestChecksumCalculation: env.S3_REQUEST_CHECKSUM_CALCULATION,
    responseChecksumValidation: env.S3_RESPONSE_CHECKSUM_VALIDATION,
  }));

export const satwsEnv = z
  .object({
    SATWS_BASE_URL: envUrl({ protocols: ['http:', 'https:'] }),
    SATWS_API_KEY: envSecret(),
    /** The budget every worker process shares (the upstream limits per key, not per process). */
    SATWS_REQUESTS_PER_MINUTE: envInt({ min: 1, max: 100_000, default: 60 }),
  })
  .transform((env) => ({
    baseUrl: env.SATWS_BASE_URL.replace(/\/+$/, ''),
    apiKey: env.SATWS_API_KEY,
    requestsPerMinute: env.SATWS_REQUESTS_PER_MINUTE,
  }));

export const apiEnv = z
  .object({
    PORT: envInt({ min: 1, max: 65_535, default: 3000 }),
    API_KEYS: envList({ secret: true, minItemLength: 16 }),
    ADMIN_USER: envString(),
    ADMIN_PASSWORD: envSecret({ minLength: 12 }),
    SATWS_WEBHOOK_SECRET: envSecret(),
  })
  .transform((env) => ({
    port: env.PORT,
    apiKeys: env.API_KEYS,
    admin: { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD },
    webhookSecret: env.SATWS_WEBHOOK_SECRET,
  }));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const loggingEnv = z
  .object({ LOG_LEVEL: envEnum(LOG_LEVELS, { default: 'info' }) })
  .transform((env) => ({ level: env.LOG_LEVEL }));

export const queueEnv = z
  .object({
    // Letters, digits, `-` and `_` only: the prefix becomes a Redis key segment and a SCAN
    // pattern, where `:` splits keys and `*?[` are wildcards.
    QUEUE_PREFIX: envString({
      default: 'invoice-extractor',
      pattern: /^[A-Za-z0-9_-]{1,64}$/,
      expected: 'letters, digits, "-" or "_" (at most 64)',
    }),
  })
  .transform((env) => ({ prefix: env.QUEUE_PREFIX }));

export const workerEnv = z
  .object({ WORKER_CONCURRENCY: envInt({ min: 1, max: 1000, default: 5 }) })
  .transform((env) => ({ concurrency: env.WORKER_CONCURRENCY }));

export const shutdownEnv = z
  .object({ SHUTDOWN_TIMEOUT_MS: envInt({ min: 100, max: 3_600_000, default: 30_000 }) })
  .transform((env) => ({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }));
