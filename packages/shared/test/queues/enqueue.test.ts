import {
  cleanupPrefix,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createQueues,
  createRedisConnection,
  enqueue,
  enqueueBulk,
  extractionRequestsJob,
  fileDownloadsJob,
  InvalidJobPayloadError,
  parseJobPayload,
  type Queues,
  retryingJobOptions,
  satwsEventsJob,
} from '../../src/queues/index.js';

const EXTRACTION_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

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

async function keysUnderPrefix(): Promise<string[]> {
  const [, keys] = await producer.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  return keys;
}

describe('enqueue', () => {
  it('rejects a bad payload with a clear error and writes nothing to Redis', async () => {
    const bad = { extractionId: 'abc', callbackToken: 'secret' } as never;
    const attempt = enqueue(queues.extractionRequests, extractionRequestsJob, bad);

    await expect(attempt).rejects.toThrow(InvalidJobPayloadError);
    await expect(attempt).rejects.toThrow(
      'Invalid payload for queue extraction-requests: extractionId: must be a UUID; ' +
        'Unrecognized key: "callbackToken"',
    );
    expect(await queues.extractionRequests.getJobCounts()).toMatchObject({ waiting: 0 });
    // Creating a queue writes its `meta` hash; a job would add an id counter, lists and hashes.
    const written = (await keysUnderPrefix()).filter((key) => !key.endsWith(':meta'));
    expect(written).toEqual([]);
  });

  it('refuses a definition that does not belong to the queue', async () => {
    await expect(
      enqueue(queues.satwsEvents, extractionRequestsJob, { extractionId: EXTRACTION_ID }),
    ).rejects.toThrow('extraction-requests job given queue satws-events');
    expect(await queues.satwsEvents.count()).toBe(0);
  });

  it('collapses duplicates of the same entity into one job with a deterministic id', async () => {
    const first = await enqueue(queues.extractionRequests, extractionRequestsJob, {
      extractionId: EXTRACTION_ID,
    });
    const again = await enqueue(queues.extractionRequests, extractionRequestsJob, {
      extractionId: EXTRACTION_ID.toUpperCase(),
    });
    await enqueue(queues.fileDownloads, fileDownloadsJob, { fileId: '42' });
    await enqueue(queues.fileDownloads, fileDownloadsJob, { fileId: '42' });
    await enqueue(queues.fileDownloads, fileDownloadsJob, { fileId: '43' });

    expect(first.id).toBe(`extraction-${EXTRACTION_ID}`);
    expect(again.id).toBe(first.id);
    expect(await queues.extractionRequests.count()).toBe(1);
    const files = await queues.fileDownloads.getWaiting();
    expect(files.map((job) => job.id).sort()).toEqual(['file-42', 'file-43']);
    expect(files[0]?.data).toEqual({ fileId: expect.stringMatching(/^4[23]$/) });
  });

  it('accepts an event id with ":" that BullMQ would refuse as a raw job id', async () => {
    const job = await enqueue(queues.satwsEvents, satwsEventsJob, { eventId: 'evt:1:2:3' });
    expect(job.id).toBe('event-evt%3A1%3A2%3A3');
    const stored = await queues.satwsEvents.getJob(job.id ?? '');
    expect(stored?.data).toEqual({ eventId: 'evt:1:2:3' });
    expect(stored?.opts.attempts).toBe(10);
  });

  it('lets another process see the same queues through the same prefix', async () => {
    await enqueue(queues.extractionRequests, extractionRequestsJob, {
      extractionId: EXTRACTION_ID,
    });
    await enqueue(queues.fileDownloads, fileDownloadsJob, { fileId: '7' });
    const board = createQueues({ connection: producer, prefix });
    const elsewhere = createQueues({ connection: producer, prefix: uniqueQueuePrefix() });
    try {
      expect(board.list.map((queue) => queue.name)).toEqual([
        'extraction-requests',
        'satws-events',
        'invoice-listings',
        'file-downloads',
        'export-downloads',
        'reconciler',
      ]);
      expect(await board.extractionRequests.count()).toBe(1);
      expect(await board.fileDownloads.getJob('file-7')).toBeDefined();
      expect(await elsewhere.fileDownloads.count()).toBe(0);
      const keys = await keysUnderPrefix();
      expect(keys.every((key) => key.startsWith(`${prefix}:`))).toBe(true);
    } finally {
      await board.close();
      await elsewhere.close();
    }
  });
});

describe('jobs in a real worker', () => {
  it('fails a job whose payload does not match at the first attempt, with the zod message', async () => {
    // Written past enqueue on purpose: what an older producer or a hand-edited job would leave.
    await queues.fileDownloads.add('download-file', { fileId: 'abc' } as never, {
      jobId: 'file-bad',
    });
    const worker = new Worker(
      'file-downloads',
      async (job: Job) => parseJobPayload(fileDownloadsJob, job),
      { connection: workerConnection, prefix },
    );
    workers.push(worker);

    const failed = await waitFor('the job to fail', async () => {
      const job = await queues.fileDownloads.getJob('file-bad');
      return job?.failedReason ? job : undefined;
    });
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toBe(
      'Invalid payload for job file-bad in queue file-downloads: fileId: ' +
        'must be a positive integer written in decimal, as a string',
    );
  });

  it('retries a failing job with growing, jittered delays until its attempts run out', async () => {
    const attemptsAt: number[] = [];
    const worker = new Worker(
      'satws-events',
      async (): Promise<void> => {
        attemptsAt.push(Date.now());
        throw new Error('upstream 503');
      },
      { connection: workerConnection, prefix },
    );
    workers.push(worker);
    // The catalog's retry shape with a short base delay, so four attempts fit in a test.
    const options = retryingJobOptions({ attempts: 4, baseDelayMs: 200 });
    await enqueue(queues.satwsEvents, satwsEventsJob, { eventId: 'evt-retry' }, options);

    const failed = await waitFor(
      'the attempts to run out',
      async () => {
        const job = await queues.satwsEvents.getJob('event-evt-retry');
        return job?.finishedOn ? job : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(failed.attemptsMade).toBe(4);
    const gaps = attemptsAt.slice(1).map((at, index) => at - (attemptsAt[index] ?? at));
    expect(gaps).toHaveLength(3);
    // Jitter 0.5: the nth retry waits between half and all of 200 ms * 2^(n-1).
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(100 * 2 ** index - 5);
    });
    expect(gaps[2] ?? 0).toBeGreaterThan(gaps[0] ?? 0);
  });
});

describe('enqueueBulk', () => {
  it('adds every job with its deterministic id in one call, and an id already queued once', async () => {
    await enqueueBulk(queues.satwsEvents, satwsEventsJob, [
      { eventId: 'evt-1' },
      { eventId: 'evt-2' },
    ]);
    await enqueueBulk(queues.satwsEvents, satwsEventsJob, [
      { eventId: 'evt-2' },
      { eventId: 'evt-3' },
    ]);

    const jobs = await queues.satwsEvents.getJobs(['waiting']);
    expect(jobs.map((job) => job.id).sort()).toEqual(['event-evt-1', 'event-evt-2', 'event-evt-3']);
  });

  it('adds nothing when one payload of the bulk is bad', async () => {
    const attempt = enqueueBulk(queues.satwsEvents, satwsEventsJob, [
      { eventId: 'evt-1' },
      { eventId: 'has space' },
    ]);

    await expect(attempt).rejects.toThrow(InvalidJobPayloadError);
    expect(await queues.satwsEvents.getJobs(['waiting', 'delayed', 'active'])).toEqual([]);
  });
});
