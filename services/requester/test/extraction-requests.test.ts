import { randomUUID } from 'node:crypto';
import { getCompany, listExtractionEvents, setCompanyEntityId } from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import { toBullmqError } from '@invoice-extractor/shared/queues';
import { UnrecoverableError } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processExtractionRequest } from '../src/requests/process-extraction-request.js';
import { satwsOptions } from '../src/requests/satws-options.js';
import { jobOf, queuedExtraction, reload } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const LINKED = 'EKU9003173C9';
const SECOND = 'GOMA900101AB1';
const UNLINKED = 'AAA010101AAA';
const HOUR = 3_600_000;

const noWorker = { rateLimit: async () => undefined };

describe('processExtractionRequest', () => {
  let harness: Harness;
  let context: TestContext;

  beforeAll(async () => {
    harness = await openHarness({
      // Extractions stay pending: a second equal request meets the first still in flight.
      timings: { extractionPendingMs: 600_000 },
      seed: {
        taxpayers: [
          { rfc: LINKED, invoices: 5 },
          { rfc: SECOND, personType: 'physical', invoices: 5 },
          { rfc: UNLINKED, invoices: 5, linked: false },
        ],
      },
    });
  });
  afterAll(() => harness.close());

  beforeEach(() => {
    context = openContext(harness);
    harness.sim.admin.clearFaults();
    harness.sim.admin.resetCalls();
  });
  afterEach(() => context.close());

  it('starts the extraction at SAT.ws and records its id, status and a deadline', async () => {
    const row = await queuedExtraction(harness.pool, LINKED);
    const before = Date.now();

    const result = await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);

    const after = await reload(harness.pool, row.id);
    expect(result.outcome).toBe('requested');
    expect(after).toMatchObject({
      status: 'requested',
      satws_status: 'pending',
      request_attempts: 1,
    });
    const upstream = await context.deps.satws.getExtraction(after.satws_extraction_id ?? '');
    expect(upstream.status).toBe('pending');
    expect(upstream.options).toMatchObject({
      period: { from: `${row.period_from}T00:00:00.000Z`, to: `${row.period_to}T23:59:59.999Z` },
      types: ['I', 'E', 'P', 'N', 'T'],
      issued: true,
      received: true,
      xml: true,
      pdf: true,
    });
    const deadline = after.deadline_at?.getTime() ?? 0;
    expect(deadline).toBeGreaterThanOrEqual(before + HOUR);
    expect(deadline).toBeLessThanOrEqual(Date.now() + HOUR);
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.map((event) => event.kind)).toEqual(['status.requested']);
  });

  it('sends the options the extraction asked for', async () => {
    const row = await queuedExtraction(harness.pool, LINKED, {
      cfdiTypes: ['I', 'P'],
      received: false,
      wantPdf: false,
    });

    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);

    const after = await reload(harness.pool, row.id);
    const upstream = await context.deps.satws.getExtraction(after.satws_extraction_id ?? '');
    expect(upstream.options).toMatchObject({ types: ['I', 'P'], received: false, pdf: false });
  });

  it('looks the entity up once per company and then uses the cached id', async () => {
    const first = await queuedExtraction(harness.pool, SECOND);
    const second = await queuedExtraction(harness.pool, SECOND);

    await processExtractionRequest(jobOf({ extractionId: first.id }), context.deps);
    await processExtractionRequest(jobOf({ extractionId: second.id }), context.deps);

    const calls = harness.sim.admin.calls();
    expect(calls['GET /entities']).toBe(1);
    expect(calls['POST /extractions']).toBe(2);
    const company = await getCompany(harness.pool, first.company_id);
    expect(company?.satws_entity_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await reload(harness.pool, second.id)).status).toBe('requested');
  });

  it('attaches to the equivalent extraction SAT.ws already has in flight (409)', async () => {
    const row = await queuedExtraction(harness.pool, LINKED);
    // As if an earlier attempt was accepted and the process died before recording the id.
    const entity = await context.deps.satws.findEntityByRfc(LINKED);
    const earlier = await context.deps.satws.createExtraction(
      { entityId: entity?.id ?? '' },
      satwsOptions(row),
    );

    const result = await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);

    expect(result.outcome).toBe('attached');
    const after = await reload(harness.pool, row.id);
    expect(after).toMatchObject({ status: 'requested', satws_extraction_id: earlier.id });
    const extractions = [];
    for await (const page of context.deps.satws.listExtractions({ rfc: LINKED })) {
      extractions.push(...page.filter((item) => item.id === earlier.id));
    }
    expect(extractions).toHaveLength(1);
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit[0]?.detail).toMatchObject({ attached: true, satwsExtractionId: earlier.id });
  });

  it('fails the extraction at once when the company has no SAT.ws entity', async () => {
    const row = await queuedExtraction(harness.pool, UNLINKED);

    const error = await processExtractionRequest(
      jobOf({ extractionId: row.id }),
      context.deps,
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AppError);
    const { error: mapped } = await toBullmqError(error, {
      worker: noWorker,
      budget: context.deps.budget,
      logger: context.deps.logger,
    });
    expect(mapped).toBeInstanceOf(UnrecoverableError);
    const after = await reload(harness.pool, row.id);
    expect(after.status).toBe('failed');
    expect(after.error_code).toBe('satws_entity_not_found');
    expect(after.error_message).toContain(`Company ${UNLINKED} has no SAT.ws entity`);
    expect(harness.sim.admin.calls()['POST /extractions']).toBeUndefined();
  });

  it("fails the extraction with the upstream's code and words on a permanent 4xx", async () => {
    const row = await queuedExtraction(harness.pool, 'XYZ010101AB1');
    // A cached entity SAT.ws does not know: it answers 400 ConstraintViolation.
    await setCompanyEntityId(harness.pool, row.company_id, randomUUID());

    await expect(
      processExtractionRequest(jobOf({ extractionId: row.id }), context.deps),
    ).rejects.toMatchObject({ retryable: false, status: 400 });

    const after = await reload(harness.pool, row.id);
    expect(after.status).toBe('failed');
    expect(after.error_code).toBe('satws_bad_request');
    expect(after.error_message).toMatch(/SAT\.ws POST \/extractions answered 400: .*entity/);
  });

  it('leaves the row untouched and asks for a retry on a transient 5xx', async () => {
    const row = await queuedExtraction(harness.pool, LINKED);
    harness.sim.admin.addFault({
      kind: 'error',
      path: '/extractions',
      method: 'POST',
      status: 503,
    });

    const error = await processExtractionRequest(
      jobOf({ extractionId: row.id }),
      context.deps,
    ).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ retryable: true, status: 503 });
    const { error: mapped } = await toBullmqError(error, {
      worker: noWorker,
      budget: context.deps.budget,
      logger: context.deps.logger,
    });
    expect(mapped).toBe(error);
    const after = await reload(harness.pool, row.id);
    expect(after).toEqual(row);
    expect(await listExtractionEvents(harness.pool, row.id)).toEqual([]);
  });

  it('fails the extraction with the last reason when the last attempt fails transiently', async () => {
    const row = await queuedExtraction(harness.pool, LINKED);
    harness.sim.admin.addFault({
      kind: 'error',
      path: '/extractions',
      method: 'POST',
      status: 502,
    });

    await expect(
      processExtractionRequest(
        jobOf({ extractionId: row.id }, { attemptsMade: 9, attempts: 10 }),
        context.deps,
      ),
    ).rejects.toMatchObject({ retryable: true });

    const after = await reload(harness.pool, row.id);
    expect(after.status).toBe('failed');
    expect(after.error_code).toBe('satws_server_error');
    expect(after.error_message).toMatch(
      /^Gave up after 10 attempts: SAT\.ws POST \/extractions answered 502/,
    );
  });

  it('does nothing for a missing extraction or one already past queued', async () => {
    const row = await queuedExtraction(harness.pool, LINKED);
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const requested = await reload(harness.pool, row.id);
    harness.sim.admin.resetCalls();

    const again = await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    const missing = await processExtractionRequest(
      jobOf({ extractionId: randomUUID() }),
      context.deps,
    );

    expect(again.outcome).toBe('not-queued');
    expect(missing.outcome).toBe('missing');
    expect(await reload(harness.pool, row.id)).toEqual(requested);
    expect(harness.sim.admin.calls()).toEqual({});
  });

  it('refuses a payload that is not an extraction id, without touching anything', async () => {
    await expect(
      processExtractionRequest(jobOf({ extractionId: 'nope' }), context.deps),
    ).rejects.toThrow(/extractionId: must be a UUID/);
    expect(harness.sim.admin.calls()).toEqual({});
  });
});
