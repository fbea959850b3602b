import { jobIdFor } from '@invoice-extractor/shared/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, json, startHarness, WEBHOOK_SECRET } from './support/api-harness.js';
import { signedDelivery } from './support/webhook-deliveries.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const PATH = '/v1/webhooks/satws';

async function inboxRow(eventId: string) {
  const result = await h.pool.query(
    'select event_type, signature_verdict, processed_at, outcome, payload from webhook_inbox where event_id = $1',
    [eventId],
  );
  return result.rows[0];
}

async function metric(name: string): Promise<string[]> {
  const text = await (await h.app.request('/metrics')).text();
  return text.split('\n').filter((line) => line.startsWith(name));
}

describe('POST /v1/webhooks/satws', () => {
  it.each(['x-syntage-signature', 'x-satws-signature'] as const)(
    'stores an extraction.updated signed in %s and queues one job for it',
    async (header) => {
      const delivery = signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated', header });

      const response = await h.app.request(PATH, delivery.init());

      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({
        received: true,
        eventId: delivery.eventId,
        outcome: 'queued',
      });
      const row = await inboxRow(delivery.eventId);
      expect(row).toMatchObject({
        event_type: 'extraction.updated',
        signature_verdict: header,
        processed_at: null,
      });
      expect(row.payload).toEqual(JSON.parse(delivery.rawBody));
      const job = await h.queues.satwsEvents.getJob(jobIdFor('event', delivery.eventId));
      expect(job?.data).toEqual({ eventId: delivery.eventId });
    },
  );

  it('stores invoice.created, file.created and unknown types as ignored, without a job', async () => {
    const jobsBefore = await h.queues.satwsEvents.count();
    for (const type of ['invoice.created', 'file.created', 'tax_status.created', 'brand.new']) {
      const delivery = signedDelivery(WEBHOOK_SECRET, { type, contentType: 'application/ld+json' });
      const response = await h.app.request(PATH, delivery.init());
      expect(response.status).toBe(200);
      expect((await json(response)).outcome).toBe('ignored');
      expect(await inboxRow(delivery.eventId)).toMatchObject({
        event_type: type,
        outcome: 'ignored',
      });
      expect((await inboxRow(delivery.eventId)).processed_at).toBeInstanceOf(Date);
    }
    expect(await h.queues.satwsEvents.count()).toBe(jobsBefore);
  });

  it('inserts nothing and queues nothing for a redelivery', async () => {
    const actionable = signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated' });
    const ignorable = signedDelivery(WEBHOOK_SECRET, { type: 'invoice.created' });
    await h.app.request(PATH, actionable.init());
    await h.app.request(PATH, ignorable.init());
    const before = await h.counts();

    const again = await h.app.request(PATH, actionable.init());
    const againIgnored = await h.app.request(PATH, ignorable.init());

    expect(again.status).toBe(200);
    // Still unprocessed, so it is handed over again: the job id collapses it into the same job.
    expect((await json(again)).outcome).toBe('requeued');
    expect((await json(againIgnored)).outcome).toBe('duplicate');
    expect(await h.counts()).toEqual(before);
  });

  it('does not queue a redelivery of an event already handled', async () => {
    const delivery = signedDelivery(WEBHOOK_SECRET, { type: 'credential.updated' });
    await h.app.request(PATH, delivery.init());
    await h.queues.satwsEvents.remove(jobIdFor('event', delivery.eventId));
    await h.pool.query(
      `update webhook_inbox set processed_at = now(), outcome = 'applied' where event_id = $1`,
      [delivery.eventId],
    );

    const again = await h.app.request(PATH, delivery.init());

    expect((await json(again)).outcome).toBe('duplicate');
    expect(await h.queues.satwsEvents.getJob(jobIdFor('event', delivery.eventId))).toBeUndefined();
  });

  const REFUSED = [
    {
      name: 'a forged signature',
      make: () => signedDelivery('not-the-secret-at-all', { type: 'extraction.updated' }),
      status: 401,
      code: 'invalid_signature',
      message: 'no s= matches the body',
    },
    {
      name: 'a stale signature (301 s old)',
      make: () =>
        signedDelivery(WEBHOOK_SECRET, {
          type: 'extraction.updated',
          signedAt: Math.floor(Date.now() / 1000) - 301,
        }),
      status: 401,
      code: 'invalid_signature',
      message: 'tolerance 300 s',
    },
    {
      name: 'no signature header',
      make: () => {
        const delivery = signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated' });
        return {
          ...delivery,
          init: () => ({
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: delivery.rawBody,
          }),
        };
      },
      status: 401,
      code: 'invalid_signature',
      message: 'neither x-satws-signature nor x-syntage-signature is present',
    },
    {
      name: 'a body changed after signing',
      make: () => {
        const delivery = signedDelivery(WEBHOOK_SECRET, { type: 'invoice.created' });
        return {
          ...delivery,
          init: () =>
            delivery.init({
              body: delivery.rawBody.replace('invoice.created', 'extraction.updated'),
            }),
        };
      },
      status: 401,
      code: 'invalid_signature',
      message: 'no s= matches the body',
    },
    {
      name: 'signed malformed JSON',
      make: () => signedDelivery(WEBHOOK_SECRET, { type: 'x', rawBody: '{"id": "abc", "type": ' }),
      status: 400,
      code: 'malformed_webhook',
      message: 'not JSON',
    },
    {
      name: 'a signed event without an id',
      make: () =>
        signedDelivery(WEBHOOK_SECRET, {
          type: 'x',
          rawBody: '{"type":"extraction.updated","data":{"object":{}}}',
        }),
      status: 400,
      code: 'malformed_webhook',
      message: 'id',
    },
    {
      name: 'a signed event without a type',
      make: () =>
        signedDelivery(WEBHOOK_SECRET, { type: 'x', rawBody: '{"id":"e-1","data":{"object":{}}}' }),
      status: 400,
      code: 'malformed_webhook',
      message: 'type',
    },
    {
      name: 'a wrong content type',
      make: () =>
        signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated', contentType: 'text/plain' }),
      status: 415,
      code: 'unsupported_media_type',
      message: 'application/json or application/ld+json',
    },
    {
      name: 'a body over 1 MiB',
      make: () =>
        signedDelivery(WEBHOOK_SECRET, {
          type: 'x',
          rawBody: JSON.stringify({
            id: 'big',
            type: 'invoice.created',
            data: { object: { pad: 'x'.repeat(1024 * 1024) } },
          }),
        }),
      status: 413,
      code: 'payload_too_large',
      message: '1 MiB',
    },
  ];

  it.each(REFUSED)('refuses $name with $status and stores nothing', async (testCase) => {
    const before = await h.counts();
    const response = await h.app.request(PATH, testCase.make().init());
    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(testCase.status);
    expect(body.error.code).toBe(testCase.code);
    expect(body.error.message).toContain(testCase.message);
    expect(await h.counts()).toEqual(before);
  });

  it('counts deliveries by verdict in /metrics', async () => {
    const lines = await metric('webhook_deliveries_total');
    const value = (verdict: string) =>
      Number(
        lines
          .find((line) => line.includes(`verdict="${verdict}"`))
          ?.split(' ')
          .at(-1) ?? 0,
      );
    expect(value('queued')).toBeGreaterThanOrEqual(2);
    expect(value('ignored')).toBeGreaterThanOrEqual(4);
    expect(value('invalid_signature')).toBeGreaterThanOrEqual(4);
    expect(value('malformed')).toBeGreaterThanOrEqual(3);
    expect(value('too_large')).toBeGreaterThanOrEqual(1);
  });
});
