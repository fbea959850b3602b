import { createQueues, createRedisConnection, type Queues } from '@invoice-extractor/shared/queues';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, json, startHarness, WEBHOOK_SECRET } from './support/api-harness.js';
import { signedDelivery } from './support/webhook-deliveries.js';

let h: ApiHarness;
let downRedis: Redis;
let downQueues: Queues;

beforeAll(async () => {
  h = await startHarness();
  // Nothing listens on port 1: every command fails as it would while Redis is down.
  downRedis = createRedisConnection('redis://127.0.0.1:1', 'producer');
  downQueues = createQueues({ connection: downRedis, prefix: h.prefix });
});
afterAll(async () => {
  await downQueues.close();
  downRedis.disconnect();
  await h.close();
});

describe('when Redis is unreachable', () => {
  it('answers POST /v1/extractions with 503 and creates no company, row or job', async () => {
    const app = h.appWith({ queues: downQueues });
    const before = await h.counts();

    const response = await app.request('/v1/extractions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer test-api-key-0123456789abcdef',
      },
      body: JSON.stringify({
        rfc: 'EKU9003173C9',
        period: { from: '2025-01-01', to: '2025-01-31' },
      }),
    });

    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.error.code).toBe('service_unavailable');
    expect(body.error.message).toMatch(/Redis is unreachable; nothing was added/);
    expect(await h.counts()).toEqual(before);
  });

  it('answers a valid actionable webhook with 503, keeps the event, and a redelivery queues it', async () => {
    const app = h.appWith({ queues: downQueues });
    const delivery = signedDelivery(WEBHOOK_SECRET, { type: 'extraction.updated' });

    const refused = await app.request('/v1/webhooks/satws', delivery.init());
    expect(refused.status).toBe(503);
    const stored = await h.pool.query(
      'select processed_at from webhook_inbox where event_id = $1',
      [delivery.eventId],
    );
    expect(stored.rows).toEqual([{ processed_at: null }]);
    expect(await h.queues.satwsEvents.count()).toBe(0);

    const redelivered = await h.app.request('/v1/webhooks/satws', delivery.init());
    expect(redelivered.status).toBe(200);
    expect((await json(redelivered)).outcome).toBe('requeued');
    expect(await h.queues.satwsEvents.count()).toBe(1);
  });

  it('reports Redis as down on /readyz, naming it', async () => {
    const app = h.appWith({ readiness: { ...h.deps.readiness, redis: downRedis } });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.error.code).toBe('not_ready');
    expect(body.error.message).toMatch(/^Not ready: redis is down \(/);
    expect(body.checks).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'down' },
      s3: { status: 'up' },
    });
  });
});
