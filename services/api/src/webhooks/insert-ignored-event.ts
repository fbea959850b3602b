import type { InboxEvent, Queryable } from '@invoice-extractor/shared/db';

/**
 * Stores an event that needs no action already processed (`ignored`), in one statement: bursts
 * of `invoice.created` / `file.created` deliveries cost one INSERT each and no job. A
 * redelivery inserts nothing. Kept here until `@invoice-extractor/shared/db`'s webhook-inbox
 * module offers it.
 */
export async function insertIgnoredInboxEvent(q: Queryable, event: InboxEvent): Promise<boolean> {
  const result = await q.query(
    `insert into webhook_inbox (event_id, event_type, payload, signature_verdict, processed_at, outcome)
     values ($1, $2, $3::jsonb, $4, now(), 'ignored')
     on conflict (event_id) do nothing
     returning event_id`,
    [event.eventId, event.eventType, event.payloadJson, event.signatureVerdict],
  );
  return result.rows.length > 0;
}
