import { getInboxEvent, listExtractionEvents } from '@invoice-extractor/shared/db';
import { enqueue, satwsEventsJob } from '@invoice-extractor/shared/queues';
import type { SatwsEvent } from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { processSatwsEvent } from '../src/events/process-satws-event.js';
import { processExtractionRequest } from '../src/requests/process-extraction-request.js';
import { type Requester, startRequester } from '../src/start-requester.js';
import { jobOf, queuedExtraction, reload, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';

/** Deterministic shuffle (a seeded LCG), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('SAT.ws events from the simulator, in any order', () => {
  let harness: Harness;
  let context: TestContext;
  let requester: Requester | undefined;

  beforeAll(async () => {
    harness = await openHarness({ seed: { taxpayers: [{ rfc: RFC, invoices: 12 }] } });
  });
  afterAll(() => harness.close());
  afterEach(async () => {
    await requester?.close();
    requester = undefined;
    await context.close();
  });

  /** Requests an extraction, lets the simulator run it to the end, returns its events. */
  async function finishedExtraction() {
    const row = await queuedExtraction(harness.pool, RFC, { periodTo: '2025-06-30' });
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const satwsId = (await reload(harness.pool, row.id)).satws_extraction_id ?? '';
    await waitFor('SAT.ws to finish the extraction', async () => {
      const upstream = await context.deps.satws.getExtraction(satwsId);
      return upstream.status === 'finished';
    });
    const events: SatwsEvent[] = [];
    for (const filter of [
      { resource: `/extractions/${satwsId}` },
      { source: `/extractions/${satwsId}` },
    ]) {
      for await (const page of context.deps.satws.listEvents(filter)) events.push(...page);
    }
    return { row, events: [...new Map(events.map((event) => [event.id, event])).values()] };
  }

  it('ends downloading with one listing job, each event applied once, duplicates and all', async () => {
    context = openContext(harness);
    const { row, events } = await finishedExtraction();
    const updates = events.filter((event) => event.type === 'extraction.updated');
    expect(updates.map((event) => event.data.object.status)).toEqual(
      expect.arrayContaining(['running', 'finished']),
    );
    for (const event of events) await storeEvent(harness.pool, event);

    const deliveries = shuffled([...events, ...updates, ...updates], 7);
    for (const event of deliveries) {
      await processSatwsEvent(jobOf({ eventId: event.id }), context.deps);
    }

    expect(await reload(harness.pool, row.id)).toMatchObject({
      status: 'downloading',
      satws_status: 'finished',
    });
    const listing = await context.queues.invoiceListings.getJobs(['waiting']);
    expect(listing.map((job) => job.id)).toEqual([`listing-${row.id}`]);
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.filter((entry) => entry.kind === 'webhook.applied')).toHaveLength(updates.length);
    for (const event of events) {
      const stored = await getInboxEvent(harness.pool, event.id);
      expect(stored?.outcome).toBe(event.type === 'extraction.updated' ? 'applied' : 'ignored');
    }
  });

  it('the events worker applies queued events, newest first, to the same end', async () => {
    context = openContext(harness);
    const { row, events } = await finishedExtraction();
    for (const event of events) await storeEvent(harness.pool, event);
    requester = startRequester(context.deps);

    for (const event of [...events].reverse()) {
      await enqueue(context.queues.satwsEvents, satwsEventsJob, { eventId: event.id });
    }

    await waitFor('every event to be processed', async () => {
      const rows = await Promise.all(events.map((event) => getInboxEvent(harness.pool, event.id)));
      return rows.every((stored) => stored?.processed_at);
    });
    expect(await reload(harness.pool, row.id)).toMatchObject({ status: 'downloading' });
    expect(await context.queues.invoiceListings.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(await context.queues.satwsEvents.getJobCounts('failed')).toEqual({ failed: 0 });
  });
});
