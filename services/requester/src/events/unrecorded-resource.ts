import type { WebhookInboxRow } from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import { parseSatwsTime } from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import { isFinalAttempt, type ProcessorJob } from '../jobs/processor-job.js';
import { type EventDeps, timingOf } from '../requester-deps.js';
import { setAside } from './inbox-outcome.js';

/**
 * An event about a SAT.ws extraction or export none of ours has recorded. SAT.ws can report on
 * one before we have stored the id it answered with (the request or the export job is still
 * between its call and its commit): retry while the event is young. Past the grace, or out of
 * attempts, it is about something started outside this system, and is set aside as ignored.
 */
export async function unrecordedResource(
  job: ProcessorJob,
  deps: EventDeps,
  inbox: WebhookInboxRow,
  resource: { kind: 'extraction' | 'export'; satwsId: string },
): Promise<JobResult> {
  const { kind, satwsId } = resource;
  const ageMs = Date.now() - inbox.received_at.getTime();
  if (ageMs < timingOf(deps).unknownExtractionGraceMs && !isFinalAttempt(job)) {
    throw new AppError(
      `No extraction of ours has SAT.ws ${kind} ${satwsId} yet (event ${inbox.event_id}); it may not be recorded yet, will retry`,
      { code: `${kind}_not_recorded_yet`, retryable: true },
    );
  }
  const reason = `unknown_${kind}: no extraction of ours has SAT.ws ${kind} ${satwsId}`;
  return setAside(deps, inbox, 'ignored', reason, `unknown_${kind}`);
}

/** When SAT.ws says the resource changed: its own `updatedAt`, else the event's, else arrival. */
export function observedAt(
  updatedAt: string | null | undefined,
  eventCreatedAt: string | null | undefined,
  inbox: WebhookInboxRow,
): Date {
  return parseSatwsTime(updatedAt) ?? parseSatwsTime(eventCreatedAt) ?? inbox.received_at;
}
