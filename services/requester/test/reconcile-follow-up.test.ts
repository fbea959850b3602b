import { randomUUID } from 'node:crypto';
import {
  claimDispatchFiles,
  completeExtractionIfSettled,
  type ExtractionRecord,
  ensureInvoiceFiles,
  linkInvoicesToExtraction,
  listExtractionEvents,
  markExtractionListed,
  transitionExtraction,
  upsertInvoices,
} from '@invoice-extractor/shared/db';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processSatwsEvent } from '../src/events/process-satws-event.js';
import { scheduleMissingXmlFollowUps } from '../src/reconcile/follow-ups.js';
import { requeueLostWork } from '../src/reconcile/requeue-lost-work.js';
import { at, extractionUpdated } from './support/events.js';
import { jobOf, queuedExtraction, reload, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';
import { requestedExtraction } from './support/requested.js';

const RFC = 'EKU9003173C9';
const DAY = 24 * 3_600_000;

describe('follow-up extractions for what SAT.ws rate-limited', () => {
  let harness: Harness;
  let context: TestContext;

  beforeAll(async () => {
    harness = await openHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    context = openContext(harness);
    context.deps.reconciler = { everyMs: 60_000, staleAfterMs: 0 };
  });
  afterEach(() => context.close());

  function finishedRateLimited(satwsId: string, seconds: number) {
    const event = extractionUpdated(RFC, {
      id: satwsId,
      status: 'finished',
      updatedAt: at(seconds),
    });
    const object = { ...event.data.object, rateLimitedAt: at(seconds - 1) };
    return { ...event, data: { ...event.data, object } };
  }

  async function followUpsOf(id: string) {
    const result = await harness.pool.query<{
      id: string;
      status: string;
      not_before: Date;
      period_from: string;
      period_to: string;
      company_id: string;
    }>(
      `select id, status, not_before, period_from::text, period_to::text, company_id
       from extractions where follow_up_of = $1`,
      [id],
    );
    return result.rows;
  }

  it('a finished extraction with rateLimitedAt gets one follow-up, a day later at the earliest', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const satwsId = row.satws_extraction_id ?? '';
    const before = Date.now();

    for (const event of [finishedRateLimited(satwsId, 20), finishedRateLimited(satwsId, 21)]) {
      const eventId = await storeEvent(harness.pool, event);
      await processSatwsEvent(jobOf({ eventId }), context.deps);
    }

    expect((await reload(harness.pool, row.id)).status).toBe('downloading');
    const followUps = await followUpsOf(row.id);
    expect(followUps).toHaveLength(1);
    const [followUp] = followUps;
    expect(followUp).toMatchObject({
      status: 'queued',
      company_id: row.company_id,
      period_from: row.period_from,
      period_to: row.period_to,
    });
    expect(followUp?.not_before.getTime()).toBeGreaterThanOrEqual(before + DAY);
    const audit = await listExtractionEvents(harness.pool, row.id);
    expect(audit.filter((entry) => entry.kind === 'follow_up.scheduled')).toHaveLength(1);
    // Not due yet: the reconciler does not request it.
    await requeueLostWork(context.deps);
    const job = await context.queues.extractionRequests.getJob(`extraction-${followUp?.id}`);
    expect(job).toBeUndefined();
  });

  it('a finished extraction without rateLimitedAt gets no follow-up', async () => {
    const row = await requestedExtraction(harness.pool, RFC);
    const event = extractionUpdated(RFC, {
      id: row.satws_extraction_id ?? '',
      status: 'finished',
      updatedAt: at(20),
    });

    await processSatwsEvent(
      jobOf({ eventId: await storeEvent(harness.pool, event) }),
      context.deps,
    );

    expect((await reload(harness.pool, row.id)).status).toBe('downloading');
    expect(await followUpsOf(row.id)).toEqual([]);
  });

  /** A listed, downloading extraction with one invoice whose XML SAT.ws has (or held back). */
  async function listedWithXml(
    xmlAvailable: boolean,
  ): Promise<{ row: ExtractionRecord; fileId: string }> {
    const queued = await queuedExtraction(harness.pool, RFC, { wantPdf: false });
    await transitionExtraction(harness.pool, queued.id, ['queued'], 'downloading', {
      satwsExtractionId: randomUUID(),
    });
    const [invoice] = await upsertInvoices(harness.pool, queued.company_id, [
      {
        satwsInvoiceId: randomUUID(),
        cfdiUuid: randomUUID(),
        direction: 'issued',
        issuerRfc: RFC,
        receiverRfc: 'XAXX010101000',
        issuedAt: '2025-01-01T10:00:00.000Z',
        cfdiType: 'I',
        total: '116.00',
        currency: 'MXN',
        status: 'VIGENTE',
        hasXml: xmlAvailable,
        hasPdf: false,
      },
    ]);
    if (!invoice) throw new Error('fixture: the invoice was not stored');
    await linkInvoicesToExtraction(harness.pool, queued.id, [invoice.id]);
    const [file] = await ensureInvoiceFiles(harness.pool, [
      { invoiceId: invoice.id, kind: 'xml', available: xmlAvailable },
    ]);
    await markExtractionListed(harness.pool, queued.id);
    return { row: await reload(harness.pool, queued.id), fileId: file?.id ?? '' };
  }

  it('a completed extraction with XML SAT.ws held back (xml:false) gets one follow-up', async () => {
    const { row } = await listedWithXml(false);
    expect(await completeExtractionIfSettled(harness.pool, row.id)).not.toBeNull();

    await waitFor('the follow-up to be scheduled', async () => {
      return (await scheduleMissingXmlFollowUps(context.deps)) >= 1;
    });
    await scheduleMissingXmlFollowUps(context.deps);

    const followUps = await followUpsOf(row.id);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.not_before.getTime()).toBeGreaterThan(Date.now() + DAY - 60_000);
  });

  it('a dispatched file whose job never reached Redis gets it back; one waiting for its turn is left to the dispatcher', async () => {
    const { row, fileId } = await listedWithXml(true);

    await requeueLostWork(context.deps);

    // Not dispatched yet: its company's turn and the XML budget decide when it gets a job.
    expect(await context.queues.fileDownloads.getJob(`file-${fileId}`)).toBeUndefined();

    // The dispatcher claims it, and its process dies before adding the job (or Redis loses it).
    const claimed = await claimDispatchFiles(harness.pool, {
      turns: [{ companyId: row.company_id, xmlRoom: 10 }],
      perCompany: 10,
      limit: 10,
      now: new Date(),
    });
    expect(claimed.map((file) => file.id)).toContain(fileId);

    await requeueLostWork(context.deps);

    const job = await context.queues.fileDownloads.getJob(`file-${fileId}`);
    expect(await job?.getState()).toBe('waiting');
  });
});
