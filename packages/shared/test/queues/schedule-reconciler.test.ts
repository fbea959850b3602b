import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createQueues,
  createRedisConnection,
  parseJobPayload,
  type Queues,
  RECONCILER_SCHEDULER_ID,
  reconcilerJob,
  scheduleReconciler,
} from '../../src/queues/index.js';

let prefix: string;
let producer: Redis;
let workerConnection: Redis;
let queues: Queues;
const workers: Worker[] = [];

beforeEach(() => {
  prefix = uniqueQueuePrefix();
  producer = createRedisConnection(testRedisUrl(), 'producer');
  workerConnection = createRedisConnection(testRedisUrl(), 'worker');
  queues = createQueues({ connection: producer, prefix });
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  await queues.close();
  await cleanupPrefix(producer, prefix);
  producer.disconnect();
  workerConnection.disconnect();
});

describe('scheduleReconciler', () => {
  it('keeps one schedule however many processes call it', async () => {
    await scheduleReconciler(queues.reconciler, { everyMs: 60_000 });
    await scheduleReconciler(queues.reconciler, { everyMs: 30_000 });

    const schedulers = await queues.reconciler.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: RECONCILER_SCHEDULER_ID, every: 30_000 });
    expect(await queues.reconciler.getGlobalConcurrency()).toBe(1);
  });

  it('refuses another queue or a silly interval', async () => {
    await expect(scheduleReconciler(queues.fileDownloads, { everyMs: 60_000 })).rejects.toThrow(
      'given queue file-downloads, not reconciler',
    );
    await expect(scheduleReconciler(queues.reconciler, { everyMs: 10 })).rejects.toThrow(
      'everyMs must be an integer of at least 1000, got 10',
    );
    expect(await queues.reconciler.getJobSchedulers()).toEqual([]);
  });

  it('runs one reconciliation at a time even with several busy workers', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const processor = async (job: Parameters<typeof parseJobPayload>[1]) => {
      parseJobPayload(reconcilerJob, job);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      // Longer than the interval, so without the limit runs would overlap.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      running -= 1;
      runs += 1;
    };
    for (let index = 0; index < 2; index += 1) {
      const worker = new Worker('reconciler', processor, {
        connection: workerConnection,
        prefix,
        concurrency: 4,
      });
      workers.push(worker);
    }

    await scheduleReconciler(queues.reconciler, { everyMs: 1_000 });
    await waitFor('three reconciliations', () => runs >= 3, { timeoutMs: 20_000 });

    expect(mostAtOnce).toBe(1);
  });
});
