import { randomUUID } from 'node:crypto';
import {
  getCompanyByRfc,
  getInboxEvent,
  listExtractionEvents,
  upsertCompany,
} from '@invoice-extractor/shared/db';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processSatwsEvent } from '../src/events/process-satws-event.js';
import { at, credentialUpdated, extractionUpdated } from './support/events.js';
import { jobOf, reload, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';
import { requestedExtraction } from './support/requested.js';

const RFC = 'EKU9003173C9';
const HOUR = 3_600_000;

describe('processSatwsEvent', () => {
  let harness: Harness;
  let context: TestContext;

  beforeAll(async () => {
    harness = await openHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    context = openContext(harness);
  });
  afterEach(() => context.close());

  const apply = (eventId: string, attempt: { attemptsMade?: number } = {}) =>
    processSatwsEvent(jobOf({ eventId }, attempt), context.deps);

  async function deliver(event: { id: string; type: string }) {
    return apply(await storeEvent(harness.pool, event));
  }

  async function listingJobs(extractionId: string) {
    const jobs = await context.queues.invoiceListings.getJobs([
      'waiting',
      'delayed',
      'active',
      'completed',
      'failed',
    ]);
    return jobs.filter((job) => job.data.extractionId === extractionId);
  }

  it('running: requested → extracting, event marked applied and audited', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const event = extractionUpdated(RFC, {
      id: row.satws_extraction_id ?? '',
      status: 'running',
      updatedAt: at(10),
    });

    const result = await deliver(event);

    expect(result.outcome).toBe('moved-to-extracting');
    expect(await reload(harness.pool, row.id)).toMatchObject({
      status: 'extracting',
      satws_status: 'running',
      satws_status_at: new Date(at(10)),
    });
    expect(await getInboxEvent(harness.pool, event.id)).toMatchObject({ outcome: 'applied' });
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.map((entry) => [entry.kind, entry.detail])).toEqual([
      ['webhook.applied', { eventId: event.id, satwsStatus: 'running', status: 'extracting' }],
    ]);
  });

  it('finished: → downloading and the listing job added exactly once', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const satwsId = row.satws_extraction_id ?? '';
    const finished = extractionUpdated(RFC, { id: satwsId, status: 'finished', updatedAt: at(20) });
    const counters = extractionUpdated(RFC, { id: satwsId, status: 'finished', updatedAt: at(21) });

    const first = await deliver(finished);
    const again = await apply(finished.id);
    const later = await deliver(counters);

    expect(first).toMatchObject({ outcome: 'moved-to-downloading', listing: true });
    expect(again.outcome).toBe('duplicate');
    expect(later).toMatchObject({ outcome: 'recorded', listing: true });
    expect((await reload(harness.pool, row.id)).status).toBe('downloading');
    const jobs = await listingJobs(row.id);
    expect(jobs.map((job) => job.id)).toEqual([`listing-${row.id}`]);
  });

  it('finished before running: stays downloading whatever comes late', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const satwsId = row.satws_extraction_id ?? '';
    const events = [
      extractionUpdated(RFC, { id: satwsId, status: 'finished', updatedAt: at(30) }),
      extractionUpdated(RFC, { id: satwsId, status: 'running', updatedAt: at(10) }),
      extractionUpdated(RFC, { id: satwsId, status: 'pending', updatedAt: at(1) }),
      extractionUpdated(RFC, { id: satwsId, status: 'waiting', updatedAt: at(5) }),
    ];

    for (const event of events) await deliver(event);

    const after = await reload(harness.pool, row.id);
    expect(after).toMatchObject({
      status: 'downloading',
      satws_status: 'finished',
      satws_status_at: new Date(at(30)),
    });
    // The stale `waiting` did not push the deadline out.
    expect(after.deadline_at).toEqual(row.deadline_at);
    expect(await listingJobs(row.id)).toHaveLength(1);
  });

  it.each([
    [
      'failed',
      'invalid_credentials',
      'invalid_credentials',
      /failed with error code invalid_credentials/,
    ],
    ['failed', null, 'extraction_failed', /failed with error code extraction_failed/],
    ['stopped', null, 'extraction_stopped', /was stopped at SAT\.ws/],
    ['cancelled', null, 'extraction_cancelled', /was cancelled at SAT\.ws/],
  ])(
    '%s (errorCode %s) fails the extraction with code %s',
    async (status, errorCode, code, message) => {
      const row = await requestedExtraction(harness.pool, RFC);
      const satwsId = row.satws_extraction_id ?? '';
      await deliver(extractionUpdated(RFC, { id: satwsId, status: 'running', updatedAt: at(10) }));

      await deliver(extractionUpdated(RFC, { id: satwsId, status, errorCode, updatedAt: at(40) }));

      const after = await reload(harness.pool, row.id);
      expect(after).toMatchObject({ status: 'failed', satws_status: status, error_code: code });
      expect(after.error_message).toMatch(message);
      expect(after.error_message).toContain(satwsId);
      expect(await listingJobs(row.id)).toEqual([]);
    },
  );

  it('waiting keeps the status and pushes the deadline out; pending only records', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const satwsId = row.satws_extraction_id ?? '';

    await deliver(extractionUpdated(RFC, { id: satwsId, status: 'pending', updatedAt: at(2) }));
    const pending = await reload(harness.pool, row.id);
    await deliver(extractionUpdated(RFC, { id: satwsId, status: 'waiting', updatedAt: at(3) }));
    const waiting = await reload(harness.pool, row.id);

    expect(pending).toMatchObject({ status: 'requested', satws_status: 'pending' });
    expect(pending.deadline_at).toEqual(row.deadline_at);
    expect(waiting).toMatchObject({ status: 'requested', satws_status: 'waiting' });
    expect(waiting.deadline_at?.getTime()).toBeGreaterThan(Date.now() + 5 * HOUR);
  });

  it('retries an event about an id not recorded yet, and applies it once it is', async () => {
    const satwsId = randomUUID();
    const event = extractionUpdated(RFC, { id: satwsId, status: 'running', updatedAt: at(10) });
    await storeEvent(harness.pool, event);

    await expect(apply(event.id)).rejects.toMatchObject({
      code: 'extraction_not_recorded_yet',
      retryable: true,
    });
    expect((await getInboxEvent(harness.pool, event.id))?.processed_at).toBeNull();

    const row = await requestedExtraction(harness.pool, RFC);
    await harness.pool.query('update extractions set satws_extraction_id = $2 where id = $1', [
      row.id,
      satwsId,
    ]);
    expect((await apply(event.id)).outcome).toBe('moved-to-extracting');
  });

  it('sets aside an event about an unknown extraction once it is old or out of attempts', async () => {
    const old = extractionUpdated(RFC, { id: randomUUID(), status: 'finished', updatedAt: at(1) });
    const last = extractionUpdated(RFC, { id: randomUUID(), status: 'finished', updatedAt: at(1) });
    await storeEvent(harness.pool, old);
    await storeEvent(harness.pool, last);
    await harness.pool.query(
      `update webhook_inbox set received_at = now() - interval '1 hour' where event_id = $1`,
      [old.id],
    );

    expect((await apply(old.id)).outcome).toBe('unknown_extraction');
    expect((await apply(last.id, { attemptsMade: 9 })).outcome).toBe('unknown_extraction');
    expect(await getInboxEvent(harness.pool, old.id)).toMatchObject({
      outcome: 'ignored',
      error: expect.stringMatching(/^unknown_extraction: /),
    });
  });

  it('applies the same event once when two runs race', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const event = extractionUpdated(RFC, {
      id: row.satws_extraction_id ?? '',
      status: 'finished',
      updatedAt: at(20),
    });
    await storeEvent(harness.pool, event);

    const outcomes = await Promise.all([apply(event.id), apply(event.id), apply(event.id)]);

    expect(outcomes.map((result) => result.outcome).sort()).toEqual([
      'duplicate',
      'duplicate',
      'moved-to-downloading',
    ]);
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.filter((entry) => entry.kind === 'webhook.applied')).toHaveLength(1);
    expect(await listingJobs(row.id)).toHaveLength(1);
  });

  it('re-adds a listing job lost between the commit and the add when the event runs again', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const event = extractionUpdated(RFC, {
      id: row.satws_extraction_id ?? '',
      status: 'finished',
      updatedAt: at(20),
    });
    await deliver(event);
    await (await context.queues.invoiceListings.getJob(`listing-${row.id}`))?.remove();
    expect(await listingJobs(row.id)).toEqual([]);

    const rerun = await apply(event.id);

    expect(rerun).toMatchObject({ outcome: 'duplicate', listing: true });
    expect((await listingJobs(row.id)).map((job) => job.id)).toEqual([`listing-${row.id}`]);
  });

  it('credential.updated records the newest status of the company, by either RFC field', async () => {
    const rfc = 'CRE900101AB1';
    await upsertCompany(harness.pool, { rfc });

    const valid = await deliver(credentialUpdated(rfc, 'valid', at(20)));
    const stale = await deliver(credentialUpdated(rfc, 'invalid', at(10)));
    const company = await getCompanyByRfc(harness.pool, rfc);
    const disabled = await deliver(
      credentialUpdated(rfc, 'disabled', at(30), { withTaxpayer: false }),
    );

    expect(valid.outcome).toBe('credential-recorded');
    expect(stale.outcome).toBe('credential-stale');
    expect(company).toMatchObject({ credential_status: 'valid' });
    expect(disabled.outcome).toBe('credential-recorded');
    expect(await getCompanyByRfc(harness.pool, rfc)).toMatchObject({
      credential_status: 'disabled',
      credential_status_seen_at: new Date(at(30)),
    });
  });

  it('sets aside credentials of unknown companies and events it does not act on', async () => {
    const unknown = credentialUpdated('ZZZ900101AB1', 'valid', at(1));
    const invoice = { id: randomUUID(), type: 'invoice.created', data: { object: { id: 'x' } } };

    expect((await deliver(unknown)).outcome).toBe('unknown_company');
    expect((await deliver(invoice)).outcome).toBe('ignored');
    expect(await getInboxEvent(harness.pool, unknown.id)).toMatchObject({ outcome: 'ignored' });
    expect(await getInboxEvent(harness.pool, invoice.id)).toMatchObject({
      outcome: 'ignored',
      error: null,
      processed_at: expect.any(Date),
    });
  });

  it('marks malformed events failed with the reason, and ignores a missing inbox row', async () => {
    const noObject = { id: randomUUID(), type: 'extraction.updated', data: {} };
    const badStatus = extractionUpdated(RFC, {
      id: randomUUID(),
      status: 'exploded',
      updatedAt: at(1),
    });

    expect((await deliver(noObject)).outcome).toBe('malformed');
    expect((await deliver(badStatus)).outcome).toBe('malformed');
    expect((await apply(randomUUID())).outcome).toBe('missing');
    expect(await getInboxEvent(harness.pool, noObject.id)).toMatchObject({
      outcome: 'failed',
      error: expect.stringContaining('data.object'),
    });
    expect(await getInboxEvent(harness.pool, badStatus.id)).toMatchObject({
      outcome: 'failed',
      error: expect.stringContaining('status'),
    });
  });
});
