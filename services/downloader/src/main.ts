import { createCallBudget } from '@invoice-extractor/shared/budget';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection } from '@invoice-extractor/shared/queues';
import { createCallLedger, createSatwsClient } from '@invoice-extractor/shared/satws';
import { createShutdown } from '@invoice-extractor/shared/shutdown';
import { createS3Client } from '@invoice-extractor/shared/storage';
import { parseDownloaderConfig } from './config.js';
import { startDownloader } from './start-downloader.js';

// The only impure file: environment → dependencies → workers → shutdown.
// Info until the config is read: a bad LOG_LEVEL must still be reported, not crash the logger.
const logger = createLogger({ name: 'downloader', level: 'info' });
let config: ReturnType<typeof parseDownloaderConfig>;
try {
  config = parseDownloaderConfig(process.env);
} catch (error) {
  // The message names every bad variable (never a secret's value); a stack adds nothing to it.
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
logger.level = config.logging.level;

const concurrency = {
  listings: config.worker.concurrency,
  files: config.downloader.fileConcurrency,
};
const pool = createPool(config.database.url, {
  max: concurrency.listings + concurrency.files + 2,
  applicationName: 'invoice-extractor-downloader',
  // Waiting for each file's commit to reach the disk was most of a download's time. Everything
  // the downloader writes is redone if a PostgreSQL crash loses it: a file row back to pending
  // is downloaded again to the same key, a lost claim is claimed again, a lost listing is swept
  // up by the reconciler. Only settling an extraction commits synchronously (nothing would
  // redo it).
  asynchronousCommit: true,
  onError: (error) => logger.error({ err: error }, 'idle PostgreSQL client failed'),
});
const redis = createRedisConnection(config.redis.url, 'worker', { logger });
const queues = createQueues({ connection: redis, prefix: config.queue.prefix, logger });
const budget = createCallBudget({
  redis,
  prefix: config.queue.prefix,
  requestsPerMinute: config.satws.requestsPerMinute,
});
// Counts every SAT.ws call per extraction (see attributeCalls) into PostgreSQL, batched.
const callLedger = createCallLedger({ pool, logger });
const satws = createSatwsClient({
  baseUrl: config.satws.baseUrl,
  apiKey: config.satws.apiKey,
  budget,
  logger,
  onCall: callLedger.record,
});
const s3Client = createS3Client(config.s3);

const downloader = startDownloader({
  pool,
  queues,
  satws,
  budget,
  redis,
  queuePrefix: config.queue.prefix,
  concurrency,
  logger,
  s3: { client: s3Client, bucket: config.s3.bucket, keyPrefix: config.downloader.keyPrefix },
  exportThresholdInvoices: config.downloader.exportThresholdInvoices,
  dispatch: config.downloader.dispatch,
  exports: config.downloader.exports,
});
logger.info({ queuePrefix: config.queue.prefix, concurrency }, 'downloader started');

const shutdown = createShutdown({ logger, timeoutMs: config.shutdown.timeoutMs });
shutdown.register('stop workers, finish jobs in flight', () => downloader.close());
shutdown.register('write the last SAT.ws call counts', () => callLedger.close());
shutdown.register('close queues', () => queues.close());
shutdown.register('close PostgreSQL pool', () => pool.end());
shutdown.register('close Redis', () => redis.quit());
shutdown.register('close S3 client', () => s3Client.destroy());
