import { columnList } from './column-list.js';
import { assertPageLimit } from './invalid-input.js';
import type { Queryable } from './queryable.js';

/** Which header's signature verified the delivery, or 'events-api' when the reconciler fetched it. */
export type SignatureVerdict = 'x-syntage-signature' | 'x-satws-signature' | 'events-api';
export type InboxOutcome = 'applied' | 'ignored' | 'failed';

export interface WebhookInboxRow {
  event_id: string;
  event_type: string;
  payload: unknown;
  signature_verdict: SignatureVerdict;
  received_at: Date;
  processed_at: Date | null;
  outcome: InboxOutcome | null;
  error: string | null;
}

const COLUMNS = [
  'event_id',
  'event_type',
  'payload',
  'signature_verdict',
  'received_at',
  'processed_at',
  'outcome',
  'error',
] as const;
const INBOX_COLUMNS = columnList(COLUMNS);

export interface InboxEvent {
  eventId: string;
  eventType: string;
  /** The delivery's JSON text as received; stored as jsonb. */
  payloadJson: string;
  signatureVerdict: SignatureVerdict;
}

/** Stores an event once; true when it was new, false for a redelivery (nothing changed). */
export async function insertInboxEvent(q: Queryable, event: InboxEvent): Promise<boolean> {
  const result = await q.query(
    `insert into webhook_inbox (event_id, event_type, payload, signature_verdict)
     values ($1, $2, $3::jsonb, $4)
     on conflict (event_id) do nothing
     returning event_id`,
    [event.eventId, event.eventType, event.payloadJson, event.signatureVerdict],
  );
  return result.rows.length > 0;
}

/** Stores a burst of events in one statement; returns the ids that were new. */
export async function insertInboxEvents(
  q: Queryable,
  events: readonly InboxEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const result = await q.query<{ event_id: string }>(
    `insert into webhook_inbox (event_id, event_type, payload, signature_verdict)
     select u.event_id, u.event_type, u.payload::jsonb, u.signature_verdict
     from unnest($1::text[], $2::text[], $3::text[], $4::text[])
       as u(event_id, event_type, payload, signature_verdict)
     on conflict (event_id) do nothing
     returning event_id`,
    [
      events.map((event) => event.eventId),
      events.map((event) => event.eventType),
      events.map((event) => event.payloadJson),
      events.map((event) => event.signatureVerdict),
    ],
  );
  return result.rows.map((row) => row.event_id);
}

/** A webhook delivery to store: events that need no action are stored already processed. */
export interface InboxDelivery extends InboxEvent {
  needsAction: boolean;
}

/** What storing one delivery of a batch found. */
export interface StoredDelivery {
  eventId: string;
  /** False for a redelivery: the row was already there and nothing changed. */
  inserted: boolean;
  /** For a redelivery: whether the stored event was already handled. */
  alreadyProcessed: boolean;
}

/**
 * Stores concurrent webhook deliveries in one statement (the api's group commit): all rows or,
 * if it fails, none. Events that need no action are stored as `ignored`, already processed.
 * Returns one entry per distinct event id, in input order; a later copy of an id in the same
 * batch is a redelivery of the first and is not returned.
 *
 * The payloads travel as one JSON array spliced from the received texts, which must each be
 * one JSON value: PostgreSQL parses it once, where a text[] would be escaped by the driver,
 * unescaped by the server and then parsed per row — about half the cost per row, measured.
 * `alreadyProcessed` is read from the snapshot the statement started with, so it describes
 * rows that existed before it; a row another statement committed meanwhile reads as
 * unprocessed, which costs at most one redundant (deduplicated) job.
 */
export async function insertInboxDeliveries(
  q: Queryable,
  deliveries: readonly InboxDelivery[],
): Promise<StoredDelivery[]> {
  const distinct = new Map<string, InboxDelivery>();
  for (const delivery of deliveries) {
    if (!distinct.has(delivery.eventId)) distinct.set(delivery.eventId, delivery);
  }
  if (distinct.size === 0) return [];
  const rows = [...distinct.values()];
  const result = await q.query<{ event_id: string; inserted: boolean; processed: boolean }>(
    `with delivered as (
       select d.event_id, d.event_type, d.signature_verdict, d.needs_action, d.position, p.payload
       from unnest($1::text[], $2::text[], $3::text[], $4::bool[]) with ordinality
         as d(event_id, event_type, signature_verdict, needs_action, position)
       join jsonb_array_elements($5::jsonb) with ordinality as p(payload, position) using (position)
     ),
     inserted as (
       insert into webhook_inbox (event_id, event_type, payload, signature_verdict, processed_at, outcome)
       select event_id, event_type, payload, signature_verdict,
              case when needs_action then null else now() end,
              case when needs_action then null else 'ignored' end
       from delivered
       on conflict (event_id) do nothing
       returning event_id
     )
     select d.event_id,
            i.event_id is not null as inserted,
            w.processed_at is not null as processed
     from delivered d
     left join inserted i on i.event_id = d.event_id
     left join webhook_inbox w on w.event_id = d.event_id
     order by d.position`,
    [
      rows.map((row) => row.eventId),
      rows.map((row) => row.eventType),
      rows.map((row) => row.signatureVerdict),
      rows.map((row) => row.needsAction),
      `[${rows.map((row) => row.payloadJson).join(',')}]`,
    ],
  );
  return result.rows.map((row) => ({
    eventId: row.event_id,
    inserted: row.inserted,
    alreadyProcessed: row.processed,
  }));
}

export async function getInboxEvent(
  q: Queryable,
  eventId: string,
): Promise<WebhookInboxRow | null> {
  const result = await q.query<WebhookInboxRow>(
    `select ${INBOX_COLUMNS} from webhook_inbox where event_id = $1`,
    [eventId],
  );
  return result.rows[0] ?? null;
}

/** Records how an event was handled; false, and nothing changed, if it already was. */
export async function markInboxEventProcessed(
  q: Queryable,
  eventId: string,
  outcome: InboxOutcome,
  error: string | null = null,
): Promise<boolean> {
  const result = await q.query(
    `update webhook_inbox set processed_at = now(), outcome = $2, error = $3
     where event_id = $1 and processed_at is null
     returning event_id`,
    [eventId, outcome, error],
  );
  return result.rows.length > 0;
}

/** Events stored but not yet handled, oldest first: the reconciler re-enqueues them. */
export async function listUnprocessedInboxEvents(
  q: Queryable,
  { receivedBefore, limit }: { receivedBefore: Date; limit: number },
): Promise<WebhookInboxRow[]> {
  assertPageLimit(limit);
  const result = await q.query<WebhookInboxRow>(
    `select ${INBOX_COLUMNS} from webhook_inbox
     where processed_at is null and received_at < $1
     order by received_at
     limit $2`,
    [receivedBefore, limit],
  );
  return result.rows;
}
