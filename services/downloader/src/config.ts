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
import { defaultBacklog } from './dispatch/dispatch-settings.js';

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
    // How often an export SAT.ws is still preparing is looked at again when no `export.updated`
    // webhook arrives first; each look is one `GET /exports/{id}` of the budget.
    EXPORT_POLL_MS: envInt({ min: 100, max: 3_600_000, default: 30_000 }),
    // ZIP entries read back from the archive object and uploaded at once, per export job.
    EXPORT_ENTRY_CONCURRENCY: envInt({ min: 1, max: 64, default: 8 }),
    // Jobs kept ready in file-downloads; the dispatcher adds more in turn across companies as it
    // drains. Unset: 4 × DOWNLOAD_CONCURRENCY. With several processes, at least their summed
    // DOWNLOAD_CONCURRENCY, or workers idle between refills.
    DISPATCH_BACKLOG: envInt({ min: 1, max: 10_000, optional: true }),
    // The dispatcher's safety-net tick; listings done and jobs finished wake it sooner.
    DISPATCH_INTERVAL_MS: envInt({ min: 50, max: 60_000, default: 1_000 }),
    // SAT allows roughly 2,000 XML downloads per RFC per Mexico City day; past it a company's
    // XML waits for the next day (PDFs go on). 0 = no limit.
    XML_DAILY_BUDGET_PER_RFC: envInt({ min: 0, max: 1_000_000, default: 2_000 }),
  })
  .transform((env) => ({
    keyPrefix: env.S3_KEY_PREFIX,
    fileConcurrency: env.DOWNLOAD_CONCURRENCY,
    exportThresholdInvoices: env.EXPORT_THRESHOLD_INVOICES,
    exports: { pollMs: env.EXPORT_POLL_MS, entryConcurrency: env.EXPORT_ENTRY_CONCURRENCY },
    dispatch: {
      backlog: env.DISPATCH_BACKLOG ?? defaultBacklog(env.DOWNLOAD_CONCURRENCY),
      intervalMs: env.DISPATCH_INTERVAL_MS,
      xmlDailyBudgetPerRfc: env.XML_DAILY_BUDGET_PER_RFC,
    },
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
