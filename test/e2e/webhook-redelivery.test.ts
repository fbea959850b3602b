import { EMITTED_EVENT_TYPES } from '@invoice-extractor/satws-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../support/start-system.js';
import {
  countRows,
  deliveryAttempts,
  storedVersusExpected,
  upstreamEvents,
} from '../support/system-checks.js';

const PERIOD = { from: '2025-04-01', to: '2025-05-31' };
const COMPANIES = ['EKU9003173C9', 'IIA040805DZ4'];
const COPIES = 3;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'webhook-redelivery',
    companies: COMPANIES.map((rfc) => ({ rfc, invoices: 80, ...PERIOD })),
    // Every type SAT.ws emits, so the per-invoice and per-file bursts are redelivered too.
    webhookEvents: EMITTED_EVENT_TYPES,
    simulator: {
      // Each delivery sent three times, every copy at a random moment within 1.5 s: the
      // "finished" of an extraction regularly arrives before its "running".
      faults: [
        { kind: 'duplicate', copies: COPIES },
        { kind: 'shuffle', maxDelayMs: 1_500 },
      ],
    },
  });
});

afterAll(async () => {
  await system?.stop();
});

async function appliedEventIds(extractionId: string): Promise<string[]> {
  const result = await system.isolation.pool.query<{ event_id: string }>(
    `select detail->>'eventId' as event_id from extraction_events
     where extraction_id = $1 and kind = 'webhook.applied'`,
    [extractionId],
  );
  return result.rows.map((row) => row.event_id);
}

describe('webhooks delivered several times, out of order', () => {
  it('ends with the same files as a clean run, each event applied exactly once', async () => {
    const since = Date.now();
    const requested = await Promise.all(
      COMPANIES.map((rfc) => system.api.requestExtraction({ rfc, period: PERIOD })),
    );
    const finished = await Promise.all(
      requested.map((extraction) => system.api.waitForTerminal(extraction.id, 120_000)),
    );
    expect(finished.map((extraction) => extraction.status)).toEqual(['completed', 'completed']);
    const { stored, expected } = await storedVersusExpected(system, COMPANIES);
    expect(stored).toEqual(expected);

    // Events from before this test (the seeded credentials) were never sent to our endpoint.
    const events = (await upstreamEvents(system)).filter(
      (event) => Date.parse(event.createdAt ?? '') >= since - 1_000,
    );
    // Copies keep arriving for a while after the last file is stored.
    await expect
      .poll(() => deliveryAttempts(system), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(events.length * COPIES);
    const inboxIds = async () =>
      (
        await system.isolation.pool.query<{ event_id: string }>(
          'select event_id from webhook_inbox',
        )
      ).rows
        .map((row) => row.event_id)
        .sort();
    expect(await inboxIds()).toEqual(events.map((event) => event.id).sort());
    await expect
      .poll(() => countRows(system, 'webhook_inbox', 'processed_at is null'), { timeout: 20_000 })
      .toBe(0);

    for (const extraction of finished) {
      const satwsId = (
        await system.isolation.pool.query<{ satws_extraction_id: string }>(
          'select satws_extraction_id from extractions where id = $1',
          [extraction.id],
        )
      ).rows[0]?.satws_extraction_id;
      const updates = events.filter(
        (event) => event.type === 'extraction.updated' && event.data.object.id === satwsId,
      );
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect((await appliedEventIds(extraction.id)).sort()).toEqual(
        updates.map((event) => event.id).sort(),
      );
    }
    // One listing per extraction, not one per copy of its "finished" event.
    expect(await countRows(system, 'extraction_events', "kind = 'listing.completed'")).toBe(2);
    expect(await system.queues.invoiceListings.getJobCounts('completed')).toEqual({ completed: 2 });
  }, 180_000);
});
