import { getInboxEvent } from '@invoice-extractor/shared/db';
import { parseJobPayload, satwsEventsJob } from '@invoice-extractor/shared/queues';
import { eventSchema } from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import type { ProcessorJob } from '../jobs/processor-job.js';
import type { EventDeps } from '../requester-deps.js';
import { applyCredentialUpdated } from './apply-credential-updated.js';
import { applyExportUpdated } from './apply-export-updated.js';
import { applyExtractionUpdated, extractionOf, repairListing } from './apply-extraction-updated.js';
import { describeIssues, setAside } from './inbox-outcome.js';

/**
 * `satws-events`: applies one stored webhook event. Reads everything from the inbox row (the
 * job carries only the id), applies each event once whatever the order or the number of
 * deliveries, and settles types we do not act on as `ignored`.
 */
export async function processSatwsEvent(job: ProcessorJob, deps: EventDeps): Promise<JobResult> {
  const { eventId } = parseJobPayload(satwsEventsJob, job);
  const inbox = await getInboxEvent(deps.pool, eventId);
  if (!inbox) {
    deps.logger.warn({ jobId: job.id, eventId }, 'no such inbox event; nothing to apply');
    return { outcome: 'missing', eventId };
  }
  const parsed = eventSchema.safeParse(inbox.payload);
  if (inbox.processed_at) {
    const aboutExtraction = parsed.success && parsed.data.type === 'extraction.updated';
    const satws = aboutExtraction ? extractionOf(parsed.data) : undefined;
    const listing = satws?.success ? await repairListing(deps, satws.data) : false;
    return { outcome: 'duplicate', eventId, listing };
  }
  if (!parsed.success) {
    const reason = `not a SAT.ws event: ${describeIssues(parsed.error)}`;
    return setAside(deps, inbox, 'failed', reason, 'malformed');
  }
  switch (parsed.data.type) {
    case 'extraction.updated':
      return applyExtractionUpdated(job, deps, inbox, parsed.data);
    case 'credential.updated':
      return applyCredentialUpdated(deps, inbox, parsed.data);
    case 'export.updated':
      return applyExportUpdated(job, deps, inbox, parsed.data);
    default:
      return setAside(deps, inbox, 'ignored', null, 'ignored');
  }
}
