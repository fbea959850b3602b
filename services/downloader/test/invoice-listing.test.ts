import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processInvoiceListing } from '../src/listing/process-invoice-listing.js';
import { dispatchAll, testDispatcher } from './support/dispatch.js';
import {
  countRows,
  createExtraction,
  eventKinds,
  filesOf,
  reloadExtraction,
} from './support/extractions.js';
import { createHarness, type Harness } from './support/harness.js';
import { inPeriod, truthOf } from './support/truth.js';

const RFC = 'EKU9003173C9';
const LISTING = 'GET /entities/{id}/invoices';

let database: TestDatabase;
let harness: Harness | undefined;

// A database per test: companies are unique by RFC, and each test's simulator has new entity ids.
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await database.drop();
});

function listingJob(extractionId: string) {
  return {
    id: `listing-${extractionId}`,
    data: { extractionId },
    attemptsMade: 0,
    opts: { attempts: 10 },
  };
}

async function seeded(
  invoices: number,
  options: { pageSize?: number; extracted?: boolean; dailyXmlCap?: number } = {},
) {
  harness = await createHarness({
    databaseUrl: database.url,
    listingPageSize: options.pageSize,
    sim: {
      dailyXmlCap: options.dailyXmlCap ?? null,
      seed: {
        randomSeed: `listing-${invoices}`,
        taxpayers: [
          {
            rfc: RFC,
            invoices,
            extracted: options.extracted ?? true,
            from: '2025-01-01',
            to: '2025-06-30',
          },
        ],
      },
    },
  });
  const truth = await harness.sim.admin.truth(RFC, { digests: false });
  const entityId = truth.taxpayers[0]?.entityId;
  if (!entityId) throw new Error('seeded taxpayer has no entity');
  return { h: harness, entityId };
}

describe('processInvoiceListing', () => {
  it('stores a few hundred invoices over several pages, with links and file rows, and wakes the dispatcher to queue one job per file, once', async () => {
    const { h, entityId } = await seeded(260, { pageSize: 100 });
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2025-01-01',
      to: '2025-06-30',
    });
    const dispatcher = testDispatcher(h);
    const deps = { ...h.deps, dispatcher };

    const first = await processInvoiceListing(listingJob(extraction.id), deps);

    const truth = await truthOf(h.sim, RFC);
    expect(first).toMatchObject({ outcome: 'listed', pages: 3, invoices: 260, pendingFiles: 520 });
    expect(h.calls.filter((call) => call.endpoint === LISTING).map((call) => call.status)).toEqual([
      200, 200, 200,
    ]);
    const files = await filesOf(h.pool, extraction.id);
    expect(new Set(files.map((file) => file.uuid))).toEqual(
      new Set(truth.map((invoice) => invoice.uuid.toUpperCase())),
    );
    expect(files.filter((file) => file.state === 'pending')).toHaveLength(520);
    const directions = new Map(
      truth.map((invoice) => [
        invoice.uuid.toUpperCase(),
        invoice.isIssuer ? 'issued' : 'received',
      ]),
    );
    expect(files.every((file) => directions.get(file.uuid) === file.direction)).toBe(true);
    // The listing only wakes the dispatcher; the jobs appear as it fills the queue.
    await waitFor('the dispatcher to queue every pending file', async () => {
      return (await h.queues.fileDownloads.getWaitingCount()) === 520;
    });
    expect(await h.queues.fileDownloads.getJobCounts('waiting', 'delayed', 'active')).toEqual({
      waiting: 520,
      delayed: 0,
      active: 0,
    });
    const listed = await reloadExtraction(h.pool, extraction.id);
    expect(listed.status).toBe('downloading');
    expect(listed.listed_at).toBeInstanceOf(Date);

    const second = await processInvoiceListing(listingJob(extraction.id), deps);
    await dispatcher.fill();
    await dispatcher.close();

    expect(second).toMatchObject({ outcome: 'listed', pages: 3, invoices: 260, pendingFiles: 520 });
    expect(await countRows(h.pool, 'invoices')).toBe(260);
    expect(await countRows(h.pool, 'extraction_invoices')).toBe(260);
    expect(await countRows(h.pool, 'invoice_files')).toBe(520);
    expect(await h.queues.fileDownloads.count()).toBe(520);
    const jobIds = (await h.queues.fileDownloads.getJobs(['waiting'], 0, 1000)).map(
      (job) => job.id,
    );
    expect(new Set(jobIds)).toEqual(new Set(files.map((file) => `file-${file.id}`)));
    expect(await eventKinds(h.pool, extraction.id)).toEqual([
      'listing.completed',
      'listing.completed',
    ]);
  });

  it('keeps to the period, direction and types the extraction asked for', async () => {
    const { h, entityId } = await seeded(200);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2025-02-01',
      to: '2025-04-30',
      received: false,
      types: ['I', 'E'],
      pdf: false,
    });

    await processInvoiceListing(listingJob(extraction.id), h.deps);

    const expected = (await truthOf(h.sim, RFC)).filter(
      (invoice) =>
        invoice.isIssuer &&
        ['I', 'E'].includes(invoice.type) &&
        inPeriod(invoice, '2025-02-01', '2025-04-30'),
    );
    expect(expected.length).toBeGreaterThan(10);
    const files = await filesOf(h.pool, extraction.id);
    expect(files.map((file) => file.uuid).sort()).toEqual(
      expected.map((invoice) => invoice.uuid.toUpperCase()).sort(),
    );
    expect(files.every((file) => file.kind === 'xml' && file.direction === 'issued')).toBe(true);
  });

  it('records files SAT.ws does not have (xml: false) as missing, not pending', async () => {
    const { h, entityId } = await extractedUpstream(20, 6);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2025-01-01',
      to: '2025-06-30',
      pdf: false,
    });

    const result = await processInvoiceListing(listingJob(extraction.id), h.deps);

    const files = await filesOf(h.pool, extraction.id);
    expect(files.filter((file) => file.state === 'pending')).toHaveLength(6);
    expect(files.filter((file) => file.state === 'missing')).toHaveLength(14);
    expect(await dispatchAll(h)).toBe(6);
    expect(await h.queues.fileDownloads.count()).toBe(6);
    expect(result.settled).toBeNull();
    expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('downloading');
  });

  it('completes an extraction right away when none of its files can be downloaded', async () => {
    const { h, entityId } = await extractedUpstream(12, 0);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2025-01-01',
      to: '2025-06-30',
      pdf: false,
    });

    const result = await processInvoiceListing(listingJob(extraction.id), h.deps);

    expect(result.settled).toMatchObject({ status: 'completed', total: 12, failed: 0 });
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({ status: 'completed' });
    expect(await dispatchAll(h)).toBe(0);
    expect(await h.queues.fileDownloads.count()).toBe(0);
  });

  it('completes an extraction with no invoices in its period right away', async () => {
    const { h, entityId } = await seeded(30);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2024-01-01',
      to: '2024-01-31',
    });

    const result = await processInvoiceListing(listingJob(extraction.id), h.deps);

    expect(result).toMatchObject({ outcome: 'listed', pages: 0, invoices: 0 });
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({ status: 'completed' });
    expect(await eventKinds(h.pool, extraction.id)).toEqual([
      'listing.completed',
      'status.completed',
    ]);
  });

  it('looks the entity up by RFC when the company has none cached yet', async () => {
    const { h, entityId } = await seeded(15);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId: null,
      from: '2025-01-01',
      to: '2025-06-30',
    });

    const result = await processInvoiceListing(listingJob(extraction.id), h.deps);

    expect(result.invoices).toBe(15);
    const company = await h.pool.query('select satws_entity_id from companies where rfc = $1', [
      RFC,
    ]);
    expect(company.rows[0]?.satws_entity_id).toBe(entityId);
  });

  it('fails the extraction when the listing cannot succeed, and a retry of the listing once it can resumes it', async () => {
    const { h } = await seeded(5);
    const unknownRfc = 'AAA010101AAA';
    const extraction = await createExtraction(h.pool, {
      rfc: unknownRfc,
      from: '2025-01-01',
      to: '2025-06-30',
    });

    await expect(processInvoiceListing(listingJob(extraction.id), h.deps)).rejects.toMatchObject({
      code: 'satws_entity_not_found',
      retryable: false,
    });
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'failed',
      error_code: 'listing_failed',
      error_message: `Listing invoices failed: SAT.ws has no entity for RFC ${unknownRfc}: its invoices cannot be listed`,
    });

    h.sim.admin.seed({
      taxpayers: [
        { rfc: unknownRfc, invoices: 7, extracted: true, from: '2025-01-01', to: '2025-06-30' },
      ],
    });
    const retried = await processInvoiceListing(
      { ...listingJob(extraction.id), attemptsMade: 1 },
      h.deps,
    );

    expect(retried).toMatchObject({ outcome: 'listed', invoices: 7, pendingFiles: 14 });
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'downloading',
      error_code: null,
    });
  });

  it('does nothing for an extraction that is not downloading', async () => {
    const { h, entityId } = await seeded(10);
    const extraction = await createExtraction(h.pool, {
      rfc: RFC,
      entityId,
      from: '2025-01-01',
      to: '2025-06-30',
      status: 'extracting',
    });
    const before = await countRows(h.pool, 'invoices');

    const result = await processInvoiceListing(listingJob(extraction.id), h.deps);

    expect(result.outcome).toBe('skipped');
    expect(await countRows(h.pool, 'invoices')).toBe(before);
    expect(h.calls).toHaveLength(0);
    expect(await dispatchAll(h)).toBe(0);
    expect(await h.queues.fileDownloads.count()).toBe(0);
  });

  it('fails an unknown extraction id and a malformed payload without retrying', async () => {
    const { h } = await seeded(1);

    await expect(
      processInvoiceListing(listingJob('6f1f4f8e-9d5b-4c36-a1d2-0a5a7e3c9b10'), h.deps),
    ).rejects.toMatchObject({
      code: 'extraction_not_found',
      retryable: false,
    });
    await expect(
      processInvoiceListing(
        { id: 'x', data: { extractionId: 'nope' }, attemptsMade: 0, opts: {} },
        h.deps,
      ),
    ).rejects.toThrow(/extractionId: must be a UUID/);
  });
});

/**
 * Invoices copied into the simulated Syntage by a real extraction under SAT's daily XML cap:
 * past `dailyXmlCap` they come with `xml: false`, as upstream.
 */
async function extractedUpstream(invoices: number, dailyXmlCap: number) {
  const seededUpstream = await seeded(invoices, { extracted: false, dailyXmlCap });
  const { h, entityId } = seededUpstream;
  const upstream = await h.deps.satws.createExtraction(
    { entityId },
    { period: { from: '2025-01-01', to: '2025-06-30' } },
  );
  await waitFor(
    'the simulated extraction to finish',
    async () => (await h.deps.satws.getExtraction(upstream.id)).status === 'finished',
    { timeoutMs: 15_000 },
  );
  return seededUpstream;
}
