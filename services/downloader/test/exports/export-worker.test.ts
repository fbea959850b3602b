import { getExtractionFileCounts, listExtractionEvents } from '@invoice-extractor/shared/db';
import { exportDownloadsJob } from '@invoice-extractor/shared/queues';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { waitFor } from '@invoice-extractor/test-support/wait';
import type { Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExportWorker } from '../../src/exports/export-worker.js';
import { reloadExtraction } from '../support/extractions.js';
import type { Harness } from '../support/harness.js';
import { callsByEndpoint, exportScenario } from './export-scenario.js';

let database: TestDatabase;
let harness: Harness | undefined;
let worker: Worker | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await harness?.close();
  harness = undefined;
  await database.drop();
});

async function setup(options: Parameters<typeof exportScenario>[1]) {
  const scenario = await exportScenario(database.url, options);
  harness = scenario.h;
  return scenario;
}

describe('the export-downloads worker', () => {
  it('waits for SAT.ws in the delayed set, spending no attempt, and finishes by polling', async () => {
    const { h, extraction } = await setup({ invoices: 6, exports: { pollMs: 300 } });
    h.sim.admin.setTimings({ exportPendingMs: 200, exportRunningMs: 1_500 });
    const jobId = exportDownloadsJob.jobId?.({ extractionId: extraction.id }) ?? '';

    worker = startExportWorker(h.deps);

    await waitFor('the job to wait in the delayed set', async () => {
      const job = await h.queues.exportDownloads.getJob(jobId);
      return (await job?.getState()) === 'delayed';
    });
    const done = await waitFor('the extraction to complete', async () => {
      const row = await reloadExtraction(h.pool, extraction.id);
      return row.status === 'completed' && row;
    });
    expect(done.error_code).toBeNull();
    const job = await h.queues.exportDownloads.getJob(jobId);
    await waitFor('the job to complete', async () => (await job?.getState()) === 'completed');
    // Several runs (each delay is one), one attempt: the one that completed.
    expect(job?.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(job?.attemptsMade).toBe(1);
    expect(callsByEndpoint(h)['GET /exports/{id}']).toBeGreaterThanOrEqual(2);
    expect(callsByEndpoint(h)['POST /exports']).toBe(1);
  });

  it('hands the files back to per-file downloads when BullMQ gives up on the job', async () => {
    const { h, extraction } = await setup({
      invoices: 4,
      // Every attempt of the client's own retries is refused: the job fails.
      sim: { faults: [{ kind: 'error', status: 503, path: '/exports', method: 'POST' }] },
    });
    // The listing's job, replaced by one with a single attempt so it fails for good at once.
    const queue = h.queues.exportDownloads;
    const jobId = exportDownloadsJob.jobId?.({ extractionId: extraction.id }) ?? '';
    await (await queue.getJob(jobId))?.remove();
    await queue.add(
      exportDownloadsJob.jobName,
      { extractionId: extraction.id },
      { jobId, attempts: 1 },
    );

    worker = startExportWorker(h.deps);

    const handedBack = await waitFor('the extraction to go back to files mode', async () => {
      const row = await reloadExtraction(h.pool, extraction.id);
      return row.download_mode === 'files' && row;
    });
    expect(handedBack.status).toBe('downloading');
    expect(await getExtractionFileCounts(h.pool, extraction.id)).toMatchObject({ pending: 8 });
    const events = await listExtractionEvents(h.pool, extraction.id);
    expect(events.find((event) => event.kind === 'export.abandoned')?.detail).toMatchObject({
      pendingFiles: 8,
    });
    expect(await (await queue.getJob(jobId))?.getState()).toBe('failed');
  });
});
