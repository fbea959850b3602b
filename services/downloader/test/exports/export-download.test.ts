import {
  getExtractionExport,
  getExtractionFileCounts,
  listExtractionEvents,
} from '@invoice-extractor/shared/db';
import { createS3Client } from '@invoice-extractor/shared/storage';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { testS3Settings } from '@invoice-extractor/test-support/s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processFileDownload } from '../../src/files/process-file-download.js';
import { filesOf, reloadExtraction } from '../support/extractions.js';
import { fileJob } from '../support/file-jobs.js';
import type { Harness } from '../support/harness.js';
import { listKeys, readObjectDigest } from '../support/s3-objects.js';
import { MIB, RFC, type ScenarioOptions } from '../support/scenario.js';
import { expectedKey, truthOf } from '../support/truth.js';
import { callsByEndpoint, exportScenario, runExportJob } from './export-scenario.js';

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

async function setup(options: Parameters<typeof exportScenario>[1]) {
  const scenario = await exportScenario(database.url, options);
  harness = scenario.h;
  return scenario;
}

/** Every file of the simulator's truth, where the per-file path would have put it. */
async function expectedObjects(h: Harness) {
  const truth = await truthOf(h.sim, RFC);
  return truth.flatMap((invoice) =>
    (['xml', 'pdf'] as const).map((kind) => ({
      uuid: invoice.uuid.toUpperCase(),
      kind,
      key: expectedKey(h.keyPrefix, RFC, invoice, kind),
      sha256: invoice[kind].sha256,
      bytes: invoice[kind].size,
    })),
  );
}

async function pendingFileIds(h: Harness, extractionId: string): Promise<string[]> {
  return (await filesOf(h.pool, extractionId))
    .filter((row) => row.state === 'pending')
    .map((row) => row.id);
}

describe('processExportDownload', () => {
  it("stores every entry at its per-invoice key with the simulator's sha256 and size, in a handful of calls", async () => {
    const options: ScenarioOptions = { invoices: 30, largeFiles: { count: 1, pdf: 9 * MIB } };
    const { h, extraction } = await setup(options);

    const result = await runExportJob(h, extraction.id);

    const expected = await expectedObjects(h);
    expect(result).toMatchObject({
      outcome: 'done',
      entries: { stored: 60, skipped: 0, rejected: 0, ignored: 1 },
      fallbackFiles: 0,
      settled: { status: 'completed', total: 60, failed: 0 },
    });
    const rows = new Map(
      (await filesOf(h.pool, extraction.id)).map((row) => [`${row.uuid}.${row.kind}`, row]),
    );
    for (const file of expected) {
      expect(rows.get(`${file.uuid}.${file.kind}`)).toMatchObject({
        state: 'stored',
        s3_key: file.key,
        sha256: file.sha256,
        bytes: String(file.bytes),
      });
      expect(await readObjectDigest(h.s3Client, h.bucket, file.key)).toEqual({
        sha256: file.sha256,
        bytes: file.bytes,
      });
    }
    // Only the invoices' objects remain: the archive was deleted once unpacked.
    expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual(
      expected.map((file) => file.key).sort(),
    );
    const calls = callsByEndpoint(h);
    expect(calls['GET /invoices/{id}/cfdi']).toBeUndefined();
    expect(calls['POST /exports']).toBe(1);
    expect(calls['GET /files/{id}/download']).toBe(1);
    const row = await getExtractionExport(h.pool, extraction.id);
    expect(row).toMatchObject({ state: 'unpacked', satws_status: 'finished' });
    expect(row?.archive_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(row?.archive_bytes)).toBeGreaterThan(9 * MIB);
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'completed',
      download_mode: 'export',
    });
  });

  it('a run of a finished export job changes nothing and calls SAT.ws no more', async () => {
    const { h, extraction } = await setup({ invoices: 6 });
    await runExportJob(h, extraction.id);
    const callsBefore = h.calls.length;

    const again = await runExportJob(h, extraction.id);

    expect(again.outcome).toBe('skipped');
    expect(h.calls.length).toBe(callsBefore);
  });

  it('leaves entries missing from the ZIP or damaged in it pending for per-file download, with the reason', async () => {
    const { h, extraction } = await setup({
      invoices: 8,
      sim: { faults: [{ kind: 'export-entries', format: 'pdf', omit: 2, corrupt: 1 }] },
    });

    const result = await runExportJob(h, extraction.id);

    expect(result).toMatchObject({
      outcome: 'done',
      entries: { stored: 13, rejected: 1, ignored: 1 },
      fallbackFiles: 3,
      settled: null,
    });
    const pending = (await filesOf(h.pool, extraction.id)).filter((row) => row.state === 'pending');
    expect(pending.map((row) => row.kind)).toEqual(['pdf', 'pdf', 'pdf']);
    const damaged = pending.filter((row) => row.last_error !== null);
    expect(damaged).toHaveLength(1);
    expect(damaged[0]?.last_error).toMatch(/export_entry_corrupt: .*CRC-32/);
    // Nothing was stored under the damaged entry's key.
    expect(await readObjectDigest(h.s3Client, h.bucket, damaged[0]?.s3_key ?? 'none')).toBeNull();
    const events = await listExtractionEvents(h.pool, extraction.id);
    expect(events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['export.entry_rejected', 'export.unpacked', 'export.fallback']),
    );
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'downloading',
      download_mode: 'files',
    });

    // The per-file path (the dispatcher's jobs) fetches the rest, and the extraction completes.
    for (const fileId of await pendingFileIds(h, extraction.id)) {
      await processFileDownload(fileJob(fileId), h.deps);
    }
    for (const file of await expectedObjects(h)) {
      expect(await readObjectDigest(h.s3Client, h.bucket, file.key)).toEqual({
        sha256: file.sha256,
        bytes: file.bytes,
      });
    }
    expect(callsByEndpoint(h)['GET /invoices/{id}/cfdi']).toBe(3);
    expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('completed');
  });

  it('rejects a damaged XML entry on its way (the stamp check reads it before its CRC-32 is in)', async () => {
    const { h, extraction } = await setup({
      invoices: 4,
      sim: { faults: [{ kind: 'export-entries', format: 'xml', corrupt: 1 }] },
    });

    const result = await runExportJob(h, extraction.id);

    expect(result).toMatchObject({ entries: { stored: 7, rejected: 1 }, fallbackFiles: 1 });
    const [pending, ...others] = (await filesOf(h.pool, extraction.id)).filter(
      (row) => row.state === 'pending',
    );
    expect(others).toEqual([]);
    expect(pending).toMatchObject({ kind: 'xml' });
    expect(pending?.last_error).toMatch(
      /^export entry rejected: (cfdi_\w+|export_entry_corrupt): /,
    );
  });

  it('hands every file back to per-file download when SAT.ws fails the export', async () => {
    const { h, extraction } = await setup({
      invoices: 5,
      sim: { faults: [{ kind: 'export-failure' }] },
    });

    const result = await runExportJob(h, extraction.id);

    expect(result).toMatchObject({ outcome: 'done', satwsStatus: 'failed', fallbackFiles: 10 });
    expect(await getExtractionExport(h.pool, extraction.id)).toMatchObject({ state: 'failed' });
    expect(await getExtractionFileCounts(h.pool, extraction.id)).toMatchObject({ pending: 10 });
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'downloading',
      download_mode: 'files',
    });
    expect(callsByEndpoint(h)['GET /files/{id}/download']).toBeUndefined();
  });

  it('a run cut short after the ZIP was archived resumes from S3 without downloading it again', async () => {
    const { h, extraction } = await setup({ invoices: 10 });
    // The first run's S3 reads fail, as if the process died right after archiving the ZIP.
    const realClient = h.deps.s3.client;
    const brokenReads = createS3Client({ ...testS3Settings(), maxAttempts: 1 });
    brokenReads.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectCommand') throw new Error('process died');
        return next(args);
      },
      { step: 'initialize', name: 'dieOnRead' },
    );
    h.deps.s3 = { ...h.deps.s3, client: brokenReads };

    await expect(runExportJob(h, extraction.id)).rejects.toMatchObject({
      code: 'export_archive_read_failed',
      retryable: true,
    });
    expect(await getExtractionExport(h.pool, extraction.id)).toMatchObject({ state: 'archived' });
    brokenReads.destroy();
    h.deps.s3 = { ...h.deps.s3, client: realClient };

    const resumed = await runExportJob(h, extraction.id);

    expect(resumed).toMatchObject({
      outcome: 'done',
      entries: { stored: 20 },
      settled: { status: 'completed' },
    });
    expect(callsByEndpoint(h)['GET /files/{id}/download']).toBe(1);
    expect(h.sim.admin.calls()).toMatchObject({
      'GET /files/{id}/download': 1,
      'GET /blobs/{id}': 1,
    });
  });
});
