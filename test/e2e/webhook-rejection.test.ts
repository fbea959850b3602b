import { signWebhook } from '@invoice-extractor/shared/satws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiExtraction } from '../support/api-client.js';
import { startSystem, type TestSystem } from '../support/start-system.js';
import { countRows, jobTotals } from '../support/system-checks.js';

const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-02-01', to: '2025-02-28' };
const HOUR_S = 3_600;

let system: TestSystem;
let extraction: ApiExtraction;

beforeAll(async () => {
  system = await startSystem({
    label: 'webhook-rejection',
    companies: [{ rfc: RFC, invoices: 30, ...PERIOD }],
    // Between SAT.ws's "running" and "finished" no event we subscribe to is sent: the bad
    // deliveries go into that quiet window, so "nothing changed" can be checked exactly.
    simulator: { timings: { extractionRunningMs: 10_000 } },
  });
  const requested = await system.api.requestExtraction({ rfc: RFC, period: PERIOD });
  extraction = await system.api.waitForExtraction(
    requested.id,
    'running at SAT.ws',
    (current) => current.status === 'extracting',
  );
});

afterAll(async () => {
  await system?.stop();
});

/** What an attacker would most like us to believe: SAT.ws failed our extraction. */
function failureEvent(id: string): string {
  return JSON.stringify({
    id,
    type: 'extraction.updated',
    taxpayer: { id: RFC },
    data: {
      object: { id: extraction.satws.id, status: 'failed', errorCode: 'invalid_credentials' },
      changes: { status: 'running' },
    },
    createdAt: new Date().toISOString(),
  });
}

const now = () => Math.floor(Date.now() / 1000);

interface BadDelivery {
  name: string;
  status: 400 | 401;
  build(secret: string): { body: string; headers: Record<string, string> };
}

const signed = (secret: string, body: string, at = now()) => ({
  body,
  headers: { 'x-syntage-signature': signWebhook(secret, body, at) },
});

const CASES: BadDelivery[] = [
  {
    name: 'no signature header',
    status: 401,
    build: () => ({ body: failureEvent('evt-unsigned'), headers: {} }),
  },
  {
    name: 'signed with another secret',
    status: 401,
    build: () => signed('not-our-secret', failureEvent('evt-forged')),
  },
  {
    name: 'signed an hour ago (replayed)',
    status: 401,
    build: (secret) => signed(secret, failureEvent('evt-stale'), now() - HOUR_S),
  },
  {
    name: 'signed an hour ahead',
    status: 401,
    build: (secret) => signed(secret, failureEvent('evt-future'), now() + HOUR_S),
  },
  {
    name: 'body changed after signing',
    status: 401,
    build: (secret) => ({
      body: failureEvent('evt-tampered'),
      headers: signed(secret, failureEvent('evt-original')).headers,
    }),
  },
  {
    name: 'malformed signature header',
    status: 401,
    build: () => ({
      body: failureEvent('evt-garbled'),
      headers: { 'x-satws-signature': 't=soon,s=zz' },
    }),
  },
  {
    name: 'correctly signed, not JSON',
    status: 400,
    build: (secret) => signed(secret, '{"id": "evt-broken",'),
  },
  {
    name: 'correctly signed, no event id or type',
    status: 400,
    build: (secret) => signed(secret, JSON.stringify({ data: { object: {} } })),
  },
];

async function snapshot() {
  const row = await system.isolation.pool.query(
    'select status, satws_status, error_code from extractions where id = $1',
    [extraction.id],
  );
  return {
    inbox: await countRows(system, 'webhook_inbox'),
    audit: await countRows(system, 'extraction_events'),
    jobs: await jobTotals(system),
    extraction: row.rows[0],
  };
}

describe('webhooks that did not come from SAT.ws', () => {
  it.each(CASES)('$name → $status, and nothing changes', async (delivery) => {
    const before = await snapshot();
    const { body, headers } = delivery.build(system.webhookSecret);
    const response = await system.api.send<{ error: { code: string; message: string } }>(
      'POST',
      '/v1/webhooks/satws',
      { body, headers, auth: null },
    );
    expect(response.status).toBe(delivery.status);
    expect(response.body.error.message).toMatch(/\w{8,}/);
    expect(await snapshot()).toEqual(before);
  });

  it('still completes the extraction from the genuine deliveries', async () => {
    const finished = await system.api.waitForTerminal(extraction.id, 60_000);
    expect(finished).toMatchObject({ status: 'completed', error: null });
    expect(await countRows(system, 'webhook_inbox', "event_id like 'evt-%'")).toBe(0);
  });
});
