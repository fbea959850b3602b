import { markInboxEventProcessed, type WebhookInboxRow } from '@invoice-extractor/shared/db';
import type { z } from 'zod';
import type { JobResult } from '../jobs/job-result.js';
import type { EventDeps } from '../requester-deps.js';

/** One line naming every problem of a payload that failed its schema. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Settles an event that will never apply (malformed, or about something we do not track) so
 * it is not retried; the reason is kept on the inbox row for a person to read.
 */
export async function setAside(
  deps: EventDeps,
  inbox: WebhookInboxRow,
  outcome: 'ignored' | 'failed',
  reason: string | null,
  result: string,
): Promise<JobResult> {
  const marked = await markInboxEventProcessed(deps.pool, inbox.event_id, outcome, reason);
  if (outcome === 'failed') {
    deps.logger.warn({ eventId: inbox.event_id, type: inbox.event_type, reason }, 'event failed');
  }
  return { outcome: marked ? result : 'duplicate', eventId: inbox.event_id };
}
