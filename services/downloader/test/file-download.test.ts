import { markExtractionListed } from '@invoice-extractor/shared/db';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processFileDownload } from '../src/files/process-file-download.js';
import { eventKinds, filesOf, reloadExtraction } from './support/extractions.js';
import { fileJob, runQueuedFileJobs } from './support/file-jobs.js';
import type { Harness } from './support/harness.js';
import { addInvoiceRow } from './support/invoice-rows.js';
import { listKeys, readObjectDigest } from './support/s3-objects.js';
import {
  extractedScenario,
  listExtraction,
  MIB,
  RFC,
  type ScenarioOptions,
} from './support/scenario.js';
import { expectedKey, truthOf } from './support/truth.js';

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

async function setup(options: ScenarioOptions) {
  const scenario = await extractedScenario(database.url, options);
  harness = scenario.h;
  return scenario;
}

async function listed(options: ScenarioOptions) {
  const scenario = await setup(options);
  await listExtraction(scenario.h, scenario.extraction);
  return scenario;
}

describe('processFileDownload', () => {
  it("stores every XML and PDF at its key with the simulator's sha256 and size, then completes the extraction", async () => {
    const { h, extraction } = await listed({
      invoices: 24,
      largeFiles: { count: 1, pdf: 9 * MIB },
    });

    const outcomes = await runQueuedFileJobs(h);

    expect([...outcomes.values()].filter((outcome) => outcome instanceof Error)).toEqual([]);
    const truth = await truthOf(h.sim, RFC);
    const rows = new Map(
      (await filesOf(h.pool, extraction.id)).map((row) => [`${row.uuid}.${row.kind}`, row]),
    );
    const expectedKeys: string[] = [];
    for (const invoice of truth) {
      for (const kind of ['xml', 'pdf'] as const) {
        const key = expectedKey(h.keyPrefix, RFC, invoice, kind);
        expectedKeys.push(key);
        const row = rows.get(`${invoice.uuid.toUpperCase()}.${kind}`);
        expect(row).toMatchObject({
          state: 'stored',
          s3_key: key,
          sha256: invoice[kind].sha256,
          bytes: String(invoice[kind].size),
          attempts: 1,
        });
        expect(await readObjectDigest(h.s3Client, h.bucket, key)).toEqual({
          sha256: invoice[kind].sha256,
          bytes: invoice[kind].size,
        });
      }
    }
    expect(Math.max(...truth.map((invoice) => invoice.pdf.size))).toBe(9 * MIB);
    expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual(expectedKeys.sort());
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'completed',
      error_code: null,
    });
    expect(
      (await eventKinds(h.pool, extraction.id)).filter((kind) => kind.startsWith('status.')),
    ).toEqual(['status.completed']);
  });

  it('does nothing more for a file already stored, however often its job runs again', async () => {
    const { h, extraction } = await listed({ invoices: 2 });
    await runQueuedFileJobs(h);
    const before = await filesOf(h.pool, extraction.id);
    const downloadsBefore = h.calls.length;

    const again = await processFileDownload(fileJob(before[0]?.id ?? ''), h.deps);

    expect(again).toMatchObject({ outcome: 'settled', settled: [] });
    expect(await filesOf(h.pool, extraction.id)).toEqual(before);
    expect(h.calls.length).toBe(downloadsBefore);
  });

  it('records a file SAT.ws answers 404 for as missing, and that settles the extraction', async () => {
    const { h, extraction } = await setup({ invoices: 0 });
    const files = await addInvoiceRow(h.pool, extraction, {
      satwsInvoiceId: 'not-an-upstream-invoice',
      cfdiUuid: '0A1B2C3D-0000-4000-8000-000000000001',
    });
    await markExtractionListed(h.pool, extraction.id);

    const result = await processFileDownload(fileJob(files.xml), h.deps);

    expect(result.outcome).toBe('missing');
    expect((await filesOf(h.pool, extraction.id))[0]).toMatchObject({
      state: 'missing',
      attempts: 0,
    });
    expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('completed');
  });
});
