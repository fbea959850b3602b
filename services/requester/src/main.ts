import { createCallBudget } from '@invoice-extractor/shared/budget';
import { ConfigError } from '@invoice-extractor/shared/config';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection } from '@invoice-extractor/shared/queues';
import { createCallLedger, createSatwsClient } from '@invoice-extractor/shared/satws';
import { createShutdown } from '@invoice-extractor/shared/shutdown';
import { parseRequesterConfig, type RequesterConfig } from './config.js';
import { startRequester } from './start-requester.js';

function readConfig(): RequesterConfig {
  try {
    return parseRequesterConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`requester: ${error.message}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const logger = createLogger({ level: config.logging.level, name: 'requester' });
const pool = createPool(config.database.url, {
  // Both workers run `concurrency` jobs, each holding at most one connection at a time.
  max: config.worker.concurrency * 2 + 2,
  applicationName: 'requester',
  onError: (error) => logger.error({ err: error }, 'idle PostgreSQL connection failed'),
});
const workerRedis = createRedisConnection(config.redis.url, 'worker', { logger });
const producerRedis = createRedisConnection(config.redis.url, 'producer', { logger });
const queues = createQueues({ connection: producerRedis, prefix: config.queue.prefix, logger });
// On the worker connection: a Redis blip makes a budget check wait, not fail the job.
const budget = createCallBudget({
  redis: workerRedis,
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
const requester = startRequester({
  pool,
  queues,
  satws,
  budget,
  redis: workerRedis,
  queuePrefix: config.queue.prefix,
  concurrency: config.worker.concurrency,
  logger,
  ...(config.reconciler ? { reconciler: config.reconciler } : {}),
});

const shutdown = createShutdown({ logger, timeoutMs: config.shutdown.timeoutMs });
shutdown.register('stop workers, finish jobs in flight', () => requester.close());
shutdown.register('write the last SAT.ws call counts', () => callLedger.close());
shutdown.register('close queues', () => queues.close());
shutdown.register('close PostgreSQL pool', () => pool.end());
shutdown.register('close Redis', () => Promise.all([producerRedis.quit(), workerRedis.quit()]));

logger.info(
  { queuePrefix: config.queue.prefix, concurrency: config.worker.concurrency },
  'requester started',
);
