import type { S3Client } from '@aws-sdk/client-s3';
import { createPool } from '@invoice-extractor/shared/db';
import type { Logger } from '@invoice-extractor/shared/logger';
import { createRedisConnection } from '@invoice-extractor/shared/queues';
import { createS3Client } from '@invoice-extractor/shared/storage';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import {
  createTestS3Client,
  createTestS3Prefix,
  deletePrefix,
  testS3Settings,
} from '@invoice-extractor/test-support/s3';

type Redis = ReturnType<typeof createRedisConnection>;
type Pool = ReturnType<typeof createPool>;

export interface S3Location {
  client: S3Client;
  bucket: string;
  /** Prepended to every key the system writes; ends in `/`. */
  keyPrefix: string;
}

/** One system's private corner of the shared servers, and how to give it back. */
export interface Isolation {
  database: TestDatabase;
  pool: Pool;
  queuePrefix: string;
  redisUrl: string;
  /** Fails fast while Redis is down: what the API enqueues with. */
  producer: Redis;
  /** Waits for reconnects: what BullMQ workers need. */
  worker: Redis;
  /** Where the services write (the shared storage module's client). */
  s3: S3Location;
  /** An independent plain SDK client on the same bucket, for checking what landed. */
  checker: S3Location;
  release(): Promise<void>;
}

/** Resolves once ioredis says ready: a producer connection refuses commands before that. */
function ready(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redis at ${testRedisUrl()} not ready`)),
      10_000,
    );
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A database cloned from the migrated template, a queue prefix and an S3 key prefix nobody else
 * uses: the servers are shared with other test files, runs and engineers.
 */
export async function createIsolation(label: string, logger: Logger): Promise<Isolation> {
  const database = await createTestDatabase();
  const pool = createPool(database.url, {
    max: 20,
    applicationName: `e2e-${label}`,
    onError: (error) => logger.warn({ err: error }, 'idle database client failed'),
  });
  const redisUrl = testRedisUrl();
  const producer = createRedisConnection(redisUrl, 'producer', { logger });
  const worker = createRedisConnection(redisUrl, 'worker', { logger });
  await Promise.all([ready(producer), ready(worker)]);
  const settings = testS3Settings();
  const keyPrefix = createTestS3Prefix(label);
  const s3Client = createS3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    forcePathStyle: settings.forcePathStyle,
  });
  const checker = createTestS3Client(settings);
  const queuePrefix = uniqueQueuePrefix();
  return {
    database,
    pool,
    queuePrefix,
    redisUrl,
    producer,
    worker,
    s3: { client: s3Client, bucket: settings.bucket, keyPrefix },
    checker: { client: checker, bucket: settings.bucket, keyPrefix },
    release: async () => {
      await deletePrefix(checker, settings.bucket, keyPrefix);
      await cleanupPrefix(producer, queuePrefix);
      await pool.end();
      await database.drop();
      producer.disconnect();
      worker.disconnect();
      s3Client.destroy();
      checker.destroy();
    },
  };
}
