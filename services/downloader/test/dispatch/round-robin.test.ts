import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processInvoiceListing } from '../../src/listing/process-invoice-listing.js';
import { type RunningDownloader, startDownloader } from '../../src/start-downloader.js';
import { testDispatcher } from '../support/dispatch.js';
import { createExtraction, filesOf, reloadExtraction } from '../support/extractions.js';
import { createHarness, type Harness } from '../support/harness.js';
import { listedCompany } from '../support/listed-files.js';
import { listKeys } from '../support/s3-objects.js';

const BIG = 'EKU9003173C9';
const SMALL = 'IIA040805DZ4';
const MID = 'MISC491214B86';

let database: TestDatabase;
let harness: Harness | undefined;
let downloader: RunningDownloader | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await downloader?.close();
  downloader = undefined;
  await harness?.close();
  harness = undefined;
  await database.drop();
});

async function waitingFileIds(h: Harness): Promise<string[]> {
  const jobs = await h.queues.fileDownloads.getJobs(['waiting'], 0, -1, true);
  return jobs.map((job) => String(job.data.fileId));
}

describe('the dispatcher', () => {
  it("queues one file per company per round, each company's oldest first, whatever the size of its backlog", async () => {
    harness = await createHarness({ databaseUrl: database.url });
    const h = harness;
    // Listed in this order: under first come, first served the big one would go first entirely.
    const big = await listedCompany(h.pool, { rfc: BIG, invoices: 300 });
    const small = await listedCompany(h.pool, { rfc: SMALL, invoices: 3 });
    const mid = await listedCompany(h.pool, { rfc: MID, invoices: 5 });
    const dispatcher = testDispatcher(h, { backlog: 9 });

    expect(await dispatcher.fill()).toBe(9);

    const rounds = (n: number) =>
      Array.from({ length: n }, (_, turn) =>
        [big, small, mid].map((company) => company.fileIds[turn]),
      ).flat();
    expect(await waitingFileIds(h)).toEqual(rounds(3));

    // Workers take those nine; the next fill carries on where each company left off.
    await h.queues.fileDownloads.drain();
    expect(await dispatcher.fill()).toBe(9);
    expect(await waitingFileIds(h)).toEqual(rounds(6).slice(9));

    // The small company has nothing left: its share goes to the others.
    await h.queues.fileDownloads.drain();
    expect(await dispatcher.fill()).toBe(9);
    const third = await waitingFileIds(h);
    expect(third.slice(0, 6)).toEqual([
      big.fileIds[6],
      mid.fileIds[6],
      big.fileIds[7],
      mid.fileIds[7],
      big.fileIds[8],
      mid.fileIds[8],
    ]);
    expect(third.slice(6)).toEqual([big.fileIds[9], mid.fileIds[9], big.fileIds[10]]);
    await dispatcher.close();
  });

  it('lets a company with a few invoices finish while one with hundreds still has most of its files waiting', async () => {
    harness = await createHarness({
      databaseUrl: database.url,
      sim: {
        seed: {
          randomSeed: 'fair-share',
          taxpayers: [BIG, SMALL].map((rfc) => ({
            rfc,
            invoices: rfc === BIG ? 100 : 4,
            extracted: true,
            from: '2025-01-01',
            to: '2025-06-30',
          })),
        },
      },
    });
    const h = harness;
    const truth = await h.sim.admin.truth(undefined, { digests: false });
    const [big, small] = await Promise.all(
      [BIG, SMALL].map((rfc) =>
        createExtraction(h.pool, {
          rfc,
          entityId: truth.taxpayers.find((taxpayer) => taxpayer.rfc === rfc)?.entityId,
          from: '2025-01-01',
          to: '2025-06-30',
        }),
      ),
    );
    if (!big || !small) throw new Error('extractions were not created');
    // The big company is listed first, so its 200 files are the oldest waiting.
    for (const extraction of [big, small]) {
      await processInvoiceListing(
        { id: 'listing', data: { extractionId: extraction.id }, attemptsMade: 0, opts: {} },
        h.deps,
      );
    }

    downloader = startDownloader({
      ...h.deps,
      concurrency: { listings: 1, files: 2 },
      dispatch: { backlog: 4, intervalMs: 100 },
    });

    await waitFor('the small company to be completed', async () => {
      return (await reloadExtraction(h.pool, small.id)).status === 'completed';
    });
    const bigFiles = await filesOf(h.pool, big.id);
    expect(bigFiles).toHaveLength(200);
    expect(bigFiles.filter((file) => file.state === 'pending').length).toBeGreaterThan(150);
    const smallKeys = await listKeys(h.s3Client, h.bucket, `${h.keyPrefix}cfdi/${SMALL}/`);
    expect(smallKeys).toHaveLength(8);

    await waitFor(
      'the big company to be completed too',
      async () => (await reloadExtraction(h.pool, big.id)).status === 'completed',
      { timeoutMs: 60_000 },
    );
    expect(await listKeys(h.s3Client, h.bucket, `${h.keyPrefix}cfdi/${BIG}/`)).toHaveLength(200);
  }, 90_000);
});
