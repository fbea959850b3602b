import type { S3Client } from '@aws-sdk/client-s3';
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '@invoice-extractor/satws-sim';
import { type CallBudget, createCallBudget } from '@invoice-extractor/shared/budget';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection, type Queues } from '@invoice-extractor/shared/queues';
import {
  createSatwsClient,
  type SatwsCall,
  type SatwsClientOptions,
} from '@invoice-extractor/shared/satws';
import { createS3Client } from '@invoice-extractor/shared/storage';
import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import {
  createTestS3Prefix,
  deletePrefix,
  testS3Settings,
} from '@invoice-extractor/test-support/s3';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { DownloaderDeps } from '../../src/downloader-deps.js';

export type RecordedCall = SatwsCall & { at: number };

export interface Harness {
  sim: RunningSimulator;
  pool: Pool;
  redis: Redis;
  queues: Queues;
  budget: CallBudget;
  s3Client: S3Client;
  bucket: string;
  keyPrefix: string;
  /** Every SAT.ws call the downloader's client made, in order, with when it ended. */
  calls: RecordedCall[];
  deps: DownloaderDeps;
  close(): Promise<void>;
}

export interface HarnessOptions {
  databaseUrl: string;
  sim?: SimulatorOptions;
  /** Overrides of the SAT.ws client's options (e.g. to hand every 429 to the worker). */
  client?: Partial<SatwsClientOptions>;
  listingPageSize?: number;
  /** Export mode above this many invoices; by default never, so tests get per-file mode. */
  exportThresholdInvoices?: number;
  /** The shared budget in Redis; unlimited by default so tests are not slowed down. */
  requestsPerMinute?: number;
  /** Where the downloader's log lines go; silent by default. */
  logDestination?: NodeJS.WritableStream;
}

/**
 * One isolated system per test: the simulator in-process on an ephemeral port, the test file's
 * database, a queue prefix of its own on the shared Redis and a key prefix of its own in the
 * shared S3 bucket. `close()` removes the Redis keys and S3 objects it created.
 */
export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const sim = await startSimulator(options.sim ?? {});
  const logger = options.logDestination
    ? createLogger({ level: 'info', destination: options.logDestination })
    : createLogger({ level: 'silent' });
  const pool = createPool(options.databaseUrl, { max: 12, onError: () => undefined });
  const redis = createRedisConnection(testRedisUrl(), 'worker');
  const queuePrefix = uniqueQueuePrefix();
  const queues = createQueues({ connection: redis, prefix: queuePrefix });
  const budget = createCallBudget({
    redis,
    prefix: queuePrefix,
    requestsPerMinute: options.requestsPerMinute ?? 0,
  });
  const calls: RecordedCall[] = [];
  const satws = createSatwsClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    budget,
    ...options.client,
    onCall: (call) => calls.push({ ...call, at: Date.now() }),
  });
  const settings = testS3Settings();
  const s3Client = createS3Client({ ...settings, maxAttempts: 1 });
  const keyPrefix = createTestS3Prefix('downloader');
  const deps: DownloaderDeps = {
    pool,
    queues,
    satws,
    budget,
    redis,
    queuePrefix,
    concurrency: { listings: 2, files: 8 },
    logger,
    s3: { client: s3Client, bucket: settings.bucket, keyPrefix },
    listingPageSize: options.listingPageSize,
    exportThresholdInvoices: options.exportThresholdInvoices ?? Number.MAX_SAFE_INTEGER,
  };
  return {
    sim,
    pool,
    redis,
    queues,
    budget,
    s3Client,
    bucket: settings.bucket,
    keyPrefix,
    calls,
    deps,
    close: async () => {
      await queues.close();
      await cleanupPrefix(redis, queuePrefix);
      await redis.quit();
      await deletePrefix(s3Client, settings.bucket, keyPrefix);
      s3Client.destroy();
      await pool.end();
      await sim.stop();
    },
  };
}
