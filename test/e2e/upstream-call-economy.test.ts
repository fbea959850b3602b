import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truthFor } from '../support/expected-files.js';
import { startSystem, type TestSystem } from '../support/start-system.js';

const RFC = 'EKU9003173C9';
const INVOICES = 30;
/** The upstream's largest page, which the downloader always asks for. */
const PAGE_SIZE = 1000;
const SEEDED = { from: '2025-01-01', to: '2025-03-31' };
const LATER_PART = { from: '2025-02-01', to: '2025-03-31' };

interface UpstreamCalls {
  total: number;
  byEndpoint: Record<string, number>;
}

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'call-economy',
    companies: [{ rfc: RFC, invoices: INVOICES, ...SEEDED }],
  });
});

afterAll(async () => {
  await system?.stop();
});

function total(byEndpoint: Record<string, number>): number {
  return Object.values(byEndpoint).reduce((sum, calls) => sum + calls, 0);
}

/** Runs one extraction to completion; returns its id. */
async function extract(period: { from: string; to: string }): Promise<string> {
  const requested = await system.api.requestExtraction({ rfc: RFC, period });
  const finished = await system.api.waitForTerminal(requested.id, 120_000);
  expect([finished.status, finished.error]).toEqual(['completed', null]);
  return requested.id;
}

/** The API's count once the workers' ledgers have written it (they batch about every 500 ms). */
async function upstreamCallsOf(id: string, expected: Record<string, number>) {
  let last: UpstreamCalls | undefined;
  try {
    return await waitFor(`extraction ${id}'s call counts`, async () => {
      const response = await system.api.send<{ upstreamCalls: UpstreamCalls }>(
        'GET',
        `/v1/extractions/${id}`,
      );
      last = response.body.upstreamCalls;
      return total(last.byEndpoint) >= total(expected) ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
  }
}

describe('per-file mode makes no redundant SAT.ws calls', () => {
  it('one extraction of 30 invoices (XML + PDF): one request, one lookup, one page, two downloads per invoice', async () => {
    // Forget the harness's own call (registering the webhook endpoint): from here on, every
    // call SAT.ws sees is one the services made for the extraction.
    system.sim.admin.resetCalls();

    const id = await extract(SEEDED);

    const truth = await truthFor(system.sim, [RFC]);
    const invoices = truth.taxpayers[0]?.invoices ?? [];
    expect(invoices).toHaveLength(INVOICES);
    expect(invoices.every((invoice) => invoice.xml.available && invoice.pdf.available)).toBe(true);
    const expected = {
      'POST /extractions': 1,
      // Looked up once by the requester; the listing reads the cached id.
      'GET /entities': 1,
      'GET /entities/{id}/invoices': Math.ceil(INVOICES / PAGE_SIZE),
      'GET /invoices/{id}/cfdi': 2 * INVOICES,
    };
    const counted = await upstreamCallsOf(id, expected);
    expect(counted).toEqual({ total: total(expected), byEndpoint: expected });
    // Our ledger and the upstream's own count agree call for call: nothing else was sent.
    expect(system.sim.admin.calls()).toEqual(expected);
  }, 180_000);

  it('a later, overlapping extraction reuses the cached entity and downloads nothing already stored', async () => {
    system.sim.admin.resetCalls();

    const id = await extract(LATER_PART);

    const expected = { 'POST /extractions': 1, 'GET /entities/{id}/invoices': 1 };
    const counted = await upstreamCallsOf(id, expected);
    expect(counted).toEqual({ total: 2, byEndpoint: expected });
    expect(system.sim.admin.calls()).toEqual(expected);
  }, 180_000);

  it('/metrics adds up every extraction by endpoint', async () => {
    const response = await fetch(`${system.apiUrl}/metrics`);
    const text = await response.text();
    expect(text).toContain(`satws_calls_total{endpoint="GET /invoices/{id}/cfdi"} ${2 * INVOICES}`);
    expect(text).toContain('satws_calls_total{endpoint="POST /extractions"} 2');
    expect(text).toContain('satws_calls_total{endpoint="GET /entities/{id}/invoices"} 2');
    expect(text).toContain('satws_calls_total{endpoint="GET /entities"} 1');
  });
});
