import {
  getInboxEvent,
  type InboxEvent,
  insertInboxEvent,
  type SignatureVerdict,
} from '@invoice-extractor/shared/db';
import { enqueue, type Queues, satwsEventsJob } from '@invoice-extractor/shared/queues';
import {
  type HeaderBag,
  parseWebhookEvent,
  verifyWebhookSignature,
} from '@invoice-extractor/shared/satws';
import type { Pool } from 'pg';
import { ApiError } from '../http/api-error.js';
import { isActionableEventType } from './event-types.js';
import { insertIgnoredInboxEvent } from './insert-ignored-event.js';

/** What became of a delivery that was answered 2xx. */
export type DeliveryOutcome = 'queued' | 'requeued' | 'ignored' | 'duplicate';

export interface ReceiveDeliveryDeps {
  pool: Pool;
  queues: Queues;
  webhookSecret: string;
}

export interface Delivery {
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: Buffer;
  headers: HeaderBag;
  contentType: string | undefined;
}

export interface ReceivedEvent {
  outcome: DeliveryOutcome;
  eventId: string;
  eventType: string;
}

/** The job catalog's event id: the id becomes a BullMQ job id. */
const EVENT_ID = /^[!-~]{1,200}$/;
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

function verifiedHeader(deps: ReceiveDeliveryDeps, delivery: Delivery): SignatureVerdict {
  const verification = verifyWebhookSignature({
    secret: deps.webhookSecret,
    rawBody: delivery.rawBody,
    headers: delivery.headers,
  });
  if (!verification.ok) {
    throw new ApiError('invalid_signature', `Webhook signature rejected: ${verification.detail}`);
  }
  return verification.header;
}

function readEvent(delivery: Delivery, signatureVerdict: SignatureVerdict): InboxEvent {
  if (!JSON_MEDIA_TYPE.test(delivery.contentType ?? '')) {
    throw new ApiError(
      'unsupported_media_type',
      `Webhook Content-Type must be application/json or application/ld+json, got ${delivery.contentType ?? 'none'}`,
    );
  }
  let event: { id: string; type: string };
  try {
    event = parseWebhookEvent(delivery.rawBody);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError('malformed_webhook', `Webhook body is not a SAT.ws event: ${reason}`);
  }
  if (!EVENT_ID.test(event.id)) {
    throw new ApiError(
      'malformed_webhook',
      'Webhook body is not a SAT.ws event: id must be 1 to 200 printable characters without spaces',
    );
  }
  const payloadJson = delivery.rawBody.toString('utf8');
  return { eventId: event.id, eventType: event.type, payloadJson, signatureVerdict };
}

/** A new actionable event gets its job; a redelivery gets one again only while unprocessed. */
async function storeActionable(
  deps: ReceiveDeliveryDeps,
  event: InboxEvent,
): Promise<DeliveryOutcome> {
  const isNew = await insertInboxEvent(deps.pool, event);
  if (!isNew) {
    // A redelivery of an event whose first enqueue failed (we answered 503) repairs it here.
    const stored = await getInboxEvent(deps.pool, event.eventId);
    if (stored?.processed_at) return 'duplicate';
  }
  await enqueue(deps.queues.satwsEvents, satwsEventsJob, { eventId: event.eventId });
  return isNew ? 'queued' : 'requeued';
}

/**
 * Verifies, stores and routes one SAT.ws delivery. Throws an ApiError (nothing stored) for a
 * bad signature, content type or body; a stored event whose job could not be added throws the
 * queue's 503 so that SAT.ws delivers it again.
 */
export async function receiveDelivery(
  deps: ReceiveDeliveryDeps,
  delivery: Delivery,
): Promise<ReceivedEvent> {
  const event = readEvent(delivery, verifiedHeader(deps, delivery));
  const outcome = isActionableEventType(event.eventType)
    ? await storeActionable(deps, event)
    : (await insertIgnoredInboxEvent(deps.pool, event))
      ? 'ignored'
      : 'duplicate';
  return { outcome, eventId: event.eventId, eventType: event.eventType };
}
