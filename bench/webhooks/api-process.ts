import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupPrefix } from '@invoice-extractor/test-support/redis';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ChildProcesses } from '../../scripts/demo/child-processes.js';
import { choosePort, waitForHttp } from '../../scripts/demo/network.js';
import { type BenchDatabase, createBenchDatabase } from '../lib/bench-database.js';
import { ROOT } from '../lib/stack-env.js';

export interface ApiUnderTest {
  url: string;
  webhookSecret: string;
  database: BenchDatabase;
  /** Rows in `webhook_inbox`: what was durably stored. */
  countInbox(): Promise<number>;
  /** Why a child stopped on its own, if one did. */
  crashed(): string | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * The api as production runs it (`node services/api/dist/main.js`, built), alone: its own
 * freshly migrated database and queue prefix, both removed by `stop()`. No workers run: the
 * burst's events need none, and a worker would take CPU from the receiver being measured.
 */
export async function startApiUnderTest(options: {
  stack: Record<string, string>;
  logDir: string;
  logLevel: string;
  /** Extra `node` flags for the api, e.g. `--cpu-prof` to see where its time goes. */
  nodeArgs?: readonly string[];
}): Promise<ApiUnderTest> {
  mkdirSync(options.logDir, { recursive: true });
  let crash: string | undefined;
  const children = new ChildProcesses(ROOT, (message) => {
    crash ??= message;
  });
  const database = await createBenchDatabase('webhooks');
  const queuePrefix = `ie-bench-webhooks-${randomBytes(4).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const stop = async () => {
    await children.stopAll();
    await pool.end();
    const redis = new Redis(options.stack.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await cleanupPrefix(redis, queuePrefix).finally(() => redis.quit());
    await database.drop();
  };
  try {
    const port = await choosePort(0);
    children.start({
      name: 'api',
      args: [...(options.nodeArgs ?? []), 'services/api/dist/main.js'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...options.stack,
        DATABASE_URL: database.url,
        QUEUE_PREFIX: queuePrefix,
        PORT: String(port),
        API_KEYS: `bench-${randomBytes(12).toString('hex')}`,
        ADMIN_USER: 'bench',
        ADMIN_PASSWORD: randomBytes(12).toString('hex'),
        SATWS_WEBHOOK_SECRET: webhookSecret,
        LOG_LEVEL: options.logLevel,
      },
      logFile: join(options.logDir, 'api.log'),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/readyz`, {
      timeoutMs: START_TIMEOUT_MS,
      isAlive: () => crash === undefined,
    });
    return {
      url,
      webhookSecret,
      database,
      countInbox: async () =>
        Number((await pool.query('select count(*)::int as n from webhook_inbox')).rows[0].n),
      crashed: () => crash,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`the api did not start${crash ? `: ${crash}` : ''}`, { cause: error });
  }
}
