import { readFile } from 'node:fs/promises';
import { enqueue, invoiceListingsJob } from '@invoice-extractor/shared/queues';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningDownloader, startDownloader } from '../src/start-downloader.js';
import { startDocumentProxy } from './support/document-proxy.js';
import { filesOf, reloadExtraction } from './support/extractions.js';
import type { Harness } from './support/harness.js';
import { logSink } from './support/log-sink.js';
import { listKeys, readObjectDigest } from './support/s3-objects.js';
import { extractedScenario, RFC, type ScenarioOptions } from './support/scenario.js';
import { expectedKey, truthOf } from './support/truth.js';

const CFDI = 'GET /invoices/{id}/cfdi';

let database: TestDatabase;
let harness: Harness | undefined;
let downloader: RunningDownloader | undefined;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await downloader?.close();
  downloader = undefined;
  for (const stop of stops.splice(0)) await stop();
  await harness?.close();
  harness = undefined;
  await database.drop();
});

async function setup(options: ScenarioOptions) {
  const scenario = await extractedScenario(database.url, options);
  harness = scenario.h;
  return scenario;
}

async function completed(
  h: Harness,
  extractionId: string,
  status: 'completed' | 'failed' = 'completed',
) {
  return waitFor(`extraction ${extractionId} to be ${status}`, async () => {
    const extraction = await reloadExtraction(h.pool, extractionId);
    return extraction.status === status ? extraction : undefined;
  });
}

describe('startDownloader', () => {
  it('takes an extraction from its listing job to every file in S3, one log line per job attempt', async () => {
    const logs = logSink();
    const { h, extraction } = await setup({
      invoices: 40,
      listingPageSize: 15,
      logDestination: logs.stream,
    });
    downloader = startDownloader(h.deps);

    await enqueue(h.queues.invoiceListings, invoiceListingsJob, { extractionId: extraction.id });

    await completed(h, extraction.id);
    const truth = await truthOf(h.sim, RFC);
    const expected = truth.flatMap((invoice) =>
      (['xml', 'pdf'] as const).map((kind) => expectedKey(h.keyPrefix, RFC, invoice, kind)),
    );
    expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual(expected.sort());
    expect((await filesOf(h.pool, extraction.id)).every((file) => file.state === 'stored')).toBe(
      true,
    );
    // The last job settles the extraction before it returns and logs: wait for its line too.
    const jobLines = await waitFor('a log line for each of the 81 jobs', () => {
      const lines = logs.lines().filter((line) => line.msg === 'job done');
      return lines.length >= 81 && lines;
    });
    expect(jobLines.filter((line) => line.queue === 'invoice-listings')).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'completed', durationMs: expect.any(Number) }),
    ]);
    const fileLines = jobLines.filter((line) => line.queue === 'file-downloads');
    expect(fileLines).toHaveLength(80);
    expect(new Set(fileLines.map((line) => line.jobId)).size).toBe(80);
    expect(JSON.stringify(logs.lines())).not.toContain(h.sim.apiKey);
  });

  it('waits out a 429 until its reset, pausing the queue and the shared budget, without spending an attempt', async () => {
    const logs = logSink();
    const { h, extraction } = await setup({
      invoices: 4,
      logDestination: logs.stream,
      // Every 429 goes to the worker instead of being waited out inside the client.
      client: { rateLimit: { maxWaitMs: 0, maxWaits: 0 } },
      requestsPerMinute: 100_000,
    });
    const [limited] = await truthOf(h.sim, RFC);
    h.sim.admin.addFault({
      kind: 'rate-limit',
      retryAfterSeconds: 2,
      count: 1,
      path: `/invoices/${limited?.id}/cfdi`,
    });
    // One download at a time, so the call after the 429 can only be one the pause let through.
    downloader = startDownloader({ ...h.deps, concurrency: { listings: 1, files: 1 } });

    await enqueue(h.queues.invoiceListings, invoiceListingsJob, { extractionId: extraction.id });

    await waitFor('the 429 to reach the worker', () =>
      logs.lines().some((line) => line.outcome === 'rate-limited'),
    );
    expect(await h.budget.tryAcquire(CFDI)).toMatchObject({
      ok: false,
      retryAfterMs: expect.any(Number),
    });
    await completed(h, extraction.id);
    const downloads = h.calls.filter((call) => call.endpoint === CFDI);
    const rateLimited = downloads.findIndex((call) => call.status === 429);
    const next = downloads[rateLimited + 1];
    expect(next?.status).toBe(200);
    expect((next?.at ?? 0) - (downloads[rateLimited]?.at ?? 0)).toBeGreaterThanOrEqual(800);
    expect(
      (await filesOf(h.pool, extraction.id)).map((file) => [file.state, file.attempts]),
    ).toEqual(Array.from({ length: 8 }, () => ['stored', 1]));
    expect(logs.lines().filter((line) => line.outcome === 'rate-limited')).toHaveLength(1);
    expect(
      logs.lines().filter((line) => line.outcome === 'retry' || line.outcome === 'failed'),
    ).toEqual([]);
  });

  it('fails the extraction when a file fails for good, and completes it when that job is retried as Bull Board does', async () => {
    const { h, extraction } = await setup({ invoices: 2 });
    const [wrong] = await truthOf(h.sim, RFC);
    if (!wrong?.id) throw new Error('no extracted invoice');
    const foreign = await readFile(
      new URL('../../../../shared/cfdi-samples/cfdi40-real.xml', import.meta.url),
    );
    const documents = new Map<string, Buffer>([[wrong.id, foreign]]);
    const proxy = await startDocumentProxy(h.sim.url, documents);
    stops.push(proxy.stop);
    const satws = createSatwsClient({ baseUrl: proxy.url, apiKey: h.sim.apiKey });
    downloader = startDownloader({ ...h.deps, satws });

    await enqueue(h.queues.invoiceListings, invoiceListingsJob, { extractionId: extraction.id });

    const failed = await completed(h, extraction.id, 'failed');
    expect(failed.error_code).toBe('files_failed');
    expect(failed.error_message).toContain(`${wrong.uuid.toUpperCase()}.xml: cfdi_uuid_mismatch`);
    // The processor fails the extraction before it throws; BullMQ records the job just after.
    const [failedJob] = await waitFor('the file job to be failed', async () => {
      const jobs = await h.queues.fileDownloads.getFailed();
      return jobs.length > 0 && jobs;
    });
    expect(failedJob?.failedReason).toContain('cfdi_uuid_mismatch');
    expect(failedJob?.attemptsMade).toBe(1);
    expect(
      await readObjectDigest(h.s3Client, h.bucket, expectedKey(h.keyPrefix, RFC, wrong, 'xml')),
    ).toBeNull();

    documents.delete(wrong.id);
    await failedJob?.retry('failed');

    await completed(h, extraction.id);
    expect(
      await readObjectDigest(h.s3Client, h.bucket, expectedKey(h.keyPrefix, RFC, wrong, 'xml')),
    ).toEqual({
      sha256: wrong.xml.sha256,
      bytes: wrong.xml.size,
    });
  });
});
