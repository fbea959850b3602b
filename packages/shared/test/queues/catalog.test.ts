import { type BackoffOptions, Backoffs, type Job, UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  exportDownloadsJob,
  extractionRequestsJob,
  fileDownloadsJob,
  invoiceListingsJob,
  JOB_CATALOG,
  parseJobPayload,
  reconcilerJob,
  satwsEventsJob,
} from '../../src/queues/index.js';

const EXTRACTION_ID = '0192a1b2-0000-7000-8000-0000000000e1';

/** BullMQ's own rule for custom ids (Job.validateOptions), restated to check every id we build. */
function bullmqAcceptsJobId(id: string): boolean {
  const looksLikeInteger = `${Number.parseInt(id, 10)}` === id;
  return !looksLikeInteger && !id.includes(':');
}

describe('the job catalog', () => {
  it('has one definition per queue, each with retries and retention for Bull Board', () => {
    expect(Object.values(JOB_CATALOG).map((definition) => definition.queueName)).toEqual([
      'extraction-requests',
      'satws-events',
      'invoice-listings',
      'file-downloads',
      'export-downloads',
      'reconciler',
    ]);
    for (const definition of Object.values(JOB_CATALOG)) {
      const options = definition.defaultJobOptions;
      expect(options.removeOnComplete).toMatchObject({ age: expect.any(Number) });
      expect(options.removeOnFail).toMatchObject({ count: expect.any(Number) });
    }
    for (const definition of [
      extractionRequestsJob,
      satwsEventsJob,
      fileDownloadsJob,
      exportDownloadsJob,
    ]) {
      expect(definition.defaultJobOptions.attempts).toBeGreaterThan(1);
      expect(definition.defaultJobOptions.backoff).toMatchObject({
        type: 'exponential',
        jitter: expect.any(Number),
      });
    }
  });

  it('builds the same id for the same entity, one BullMQ accepts', () => {
    const upper = extractionRequestsJob.payload.parse({
      extractionId: EXTRACTION_ID.toUpperCase(),
    });
    const lower = extractionRequestsJob.payload.parse({ extractionId: EXTRACTION_ID });
    const ids = [
      extractionRequestsJob.jobId?.(upper),
      extractionRequestsJob.jobId?.(lower),
      invoiceListingsJob.jobId?.(lower),
      satwsEventsJob.jobId?.({ eventId: 'evt:2025:0001' }),
      fileDownloadsJob.jobId?.({ fileId: '42' }),
      exportDownloadsJob.jobId?.(lower),
    ];

    expect(ids).toEqual([
      `extraction-${EXTRACTION_ID}`,
      `extraction-${EXTRACTION_ID}`,
      `listing-${EXTRACTION_ID}`,
      'event-evt%3A2025%3A0001',
      'file-42',
      `export-${EXTRACTION_ID}`,
    ]);
    for (const id of ids) expect(bullmqAcceptsJobId(id ?? '')).toBe(true);
  });

  it('accepts ids only, and refuses anything else a job could smuggle into Redis', () => {
    const rejected = [
      [extractionRequestsJob, { extractionId: 'not-a-uuid' }],
      [extractionRequestsJob, { extractionId: EXTRACTION_ID, apiKey: 'secret' }],
      [satwsEventsJob, { eventId: '' }],
      [satwsEventsJob, { eventId: 'has space' }],
      [fileDownloadsJob, { fileId: 42 }],
      [fileDownloadsJob, { fileId: '0' }],
      [fileDownloadsJob, { fileId: '9223372036854775808' }],
      [reconcilerJob, { extractionId: EXTRACTION_ID }],
    ] as const;
    for (const [definition, payload] of rejected) {
      expect(definition.payload.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
    expect(fileDownloadsJob.payload.parse({ fileId: '9223372036854775807' })).toEqual({
      fileId: '9223372036854775807',
    });
  });
});

describe('parseJobPayload', () => {
  it('returns the typed payload of a good job', () => {
    const job = { id: 'file-7', data: { fileId: '7' } };
    expect(parseJobPayload(fileDownloadsJob, job).fileId).toBe('7');
  });

  it('fails a bad job for good with the zod message', () => {
    const job = { id: 'x-1', data: { extractionId: 'nope', extra: 1 } } as unknown as Job;
    const run = () => parseJobPayload(extractionRequestsJob, job);
    expect(run).toThrow(UnrecoverableError);
    expect(run).toThrow(
      'Invalid payload for job x-1 in queue extraction-requests: extractionId: must be a UUID; ' +
        'Unrecognized key: "extra"',
    );
  });
});

describe('retry delays (BullMQ Backoffs.calculate on the catalog options)', () => {
  const error = new Error('upstream 503');

  function delays(backoff: BackoffOptions, attemptsMade: number, samples: number): number[] {
    const job = { id: 'probe' } as unknown as Job;
    return Array.from({ length: samples }, () =>
      Number(Backoffs.calculate(backoff, attemptsMade, error, job)),
    );
  }

  it('doubles each attempt, within the jitter band, and varies from job to job', () => {
    for (const definition of [
      extractionRequestsJob,
      satwsEventsJob,
      fileDownloadsJob,
      exportDownloadsJob,
    ]) {
      const backoff = Backoffs.normalize(definition.defaultJobOptions.backoff ?? 0);
      if (!backoff?.delay || backoff.jitter === undefined) throw new Error('no backoff');
      let previousMean = 0;
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        const ceiling = backoff.delay * 2 ** (attempt - 1);
        const sample = delays(backoff, attempt, 200);
        for (const delay of sample) {
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - backoff.jitter)));
          expect(delay).toBeLessThanOrEqual(ceiling);
        }
        expect(new Set(sample).size).toBeGreaterThan(100);
        const mean = sample.reduce((sum, delay) => sum + delay, 0) / sample.length;
        if (previousMean > 0) expect(mean / previousMean).toBeCloseTo(2, 0);
        previousMean = mean;
      }
    }
  });
});
