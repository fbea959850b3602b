import {
  listDueQueuedExtractionIds,
  listExportDownloadIds,
  listPendingFileIds,
  listUnlistedExtractionIds,
  listUnprocessedInboxEventIds,
} from '@invoice-extractor/shared/db';
import {
  exportDownloadsJob,
  extractionRequestsJob,
  fileDownloadsJob,
  invoiceListingsJob,
  type JobDefinition,
  type JobPayloadInput,
  satwsEventsJob,
} from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';
import { CATCH_UP_EVENT_TYPES } from './catch-up-events.js';
import { type EnsureOutcome, ensureJob } from './ensure-job.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { reconcilerSettings } from './reconciler-options.js';

export type SweepCounts = Record<EnsureOutcome, number>;

export interface LostWorkCounts {
  requests: SweepCounts;
  listings: SweepCounts;
  files: SweepCounts;
  exports: SweepCounts;
  events: SweepCounts;
}

async function ensureAll<D extends JobDefinition>(
  queue: Queue,
  definition: D,
  payloads: JobPayloadInput<D>[],
): Promise<SweepCounts> {
  const counts: SweepCounts = { added: 0, present: 0, readded: 0, 'failed-kept': 0 };
  for (const payload of payloads) counts[await ensureJob(queue, definition, payload)] += 1;
  return counts;
}

/**
 * Rebuilds from PostgreSQL the jobs Redis lost (it keeps nothing on disk here): extractions to
 * request (including retries and follow-ups now due), finished ones not yet listed, files still
 * pending, export-mode extractions still waiting on their export ZIP, stored events not yet
 * applied. Bounded per kind, oldest first; rows touched within `staleAfterMs` are skipped
 * because their job is most likely just being added or run.
 */
export async function requeueLostWork(deps: ReconcileDeps): Promise<LostWorkCounts> {
  const { batchSize, staleAfterMs } = reconcilerSettings(deps.reconciler);
  const now = new Date();
  const sweep = { olderThan: new Date(now.getTime() - staleAfterMs), limit: batchSize };
  const { pool, queues } = deps;
  const queued = await listDueQueuedExtractionIds(pool, { ...sweep, now });
  const unlisted = await listUnlistedExtractionIds(pool, sweep);
  const files = await listPendingFileIds(pool, sweep);
  const exports = await listExportDownloadIds(pool, sweep);
  const events = await listUnprocessedInboxEventIds(pool, {
    ...sweep,
    types: CATCH_UP_EVENT_TYPES,
  });
  return {
    requests: await ensureAll(
      queues.extractionRequests,
      extractionRequestsJob,
      queued.map((extractionId) => ({ extractionId })),
    ),
    listings: await ensureAll(
      queues.invoiceListings,
      invoiceListingsJob,
      unlisted.map((extractionId) => ({ extractionId })),
    ),
    files: await ensureAll(
      queues.fileDownloads,
      fileDownloadsJob,
      files.map((fileId) => ({ fileId })),
    ),
    exports: await ensureAll(
      queues.exportDownloads,
      exportDownloadsJob,
      exports.map((extractionId) => ({ extractionId })),
    ),
    events: await ensureAll(
      queues.satwsEvents,
      satwsEventsJob,
      events.map((eventId) => ({ eventId })),
    ),
  };
}
