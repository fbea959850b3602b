import {
  databaseEnv,
  type Env,
  envInt,
  envSchema,
  envString,
  loggingEnv,
  parseEnv,
  queueEnv,
  redisEnv,
  s3Env,
  satwsEnv,
  shutdownEnv,
  workerEnv,
} from '@invoice-extractor/shared/config';
import { z } from 'zod';

/**
 * Empty, or path segments ending in `/` (`tests/run-1/`): it is glued in front of every S3 key,
 * so a missing slash or a leading one would silently change where every file lands.
 */
const KEY_PREFIX = /^(?:[A-Za-z0-9!_.*'()-]+\/)*$/;

const downloaderEnv = z
  .object({
    S3_KEY_PREFIX: envString({
      default: '',
      pattern: KEY_PREFIX,
      expected: 'empty, or folder names ending in "/" such as "staging/" (no leading "/")',
    }),
    // Files are I/O bound (waiting on SAT.ws and S3), so a process runs more of them at once
    // than it runs listings (WORKER_CONCURRENCY), which hold 1000-row transactions.
    DOWNLOAD_CONCURRENCY: envInt({ min: 1, max: 256, default: 8 }),
    // Above this many invoices one export ZIP (a handful of calls) beats two calls per invoice
    // at SAT.ws's 60 requests a minute: 500 invoices per file are already ~17 minutes of budget.
    EXPORT_THRESHOLD_INVOICES: envInt({ min: 0, max: 10_000_000, default: 500 }),
  })
  .transform((env) => ({
    keyPrefix: env.S3_KEY_PREFIX,
    fileConcurrency: env.DOWNLOAD_CONCURRENCY,
    exportThresholdInvoices: env.EXPORT_THRESHOLD_INVOICES,
  }));

const schema = envSchema({
  database: databaseEnv,
  redis: redisEnv,
  s3: s3Env,
  satws: satwsEnv,
  logging: loggingEnv,
  queue: queueEnv,
  worker: workerEnv,
  shutdown: shutdownEnv,
  downloader: downloaderEnv,
});

export type DownloaderConfig = z.output<typeof schema>;

/** Every variable the downloader reads, checked at once; throws a ConfigError naming each bad one. */
export function parseDownloaderConfig(env: Env): DownloaderConfig {
  return parseEnv(schema, env);
}
