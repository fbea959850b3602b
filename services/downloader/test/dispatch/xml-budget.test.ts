import { listExtractionEvents, markInvoiceFileFailed } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { enqueue, invoiceListingsJob } from '@invoice-extractor/shared/queues';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/dispatch/create-dispatcher.js';
import { type RunningDownloader, startDownloader } from '../../src/start-downloader.js';
import { filesOf, reloadExtraction } from '../support/extractions.js';
import { createHarness, type Harness } from '../support/harness.js';
import { listedCompany } from '../support/listed-files.js';
import { logSink } from '../support/log-sink.js';
import { listKeys } from '../support/s3-objects.js';
import { extractedScenario, RFC } from '../support/scenario.js';

const BIG = 'EKU9003173C9';
const SMALL = 'IIA040805DZ4';
/** 23:59 on 9 March 2026 in Mexico City (UTC−6): one minute before SAT's day turns. */
const LATE_ON_THE_9TH = new Date('2026-03-10T05:59:00.000Z');
const LAST_MS_OF_THE_9TH = new Date('2026-03-10T05:59:59.999Z');
const MIDNIGHT_OF_THE_10TH = new Date('2026-03-10T06:00:00.000Z');

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

async function budgetDays(h: Harness) {
  const result = await h.pool.query<{ rfc: string; day: string; xml_dispatched: number }>(
    `select c.rfc, b.day::text as day, b.xml_dispatched
     from xml_budget_days b join companies c on c.id = b.company_id order by b.day, c.rfc`,
  );
  return result.rows;
}

async function dispatchedFiles(h: Harness, ids: readonly string[]): Promise<string[]> {
  const result = await h.pool.query<{ id: string }>(
    `select f.id::text as id from invoice_files f
     where f.id = any($1::int8[]) and f.dispatched_at is not null
     order by f.id`,
    [ids],
  );
  return result.rows.map((row) => row.id);
}

async function budgetEvents(h: Harness, extractionId: string) {
  return (await listExtractionEvents(h.pool, extractionId)).filter(
    (event) => event.kind === 'budget.exhausted',
  );
}

describe('the daily XML budget per RFC', () => {
  it('stops XML at the budget for the Mexico City day, lets PDFs and other companies go on, and releases more the next day', async () => {
    harness = await createHarness({ databaseUrl: database.url });
    const h = harness;
    const big = await listedCompany(h.pool, { rfc: BIG, invoices: 8 });
    const small = await listedCompany(h.pool, { rfc: SMALL, invoices: 3 });
    const logs = logSink();
    let clock = LATE_ON_THE_9TH;
    const dispatcher = createDispatcher(
      {
        pool: h.pool,
        queue: h.queues.fileDownloads,
        logger: createLogger({ level: 'info', destination: logs.stream }),
      },
      { backlog: 1_000, intervalMs: 60_000, xmlDailyBudgetPerRfc: 5, now: () => clock },
    );

    expect(await dispatcher.fill()).toBe(5 + 8 + 3 + 3);

    expect(await dispatchedFiles(h, big.xmlIds)).toEqual(big.xmlIds.slice(0, 5));
    expect(await dispatchedFiles(h, big.pdfIds)).toEqual(big.pdfIds);
    expect(await dispatchedFiles(h, small.fileIds)).toEqual(small.fileIds);
    expect(await budgetDays(h)).toEqual([
      { rfc: BIG, day: '2026-03-09', xml_dispatched: 5 },
      { rfc: SMALL, day: '2026-03-09', xml_dispatched: 3 },
    ]);
    // Visible to an operator: an event on the extraction and a log line, saying until when.
    expect(await budgetEvents(h, big.extraction.id)).toEqual([
      expect.objectContaining({
        detail: { day: '2026-03-09', xmlDailyBudget: 5, resumesAt: expect.any(String) },
      }),
    ]);
    const [event] = await budgetEvents(h, big.extraction.id);
    expect(new Date(String(event?.detail.resumesAt)).toISOString()).toBe(
      MIDNIGHT_OF_THE_10TH.toISOString(),
    );
    expect(await budgetEvents(h, small.extraction.id)).toEqual([]);
    expect(logs.lines().filter((line) => line.extractionId === big.extraction.id)).toEqual([
      expect.objectContaining({ rfc: BIG, day: '2026-03-09', xmlDailyBudget: 5 }),
    ]);
    expect((await reloadExtraction(h.pool, big.extraction.id)).status).toBe('downloading');

    // A failed attempt of a dispatched XML is retried by BullMQ, not dispatched or counted again.
    await markInvoiceFileFailed(h.pool, big.xmlIds[0] ?? '', 'satws_server_error: 503', {
      final: false,
    });
    expect(await dispatcher.fill()).toBe(0);
    clock = LAST_MS_OF_THE_9TH;
    expect(await dispatcher.fill()).toBe(0);
    expect(await budgetDays(h)).toHaveLength(2);
    expect(await budgetEvents(h, big.extraction.id)).toHaveLength(1);

    clock = MIDNIGHT_OF_THE_10TH;
    expect(await dispatcher.fill()).toBe(3);

    expect(await dispatchedFiles(h, big.xmlIds)).toEqual(big.xmlIds);
    expect(await budgetDays(h)).toContainEqual({ rfc: BIG, day: '2026-03-10', xml_dispatched: 3 });
    expect(await h.queues.fileDownloads.getWaitingCount()).toBe(16 + 6);
    await dispatcher.close();
  });

  it('through the workers: the files past the budget wait downloading, and the next day completes the extraction', async () => {
    const scenario = await extractedScenario(database.url, { invoices: 6 });
    harness = scenario.h;
    const { h, extraction } = scenario;
    let clock = LATE_ON_THE_9TH;
    downloader = startDownloader({
      ...h.deps,
      dispatch: { xmlDailyBudgetPerRfc: 4, intervalMs: 100, now: () => clock },
    });

    await enqueue(h.queues.invoiceListings, invoiceListingsJob, { extractionId: extraction.id });

    const stored = () =>
      listKeys(h.s3Client, h.bucket, `${h.keyPrefix}cfdi/${RFC}/`).then((keys) => ({
        xml: keys.filter((key) => key.endsWith('.xml')).length,
        pdf: keys.filter((key) => key.endsWith('.pdf')).length,
      }));
    // Rows, not objects: a file's row says stored only after its object is in S3.
    const storedRows = async () =>
      (await filesOf(h.pool, extraction.id)).filter((file) => file.state === 'stored');
    await waitFor('four XML and every PDF stored', async () => {
      const rows = await storedRows();
      const xml = rows.filter((file) => file.kind === 'xml').length;
      return xml === 4 && rows.length === 10;
    });
    expect(await stored()).toEqual({ xml: 4, pdf: 6 });
    await waitFor('the budget event', async () => (await budgetEvents(h, extraction.id)).length);
    const waiting = (await filesOf(h.pool, extraction.id)).filter(
      (file) => file.state !== 'stored',
    );
    expect(waiting.map((file) => [file.kind, file.state])).toEqual([
      ['xml', 'pending'],
      ['xml', 'pending'],
    ]);
    expect(
      await dispatchedFiles(
        h,
        waiting.map((file) => file.id),
      ),
    ).toEqual([]);
    expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('downloading');

    clock = MIDNIGHT_OF_THE_10TH;

    await waitFor('the extraction to complete', async () => {
      return (await reloadExtraction(h.pool, extraction.id)).status === 'completed';
    });
    expect(await stored()).toEqual({ xml: 6, pdf: 6 });
  });
});
