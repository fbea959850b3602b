import type { SimCore } from '../core/sim-core.js';
import type { EventRecord, WebhookEndpointRecord, WebhookRequestRecord } from '../state/types.js';
import { DeliveryQueue } from './delivery-queue.js';
import { eventPayload } from './payload.js';
import { postWebhook } from './post-webhook.js';
import { contentDigest, signatureHeader } from './signature.js';

interface Delivery {
  event: EventRecord;
  endpoint: WebhookEndpointRecord;
  staleSeconds: number;
  withoutTaxpayer: boolean;
}

/**
 * Sends each event to every enabled endpoint subscribed to its type (satws-api.md §8.5): 3 s
 * timeout, success = any 2xx, otherwise up to `retryDelaysMs.length` retries, each re-signed
 * with a fresh `t`. Every attempt is logged as a webhook request. Webhook fault rules are
 * decided once per delivery.
 */
export class WebhookDispatcher {
  #stop = new AbortController();
  readonly #queue = new DeliveryQueue(8);

  constructor(private readonly core: SimCore) {}

  dispatch(event: EventRecord): void {
    for (const endpoint of this.core.store.webhookEndpoints.values()) {
      if (endpoint.enabled && endpoint.events.includes(event.type)) this.deliver(event, endpoint);
    }
  }

  deliver(event: EventRecord, endpoint: WebhookEndpointRecord): void {
    const faults = this.core.faults;
    const target = { eventType: event.type };
    // A dropped delivery must not use up the other rules: they apply to deliveries that happen.
    if (faults.take(['drop'], target)) {
      const delivery = { event, endpoint, staleSeconds: 0, withoutTaxpayer: false };
      this.#record(delivery, 1, { status: 0, seconds: 0 });
      return;
    }
    const duplicate = faults.take(['duplicate'], target);
    const shuffle = faults.take(['shuffle'], target);
    const stale = faults.take(['stale-signature'], target);
    const delivery: Delivery = {
      event,
      endpoint,
      staleSeconds: stale?.ageSeconds ?? 0,
      withoutTaxpayer: faults.take(['missing-taxpayer'], target) !== undefined,
    };
    for (let copy = 0; copy < (duplicate?.copies ?? 1); copy += 1) {
      const delay = shuffle ? Math.floor(this.core.random.float() * shuffle.maxDelayMs) : 0;
      this.core.scheduler.after(delay, () => this.#enqueue(delivery, 1));
    }
  }

  stop(): void {
    this.#queue.clear();
    this.#stop.abort();
  }

  /** Abandons deliveries in flight (their attempts are not logged) and starts afresh. */
  reset(): void {
    this.stop();
    this.#stop = new AbortController();
  }

  #enqueue(delivery: Delivery, attempt: number): void {
    this.#queue.push(delivery.endpoint.id, () => this.#attempt(delivery, attempt));
  }

  async #attempt(delivery: Delivery, attempt: number): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const { endpoint } = delivery;
    const body = eventPayload(delivery.event, endpoint.contentType, delivery.withoutTaxpayer);
    const timestamp = Math.floor(this.core.clock.now() / 1000) - delivery.staleSeconds;
    const signature = signatureHeader(endpoint.signingSecret, timestamp, body);
    const headers = {
      'Content-Type': endpoint.contentType,
      'X-Satws-Signature': signature,
      'X-Syntage-Signature': signature,
      'Content-Digest': contentDigest(body),
      'User-Agent': 'satws-sim-webhooks/1.0',
    };
    const outcome = await postWebhook(
      endpoint.url,
      headers,
      body,
      this.core.settings.webhooks.timeoutMs,
      this.#stop.signal,
    );
    if (this.#stop.signal.aborted) return;
    this.#record(delivery, attempt, outcome);
    const ok = outcome.status >= 200 && outcome.status < 300;
    const delay = this.core.settings.webhooks.retryDelaysMs[attempt - 1];
    if (!ok && delay !== undefined)
      this.core.scheduler.after(delay, () => this.#enqueue(delivery, attempt + 1));
  }

  #record(delivery: Delivery, attempt: number, outcome: { status: number; seconds: number }): void {
    const now = this.core.clock.now();
    const request: WebhookRequestRecord = {
      id: this.core.ids.next(),
      endpointId: delivery.endpoint.id,
      url: delivery.endpoint.url,
      eventId: delivery.event.id,
      eventType: delivery.event.type,
      eventSource: delivery.event.source,
      eventResource: delivery.event.resource,
      attempt,
      responseStatusCode: outcome.status,
      responseTime: Math.round(outcome.seconds * 100_000) / 100_000,
      createdAt: now,
      updatedAt: now,
    };
    this.core.store.webhookRequests.set(request.id, request);
    this.core.logger.debug(
      { eventType: request.eventType, attempt, status: outcome.status },
      'webhook attempt',
    );
  }
}
