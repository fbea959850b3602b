import {
  appendExtractionEvent,
  type ExtractionRow,
  getExtractionBySatwsId,
  markInboxEventProcessed,
  type Queryable,
  recordSatwsStatus,
  type WebhookInboxRow,
  withTransaction,
} from '@invoice-extractor/shared/db';
import {
  extractionSchema,
  type SatwsEvent,
  type SatwsExtraction,
} from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import type { ProcessorJob } from '../jobs/processor-job.js';
import { scheduleFollowUp } from '../reconcile/follow-ups.js';
import { type EventDeps, timingOf } from '../requester-deps.js';
import { ensureListing } from './ensure-listing.js';
import { applyExtractionStatus } from './extraction-status-change.js';
import { describeIssues, setAside } from './inbox-outcome.js';
import { observedAt, unrecordedResource } from './unrecorded-resource.js';

/** `data.object` of an `extraction.updated` event, or undefined when it is not an extraction. */
export function extractionOf(event: SatwsEvent) {
  return extractionSchema.safeParse(event.data.object);
}

/**
 * `extraction.updated`: records SAT.ws's status and moves our extraction, in one transaction
 * with marking the event processed, so an event is applied exactly once; a `finished` one then
 * adds the listing job (after the commit, idempotently).
 */
export async function applyExtractionUpdated(
  job: ProcessorJob,
  deps: EventDeps,
  inbox: WebhookInboxRow,
  event: SatwsEvent,
): Promise<JobResult> {
  const parsed = extractionOf(event);
  if (!parsed.success) {
    const reason = `data.object is not a SAT.ws extraction: ${describeIssues(parsed.error)}`;
    return setAside(deps, inbox, 'failed', reason, 'malformed');
  }
  const satws = parsed.data;
  const row = await getExtractionBySatwsId(deps.pool, satws.id);
  if (!row) return unrecordedResource(job, deps, inbox, { kind: 'extraction', satwsId: satws.id });
  const seenAt = observedAt(satws.updatedAt, event.createdAt, inbox);
  const applied = await applyOnce(deps, inbox.event_id, row.id, satws, seenAt);
  if (applied === undefined) return { outcome: 'duplicate', eventId: inbox.event_id };
  const listing = satws.status === 'finished' && (await ensureListing(deps, row.id));
  return {
    outcome: applied ? `moved-to-${applied.status}` : 'recorded',
    eventId: inbox.event_id,
    extractionId: row.id,
    satwsStatus: satws.status,
    listing,
  };
}

/**
 * The status change and the inbox row's `processed` mark in one transaction. Undefined when the
 * event had already been applied; else the extraction if its status moved, or null.
 */
async function applyOnce(
  deps: EventDeps,
  eventId: string,
  extractionId: string,
  satws: SatwsExtraction,
  observedAt: Date,
): Promise<ExtractionRow | null | undefined> {
  return withTransaction(deps.pool, async (tx) => {
    // First, so a concurrent run of the same event waits on this row and then finds it done.
    if (!(await markInboxEventProcessed(tx, eventId, 'applied'))) return undefined;
    return applySatwsExtraction(tx, deps, {
      extractionId,
      satws,
      observedAt,
      audit: { kind: 'webhook.applied', detail: { eventId } },
    });
  });
}

export interface SatwsObservation {
  extractionId: string;
  /** SAT.ws's extraction as an event carried it or `GET /extractions/{id}` answered. */
  satws: SatwsExtraction;
  observedAt: Date;
  audit: { kind: string; detail: Record<string, unknown> };
}

/**
 * What SAT.ws says of its extraction, applied to ours inside the caller's transaction: the one
 * path for a webhook and for the reconciler's poll. Returns the row if its status moved.
 */
export async function applySatwsExtraction(
  tx: Queryable,
  deps: Pick<EventDeps, 'timing'>,
  { extractionId, satws, observedAt, audit }: SatwsObservation,
): Promise<ExtractionRow | null> {
  const latest = await recordSatwsStatus(tx, extractionId, {
    status: satws.status,
    observedAt,
    createdDataPoints: satws.createdDataPoints,
    updatedDataPoints: satws.updatedDataPoints,
  });
  const moved = await applyExtractionStatus(tx, extractionId, satws, {
    timing: timingOf(deps),
    isLatest: latest !== null,
  });
  await appendExtractionEvent(tx, extractionId, audit.kind, {
    ...audit.detail,
    satwsStatus: satws.status,
    status: moved?.status ?? null,
  });
  if (satws.status === 'finished' && satws.rateLimitedAt) {
    await scheduleFollowUp(tx, extractionId, timingOf(deps), 'rate-limited');
  }
  return moved;
}

/** A duplicate of an applied `finished` event re-adds the listing job if a crash lost it. */
export async function repairListing(deps: EventDeps, satws: SatwsExtraction): Promise<boolean> {
  if (satws.status !== 'finished') return false;
  const row = await getExtractionBySatwsId(deps.pool, satws.id);
  return row ? ensureListing(deps, row.id) : false;
}
