import type { SignatureVerdict } from '@invoice-extractor/shared/db';
import { type HeaderBag, verifyWebhookSignature } from '@invoice-extractor/shared/satws';
import { ApiError } from '../http/api-error.js';
import { readEventHead } from './read-event.js';
import type { DeliveryOutcome, WebhookInbox } from './webhook-inbox.js';

export interface ReceiveDeliveryDeps {
  webhookSecret: string;
  inbox: WebhookInbox;
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

function assertJson(contentType: string | undefined): void {
  if (JSON_MEDIA_TYPE.test(contentType ?? '')) return;
  throw new ApiError(
    'unsupported_media_type',
    `Webhook Content-Type must be application/json or application/ld+json, got ${contentType ?? 'none'}`,
  );
}

/**
 * Verifies one SAT.ws delivery and stores it in the inbox, resolving once it is committed (and,
 * for an event that needs action, its job added). Throws an ApiError, with nothing stored, for
 * a bad signature, content type or body; a 503 when the inbox or the queue is unavailable, so
 * that SAT.ws delivers it again.
 */
export async function receiveDelivery(
  deps: ReceiveDeliveryDeps,
  delivery: Delivery,
): Promise<ReceivedEvent> {
  const signatureVerdict = verifiedHeader(deps, delivery);
  assertJson(delivery.contentType);
  const text = delivery.rawBody.toString('utf8');
  const event = readEventHead(text);
  const outcome = await deps.inbox.store({
    eventId: event.id,
    eventType: event.type,
    payloadJson: text,
    signatureVerdict,
    needsAction: event.actionable,
  });
  return { outcome, eventId: event.id, eventType: event.type };
}
