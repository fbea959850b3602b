import { randomUUID } from 'node:crypto';
import {
  getCompanyByRfc,
  listExtractionEvents,
  setExtractionDeadline,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import { cleanupPrefix } from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollOverdueExtractions } from '../src/reconcile/poll-overdue.js';
import { processReconcile } from '../src/reconcile/process-reconcile.js';
import { requeueLostWork } from '../src/reconcile/requeue-lost-work.js';
import { processExtractionRequest } from '../src/requests/process-extraction-request.js';
import { jobOf, queuedExtraction, reload, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';
const HOUR = 3_600_000;

describe('reconciler: overdue extractions and lost Redis work', () => {
  let harness: Harness;
  let context: TestContext;

  beforeAll(async () => {
    harness = await openHarness({ seed: { taxpayers: [{ rfc: RFC, invoices: 4 }] } });
  });
  afterAll(() => harness.close());
  beforeEach(async () => {
    await harness.sim.admin.clearFaults();
    context = openContext(harness, { timing: { pollIntervalMs: 5 * 60_000 } });
    context.deps.reconciler = { everyMs: 60_000, staleAfterMs: 0 };
  });
  afterEach(() => context.close());

  async function requestedAtSatws() {
    const row = await queuedExtraction(harness.pool, RFC);
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    return reload(harness.pool, row.id);
  }

  async function waitUpstream(satwsId: string, status: string) {
    await waitFor(`SAT.ws extraction ${status}`, async () => {
      return (await context.deps.satws.getExtraction(satwsId)).status === status;
    });
  }

  async function overdue(id: string) {
    await setExtractionDeadline(harness.pool, id, new Date(Date.now() - 1_000));
  }

  it('polls an overdue extraction SAT.ws finished: it moves on and gets its listing', async () => {
    const row = await requestedAtSatws();
    await waitUpstream(row.satws_extraction_id ?? '', 'finished');
    await overdue(row.id);

    const result = await processReconcile(jobOf({}), context.deps);

    expect(result.overdue).toMatchObject({ polled: 1, moved: 1 });
    expect(await reload(harness.pool, row.id)).toMatchObject({
      status: 'downloading',
      satws_status: 'finished',
    });
    const listing = await context.queues.invoiceListings.getJob(`listing-${row.id}`);
    expect(await listing?.getState()).toBe('waiting');
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.map((entry) => entry.kind)).toContain('reconciler.polled');
  });

  it('an overdue extraction SAT.ws has waiting gets the long deadline, counted as a poll', async () => {
    await harness.sim.admin.addFault({ kind: 'extraction-waiting', durationMs: 600_000, rfc: RFC });
    const row = await requestedAtSatws();
    await waitUpstream(row.satws_extraction_id ?? '', 'waiting');
    await overdue(row.id);

    const counts = await pollOverdueExtractions(context.deps);

    expect(counts).toMatchObject({ polled: 1, moved: 0 });
    const after = await reload(harness.pool, row.id);
    expect(after).toMatchObject({ status: 'requested', satws_status: 'waiting', poll_attempts: 1 });
    expect(after.deadline_at?.getTime()).toBeGreaterThan(Date.now() + 5 * HOUR);
    expect(await pollOverdueExtractions(context.deps)).toMatchObject({ polled: 0 });
  });

  it('an overdue extraction SAT.ws does not know is looked at again later, not failed', async () => {
    const row = await queuedExtraction(harness.pool, RFC);
    await transitionExtraction(harness.pool, row.id, ['queued'], 'requested', {
      satwsExtractionId: randomUUID(),
      deadlineAt: new Date(Date.now() - 1_000),
    });

    const counts = await pollOverdueExtractions(context.deps);

    expect(counts).toMatchObject({ polled: 0, unreachable: 1 });
    const after = await reload(harness.pool, row.id);
    expect(after.status).toBe('requested');
    expect(after.deadline_at?.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
  });

  it('rebuilds the jobs Redis lost from PostgreSQL, and only once', async () => {
    const queued = await queuedExtraction(harness.pool, RFC);
    const unlisted = await queuedExtraction(harness.pool, RFC);
    await transitionExtraction(harness.pool, unlisted.id, ['queued'], 'downloading', {
      satwsExtractionId: randomUUID(),
    });
    const event = { id: randomUUID(), type: 'extraction.updated', data: { object: {} } };
    await storeEvent(harness.pool, event);
    await pastThisMillisecond();
    await requeueLostWork(context.deps);
    // Redis restarts empty: every key of this test's prefix is gone.
    expect(await cleanupPrefix(harness.redis, context.prefix)).toBeGreaterThan(0);

    const rebuilt = await requeueLostWork(context.deps);
    const again = await requeueLostWork(context.deps);

    expect(rebuilt.requests.added).toBeGreaterThanOrEqual(1);
    expect(await stateOf('extractionRequests', `extraction-${queued.id}`)).toBe('waiting');
    expect(await stateOf('invoiceListings', `listing-${unlisted.id}`)).toBe('waiting');
    expect(await stateOf('satwsEvents', `event-${event.id}`)).toBe('waiting');
    expect(again.requests.added + again.listings.added + again.events.added).toBe(0);
    const listings = await context.queues.invoiceListings.getJobs(['waiting']);
    expect(listings.filter((job) => job.data.extractionId === unlisted.id)).toHaveLength(1);
  });

  it('re-adds a completed job whose work is still pending; leaves a failed one to a person', async () => {
    const completed = await queuedExtraction(harness.pool, RFC);
    const failed = await queuedExtraction(harness.pool, RFC);
    await pastThisMillisecond();
    await requeueLostWork(context.deps);
    await runRequestJobsOnce([completed.id, failed.id], failed.id);

    const counts = await requeueLostWork(context.deps);

    expect(counts.requests.readded).toBeGreaterThanOrEqual(1);
    expect(counts.requests['failed-kept']).toBe(1);
    expect(await stateOf('extractionRequests', `extraction-${completed.id}`)).toBe('waiting');
    expect(await stateOf('extractionRequests', `extraction-${failed.id}`)).toBe('failed');
  });

  it('re-adds a job whose record survived in Redis without a place in any queue', async () => {
    const row = await queuedExtraction(harness.pool, RFC);
    await pastThisMillisecond();
    await requeueLostWork(context.deps);
    const jobId = `extraction-${row.id}`;
    // What a partial loss of Redis can leave (seen in the chaos suite): the job's hash without
    // its entry in the wait list. BullMQ then ignores an add under the same id.
    await harness.redis.lrem(`${context.prefix}:extraction-requests:wait`, 0, jobId);
    expect(await stateOf('extractionRequests', jobId)).toBe('unknown');

    const counts = await requeueLostWork(context.deps);

    expect(counts.requests.readded).toBe(1);
    expect(await stateOf('extractionRequests', jobId)).toBe('waiting');
  });

  /**
   * PostgreSQL stamps rows in microseconds and the sweep's `now` is in milliseconds: a row
   * written in the same millisecond as the sweep would read as newer than `now` and be skipped.
   */
  async function pastThisMillisecond() {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }

  async function stateOf(
    queue: 'extractionRequests' | 'invoiceListings' | 'satwsEvents',
    id: string,
  ) {
    return (await context.queues[queue].getJob(id))?.getState();
  }

  /** A worker that ends each job without doing the work: completes it, or fails it for good. */
  async function runRequestJobsOnce(ids: string[], failing: string) {
    const worker = new Worker(
      'extraction-requests',
      async (job) => {
        if (job.data.extractionId === failing) throw new UnrecoverableError('test: failed');
        return { outcome: 'skipped' };
      },
      { connection: harness.workerRedis, prefix: context.prefix },
    );
    try {
      await waitFor('the request jobs to finish', async () => {
        const states = await Promise.all(
          ids.map((id) => stateOf('extractionRequests', `extraction-${id}`)),
        );
        return states.every((state) => state === 'completed' || state === 'failed');
      });
    } finally {
      await worker.close();
    }
  }
});

describe('reconciler: SAT.ws failures', () => {
  let harness: Harness;
  let context: TestContext;
  const RFC_FAILING = 'GOMA900101AB1';

  beforeAll(async () => {
    harness = await openHarness({
      seed: { taxpayers: [{ rfc: RFC_FAILING, personType: 'physical', invoices: 4 }] },
    });
  });
  afterAll(() => harness.close());
  beforeEach(async () => {
    await harness.sim.admin.clearFaults();
    context = openContext(harness, { timing: { upstreamRetryBaseMs: 1, maxUpstreamAttempts: 3 } });
    context.deps.reconciler = { everyMs: 60_000, staleAfterMs: 0 };
  });
  afterEach(() => context.close());

  async function failedAtSatws(errorCode: 'sat_unavailable' | 'invalid_credentials') {
    await harness.sim.admin.addFault({
      kind: 'extraction-failure',
      errorCode,
      rfc: RFC_FAILING,
    });
    const row = await queuedExtraction(harness.pool, RFC_FAILING);
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const requested = await reload(harness.pool, row.id);
    const satwsId = requested.satws_extraction_id ?? '';
    await waitFor('SAT.ws to fail the extraction', async () => {
      return (await context.deps.satws.getExtraction(satwsId)).status === 'failed';
    });
    await setExtractionDeadline(harness.pool, row.id, new Date(Date.now() - 1_000));
    return { row: requested, satwsId };
  }

  async function retryColumns(id: string) {
    const result = await harness.pool.query<{ not_before: Date | null; upstream_attempts: number }>(
      'select not_before, upstream_attempts from extractions where id = $1',
      [id],
    );
    return result.rows[0];
  }

  it('a retryable SAT.ws failure is requested again when due, as a new SAT.ws extraction', async () => {
    const { row, satwsId } = await failedAtSatws('sat_unavailable');

    await pollOverdueExtractions(context.deps);

    const requeued = await reload(harness.pool, row.id);
    expect(requeued).toMatchObject({ status: 'queued', error_code: 'sat_unavailable' });
    expect(requeued.error_message).toMatch(/requesting it again after/);
    expect(await retryColumns(row.id)).toMatchObject({ upstream_attempts: 1 });
    await waitFor('the retry to be due', async () => {
      const counts = await requeueLostWork(context.deps);
      return counts.requests.readded + counts.requests.added === 1;
    });
    const job = await context.queues.extractionRequests.getJob(`extraction-${row.id}`);
    expect(await job?.getState()).toBe('waiting');
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const again = await reload(harness.pool, row.id);
    expect(again.status).toBe('requested');
    expect(again.satws_extraction_id).not.toBe(satwsId);
    expect(again.error_code).toBeNull();
  });

  it('a retryable failure past the attempts cap fails the extraction', async () => {
    context.deps.timing = { ...context.deps.timing, maxUpstreamAttempts: 1 };
    const { row } = await failedAtSatws('sat_unavailable');

    await pollOverdueExtractions(context.deps);

    const after = await reload(harness.pool, row.id);
    expect(after).toMatchObject({ status: 'failed', error_code: 'sat_unavailable' });
    expect(after.error_message).toMatch(/gave up after 1 SAT\.ws runs/);
  });

  it('invalid_credentials fails the extraction and flags the company', async () => {
    const { row } = await failedAtSatws('invalid_credentials');

    await pollOverdueExtractions(context.deps);

    expect(await reload(harness.pool, row.id)).toMatchObject({
      status: 'failed',
      error_code: 'invalid_credentials',
    });
    expect(await getCompanyByRfc(harness.pool, RFC_FAILING)).toMatchObject({
      credential_status: 'invalid',
    });
    expect(await retryColumns(row.id)).toMatchObject({ not_before: null, upstream_attempts: 0 });
  });
});
