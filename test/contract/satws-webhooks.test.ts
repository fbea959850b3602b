import { type RunningSimulator, startSimulator } from '@invoice-extractor/satws-sim';
import {
  contentDigestMatches,
  parseWebhookEvent,
  type SatwsClient,
  type SatwsEvent,
  verifyWebhookSignature,
} from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from './support/contract-client.js';
import {
  type ReceivedDelivery,
  startWebhookListener,
  type WebhookListener,
} from './support/webhook-listener.js';

const RFC = 'EKU9003173C9';
const INVOICES = 6;
const EVENTS = ['extraction.created', 'extraction.updated', 'invoice.created'];

interface Receiver {
  listener: WebhookListener;
  secret: string;
  endpointId: string;
}

let sim: RunningSimulator;
let client: SatwsClient;
let json: Receiver;
let linkedData: Receiver;

async function receiver(
  contentType: 'application/json' | 'application/ld+json',
): Promise<Receiver> {
  const listener = await startWebhookListener();
  const endpoint = await client.createWebhookEndpoint({
    url: listener.url,
    events: EVENTS,
    contentType,
  });
  return { listener, secret: endpoint.signingSecret, endpointId: endpoint.id };
}

beforeAll(async () => {
  sim = await startSimulator({
    seed: { randomSeed: 'contract-webhooks', taxpayers: [{ rfc: RFC, invoices: INVOICES }] },
  });
  client = clientFor(sim).client;
  json = await receiver('application/json');
  linkedData = await receiver('application/ld+json');
});

afterEach(() => {
  sim.admin.clearFaults();
});

afterAll(async () => {
  await Promise.all([json.listener.close(), linkedData.listener.close()]);
  await sim.stop();
});

function eventsOf(deliveries: readonly ReceivedDelivery[]): SatwsEvent[] {
  return deliveries.map((delivery) => parseWebhookEvent(delivery.rawBody));
}

function onlyHeader(delivery: ReceivedDelivery, name: 'x-satws-signature' | 'x-syntage-signature') {
  return { [name]: String(delivery.headers[name]) };
}

async function finishedExtraction(types: ('I' | 'E' | 'P' | 'N' | 'T')[]): Promise<string> {
  const extraction = await client.createExtraction({ rfc: RFC }, { types });
  await waitFor('the finished extraction to be delivered', () =>
    eventsOf(json.listener.deliveries).some(
      (event) =>
        event.type === 'extraction.updated' &&
        event.resource === `/extractions/${extraction.id}` &&
        event.data.object.status === 'finished',
    ),
  );
  return extraction.id;
}

/** Re-sends a stored event to one endpoint and returns the delivery that arrives for it. */
async function redeliver(target: Receiver, eventId: string): Promise<ReceivedDelivery> {
  const before = target.listener.deliveries.length;
  sim.admin.deliverEvent(eventId, target.endpointId);
  return waitFor('the redelivery', () =>
    target.listener.deliveries
      .slice(before)
      .find((delivery) => parseWebhookEvent(delivery.rawBody).id === eventId),
  );
}

describe('webhook deliveries verify with the client signature module', () => {
  it('verifies every delivery under either signature header, with its Content-Digest', async () => {
    await finishedExtraction(['I', 'E', 'P', 'N', 'T']);
    await waitFor('the ld+json deliveries', () =>
      eventsOf(linkedData.listener.deliveries).some(
        (event) => event.data.object.status === 'finished',
      ),
    );
    for (const { listener, secret } of [json, linkedData]) {
      expect(listener.deliveries.length).toBeGreaterThanOrEqual(INVOICES + 3);
      for (const delivery of listener.deliveries) {
        const rawBody = delivery.rawBody;
        for (const header of ['x-satws-signature', 'x-syntage-signature'] as const) {
          const result = verifyWebhookSignature({
            secret,
            rawBody,
            headers: onlyHeader(delivery, header),
          });
          expect(result).toMatchObject({ ok: true, header });
        }
        expect(contentDigestMatches(rawBody, String(delivery.headers['content-digest']))).toBe(
          true,
        );
      }
    }
    const created = eventsOf(json.listener.deliveries).filter(
      (event) => event.type === 'invoice.created',
    );
    expect(new Set(created.map((event) => event.id)).size).toBe(INVOICES);
    expect(created.every((event) => event.taxpayer?.id === RFC)).toBe(true);
  });

  it('sends the body each endpoint asked for: plain JSON or JSON-LD', () => {
    const plain = json.listener.deliveries[0];
    const linked = linkedData.listener.deliveries[0];
    expect(plain?.headers['content-type']).toBe('application/json');
    expect(linked?.headers['content-type']).toBe('application/ld+json');
    expect(JSON.parse(String(plain?.rawBody))['@context']).toBeUndefined();
    expect(JSON.parse(String(linked?.rawBody))['@context']).toBe('/contexts/Event');
  });

  it('rejects a delivery checked with another secret or a body changed by one byte', () => {
    const delivery = json.listener.deliveries[0] as ReceivedDelivery;
    const wrongSecret = verifyWebhookSignature({
      secret: linkedData.secret,
      rawBody: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(wrongSecret).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    const tampered = Buffer.from(delivery.rawBody);
    tampered[tampered.length - 2] = 0x20;
    const changed = verifyWebhookSignature({
      secret: json.secret,
      rawBody: tampered,
      headers: delivery.headers,
    });
    expect(changed).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(contentDigestMatches(tampered, String(delivery.headers['content-digest']))).toBe(false);
  });
});

describe('webhook fault knobs', () => {
  it('a stale-signed delivery fails verification although its signature is authentic', async () => {
    const eventId = eventsOf(json.listener.deliveries)[0]?.id as string;
    sim.admin.addFault({ kind: 'stale-signature', ageSeconds: 3_600, count: 1 });
    const delivery = await redeliver(json, eventId);
    const strict = verifyWebhookSignature({
      secret: json.secret,
      rawBody: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(strict).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    const lenient = verifyWebhookSignature({
      secret: json.secret,
      rawBody: delivery.rawBody,
      headers: delivery.headers,
      toleranceSeconds: 7_200,
    });
    expect(lenient.ok).toBe(true);
  });

  it('a delivery without taxpayer still verifies and parses', async () => {
    const event = eventsOf(json.listener.deliveries).find(
      (candidate) => candidate.type === 'invoice.created',
    );
    sim.admin.addFault({ kind: 'missing-taxpayer', count: 1 });
    const delivery = await redeliver(json, event?.id as string);
    expect(
      verifyWebhookSignature({
        secret: json.secret,
        rawBody: delivery.rawBody,
        headers: delivery.headers,
      }).ok,
    ).toBe(true);
    const parsed = parseWebhookEvent(delivery.rawBody);
    expect(parsed.taxpayer).toBeUndefined();
    expect(parsed.id).toBe(event?.id);
  });

  it('duplicated deliveries carry the same event id, each signed', async () => {
    const eventId = eventsOf(json.listener.deliveries)[1]?.id as string;
    const before = json.listener.deliveries.length;
    sim.admin.addFault({ kind: 'duplicate', copies: 3, count: 1 });
    sim.admin.deliverEvent(eventId, json.endpointId);
    const copies = await waitFor('three copies', () => {
      const arrived = json.listener.deliveries.slice(before);
      return arrived.length >= 3 && arrived;
    });
    expect(eventsOf(copies).map((event) => event.id)).toEqual([eventId, eventId, eventId]);
    for (const copy of copies) {
      expect(
        verifyWebhookSignature({
          secret: json.secret,
          rawBody: copy.rawBody,
          headers: copy.headers,
        }).ok,
      ).toBe(true);
    }
  });

  it('a dropped delivery never arrives but the event is recovered from the Events API', async () => {
    sim.admin.addFault({ kind: 'drop', eventType: 'extraction.created', count: 2 });
    const extractionId = await finishedExtraction(['I']);
    const resource = `/extractions/${extractionId}`;
    const delivered = eventsOf(json.listener.deliveries).filter(
      (event) => event.resource === resource,
    );
    expect(delivered.map((event) => event.type)).not.toContain('extraction.created');
    const listed: SatwsEvent[] = [];
    for await (const page of client.listEvents({ type: 'extraction.created', resource }))
      listed.push(...page);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.data.object.id).toBe(extractionId);
  });

  it('shuffled deliveries all arrive and verify', async () => {
    sim.admin.addFault({ kind: 'shuffle', eventType: 'invoice.*', maxDelayMs: 300 });
    const extractionId = await finishedExtraction(['E', 'P']);
    const source = `/extractions/${extractionId}`;
    const listed: SatwsEvent[] = [];
    for await (const page of client.listEvents({ type: 'invoice.created', source }))
      listed.push(...page);
    const wanted = new Set(listed.map((event) => event.id));
    const arrivals = await waitFor('every shuffled invoice.created', () => {
      const arrived = json.listener.deliveries.filter((delivery) =>
        wanted.has(parseWebhookEvent(delivery.rawBody).id),
      );
      return arrived.length >= wanted.size && arrived;
    });
    expect(new Set(eventsOf(arrivals).map((event) => event.id))).toEqual(wanted);
    for (const arrival of arrivals) {
      expect(
        verifyWebhookSignature({
          secret: json.secret,
          rawBody: arrival.rawBody,
          headers: arrival.headers,
        }).ok,
      ).toBe(true);
    }
  });
});
