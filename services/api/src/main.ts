import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ConfigError } from '@invoice-extractor/shared/config';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection } from '@invoice-extractor/shared/queues';
import { createShutdown } from '@invoice-extractor/shared/shutdown';
import { createS3Client } from '@invoice-extractor/shared/storage';
import { createApp } from './app.js';
import { type ApiConfig, loadConfig } from './config.js';
import { createWebhookInbox } from './webhooks/webhook-inbox.js';

function readConfig(): ApiConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`api: ${error.message}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const logger = createLogger({ level: config.logging.level, name: 'api' });
const pool = createPool(config.database.url, {
  applicationName: 'api',
  // Short: a request waiting on a pool that cannot connect should get its 503 quickly.
  connectionTimeoutMs: 3_000,
  onError: (error) => logger.error({ err: error }, 'idle PostgreSQL connection failed'),
});
const redis = createRedisConnection(config.redis.url, 'producer', { logger });
const queues = createQueues({ connection: redis, prefix: config.queue.prefix, logger });
const s3 = createS3Client(config.s3);
const webhookInbox = createWebhookInbox({ pool, queues, logger });
const app = createApp({
  pool,
  queues,
  logger,
  apiKeys: config.api.apiKeys,
  webhookSecret: config.api.webhookSecret,
  admin: config.api.admin,
  readiness: { redis, s3: { client: s3, bucket: config.s3.bucket } },
  webhookInbox,
});

const server = serve({ fetch: app.fetch, port: config.api.port }, (info) => {
  logger.info({ port: info.port, queuePrefix: config.queue.prefix }, 'api listening');
}) as Server;

const shutdown = createShutdown({ logger, timeoutMs: config.shutdown.timeoutMs });
shutdown.register(
  'stop accepting requests, finish those in flight',
  () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    }),
);
// Deliveries still gathering are written and answered before the pool and queues close.
shutdown.register('drain the webhook inbox', () => webhookInbox.close());
shutdown.register('close queues', () => queues.close());
shutdown.register('close PostgreSQL pool', () => pool.end());
shutdown.register('close Redis', () => redis.quit());
shutdown.register('close S3 client', () => s3.destroy());
