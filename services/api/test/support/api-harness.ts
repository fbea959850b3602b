import type { S3Client } from '@aws-sdk/client-s3';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection, type Queues } from '@invoice-extractor/shared/queues';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import { createTestS3Client, testS3Settings } from '@invoice-extractor/test-support/s3';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { createApp } from '../../src/app.js';
import type { ApiDeps } from '../../src/deps.js';

export const API_KEY = 'test-api-key-0123456789abcdef';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const ADMIN = { user: 'ops', password: 'correct-horse-battery' };

export interface ApiHarness {
  app: ReturnType<typeof createApp>;
  deps: ApiDeps;
  pool: pg.Pool;
  queues: Queues;
  redis: Redis;
  s3: S3Client;
  prefix: string;
  /** A request with the bearer key (unless the caller sets Authorization). */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** JSON POST with the bearer key. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Another app over the same database, e.g. with a Redis that is down. */
  appWith(overrides: Partial<ApiDeps>): ReturnType<typeof createApp>;
  counts(): Promise<{ companies: number; extractions: number; inbox: number; jobs: number }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<ApiHarness> {
  const database: TestDatabase = await createTestDatabase();
  const pool = createPool(database.url, { onError: () => undefined, max: 5 });
  const prefix = uniqueQueuePrefix();
  const redis = createRedisConnection(testRedisUrl(), 'producer');
  const queues = createQueues({ connection: redis, prefix });
  const s3 = createTestS3Client();
  const deps: ApiDeps = {
    pool,
    queues,
    logger: createLogger({ level: 'silent' }),
    apiKeys: ['another-key-that-is-long-enough', API_KEY],
    webhookSecret: WEBHOOK_SECRET,
    admin: ADMIN,
    readiness: { redis, s3: { client: s3, bucket: testS3Settings().bucket } },
  };
  const app = createApp(deps);
  const call = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${API_KEY}`);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  return {
    app,
    deps,
    pool,
    queues,
    redis,
    s3,
    prefix,
    call,
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    appWith: (overrides) => createApp({ ...deps, ...overrides }),
    counts: async () => {
      const result = await pool.query<{ companies: number; extractions: number; inbox: number }>(
        `select (select count(*) from companies)::int as companies,
                (select count(*) from extractions)::int as extractions,
                (select count(*) from webhook_inbox)::int as inbox`,
      );
      const jobCounts = await Promise.all(queues.list.map((queue) => queue.count()));
      const row = result.rows[0] ?? { companies: -1, extractions: -1, inbox: -1 };
      return { ...row, jobs: jobCounts.reduce((sum, count) => sum + count, 0) };
    },
    close: async () => {
      await queues.close();
      await cleanupPrefix(redis, prefix);
      redis.disconnect();
      s3.destroy();
      await pool.end();
      await database.drop();
    },
  };
}

/** The body of a JSON response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary response fields.
export async function json(response: Response): Promise<any> {
  return response.json();
}
