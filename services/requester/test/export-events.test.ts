import { randomUUID } from 'node:crypto';
import {
  ensureExtractionExport,
  getExtractionExport,
  getInboxEvent,
  markExtractionListed,
  recordExportRequested,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import { exportDownloadsJob } from '@invoice-extractor/shared/queues';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processSatwsEvent } from '../src/events/process-satws-event.js';
import { requeueLostWork } from '../src/reconcile/requeue-lost-work.js';
import { at } from './support/events.js';
import { jobOf, queuedExtraction, storeEvent } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';

/** An `export.updated` event as SAT.ws delivers it: no taxpayer (satws-api.md §8.3). */
function exportUpdated(exportId: string, status: string, updatedAt: string) {
  const file =
    status === 'finished'
      ? { id: randomUUID(), type: 'Export', mimeType: 'application/zip' }
      : null;
  return {
    id: randomUUID(),
    type: 'export.updated',
    resource: `/exports/${exportId}`,
    data: { object: { id: exportId, status, format: 'json', file, updatedAt } },
    createdAt: updatedAt,
  };
}

describe('export.updated events and lost export jobs', () => {
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

  /** A listed extraction in export mode whose export SAT.ws accepted. */
  async function waitingOnExport() {
    const row = await queuedExtraction(harness.pool, RFC);
    await transitionExtraction(harness.pool, row.id, ['queued'], 'downloading', {
      satwsExtractionId: randomUUID(),
    });
    await markExtractionListed(harness.pool, row.id, 'export');
    await ensureExtractionExport(harness.pool, row.id);
    const exportId = randomUUID();
    await recordExportRequested(harness.pool, row.id, exportId, {
      status: 'pending',
      observedAt: new Date(at(0)),
    });
    return { extractionId: row.id, exportId };
  }

  const deliver = async (event: { id: string; type: string }, attemptsMade = 0) =>
    processSatwsEvent(
      jobOf({ eventId: await storeEvent(harness.pool, event) }, { attemptsMade }),
      context.deps,
    );

  it('a finished export is recorded with its file and wakes the export job waiting for its next poll', async () => {
    const { extractionId, exportId } = await waitingOnExport();
    const queue = context.queues.exportDownloads;
    await queue.add(
      exportDownloadsJob.jobName,
      { extractionId },
      {
        jobId: exportDownloadsJob.jobId?.({ extractionId }),
        delay: 3_600_000,
      },
    );
    const finished = exportUpdated(exportId, 'finished', at(30));

    const result = await deliver(finished);

    expect(result).toMatchObject({ outcome: 'export-recorded', exportJob: 'promoted' });
    expect(await getExtractionExport(harness.pool, extractionId)).toMatchObject({
      satws_status: 'finished',
      satws_status_at: new Date(at(30)),
      satws_file_id: finished.data.object.file?.id,
    });
    const job = await queue.getJob(exportDownloadsJob.jobId?.({ extractionId }) ?? '');
    expect(await job?.getState()).toBe('waiting');
    expect(await getInboxEvent(harness.pool, finished.id)).toMatchObject({ outcome: 'applied' });
  });

  it('a late running event does not undo a finished export', async () => {
    const { extractionId, exportId } = await waitingOnExport();
    await deliver(exportUpdated(exportId, 'finished', at(30)));

    const late = await deliver(exportUpdated(exportId, 'running', at(10)));

    expect(late.outcome).toBe('export-stale');
    expect(await getExtractionExport(harness.pool, extractionId)).toMatchObject({
      satws_status: 'finished',
    });
  });

  it('an export of no extraction of ours is set aside as ignored once the grace is over', async () => {
    const event = exportUpdated(randomUUID(), 'finished', at(5));

    await expect(deliver(event)).rejects.toMatchObject({ code: 'export_not_recorded_yet' });
    const result = await deliver({ ...event, id: randomUUID() }, 9);

    expect(result.outcome).toBe('unknown_export');
  });

  it('the reconciler gives an export-mode extraction its job back after Redis lost it', async () => {
    const { extractionId } = await waitingOnExport();
    context.deps.reconciler = { everyMs: 60_000, staleAfterMs: 0 };

    const counts = await requeueLostWork(context.deps);
    const again = await requeueLostWork(context.deps);

    // Earlier tests' extractions in this database are found too: each gets its job once.
    expect(counts.exports.added).toBeGreaterThanOrEqual(1);
    expect(again.exports.added).toBe(0);
    expect(again.exports.present).toBe(counts.exports.added);
    const job = await context.queues.exportDownloads.getJob(
      exportDownloadsJob.jobId?.({ extractionId }) ?? '',
    );
    expect(await job?.getState()).toBe('waiting');
  });
});
