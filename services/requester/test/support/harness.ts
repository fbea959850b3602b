import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '@invoice-extractor/satws-sim';
import { createCallBudget } from '@invoice-extractor/shared/budget';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection, type Queues } from '@invoice-extractor/shared/queues';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { RequesterDeps, RequesterTiming } from '../../src/requester-deps.js';

/** What a test file shares: its own database, a simulator in-process, Redis connections. */
export interface Harness {
  /** The test file's database, for a process started apart from the test. */
  databaseUrl: string;
  pool: pg.Pool;
  sim: RunningSimulator;
  redis: Redis;
  workerRedis: Redis;
  close(): Promise<void>;
}

export async function openHarness(simulator: SimulatorOptions = {}): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  const pool = createPool(database.url, {
    max: 10,
    applicationName: 'requester-test',
    onError: () => undefined,
  });
  const sim = await startSimulator(simulator);
  const redis = createRedisConnection(testRedisUrl(), 'producer');
  const workerRedis = createRedisConnection(testRedisUrl(), 'worker');
  return {
    databaseUrl: database.url,
    pool,
    sim,
    redis,
    workerRedis,
    close: async () => {
      await sim.stop();
      await pool.end();
      await database.drop();
      await Promise.all([redis.quit(), workerRedis.quit()]);
    },
  };
}

/** One test's world: a queue prefix of its own and the requester's deps built on it. */
export interface TestContext {
  deps: RequesterDeps;
  queues: Queues;
  prefix: string;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** 0 turns the shared budget off; a number puts it in Redis under the test's prefix. */
  requestsPerMinute?: number;
  timing?: Partial<RequesterTiming>;
}

export function openContext(harness: Harness, options: ContextOptions = {}): TestContext {
  const prefix = uniqueQueuePrefix();
  const queues = createQueues({ connection: harness.redis, prefix });
  const budget = createCallBudget({
    redis: harness.workerRedis,
    prefix,
    requestsPerMinute: options.requestsPerMinute ?? 0,
  });
  const satws = createSatwsClient({
    baseUrl: harness.sim.url,
    apiKey: harness.sim.apiKey,
    budget,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
  const deps: RequesterDeps = {
    pool: harness.pool,
    queues,
    satws,
    budget,
    redis: harness.workerRedis,
    queuePrefix: prefix,
    concurrency: 2,
    logger: createLogger({ level: 'silent' }),
    timing: options.timing,
  };
  return {
    deps,
    queues,
    prefix,
    close: async () => {
      await queues.close();
      await cleanupPrefix(harness.redis, prefix);
    },
  };
}
