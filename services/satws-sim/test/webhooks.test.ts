import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  contentDigest,
  type RunningSimulator,
  signatureHeader,
  startSimulator,
} from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import { type Json, startExtraction, waitForStatus } from './support/extractions.js';
import { expectedDigest, signatureHeaders, verifySignature } from './support/verify-signature.js';
import { startWebhookListener } from './support/webhook-listener.js';

const RFC = 'EKU9003173C9';
type Listener = Awaited<ReturnType<typeof startWebhookListener>>;

describe('webhook deliveries', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let entityId: string;
  let now = Date.UTC(2025, 7, 1, 10, 0, 0);
  const listeners: Listener[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      clock: () => now,
      seed: {
        randomSeed: 'hooks',
        taxpayers: [
          { rfc: RFC, invoices: 3 },
          { rfc: 'MAN010101AB3', invoices: 10, types: ['I'] },
        ],
      },
      timings: { extractionPendingMs: 10, extractionRunningMs: 60, extractionSteps: 3 },
      webhookRetryDelaysMs: [30, 30, 30, 30],
    });
    api = apiClient(sim);
  });
  beforeEach(async () => {
    sim.admin.reset();
    sim.admin.updateSettings({ webhooks: { timeoutMs: 3000 } });
    entityId = await entityIdOf(api, RFC);
  });
  afterAll(async () => {
    await sim?.stop();
    await Promise.all(listeners.map((listener) => listener.close()));
  });

  const listen = async (respond?: Parameters<typeof startWebhookListener>[0]) => {
    const listener = await startWebhookListener(respond);
    listeners.push(listener);
    return listener;
  };
  const register = async (url: string, events: string[], contentType = 'application/ld+json') => {
    const created = await api.post<Json>('/webhook-endpoints', {
      url,
      events,
      enabled: true,
      contentType,
    });
    expect(created.status).toBe(202);
    expect(created.body.signingSecret).toMatch(/^[0-9a-f]{32}$/);
    return created.body as Json & { id: string; signingSecret: string };
  };
  const extract = async (rfc = RFC, types = ['I', 'E', 'P', 'N', 'T']) => {
    const extraction = await startExtraction(
      api,
      rfc === RFC ? entityId : await entityIdOf(api, rfc),
      { types },
    );
    await waitForStatus(api, extraction.id, 'finished');
    return extraction;
  };

  it('signs the known-answer vector of satws-api.md §8.4 / §9.4', () => {
    const body =
      '{"@context":"/contexts/Event","@id":"/events/0192a1b2-0000-7000-8000-000000000001","@type":"Event","id":"0192a1b2-0000-7000-8000-000000000001","type":"extraction.updated","source":"/extractions/0192a1b2-0000-7000-8000-0000000000e1","resource":"/extractions/0192a1b2-0000-7000-8000-0000000000e1","data":{"object":{"id":"0192a1b2-0000-7000-8000-0000000000e1","status":"finished"},"changes":{"status":{"old":"running","new":"finished"}}},"createdAt":"2025-03-01T10:00:00.000Z","updatedAt":"2025-03-01T10:00:00.000Z"}';
    expect(Buffer.byteLength(body)).toBe(513);
    expect(signatureHeader('sim_whsec_0123456789abcdef', 1740823200, body)).toBe(
      't=1740823200,s=ca0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447',
    );
    expect(contentDigest(body)).toBe('sha-256=:URUlJdjAG0N6zjWkCnG35msKu8TGP5CdrO2UksXFr/8=:');
  });

  it('delivers every subscribed event, signed in both headers, with Content-Digest and the endpoint content type', async () => {
    const ld = await listen();
    const plain = await listen();
    const ldEndpoint = await register(ld.url, [
      'extraction.created',
      'extraction.updated',
      'invoice.created',
    ]);
    const plainEndpoint = await register(plain.url, ['extraction.updated'], 'application/json');
    await extract();
    await waitFor('ld+json deliveries', () => ld.deliveries.length === 6);
    await waitFor('json deliveries', () => plain.deliveries.length === 2);
    const nowSeconds = now / 1000;
    for (const delivery of ld.deliveries) {
      const [satws, syntage] = signatureHeaders(delivery.headers);
      expect(satws).toBe(syntage);
      expect(verifySignature(ldEndpoint.signingSecret, delivery.raw, satws, nowSeconds)).toEqual({
        ok: true,
        timestamp: nowSeconds,
      });
      expect(delivery.headers['content-digest']).toBe(expectedDigest(delivery.raw));
      expect(delivery.headers['content-type']).toBe('application/ld+json');
      expect(delivery.body).toMatchObject({
        '@context': '/contexts/Event',
        '@type': 'Event',
        taxpayer: { id: RFC },
      });
    }
    expect(ld.deliveries.map((delivery) => delivery.body.type).sort()).toEqual([
      'extraction.created',
      'extraction.updated',
      'extraction.updated',
      'invoice.created',
      'invoice.created',
      'invoice.created',
    ]);
    for (const delivery of plain.deliveries) {
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(
        verifySignature(
          plainEndpoint.signingSecret,
          delivery.raw,
          delivery.headers['x-syntage-signature'],
          nowSeconds,
        ).ok,
      ).toBe(true);
      expect(delivery.raw.toString()).not.toMatch(/"@(context|id|type)"/);
      expect(delivery.body).toMatchObject({
        type: 'extraction.updated',
        data: { object: { status: expect.any(String) } },
      });
    }
  });

  it('retries a failing receiver, re-signing each attempt with a fresh t, and logs every attempt', async () => {
    const listener = await listen((_delivery, index) => {
      now += 10_000;
      return index < 2 ? 500 : 204;
    });
    const endpoint = await register(listener.url, ['extraction.created']);
    const extraction = await startExtraction(api, entityId);
    await waitFor('third attempt', () => listener.deliveries.length === 3);
    const ids = new Set(listener.deliveries.map((delivery) => delivery.body.id));
    expect(ids.size).toBe(1);
    const stamps = listener.deliveries.map(
      (delivery) =>
        verifySignature(
          endpoint.signingSecret,
          delivery.raw,
          delivery.headers['x-satws-signature'],
          now / 1000,
          1e9,
        ).timestamp,
    );
    expect(new Set(stamps).size).toBe(3);
    const log = await waitFor('three logged attempts', async () => {
      const page = await api.get<Json[]>(`/webhook-requests?event.id=${[...ids][0]}`, {
        Accept: 'application/json',
      });
      return page.body.length === 3 ? page.body : undefined;
    });
    expect(log.map((entry) => entry.responseStatusCode).reverse()).toEqual([500, 500, 204]);
    expect(
      log.every(
        (entry) => entry.url === listener.url && (entry.webhookEndpoint as Json).id === endpoint.id,
      ),
    ).toBe(true);
    await waitForStatus(api, extraction.id, 'finished');
  });

  it('logs responseStatusCode 0 for timeouts and refused connections, and stops after 4 retries', async () => {
    sim.admin.updateSettings({ webhooks: { timeoutMs: 150 } });
    const hanging = await listen(() => 'hang');
    await register(hanging.url, ['extraction.created']);
    const refusedUrl = 'http://127.0.0.1:9/refused';
    await register(refusedUrl, ['extraction.created']);
    await startExtraction(api, entityId);
    // Only this test's two endpoints: earlier tests' deliveries may still be in the log.
    const mine = (entry: Json) => entry.url === hanging.url || entry.url === refusedUrl;
    const log = await waitFor('five attempts to each endpoint', async () => {
      const page = await api.get<Json[]>('/webhook-requests?itemsPerPage=1000', {
        Accept: 'application/json',
      });
      const entries = page.body.filter(mine);
      return entries.length >= 10 ? entries : undefined;
    });
    expect(log).toHaveLength(10);
    expect(log.every((entry) => entry.responseStatusCode === 0)).toBe(true);
    expect(hanging.deliveries).toHaveLength(5);
  });

  it('duplicates, drops, stale-signs and strips taxpayer on demand; dropped events stay in /events', async () => {
    const listener = await listen();
    const endpoint = await register(listener.url, ['extraction.created', 'extraction.updated']);
    sim.admin.setFaults([
      { kind: 'duplicate', eventType: 'extraction.created', count: 1 },
      { kind: 'drop', eventType: 'extraction.updated', count: 1 },
      { kind: 'stale-signature', eventType: 'extraction.updated', count: 1, ageSeconds: 3600 },
      { kind: 'missing-taxpayer', eventType: 'extraction.*', count: 1 },
    ]);
    const extraction = await extract();
    await waitFor('three deliveries', () => listener.deliveries.length === 3);
    const created = listener.deliveries.filter(
      (delivery) => delivery.body.type === 'extraction.created',
    );
    expect(created).toHaveLength(2);
    expect(created[0]?.body.id).toBe(created[1]?.body.id);
    expect(created.every((delivery) => delivery.body.taxpayer === undefined)).toBe(true);
    expect(
      verifySignature(
        endpoint.signingSecret,
        created[0]?.raw ?? Buffer.alloc(0),
        created[0]?.headers['x-satws-signature'],
        now / 1000,
      ).ok,
    ).toBe(true);

    const [stale] = listener.deliveries.filter(
      (delivery) => delivery.body.type === 'extraction.updated',
    );
    const check = verifySignature(
      endpoint.signingSecret,
      stale?.raw ?? Buffer.alloc(0),
      stale?.headers['x-satws-signature'],
      now / 1000,
    );
    expect(check).toMatchObject({
      ok: false,
      reason: 'stale timestamp',
      timestamp: now / 1000 - 3600,
    });

    const events = await api.get<Json[]>(
      `/events?resource=/extractions/${extraction.id}&type=extraction.updated`,
      { Accept: 'application/json' },
    );
    expect(events.body).toHaveLength(2);
    const delivered = new Set(listener.deliveries.map((delivery) => delivery.body.id));
    const dropped = events.body.find((event) => !delivered.has(event.id));
    expect(dropped).toBeDefined();
    const log = await api.get<Json[]>(`/webhook-requests?event.id=${dropped?.id}`, {
      Accept: 'application/json',
    });
    expect(log.body.map((entry) => entry.responseStatusCode)).toEqual([0]);

    expect(sim.admin.deliverEvent(String(dropped?.id))).toBe(1);
    await waitFor('the re-sent event', () =>
      listener.deliveries.some((delivery) => delivery.body.id === dropped?.id),
    );
  });

  it('shuffles deliveries when asked: all arrive, not in creation order', async () => {
    const listener = await listen();
    await register(listener.url, ['invoice.created']);
    sim.admin.setFaults([{ kind: 'shuffle', eventType: 'invoice.created', maxDelayMs: 400 }]);
    await extract('MAN010101AB3', ['I']);
    await waitFor('ten deliveries', () => listener.deliveries.length === 10);
    const arrival = listener.deliveries.map((delivery) => String(delivery.body.id));
    expect(new Set(arrival).size).toBe(10);
    expect(arrival).not.toEqual([...arrival].sort());
  });

  it('manages endpoints: list, get, replace, delete, and 400 for bad bodies', async () => {
    const endpoint = await register('http://127.0.0.1:1/a', ['invoice.created']);
    const replaced = await api.put<Json>(`/webhook-endpoints/${endpoint.id}`, {
      url: 'http://127.0.0.1:1/b',
      events: ['export.updated'],
      enabled: false,
      contentType: 'application/json',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      url: 'http://127.0.0.1:1/b',
      enabled: false,
      signingSecret: endpoint.signingSecret,
    });
    expect(
      (await api.get<Json[]>('/webhook-endpoints?enabled=false', { Accept: 'application/json' }))
        .body,
    ).toHaveLength(1);
    const bad = await api.post<Json>('/webhook-endpoints', {
      url: 'ftp://x',
      events: ['nope'],
      contentType: 'text/plain',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.violations as Json[]).map((violation) => violation.propertyPath)).toEqual([
      'url',
      'events',
      'contentType',
    ]);
    expect((await api.delete(`/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
    expect((await api.get(`/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
  });
});
