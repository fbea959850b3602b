import {
  type ExtractionRecord,
  linkInvoicesToExtraction,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processFileDownload } from '../src/files/process-file-download.js';
import { createExtraction, filesOf } from './support/extractions.js';
import { fileJob } from './support/file-jobs.js';
import type { Harness, RecordedCall } from './support/harness.js';
import { extractedScenario, listExtraction, RFC } from './support/scenario.js';

let database: TestDatabase;
let harness: Harness | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await database.drop();
});

/** Calls per extraction id ('' for none) and endpoint, as the client reported them. */
function tally(calls: readonly RecordedCall[]): Record<string, Record<string, number>> {
  const byExtraction: Record<string, Record<string, number>> = {};
  for (const call of calls) {
    const key = call.extractionId ?? '';
    const counts = byExtraction[key] ?? {};
    counts[call.endpoint] = (counts[call.endpoint] ?? 0) + 1;
    byExtraction[key] = counts;
  }
  return byExtraction;
}

async function invoiceIdsOf(h: Harness, extraction: ExtractionRecord): Promise<string[]> {
  const result = await h.pool.query<{ invoice_id: string }>(
    'select invoice_id from extraction_invoices where extraction_id = $1 order by invoice_id',
    [extraction.id],
  );
  return result.rows.map((row) => row.invoice_id);
}

describe('SAT.ws calls of the downloader are counted for their extraction', () => {
  it('the listing (entity lookup and every page) and each file download', async () => {
    const scenario = await extractedScenario(database.url, { invoices: 25, listingPageSize: 10 });
    harness = scenario.h;
    const { h, extraction } = scenario;
    // No entity id cached: the listing looks it up, and that call is the extraction's too.
    await h.pool.query('update companies set satws_entity_id = null');

    await listExtraction(h, extraction);
    const files = await filesOf(h.pool, extraction.id);
    const pending = files.filter((file) => file.state === 'pending');
    for (const file of pending) await processFileDownload(fileJob(file.id), h.deps);

    expect(pending.length).toBeGreaterThan(40);
    expect(tally(h.calls)).toEqual({
      [extraction.id]: {
        'GET /entities': 1,
        'GET /entities/{id}/invoices': 3,
        'GET /invoices/{id}/cfdi': pending.length,
      },
    });
  });

  it('a file two extractions wait for counts for the oldest downloading one', async () => {
    const scenario = await extractedScenario(database.url, { invoices: 4 });
    harness = scenario.h;
    const { h, extraction: older } = scenario;
    await listExtraction(h, older);
    // A second, overlapping extraction of the same company, listed later: it shares the files.
    const newer = await createExtraction(h.pool, {
      rfc: RFC,
      from: '2025-01-01',
      to: '2025-03-31',
    });
    await linkInvoicesToExtraction(h.pool, newer.id, await invoiceIdsOf(h, older));
    const [first, second] = (await filesOf(h.pool, older.id)).filter(
      (file) => file.state === 'pending',
    );
    if (!first || !second) throw new Error('expected two pending files');

    await processFileDownload(fileJob(first.id), h.deps);
    // Once the older one is no longer downloading, the newer one is what the file is for.
    await transitionExtraction(h.pool, older.id, ['downloading'], 'failed', {
      errorCode: 'test',
      errorMessage: 'stopped by the test',
    });
    await processFileDownload(fileJob(second.id), h.deps);

    const downloads = h.calls.filter((call) => call.endpoint === 'GET /invoices/{id}/cfdi');
    expect(downloads.map((call) => call.extractionId)).toEqual([older.id, newer.id]);
  });
});
