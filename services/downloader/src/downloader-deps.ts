import type { S3Client } from '@aws-sdk/client-s3';
import type { CallBudget } from '@invoice-extractor/shared/budget';
import type { Logger } from '@invoice-extractor/shared/logger';
import type { Queues } from '@invoice-extractor/shared/queues';
import type { SatwsClient } from '@invoice-extractor/shared/satws';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { DispatchSettings } from './dispatch/dispatch-settings.js';
import type { ExportSettings } from './exports/export-settings.js';

export interface S3Target {
  client: S3Client;
  bucket: string;
  /** Put in front of every key: empty in production, a unique folder per test. */
  keyPrefix: string;
}

/** Everything the downloader's workers and processors use; built once by `main.ts` or a test. */
export interface DownloaderDeps {
  pool: Pool;
  /** File jobs are added here; the queues' prefix must equal `queuePrefix`. */
  queues: Pick<Queues, 'fileDownloads' | 'exportDownloads'>;
  /** Carries the shared call budget in its `budget` option. */
  satws: SatwsClient;
  /** The same budget, told to pause every process when SAT.ws answers 429. */
  budget: CallBudget;
  /** A worker-role connection (commands wait for a reconnect), shared by both workers. */
  redis: Redis;
  queuePrefix: string;
  concurrency: { listings: number; files: number };
  /** Invoices per upstream page; the upstream's maximum, 1000, unless a test wants more pages. */
  listingPageSize?: number;
  logger: Logger;
  s3: S3Target;
  /** Extractions with more invoices than this are fetched through one export ZIP. */
  exportThresholdInvoices: number;
  /** Polling and unpacking of export ZIPs; the defaults of `exports/export-settings.ts` if unset. */
  exports?: Partial<ExportSettings>;
  /** Feeds pending files to the file-downloads queue in turn across companies; woken when files are ready. */
  dispatcher?: { wake(): void };
  /** Backlog, tick and daily XML budget of the dispatcher `startDownloader` runs; defaults if unset. */
  dispatch?: Partial<DispatchSettings>;
}
