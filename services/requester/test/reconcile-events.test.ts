import { getEventsCursor, getInboxEvent } from '@invoice-extractor/shared/db';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processSatwsEvent } from '../src/events/process-satws-event.js';
import { catchUpEvents } from '../src/reconcile/catch-up-events.js';
import { processExtractionRequest } from '../src/requests/process-extraction-request.js';
import { jobOf, queuedExtraction, reload, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';

describe('reconciler: events catch-up', () => {
  let harness: Harness;
  let context: TestContext;

  // No webhook endpoint is registered: every webhook SAT.ws would send is lost.
  beforeAll(async () => {
    harness = await openHarness({ seed: { taxpayers: [{ rfc: RFC, invoices: 4 }] } });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    context = openContext(harness);
  });
  afterEach(() => context.close());

  async function finishedAtSatws() {
    const row = await queuedExtraction(harness.pool, RFC);
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const requested = await reload(harness.pool, row.id);
    const satwsId = requested.satws_extraction_id ?? '';
    await waitFor('SAT.ws to finish the extraction', async () => {
      const upstream = await context.deps.satws.getExtraction(satwsId);
      return upstream.status === 'finished';
    });
    return { row: requested, satwsId };
  }

  async function eventJobIds() {
    const jobs = await context.queues.satwsEvents.getJobs(['waiting', 'delayed', 'active']);
    return jobs.map((job) => job.data.eventId);
  }

  async function updatesOf(satwsId: string) {
    const events = [];
    for await (const page of context.deps.satws.listEvents({ type: 'extraction.updated' })) {
      events.push(...page.filter((event) => event.data.object.id === satwsId));
    }
    return events;
  }

  it('recovers dropped extraction.updated webhooks: the extraction moves on', async () => {
    const { row, satwsId } = await finishedAtSatws();
    const updates = await updatesOf(satwsId);
    expect(updates.length).toBeGreaterThan(0);

    const counts = await catchUpEvents(context.deps);

    expect(counts.complete).toBe(true);
    const queued = await eventJobIds();
    for (const update of updates) {
      expect(queued).toContain(update.id);
      expect(await getInboxEvent(harness.pool, update.id)).toMatchObject({
        signature_verdict: 'events-api',
        processed_at: null,
      });
    }
    for (const eventId of queued) await processSatwsEvent(jobOf({ eventId }), context.deps);
    expect(await reload(harness.pool, row.id)).toMatchObject({
      status: 'downloading',
      satws_status: 'finished',
    });
    expect(await context.queues.invoiceListings.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const cursor = await getEventsCursor(harness.pool);
    expect(cursor?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('ignores an event the webhook already delivered: no job, nothing changes', async () => {
    const { row, satwsId } = await finishedAtSatws();
    const updates = await updatesOf(satwsId);
    for (const update of updates) {
      await processSatwsEvent(
        jobOf({ eventId: await storeEvent(harness.pool, update) }),
        context.deps,
      );
    }
    const before = await reload(harness.pool, row.id);
    expect(before.status).toBe('downloading');

    await catchUpEvents(context.deps);

    const queued = await eventJobIds();
    for (const update of updates) {
      expect(queued).not.toContain(update.id);
      expect(await getInboxEvent(harness.pool, update.id)).toMatchObject({
        signature_verdict: 'x-satws-signature',
        outcome: 'applied',
      });
    }
    expect(await reload(harness.pool, row.id)).toEqual(before);
  });

  it('a run cut short leaves the cursor; the next full run stores everything and moves it', async () => {
    const { satwsId } = await finishedAtSatws();
    const before = await getEventsCursor(harness.pool);
    context.deps.reconciler = { everyMs: 60_000, maxEventsPerRun: 1 };

    const cut = await catchUpEvents(context.deps);

    expect(cut).toMatchObject({ complete: false });
    expect(await getEventsCursor(harness.pool)).toEqual(before);
    context.deps.reconciler = { everyMs: 60_000 };
    const full = await catchUpEvents(context.deps);
    expect(full.complete).toBe(true);
    for (const update of await updatesOf(satwsId)) {
      expect(await getInboxEvent(harness.pool, update.id)).not.toBeNull();
    }
    expect((await getEventsCursor(harness.pool))?.getTime()).toBeGreaterThan(
      before?.getTime() ?? 0,
    );
  });
});
