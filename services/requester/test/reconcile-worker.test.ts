import { RECONCILER_SCHEDULER_ID } from '@invoice-extractor/shared/queues';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRequester } from '../src/start-requester.js';
import { queuedExtraction, reload } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';

describe('the requester with its reconciler', () => {
  let harness: Harness;
  let context: TestContext;

  beforeAll(async () => {
    harness = await openHarness({ seed: { taxpayers: [{ rfc: RFC, invoices: 2 }] } });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    context = openContext(harness);
  });
  afterEach(() => context.close());

  it('schedules the reconciler, which requests an extraction whose job Redis never had', async () => {
    // As the API leaves it, but its job was lost before any worker saw it.
    const row = await queuedExtraction(harness.pool, RFC);
    const requester = startRequester({
      ...context.deps,
      reconciler: { everyMs: 1_000, staleAfterMs: 0 },
    });
    try {
      const requested = await waitFor(
        'the reconciler to get the extraction requested',
        async () => {
          const current = await reload(harness.pool, row.id);
          return current.status === 'requested' ? current : undefined;
        },
      );
      expect(requested.satws_extraction_id).not.toBeNull();
      const schedulers = await context.queues.reconciler.getJobSchedulers();
      expect(schedulers.map((scheduler) => scheduler.key)).toContain(RECONCILER_SCHEDULER_ID);
      expect(await context.queues.reconciler.getGlobalConcurrency()).toBe(1);
    } finally {
      await requester.close();
    }
  });
});
