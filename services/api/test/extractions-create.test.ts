import { extractionRequestsJob, jobIdFor } from '@invoice-extractor/shared/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_JOB_DELAY_MS } from '../src/extractions/create-extraction.js';
import { type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;
let rfcCounter = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** A valid legal-person RFC not used by another test in this file. */
function nextRfc(): string {
  rfcCounter += 1;
  return `EKU9003${String(rfcCounter).padStart(2, '0')}AB${rfcCounter % 10}`;
}

function request(rfc: string, overrides: Record<string, unknown> = {}) {
  return { rfc, period: { from: '2025-01-01', to: '2025-01-31' }, ...overrides };
}

describe('POST /v1/extractions', () => {
  it('creates a queued extraction with its job and answers 202 with it', async () => {
    const rfc = nextRfc();
    const response = await h.post(
      '/v1/extractions',
      request(rfc.toLowerCase(), { types: ['E', 'I', 'E'], pdf: false }),
    );

    expect(response.status).toBe(202);
    const body = await json(response);
    expect(body).toMatchObject({
      rfc,
      status: 'queued',
      satws: { id: null, status: null },
      period: { from: '2025-01-01', to: '2025-01-31' },
      options: { issued: true, received: true, types: ['I', 'E'], xml: true, pdf: false },
      counts: { invoices: 0, files: { total: 0, stored: 0, failed: 0, missing: 0, pending: 0 } },
      error: null,
    });
    expect(response.headers.get('location')).toBe(`/v1/extractions/${body.id}`);
    expect(response.headers.get('x-request-id')).toBeTruthy();

    const job = await h.queues.extractionRequests.getJob(jobIdFor('extraction', body.id));
    expect(job?.data).toEqual({ extractionId: body.id });
    expect(job?.name).toBe(extractionRequestsJob.jobName);
    // Delayed until the COMMIT that makes the row visible has surely happened.
    expect(await job?.getState()).toBe('delayed');
    expect(job?.opts.delay).toBe(REQUEST_JOB_DELAY_MS);
    const company = await h.pool.query('select rfc from companies where rfc = $1', [rfc]);
    expect(company.rows).toHaveLength(1);
  });

  it('returns the same extraction for a repeated Idempotency-Key: one row, one job', async () => {
    const body = request(nextRfc(), { received: false });
    const headers = { 'idempotency-key': `order-${nextRfc()}` };
    const before = await h.counts();

    const first = await h.post('/v1/extractions', body, headers);
    const again = await h.post('/v1/extractions', body, headers);

    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe((await json(first)).id);
    const after = await h.counts();
    expect(after.extractions - before.extractions).toBe(1);
    expect(after.jobs - before.jobs).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body (422) and changes nothing', async () => {
    const headers = { 'idempotency-key': 'reused-key-1' };
    const first = await h.post('/v1/extractions', request(nextRfc()), headers);
    expect(first.status).toBe(202);
    const before = await h.counts();

    const other = await h.post('/v1/extractions', request(nextRfc()), headers);

    expect(other.status).toBe(422);
    const body = await json(other);
    expect(body.error.code).toBe('idempotency_key_reused');
    expect(body.error.message).toContain('reused-key-1');
    expect(body.error.requestId).toBe(other.headers.get('x-request-id'));
    expect(await h.counts()).toEqual(before);
  });

  it('returns the identical request still in flight instead of a second extraction', async () => {
    const rfc = nextRfc();
    const first = await h.post('/v1/extractions', request(rfc));
    // Written differently, asking for the same thing: defaults spelled out, types reordered.
    const same = await h.post(
      '/v1/extractions',
      request(rfc.toLowerCase(), { issued: true, types: ['T', 'N', 'P', 'E', 'I'], xml: true }),
      { 'idempotency-key': 'a-different-key' },
    );

    expect(first.status).toBe(202);
    expect(same.status).toBe(200);
    expect((await json(same)).id).toBe((await json(first)).id);
    const rows = await h.pool.query(
      'select count(*)::int as n from extractions e join companies c on c.id = e.company_id where c.rfc = $1',
      [rfc],
    );
    expect(rows.rows[0].n).toBe(1);
  });

  it('creates a new extraction once the identical one has finished', async () => {
    const rfc = nextRfc();
    const first = await json(await h.post('/v1/extractions', request(rfc)));
    await h.pool.query(
      `update extractions set status = 'failed', error_code = 'x', error_message = 'y' where id = $1`,
      [first.id],
    );

    const second = await h.post('/v1/extractions', request(rfc));

    expect(second.status).toBe(202);
    expect((await json(second)).id).not.toBe(first.id);
  });

  it('gives concurrent identical requests one extraction and one job', async () => {
    const body = request(nextRfc());
    const before = await h.counts();

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => h.post('/v1/extractions', body)),
    );

    const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).id)));
    expect(ids.size).toBe(1);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 202]);
    const after = await h.counts();
    expect(after.extractions - before.extractions).toBe(1);
    expect(after.jobs - before.jobs).toBe(1);
  });
});
