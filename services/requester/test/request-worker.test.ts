import { enqueue, extractionRequestsJob } from '@invoice-extractor/shared/queues';
import { waitFor } from '@invoice-extractor/test-support/wait';
import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failExhaustedRequest } from '../src/jobs/fail-exhausted-request.js';
import { type Requester, startRequester } from '../src/start-requester.js';
import { jobOf, queuedExtraction, reload } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const LINKED = 'EKU9003173C9';
const UNLINKED = 'AAA010101AAA';

describe('requester worker on extraction-requests', () => {
  let harness: Harness;
  let context: TestContext;
  let requester: Requester | undefined;

  beforeAll(async () => {
    harness = await openHarness({
      timings: { extractionPendingMs: 600_000, credentialValidationMs: 50 },
      seed: {
        taxpayers: [
          { rfc: LINKED, invoices: 5 },
          { rfc: UNLINKED, invoices: 5, linked: false },
        ],
      },
    });
  });
  afterAll(() => harness.close());

  beforeEach(() => {
    harness.sim.admin.clearFaults();
    harness.sim.admin.resetCalls();
  });
  afterEach(async () => {
    await requester?.close();
    requester = undefined;
    await context.close();
  });

  async function stateOf(job: Job): Promise<string> {
    return context.queues.extractionRequests.getJobState(job.id ?? '');
  }

  it('fails a permanently failing request, and a retry from Bull Board moves it on', async () => {
    context = openContext(harness);
    const row = await queuedExtraction(harness.pool, UNLINKED);
    const job = await enqueue(context.queues.extractionRequests, extractionRequestsJob, {
      extractionId: row.id,
    });
    requester = startRequester(context.deps);

    await waitFor('the job to fail', async () => (await stateOf(job)) === 'failed');
    const failed = await reload(harness.pool, row.id);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'satws_entity_not_found' });
    const failedJob = await context.queues.extractionRequests.getJob(job.id ?? '');
    expect(failedJob?.attemptsMade).toBe(1);
    expect(failedJob?.failedReason).toContain('has no SAT.ws entity');

    // The operator links the credentials at SAT.ws, then presses "retry" in Bull Board.
    await context.deps.satws.createCiecCredential({ rfc: UNLINKED, password: 'ciec-secreta-1' });
    await waitFor('the entity to exist', () => context.deps.satws.findEntityByRfc(UNLINKED));
    await failedJob?.retry('failed');

    await waitFor('the job to complete', async () => (await stateOf(job)) === 'completed');
    const requested = await reload(harness.pool, row.id);
    expect(requested).toMatchObject({ status: 'requested', error_code: null, error_message: null });
    expect(requested.satws_extraction_id).not.toBeNull();
  });

  it('fails the extraction when transient errors spend every attempt; a retry recovers it', async () => {
    context = openContext(harness);
    harness.sim.admin.addFault({
      kind: 'error',
      path: '/extractions',
      method: 'POST',
      status: 503,
    });
    const row = await queuedExtraction(harness.pool, LINKED);
    const job = await enqueue(
      context.queues.extractionRequests,
      extractionRequestsJob,
      { extractionId: row.id },
      { attempts: 3, backoff: { type: 'fixed', delay: 20 } },
    );
    requester = startRequester(context.deps);

    await waitFor('the job to fail', async () => (await stateOf(job)) === 'failed');
    const failed = await reload(harness.pool, row.id);
    expect(failed.status).toBe('failed');
    expect(failed.error_message).toMatch(/^Gave up after 3 attempts: .*answered 503/);
    expect(harness.sim.admin.calls()['POST /extractions']).toBe(3);

    harness.sim.admin.clearFaults();
    await (await context.queues.extractionRequests.getJob(job.id ?? ''))?.retry('failed');

    await waitFor('the extraction to be requested', async () => {
      const row2 = await reload(harness.pool, row.id);
      return row2.status === 'requested' ? row2 : undefined;
    });
    expect(await stateOf(job)).toBe('completed');
  });

  it('waits out a 429 without spending an attempt, and pauses every process', async () => {
    context = openContext(harness, { requestsPerMinute: 6_000 });
    harness.sim.admin.addFault({
      kind: 'rate-limit',
      path: '/extractions',
      method: 'POST',
      retryAfterSeconds: 11,
      count: 1,
    });
    const row = await queuedExtraction(harness.pool, LINKED);
    const job = await enqueue(context.queues.extractionRequests, extractionRequestsJob, {
      extractionId: row.id,
    });
    requester = startRequester(context.deps);

    const pausedFor = await waitFor('the shared budget to be paused', async () => {
      const verdict = await context.deps.budget.tryAcquire('POST /extractions');
      // A refusal of ~10 ms is only the budget's own spacing at 6,000/min; the pause is seconds.
      return !verdict.ok && verdict.retryAfterMs > 1_000 ? verdict.retryAfterMs : undefined;
    });
    expect(pausedFor).toBeGreaterThan(5_000);
    expect(await context.queues.extractionRequests.getRateLimitTtl()).toBeGreaterThan(0);
    expect((await reload(harness.pool, row.id)).status).toBe('queued');

    await waitFor('the job to complete', async () => (await stateOf(job)) === 'completed', {
      timeoutMs: 40_000,
    });
    const done = await context.queues.extractionRequests.getJob(job.id ?? '');
    // Started twice, but only the run that succeeded counts as an attempt.
    expect(done?.attemptsStarted).toBe(2);
    expect(done?.attemptsMade).toBe(1);
    expect((await reload(harness.pool, row.id)).status).toBe('requested');
    expect(harness.sim.admin.calls()['POST /extractions']).toBe(2);
  });

  it("fails a still-queued extraction when its job is gone for good (the worker's failed event)", async () => {
    context = openContext(harness);
    const row = await queuedExtraction(harness.pool, LINKED);
    const stalled = new Error('job stalled more than allowable limit');

    await failExhaustedRequest(
      context.deps,
      jobOf({ extractionId: row.id }, { attemptsMade: 3, attempts: 10 }),
      stalled,
    );
    expect((await reload(harness.pool, row.id)).status).toBe('queued');

    await failExhaustedRequest(
      context.deps,
      jobOf({ extractionId: row.id }, { attemptsMade: 10, attempts: 10 }),
      stalled,
    );
    const failed = await reload(harness.pool, row.id);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'request_failed' });
    expect(failed.error_message).toContain('job stalled more than allowable limit');
  });
});
