import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createS3Client } from '@invoice-extractor/shared/storage';
import { cleanupPrefix } from '@invoice-extractor/test-support/redis';
import { deletePrefix } from '@invoice-extractor/test-support/s3';
import { Redis } from 'ioredis';
import { ChildProcesses } from '../../scripts/demo/child-processes.js';
import { choosePort, waitForHttp } from '../../scripts/demo/network.js';
import { registerWebhook } from '../../scripts/demo/register-webhook.js';
import { type BenchDatabase, createBenchDatabase } from './bench-database.js';
import { ROOT } from './stack-env.js';

export interface BenchSystemOptions {
  /** Names the database, prefixes and log files. */
  label: string;
  stack: Record<string, string>;
  /** The simulator's SIM_CONFIG (seed, rate limit, timings…); port, host and key are added. */
  simulator: Record<string, unknown>;
  /** The services' shared SAT.ws budget per minute: the simulator's limit, or 100,000 for "off". */
  requestsPerMinute: number;
  /** Extra variables for the requester and downloader, e.g. EXPORT_THRESHOLD_INVOICES. */
  workerEnv?: Record<string, string>;
}

export interface BenchSystem {
  simUrl: string;
  simApiKey: string;
  apiUrl: string;
  apiKey: string;
  database: BenchDatabase;
  queuePrefix: string;
  keyPrefix: string;
  logDir: string;
  /** Children still running, by name: a crash is reported here instead of hanging the run. */
  crashed(): string | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const SIM_API_KEY = 'sim-bench-api-key';

/**
 * The whole system as real processes, as `pnpm start` runs it: the simulator, then the api
 * (its webhook endpoint registered with the operators' command), requester and downloader, on
 * a database, queue prefix and S3 prefix of their own. `stop()` removes all three.
 */
export async function startBenchSystem(options: BenchSystemOptions): Promise<BenchSystem> {
  const id = `${options.label}-${randomBytes(3).toString('hex')}`;
  const logDir = join(ROOT, '.stack', 'logs', 'bench', id);
  mkdirSync(logDir, { recursive: true });
  let crash: string | undefined;
  const children = new ChildProcesses(ROOT, (message) => {
    crash ??= message;
  });
  const database = await createBenchDatabase(options.label.replace(/\W/g, '_'));
  const queuePrefix = `ie-bench-${id}`;
  const keyPrefix = `bench/${id}/`;
  const cleanup = async () => {
    await children.stopAll();
    const redis = new Redis(options.stack.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await cleanupPrefix(redis, queuePrefix).finally(() => redis.quit());
    const s3 = createS3Client(s3Settings(options.stack));
    await deletePrefix(s3, options.stack.S3_BUCKET ?? 'invoices', keyPrefix).finally(() =>
      s3.destroy(),
    );
    await database.drop();
  };
  try {
    const simPort = await choosePort(0);
    const simUrl = `http://127.0.0.1:${simPort}`;
    const simConfigFile = join(logDir, 'sim-config.json');
    const simConfig = {
      profile: 'demo',
      logLevel: 'warn',
      ...options.simulator,
      port: simPort,
      host: '127.0.0.1',
      apiKey: SIM_API_KEY,
    };
    writeFileSync(simConfigFile, JSON.stringify(simConfig, null, 2));
    children.start({
      name: 'satws-sim',
      args: ['services/satws-sim/dist/main.js'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SIM_CONFIG: simConfigFile },
      logFile: join(logDir, 'satws-sim.log'),
    });
    await waitForHttp(`${simUrl}/_sim/health`, { timeoutMs: START_TIMEOUT_MS });

    const apiPort = await choosePort(0);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const apiKey = `bench-${randomBytes(12).toString('hex')}`;
    const secret = await registerWebhook({
      root: ROOT,
      webhookUrl: `${apiUrl}/v1/webhooks/satws`,
      satws: { baseUrl: simUrl, apiKey: SIM_API_KEY },
      logFile: join(logDir, 'register-webhook.log'),
    });
    const common = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...options.stack,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: queuePrefix,
      S3_KEY_PREFIX: keyPrefix,
      SATWS_BASE_URL: simUrl,
      SATWS_API_KEY: SIM_API_KEY,
      SATWS_REQUESTS_PER_MINUTE: String(options.requestsPerMinute),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    };
    children.start({
      name: 'api',
      args: ['services/api/dist/main.js'],
      env: {
        ...common,
        PORT: String(apiPort),
        API_KEYS: apiKey,
        ADMIN_USER: 'bench',
        ADMIN_PASSWORD: randomBytes(12).toString('hex'),
        SATWS_WEBHOOK_SECRET: secret,
      },
      logFile: join(logDir, 'api.log'),
    });
    for (const name of ['requester', 'downloader']) {
      children.start({
        name,
        // BENCH_WORKER_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, shows where a
        // worker's time goes (Node refuses --cpu-prof in NODE_OPTIONS).
        args: [...workerNodeArgs(), `services/${name}/dist/main.js`],
        env: {
          ...common,
          RECONCILE_EVERY_MS: '60000',
          ...options.workerEnv,
        },
        logFile: join(logDir, `${name}.log`),
      });
    }
    await waitForHttp(`${apiUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS });
    return {
      simUrl,
      simApiKey: SIM_API_KEY,
      apiUrl,
      apiKey,
      database,
      queuePrefix,
      keyPrefix,
      logDir,
      crashed: () => crash,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}

function workerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

export function s3Settings(stack: Record<string, string>) {
  return {
    endpoint: stack.S3_ENDPOINT ?? 'http://127.0.0.1:9000',
    region: stack.S3_REGION ?? 'us-east-1',
    bucket: stack.S3_BUCKET ?? 'invoices',
    accessKeyId: stack.S3_ACCESS_KEY_ID ?? 'local-access-key',
    secretAccessKey: stack.S3_SECRET_ACCESS_KEY ?? 'local-secret-key',
    forcePathStyle: true,
  };
}
