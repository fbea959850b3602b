import { addUpstreamCalls, createPool } from '@invoice-extractor/shared/db';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;
let busy: string;
let idle: string;

async function create(rfc: string): Promise<string> {
  const response = await h.post('/v1/extractions', {
    rfc,
    period: { from: '2025-01-01', to: '2025-01-31' },
  });
  expect(response.status).toBe(202);
  return (await json(response)).id as string;
}

beforeAll(async () => {
  h = await startHarness();
  busy = await create('CCC010101CC1');
  idle = await create('DDD010101DD1');
  // What the workers' call ledgers write: two flushes for one extraction, and calls for none.
  await addUpstreamCalls(h.pool, [
    { extractionId: busy, endpoint: 'GET /entities', calls: 1 },
    { extractionId: busy, endpoint: 'POST /extractions', calls: 1 },
    { extractionId: busy, endpoint: 'GET /invoices/{id}/cfdi', calls: 40 },
    { extractionId: null, endpoint: 'GET /events', calls: 3 },
  ]);
  await addUpstreamCalls(h.pool, [
    { extractionId: busy, endpoint: 'GET /invoices/{id}/cfdi', calls: 20 },
    { extractionId: busy, endpoint: 'GET /entities/{id}/invoices', calls: 1 },
  ]);
});
afterAll(async () => {
  await h.close();
});

const BUSY_CALLS = {
  total: 63,
  byEndpoint: {
    'GET /entities': 1,
    'GET /entities/{id}/invoices': 1,
    'GET /invoices/{id}/cfdi': 60,
    'POST /extractions': 1,
  },
};
const NO_CALLS = { total: 0, byEndpoint: {} };

describe('upstreamCalls on extractions', () => {
  it('GET /v1/extractions/{id} answers the SAT.ws calls made for it, by endpoint', async () => {
    const busyBody = await json(await h.call(`/v1/extractions/${busy}`));
    expect(busyBody.upstreamCalls).toEqual(BUSY_CALLS);
    const idleBody = await json(await h.call(`/v1/extractions/${idle}`));
    expect(idleBody.upstreamCalls).toEqual(NO_CALLS);
  });

  it('every item of GET /v1/extractions carries its own counts', async () => {
    const body = await json(await h.call('/v1/extractions?limit=10'));
    const byId = new Map(
      (body.data as { id: string; upstreamCalls: unknown }[]).map((item) => [
        item.id,
        item.upstreamCalls,
      ]),
    );
    expect(byId.get(busy)).toEqual(BUSY_CALLS);
    expect(byId.get(idle)).toEqual(NO_CALLS);
  });

  it('an idempotent replay of POST /v1/extractions shows the calls already made', async () => {
    const response = await h.post('/v1/extractions', {
      rfc: 'CCC010101CC1',
      period: { from: '2025-01-01', to: '2025-01-31' },
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.id).toBe(busy);
    expect(body.upstreamCalls).toEqual(BUSY_CALLS);
  });

  it('is described in the OpenAPI document', async () => {
    const document = await json(await h.app.request('/openapi.json'));
    const schema = document.components.schemas.Extraction;
    expect(schema.required).toContain('upstreamCalls');
    const upstreamCalls = schema.properties.upstreamCalls;
    expect(upstreamCalls.description).toMatch(/each attempt counted \(retries included/);
    expect(upstreamCalls.properties.byEndpoint.additionalProperties).toMatchObject({
      type: 'integer',
    });
    expect(schema.example.upstreamCalls.byEndpoint['GET /invoices/{id}/cfdi']).toBe(202);
  });
});

describe('satws_calls_total on /metrics', () => {
  it('sums every call by endpoint, extractions or not, read from PostgreSQL at scrape time', async () => {
    const first = await (await h.app.request('/metrics')).text();
    expect(first).toContain('# TYPE satws_calls_total counter');
    expect(first).toContain('satws_calls_total{endpoint="GET /invoices/{id}/cfdi"} 60');
    expect(first).toContain('satws_calls_total{endpoint="GET /events"} 3');
    expect(first).toContain('satws_calls_total{endpoint="POST /extractions"} 1');

    // The workers write more; the next scrape shows the new total, not an added-up one.
    await addUpstreamCalls(h.pool, [
      { extractionId: idle, endpoint: 'GET /invoices/{id}/cfdi', calls: 5 },
    ]);
    const second = await (await h.app.request('/metrics')).text();
    expect(second).toContain('satws_calls_total{endpoint="GET /invoices/{id}/cfdi"} 65');
    expect(second).toContain('satws_calls_total{endpoint="GET /events"} 3');
  });

  it('still answers the scrape when PostgreSQL is unreachable, without the series', async () => {
    // Nothing listens on port 1: every query fails as it would while PostgreSQL is down.
    const downPool: pg.Pool = createPool('postgres://postgres@127.0.0.1:1/none', {
      onError: () => undefined,
      connectionTimeoutMs: 1_000,
    });
    try {
      const response = await h.appWith({ pool: downPool }).request('/metrics');
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/^satws_calls_total\{/m);
      expect(text).toContain('queue_jobs{queue="extraction-requests",state="delayed"}');
    } finally {
      await downPool.end();
    }
  });
});
