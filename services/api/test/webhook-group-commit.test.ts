import { createLogger } from '@invoice-extractor/shared/logger';
import { createQueues, createRedisConnection, jobIdFor } from '@invoice-extractor/shared/queues';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookInbox, type WebhookInboxOptions } from '../src/webhooks/webhook-inbox.js';
import { type ApiHarness, json, startHarness, WEBHOOK_SECRET } from './support/api-harness.js';
import { type SignedDelivery, signedDelivery } from './support/webhook-deliveries.js';

const PATH = '/v1/webhooks/satws';
/** Longer than any test: a batch is written because it is full, or because the inbox closes. */
const NEVER_MS = 600_000;

let h: ApiHarness;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** An app whose inbox writes a batch once it holds `maxBatch` deliveries, not before. */
function appWithInbox(
  options: WebhookInboxOptions & { pool?: pg.Pool; queues?: ApiHarness['queues'] },
) {
  const inbox = createWebhookInbox(
    { pool: options.pool ?? h.pool, queues: options.queues ?? h.queues, logger },
    { lingerMs: NEVER_MS, ...options },
  );
  return { inbox, app: h.appWith({ webhookInbox: inbox }) };
}

async function deliverAll(app: ApiHarness['app'], deliveries: readonly SignedDelivery[]) {
  const responses = await Promise.all(
    deliveries.map((delivery) => Promise.resolve(app.request(PATH, delivery.init()))),
  );
  return Promise.all(
    responses.map(async (response) => ({ status: response.status, body: await json(response) })),
  );
}

async function storedRows(eventIds: readonly string[]) {
  const result = await h.pool.query<{
    event_id: string;
    outcome: string | null;
    processed: boolean;
    received_at: Date;
  }>(
    `select event_id, outcome, processed_at is not null as processed, received_at
     from webhook_inbox where event_id = any($1::text[])`,
    [eventIds],
  );
  return result.rows;
}

describe('webhook group commit', () => {
  it('stores many concurrent deliveries once each, in one INSERT, and queues the actionable ones', async () => {
    const ignorable = Array.from({ length: 150 }, (_, index) =>
      signedDelivery(WEBHOOK_SECRET, {
        type: index % 3 === 0 ? 'invoice.created' : 'file.created',
      }),
    );
    const actionable = Array.from({ length: 5 }, () =>
      signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated' }),
    );
    const deliveries = [...ignorable, ...actionable].sort(() => Math.random() - 0.5);
    const { app, inbox } = appWithInbox({ maxBatch: deliveries.length });

    const answers = await deliverAll(app, deliveries);

    expect(answers.map((answer) => answer.status)).toEqual(deliveries.map(() => 200));
    const outcomeOf = new Map(answers.map((answer) => [answer.body.eventId, answer.body.outcome]));
    for (const delivery of ignorable) expect(outcomeOf.get(delivery.eventId)).toBe('ignored');
    for (const delivery of actionable) expect(outcomeOf.get(delivery.eventId)).toBe('queued');
    const rows = await storedRows(deliveries.map((delivery) => delivery.eventId));
    expect(rows).toHaveLength(deliveries.length);
    // now() is the transaction's time: one value for every row means one statement stored them.
    expect(new Set(rows.map((row) => row.received_at.getTime())).size).toBe(1);
    const actionableIds = new Set(actionable.map((delivery) => delivery.eventId));
    for (const row of rows) {
      expect(row.processed).toBe(!actionableIds.has(row.event_id));
    }
    for (const delivery of actionable) {
      const job = await h.queues.satwsEvents.getJob(jobIdFor('event', delivery.eventId));
      expect(job?.data).toEqual({ eventId: delivery.eventId });
    }
    await inbox.close();
  });

  it('answers copies of one event in the same batch once: one row, one job, the rest duplicate', async () => {
    const ignorable = signedDelivery(WEBHOOK_SECRET, { type: 'invoice.created' });
    const actionable = signedDelivery(WEBHOOK_SECRET, { type: 'export.updated' });
    const copies = [ignorable, actionable, ignorable, actionable, ignorable, actionable];
    const { app, inbox } = appWithInbox({ maxBatch: copies.length });
    const jobsBefore = await h.queues.satwsEvents.count();

    const answers = await deliverAll(app, copies);

    expect(answers.map((answer) => answer.status)).toEqual(copies.map(() => 200));
    const outcomesOf = (eventId: string) =>
      answers
        .filter((answer) => answer.body.eventId === eventId)
        .map((answer) => answer.body.outcome)
        .sort();
    expect(outcomesOf(ignorable.eventId)).toEqual(['duplicate', 'duplicate', 'ignored']);
    expect(outcomesOf(actionable.eventId)).toEqual(['duplicate', 'duplicate', 'queued']);
    expect(await storedRows([ignorable.eventId, actionable.eventId])).toHaveLength(2);
    expect(await h.queues.satwsEvents.count()).toBe(jobsBefore + 1);
    await inbox.close();
  });

  it('answers a whole failed batch with 503 and stores none of it; the redeliveries are stored', async () => {
    const { connectionString } = h.pool.options as { connectionString: string };
    // Gives up on a lock after 200 ms instead of waiting for it: the INSERT then fails.
    const impatient = new pg.Pool({ connectionString, max: 2, options: '-c lock_timeout=200' });
    impatient.on('error', () => undefined);
    const locker = new pg.Client({ connectionString });
    await locker.connect();
    const deliveries = ['invoice.created', 'file.created', 'extraction.updated'].map((type) =>
      signedDelivery(WEBHOOK_SECRET, { type }),
    );
    const { app, inbox } = appWithInbox({ pool: impatient, maxBatch: deliveries.length });
    try {
      await locker.query('begin');
      await locker.query('lock table webhook_inbox in access exclusive mode');

      const answers = await deliverAll(app, deliveries);

      await locker.query('rollback');
      expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503]);
      for (const answer of answers) {
        expect(answer.body.error.code).toBe('service_unavailable');
        expect(answer.body.error.message).toContain('nothing was stored');
      }
      expect(await storedRows(deliveries.map((delivery) => delivery.eventId))).toEqual([]);
      expect(
        await h.queues.satwsEvents.getJob(jobIdFor('event', deliveries[2]?.eventId ?? '')),
      ).toBeUndefined();

      const redelivered = await deliverAll(h.app, deliveries);
      expect(redelivered.map((answer) => answer.body.outcome)).toEqual([
        'ignored',
        'ignored',
        'queued',
      ]);
    } finally {
      await inbox.close();
      await locker.end();
      await impatient.end();
    }
  });

  it('refuses (400) only the event PostgreSQL cannot store; its batch-mates are stored', async () => {
    const unstorable = signedDelivery(WEBHOOK_SECRET, {
      type: 'x',
      // Valid JSON, but jsonb has no NUL character.
      rawBody: JSON.stringify({
        id: 'nul-event',
        type: 'invoice.created',
        data: { object: { note: 'a\u0000b' } },
      }),
    });
    const fine = [
      signedDelivery(WEBHOOK_SECRET, { type: 'invoice.created' }),
      signedDelivery(WEBHOOK_SECRET, { type: 'file.created' }),
    ];
    const { app, inbox } = appWithInbox({ maxBatch: 3 });

    const [refused, ...stored] = await deliverAll(app, [unstorable, ...fine]);

    expect(refused?.status).toBe(400);
    expect(refused?.body.error.code).toBe('malformed_webhook');
    expect(refused?.body.error.message).toContain('cannot be stored');
    expect(stored.map((answer) => answer.body.outcome)).toEqual(['ignored', 'ignored']);
    const rows = await storedRows(['nul-event', ...fine.map((delivery) => delivery.eventId)]);
    expect(rows.map((row) => row.event_id).sort()).toEqual(fine.map((d) => d.eventId).sort());
    await inbox.close();
  });

  it('when Redis is down, fails only the deliveries waiting on a job; every event is stored', async () => {
    const downRedis = createRedisConnection('redis://127.0.0.1:1', 'producer');
    const downQueues = createQueues({ connection: downRedis, prefix: h.prefix });
    const ignorable = signedDelivery(WEBHOOK_SECRET, { type: 'invoice.created' });
    const actionable = signedDelivery(WEBHOOK_SECRET, { type: 'credential.updated' });
    const { app, inbox } = appWithInbox({ queues: downQueues, maxBatch: 2 });
    try {
      const [stored, refused] = await deliverAll(app, [ignorable, actionable]);

      expect(stored).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
      expect(refused?.status).toBe(503);
      expect(refused?.body.error.code).toBe('service_unavailable');
      const rows = await storedRows([ignorable.eventId, actionable.eventId]);
      expect(rows.map((row) => [row.event_id, row.processed]).sort()).toEqual(
        [
          [ignorable.eventId, true],
          [actionable.eventId, false],
        ].sort(),
      );
    } finally {
      await inbox.close();
      await downQueues.close();
      downRedis.disconnect();
    }
  });

  it('on shutdown, stores and answers every delivery still gathering; later ones get 503', async () => {
    const deliveries = Array.from({ length: 20 }, () =>
      signedDelivery(WEBHOOK_SECRET, { type: 'file.created' }),
    );
    const { app, inbox } = appWithInbox({ maxBatch: 1_000 });
    const answering = deliverAll(app, deliveries);
    await expect.poll(() => inbox.pending, { timeout: 10_000 }).toBe(deliveries.length);
    expect(await storedRows(deliveries.map((delivery) => delivery.eventId))).toEqual([]);

    await inbox.close();

    const answers = await answering;
    expect(answers.map((answer) => answer.body.outcome)).toEqual(deliveries.map(() => 'ignored'));
    expect(await storedRows(deliveries.map((delivery) => delivery.eventId))).toHaveLength(20);
    const late = signedDelivery(WEBHOOK_SECRET, { type: 'file.created' });
    const refused = await app.request(PATH, late.init());
    expect(refused.status).toBe(503);
    expect((await json(refused)).error.code).toBe('service_unavailable');
    expect(await storedRows([late.eventId])).toEqual([]);
  });
});
