import {
  appendExtractionEvent,
  getExtraction,
  getExtractionExportBySatwsId,
  markInboxEventProcessed,
  recordExportStatus,
  type WebhookInboxRow,
  withTransaction,
} from '@invoice-extractor/shared/db';
import { exportDownloadsJob } from '@invoice-extractor/shared/queues';
import { exportSchema, type SatwsEvent } from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import type { ProcessorJob } from '../jobs/processor-job.js';
import { ensureJob } from '../reconcile/ensure-job.js';
import type { EventDeps } from '../requester-deps.js';
import { describeIssues, setAside } from './inbox-outcome.js';
import { observedAt, unrecordedResource } from './unrecorded-resource.js';

/**
 * The export's job, waiting in the delayed set until its next poll, runs now. A job lost with
 * Redis is added again; one running right now is left alone (it reads the row again after
 * delaying itself).
 */
async function wakeExportJob(deps: EventDeps, extractionId: string): Promise<string> {
  const extraction = await getExtraction(deps.pool, extractionId);
  if (extraction?.status !== 'downloading' || extraction.download_mode !== 'export') {
    return 'not-needed';
  }
  const queue = deps.queues.exportDownloads;
  const outcome = await ensureJob(queue, exportDownloadsJob, { extractionId });
  if (outcome !== 'present') return outcome;
  const job = await queue.getJob(exportDownloadsJob.jobId?.({ extractionId }) ?? '');
  if (!job || !(await job.isDelayed())) return 'present';
  // It may have been picked up between the look and the promote: then it is running anyway.
  await job.promote().catch(() => undefined);
  return 'promoted';
}

/**
 * `export.updated`: records SAT.ws's status of the export (and the ZIP's file id) on its row,
 * with marking the event processed in one transaction; a finished or failed export then wakes
 * the extraction's export job so it does not wait for its next poll.
 */
export async function applyExportUpdated(
  job: ProcessorJob,
  deps: EventDeps,
  inbox: WebhookInboxRow,
  event: SatwsEvent,
): Promise<JobResult> {
  const parsed = exportSchema.safeParse(event.data.object);
  if (!parsed.success) {
    const reason = `data.object is not a SAT.ws export: ${describeIssues(parsed.error)}`;
    return setAside(deps, inbox, 'failed', reason, 'malformed');
  }
  const satws = parsed.data;
  const row = await getExtractionExportBySatwsId(deps.pool, satws.id);
  if (!row) return unrecordedResource(job, deps, inbox, { kind: 'export', satwsId: satws.id });
  const seenAt = observedAt(satws.updatedAt, event.createdAt, inbox);
  const extractionId = row.extraction_id;
  const applied = await withTransaction(deps.pool, async (tx) => {
    if (!(await markInboxEventProcessed(tx, inbox.event_id, 'applied'))) return undefined;
    const recorded = await recordExportStatus(tx, satws.id, {
      status: satws.status,
      observedAt: seenAt,
      fileId: satws.file?.id ?? null,
    });
    await appendExtractionEvent(tx, extractionId, 'webhook.applied', {
      eventId: inbox.event_id,
      exportStatus: satws.status,
    });
    return recorded !== null;
  });
  if (applied === undefined) return { outcome: 'duplicate', eventId: inbox.event_id };
  const final = satws.status === 'finished' || satws.status === 'failed';
  return {
    outcome: applied ? 'export-recorded' : 'export-stale',
    eventId: inbox.event_id,
    extractionId,
    satwsStatus: satws.status,
    exportJob: final ? await wakeExportJob(deps, extractionId) : 'not-needed',
  };
}
