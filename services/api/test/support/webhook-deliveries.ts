import { randomUUID } from 'node:crypto';
import { signWebhook } from '@invoice-extractor/shared/satws';

export interface SignedDelivery {
  eventId: string;
  rawBody: string;
  /** A fresh RequestInit each time (a body can be read once). */
  init(overrides?: { headers?: Record<string, string>; body?: string }): RequestInit;
}

/** A SAT.ws event body, compact JSON as SAT.ws sends it. */
export function eventBody(fields: { id?: string; type: string; object?: Record<string, unknown> }) {
  const id = fields.id ?? randomUUID();
  return {
    id,
    body: JSON.stringify({
      id,
      type: fields.type,
      taxpayer: { id: 'EKU9003173C9', name: 'ESCUELA KEMPER URGATE SA DE CV' },
      source: '/extractions/0192a1b2-0000-7000-8000-0000000000e1',
      resource: '/extractions/0192a1b2-0000-7000-8000-0000000000e1',
      data: {
        object: fields.object ?? { id: '0192a1b2-0000-7000-8000-0000000000e1', status: 'finished' },
        changes: {},
      },
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
    }),
  };
}

export interface DeliveryOptions {
  id?: string;
  type: string;
  header?: 'x-syntage-signature' | 'x-satws-signature' | 'both';
  /** Unix seconds of the signature; now by default. */
  signedAt?: number;
  rawBody?: string;
  contentType?: string;
}

/** A delivery signed the way SAT.ws signs one (satws-api.md §8.4). */
export function signedDelivery(secret: string, options: DeliveryOptions): SignedDelivery {
  const event = eventBody(options);
  const rawBody = options.rawBody ?? event.body;
  const signature = signWebhook(secret, rawBody, options.signedAt);
  const header = options.header ?? 'both';
  const signatureHeaders: Record<string, string> =
    header === 'both'
      ? { 'x-syntage-signature': signature, 'x-satws-signature': signature }
      : { [header]: signature };
  return {
    eventId: event.id,
    rawBody,
    init: (overrides = {}) => ({
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/json',
        ...signatureHeaders,
        ...overrides.headers,
      },
      body: overrides.body ?? rawBody,
    }),
  };
}
