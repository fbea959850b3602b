import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getInboxEvent,
  type InboxEvent,
  insertInboxEvent,
  insertInboxEvents,
  listUnprocessedInboxEvents,
  markInboxEventProcessed,
} from '../../src/db/webhook-inbox.js';
import { type OpenDatabase, openDatabase } from './fixtures.js';

function event(overrides: Partial<InboxEvent> = {}): InboxEvent {
  const eventId = randomUUID();
  return {
    eventId,
    eventType: 'extraction.updated',
    payloadJson: JSON.stringify({ id: eventId, type: 'extraction.updated', data: { object: {} } }),
    signatureVerdict: 'x-syntage-signature',
    ...overrides,
  };
}

describe('webhook_inbox', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('stores an event once: a redelivery is reported and changes nothing', async () => {
    const first = event();
    const redelivery = { ...first, payloadJson: '{"different":true}' };

    expect(await insertInboxEvent(db.pool, first)).toBe(true);
    expect(await insertInboxEvent(db.pool, redelivery)).toBe(false);

    const stored = await getInboxEvent(db.pool, first.eventId);
    expect(stored).toMatchObject({
      event_type: 'extraction.updated',
      payload: JSON.parse(first.payloadJson),
      signature_verdict: 'x-syntage-signature',
      processed_at: null,
      outcome: null,
    });
  });

  it('stores a burst in one statement and returns only the new ids', async () => {
    const known = event();
    await insertInboxEvent(db.pool, known);
    const fresh = Array.from({ length: 50 }, () => event({ signatureVerdict: 'events-api' }));
    const first = fresh[0];
    if (!first) throw new Error('no events');

    const inserted = await insertInboxEvents(db.pool, [known, ...fresh, first]);

    expect(inserted.sort()).toEqual(fresh.map((e) => e.eventId).sort());
  });

  it('rejects a payload that is not JSON and stores nothing', async () => {
    const bad = event({ payloadJson: '{not json' });

    await expect(insertInboxEvent(db.pool, bad)).rejects.toThrow(
      /invalid input syntax for type json/,
    );
    expect(await getInboxEvent(db.pool, bad.eventId)).toBeNull();
  });

  it('rejects an unknown signature verdict naming the rule', async () => {
    const bad = event({ signatureVerdict: 'none' as InboxEvent['signatureVerdict'] });

    await expect(insertInboxEvent(db.pool, bad)).rejects.toThrow(
      /webhook_inbox_signature_verdict_known/,
    );
  });

  it('marks an event processed once and lists only unprocessed ones, oldest first', async () => {
    const done = event();
    const waiting = event();
    await insertInboxEvent(db.pool, done);
    await insertInboxEvent(db.pool, waiting);

    expect(await markInboxEventProcessed(db.pool, done.eventId, 'applied')).toBe(true);
    expect(await markInboxEventProcessed(db.pool, done.eventId, 'failed', 'late')).toBe(false);

    const stored = await getInboxEvent(db.pool, done.eventId);
    expect(stored).toMatchObject({ outcome: 'applied', error: null });
    expect(stored?.processed_at).toBeInstanceOf(Date);
    const unprocessed = await listUnprocessedInboxEvents(db.pool, {
      receivedBefore: new Date(Date.now() + 60_000),
      limit: 1000,
    });
    const ids = unprocessed.map((row) => row.event_id);
    expect(ids).toContain(waiting.eventId);
    expect(ids).not.toContain(done.eventId);
    const times = unprocessed.map((row) => row.received_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
