import { PassThrough } from 'node:stream';
import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger/index.js';
import {
  createQueue,
  createRedisConnection,
  enqueue,
  extractionRequestsJob,
  QueueUnavailableError,
  reconnectDelayMs,
} from '../../src/queues/index.js';
import { freePort, startProxy } from './tcp-proxy.js';

const EXTRACTION_ID = '0192a1b2-0000-7000-8000-0000000000e1';

let prefix: string;
let port: number;
let admin: Redis;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeEach(async () => {
  prefix = uniqueQueuePrefix();
  port = await freePort();
  admin = new Redis(testRedisUrl());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await cleanupPrefix(admin, prefix);
  admin.disconnect();
});

function connect(role: 'producer' | 'worker', lines?: PassThrough): Redis {
  const logger = lines ? createLogger({ level: 'debug', destination: lines }) : undefined;
  const redis = createRedisConnection(`redis://127.0.0.1:${port}`, role, { logger });
  cleanups.push(() => redis.disconnect());
  return redis;
}

async function proxyToRedis(): Promise<void> {
  const proxy = await startProxy(port, new URL(testRedisUrl()));
  cleanups.push(() => proxy.close());
}

describe('a producer connection', () => {
  it('fails fast while Redis is down, enqueues nothing, and works once Redis is back', async () => {
    const producer = connect('producer');
    const queue = createQueue(extractionRequestsJob, { connection: producer, prefix });
    cleanups.push(() => queue.disconnect());

    let started = Date.now();
    await expect(producer.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);

    started = Date.now();
    const attempt = enqueue(queue, extractionRequestsJob, { extractionId: EXTRACTION_ID });
    await expect(attempt).rejects.toBeInstanceOf(QueueUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, status: 503 });
    expect(Date.now() - started).toBeLessThan(2_000);

    await proxyToRedis();
    await waitFor('the producer to reconnect', () => producer.status === 'ready');
    const job = await enqueue(queue, extractionRequestsJob, { extractionId: EXTRACTION_ID });
    expect(await admin.exists(`${prefix}:extraction-requests:${job.id}`)).toBe(1);
  });
});

describe('a worker connection', () => {
  it('keeps retrying while Redis is down and runs the waiting command once it is back', async () => {
    const worker = connect('worker');
    let reconnects = 0;
    worker.on('reconnecting', () => {
      reconnects += 1;
    });
    let settled = false;
    const pending = worker.set(`${prefix}:probe`, 'delivered').finally(() => {
      settled = true;
    });

    await waitFor('three reconnect attempts', () => reconnects >= 3);
    expect(settled).toBe(false);

    await proxyToRedis();
    expect(await pending).toBe('OK');
    expect(await admin.get(`${prefix}:probe`)).toBe('delivered');
  });

  it('backs off exponentially up to a cap instead of hammering Redis', () => {
    const delays = [1, 2, 3, 4, 10, 50, 1000].map((attempt) => reconnectDelayMs(attempt, 20_000));
    expect(delays).toEqual([200, 400, 800, 1600, 20_000, 20_000, 20_000]);
  });
});

describe('connection errors', () => {
  it('are logged once per outage, with the recovery, instead of crashing', async () => {
    const output = new PassThrough();
    const lines: { msg: string; level: string; role?: string }[] = [];
    output.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line));
      }
    });
    const worker = connect('worker', output);
    let reconnects = 0;
    worker.on('reconnecting', () => {
      reconnects += 1;
    });

    await waitFor('two reconnect attempts', () => reconnects >= 2);
    await proxyToRedis();
    await waitFor('the recovery to be logged', () =>
      lines.some((line) => line.msg === 'redis connection restored'),
    );

    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ msg: 'redis connection lost; reconnecting', role: 'worker' }),
    ]);
    expect(lines.filter((line) => line.msg === 'redis still unreachable').length).toBeGreaterThan(
      0,
    );
  });
});
