import { z } from 'zod';
import { AppError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';

/** A shared upstream call budget plugs in here; awaited before every request attempt. */
export interface SatwsBudget {
  acquire(endpoint: string): Promise<void>;
}

/** Reported after every attempt that reached (or failed to reach) the upstream. */
export interface SatwsCall {
  /** A stable template such as `GET /entities/{id}/invoices`. */
  endpoint: string;
  method: string;
  /** Undefined when no response arrived (refused, reset, timed out). */
  status: number | undefined;
  durationMs: number;
  requestId: string | undefined;
  /** The extraction the call was made for (`attributeCalls`); undefined outside any. */
  extractionId?: string | undefined;
}

export interface SatwsClientOptions {
  /** e.g. `https://api.syntage.com`; a path prefix is kept. */
  baseUrl: string;
  apiKey: string;
  /** Date-based API version (satws-api.md §2). */
  acceptVersion?: string;
  timeouts?: {
    /** TCP (and TLS) connection. */
    connectMs?: number;
    /** From request sent to response headers. */
    responseMs?: number;
    /** Longest silence on the socket, headers or body: a stalled download fails after it. */
    socketIdleMs?: number;
    /** Whole JSON request, body included (never applied to file downloads). */
    requestMs?: number;
    /** A download slower than this over `throughputWindowMs` fails (a trickle never goes idle). */
    minBytesPerSecond?: number;
    throughputWindowMs?: number;
  };
  /** Retries of idempotent requests (GET, DELETE) on retryable failures. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** 429: wait for `X-RateLimit-Reset` in-process when it is at most `maxWaitMs` away. */
  rateLimit?: { maxWaitMs?: number; maxWaits?: number };
  budget?: SatwsBudget;
  /** After every HTTP attempt, retries included; e.g. a `CallLedger`'s `record`. */
  onCall?: (call: SatwsCall) => void;
  logger?: Logger;
  userAgent?: string;
}

const positiveMs = z.number().int().positive();

const optionsSchema = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.syntage.com' })
    .transform((url) => url.replace(/\/+$/, '')),
  apiKey: z.string().trim().min(1, 'must not be empty'),
  acceptVersion: z.string().min(1).default('2020-06-28'),
  timeouts: z
    .object({
      connectMs: positiveMs.default(5_000),
      responseMs: positiveMs.default(30_000),
      socketIdleMs: positiveMs.default(30_000),
      requestMs: positiveMs.default(60_000),
      minBytesPerSecond: z.number().int().min(0).default(1_024),
      throughputWindowMs: positiveMs.default(30_000),
    })
    .prefault({}),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(10).default(3),
      baseDelayMs: z.number().int().min(0).default(250),
      maxDelayMs: z.number().int().min(0).default(5_000),
    })
    .prefault({}),
  rateLimit: z
    .object({
      maxWaitMs: z.number().int().min(0).default(10_000),
      maxWaits: z.number().int().min(0).max(20).default(3),
    })
    .prefault({}),
  userAgent: z.string().min(1).default('invoice-extractor'),
});

export type ResolvedClientOptions = z.output<typeof optionsSchema> &
  Pick<SatwsClientOptions, 'budget' | 'onCall' | 'logger'>;

/** Bad options fail at construction with every offending field named. */
export function resolveClientOptions(options: SatwsClientOptions): ResolvedClientOptions {
  const { budget, onCall, logger, ...plain } = options;
  const parsed = optionsSchema.safeParse(plain);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'} ${issue.message}`)
      .join('; ');
    throw new AppError(`Invalid SAT.ws client options: ${problems}`, {
      code: 'satws_invalid_options',
      retryable: false,
    });
  }
  return { ...parsed.data, budget, onCall, logger };
}
