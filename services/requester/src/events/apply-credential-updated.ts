import {
  CREDENTIAL_STATUSES,
  type CredentialStatus,
  getCompanyByRfc,
  markInboxEventProcessed,
  setCompanyCredentialStatus,
  type WebhookInboxRow,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { SatwsEvent } from '@invoice-extractor/shared/satws';
import { parseSatwsTime } from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import type { EventDeps } from '../requester-deps.js';
import { setAside } from './inbox-outcome.js';

function isCredentialStatus(value: unknown): value is CredentialStatus {
  return (CREDENTIAL_STATUSES as readonly unknown[]).includes(value);
}

/** The RFC: the event's taxpayer, or the credential's own `rfc` (some events lack `taxpayer`). */
function rfcOf(event: SatwsEvent): string | undefined {
  const fromObject = event.data.object.rfc;
  const rfc = event.taxpayer?.id ?? (typeof fromObject === 'string' ? fromObject : undefined);
  return rfc?.trim().toUpperCase() || undefined;
}

/**
 * `credential.updated`: the company's credential status as of SAT.ws's time, so an older event
 * arriving later does not overwrite a newer status. Applied with marking the event processed.
 */
export async function applyCredentialUpdated(
  deps: EventDeps,
  inbox: WebhookInboxRow,
  event: SatwsEvent,
): Promise<JobResult> {
  const rfc = rfcOf(event);
  const status = event.data.object.status;
  if (!rfc || !isCredentialStatus(status)) {
    const problem = !rfc
      ? 'names no RFC (neither taxpayer.id nor data.object.rfc)'
      : `has status ${JSON.stringify(status)}, not one of ${CREDENTIAL_STATUSES.join(', ')}`;
    return setAside(deps, inbox, 'failed', `credential.updated ${problem}`, 'malformed');
  }
  const company = await getCompanyByRfc(deps.pool, rfc);
  if (!company) {
    const reason = `unknown_company: no company with RFC ${rfc}`;
    return setAside(deps, inbox, 'ignored', reason, 'unknown_company');
  }
  const updatedAt = event.data.object.updatedAt;
  const seenAt =
    parseSatwsTime(typeof updatedAt === 'string' ? updatedAt : undefined) ??
    parseSatwsTime(event.createdAt) ??
    inbox.received_at;
  const applied = await withTransaction(deps.pool, async (tx) => {
    if (!(await markInboxEventProcessed(tx, inbox.event_id, 'applied'))) return undefined;
    return setCompanyCredentialStatus(tx, company.id, status, seenAt);
  });
  if (applied === undefined) return { outcome: 'duplicate', eventId: inbox.event_id };
  return {
    outcome: applied ? 'credential-recorded' : 'credential-stale',
    eventId: inbox.event_id,
    rfc,
    credentialStatus: status,
  };
}
