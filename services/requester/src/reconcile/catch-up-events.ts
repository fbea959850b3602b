import {
  advanceEventsCursor,
  getEventsCursor,
  type InboxEvent,
  insertInboxEvents,
} from '@invoice-extractor/shared/db';
import { enqueue, satwsEventsJob } from '@invoice-extractor/shared/queues';
import type { SatwsEvent } from '@invoice-extractor/shared/satws';
import { parseSatwsTime } from '@invoice-extractor/shared/satws';
import type { ReconcileDeps } from './reconcile-deps.js';
import { EVENTS_RETENTION_MS, reconcilerSettings } from './reconciler-options.js';

/** The types the requester applies: the api's webhook route gives the same types a job. */
export const CATCH_UP_EVENT_TYPES: readonly string[] = [
  'extraction.updated',
  'credential.updated',
  'export.updated',
];

export interface CatchUpCounts {
  read: number;
  inserted: number;
  queued: number;
  complete: boolean;
}

function toInbox(event: SatwsEvent): InboxEvent {
  return {
    eventId: event.id,
    eventType: event.type,
    payloadJson: JSON.stringify(event),
    signatureVerdict: 'events-api',
  };
}

/**
 * Reads `GET /events` since the cursor into the webhook inbox, so a webhook SAT.ws gave up on is
 * applied like one that arrived; an event already stored (the webhook did arrive) inserts
 * nothing and gets no job. Asked one type at a time with the upstream's `type` filter: a large
 * extraction emits two events per invoice (`invoice.created`, `file.created`) that nothing here
 * applies, and reading them would cost a call per thousand. SAT.ws lists newest first, so the
 * cursor only moves once a run has read everything back to it; a run cut short by
 * `maxEventsPerRun` is repeated, harmlessly.
 */
export async function catchUpEvents(deps: ReconcileDeps): Promise<CatchUpCounts> {
  const settings = reconcilerSettings(deps.reconciler);
  const now = Date.now();
  const cursor = (await getEventsCursor(deps.pool)) ?? new Date(now - EVENTS_RETENTION_MS);
  const after = new Date(
    Math.max(cursor.getTime() - settings.eventsOverlapMs, now - EVENTS_RETENTION_MS),
  );
  const counts: CatchUpCounts = { read: 0, inserted: 0, queued: 0, complete: true };
  let newest = cursor.getTime();
  for (const type of CATCH_UP_EVENT_TYPES) {
    const pages = deps.satws.listEvents({ type, createdAfter: after.toISOString() });
    while (counts.complete) {
      const page = await pages.next();
      if (page.done) break;
      const events = page.value;
      const inserted = new Set(await insertInboxEvents(deps.pool, events.map(toInbox)));
      counts.read += events.length;
      counts.inserted += inserted.size;
      for (const event of events) {
        newest = Math.max(newest, parseSatwsTime(event.createdAt)?.getTime() ?? 0);
        if (!inserted.has(event.id) || !CATCH_UP_EVENT_TYPES.includes(event.type)) continue;
        if (await enqueueEvent(deps, event.id)) counts.queued += 1;
      }
      if (counts.read >= settings.maxEventsPerRun) {
        counts.complete = false;
        await pages.return(undefined);
      }
    }
  }
  if (counts.complete) await advanceEventsCursor(deps.pool, new Date(newest));
  return counts;
}

/** A stored event whose job cannot be added now is added by the lost-work sweep later. */
async function enqueueEvent(deps: ReconcileDeps, eventId: string): Promise<boolean> {
  try {
    await enqueue(deps.queues.satwsEvents, satwsEventsJob, { eventId });
    return true;
  } catch (error) {
    deps.logger.warn({ eventId, err: error }, 'could not add the job of a caught-up event');
    return false;
  }
}
