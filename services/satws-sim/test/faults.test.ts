import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GroundTruth, type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import type { Json } from './support/extractions.js';
import { rawGet } from './support/raw-http.js';

const RFC = 'EKU9003173C9';

describe('fault injection knobs', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let truth: GroundTruth;
  let xmlPath: string;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: {
        randomSeed: 'faults',
        taxpayers: [
          { rfc: RFC, invoices: 4, extracted: true, largeFiles: { count: 1, xml: 200_000 } },
        ],
      },
      faults: [{ kind: 'error', status: 502, path: '/_never/**' }],
    });
    api = apiClient(sim);
    truth = await sim.admin.truth(RFC, { digests: false });
    xmlPath = `/invoices/${truth.taxpayers[0]?.invoices[0]?.id}/cfdi`;
  });
  beforeEach(() => sim.admin.clearFaults());
  afterAll(async () => {
    await sim?.stop();
  });

  const key = () => ({ 'X-API-Key': sim.apiKey, Accept: 'text/xml' });

  it('starts with the configured rules and answers 5xx for the next N matching requests only', async () => {
    const fresh = await startSimulator({
      faults: [{ kind: 'error', status: 502, path: '/_never/**' }],
      seed: { taxpayers: [] },
    });
    expect(fresh.admin.faults()).toMatchObject([
      { kind: 'error', status: 502, path: '/_never/**' },
    ]);
    await fresh.stop();

    sim.admin.addFault({ kind: 'error', status: 503, count: 2, path: '/entities' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await api.get('/entities')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(sim.admin.faults()).toEqual([]);
  });

  it('changes nothing when a 5xx or 429 is injected before the handler', async () => {
    const entityId = await entityIdOf(api, RFC);
    sim.admin.addFault({
      kind: 'error',
      status: 500,
      method: 'POST',
      path: '/extractions',
      count: 1,
    });
    const failed = await api.post<Json>('/extractions', {
      entity: `/entities/${entityId}`,
      extractor: 'invoice',
    });
    expect(failed.status).toBe(500);
    expect(failed.body.message).toMatch(/Simulated/);
    expect((await api.get<Json>('/extractions')).body['hydra:totalItems']).toBe(0);

    sim.admin.addFault({ kind: 'rate-limit', retryAfterSeconds: 7, count: 1 });
    const limited = await api.get('/extractions');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('x-ratelimit-remaining'))).toBe(0);
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(
      Math.ceil(sim.admin.now() / 1000) + 7,
    );
  });

  it('truncates: declares the full Content-Length, delivers less, then closes', async () => {
    sim.admin.addFault({ kind: 'truncate', path: '/invoices/*/cfdi', afterBytes: 5000, count: 1 });
    const cut = await rawGet(`${sim.url}${xmlPath}`, key());
    expect(cut.status).toBe(200);
    expect(cut.declaredLength).toBe(200_000);
    expect(cut.received).toBe(5000);
    expect(cut.error).toBeDefined();
    const whole = await rawGet(`${sim.url}${xmlPath}`, key());
    expect(whole).toMatchObject({ received: 200_000, error: undefined });
  });

  it('resets the connection mid-body', async () => {
    sim.admin.addFault({ kind: 'reset', path: '/invoices/**', count: 1 });
    const reset = await rawGet(`${sim.url}${xmlPath}`, key());
    expect(reset.received).toBeLessThan(200_000);
    expect(reset.error).toMatch(/ECONNRESET|aborted|premature|socket hang up/);
    const blob =
      (await api.get(`/files/${truth.taxpayers[0]?.invoices[0]?.xml.fileId}/download`)).headers.get(
        'location',
      ) ?? '';
    sim.admin.addFault({ kind: 'reset', path: '/blobs/*', afterBytes: 1000, count: 1 });
    const blobReset = await rawGet(blob);
    expect(blobReset.received).toBe(1000);
    expect(blobReset.error).toBeDefined();
  });

  it('slows the body down to the configured rate, so a client timeout can fire', async () => {
    const small = `/invoices/${truth.taxpayers[0]?.invoices[1]?.id}/cfdi`;
    const normal = await rawGet(`${sim.url}${small}`, key());
    sim.admin.addFault({ kind: 'slow', path: '/invoices/*/cfdi', bytesPerSecond: 4000, count: 1 });
    const slow = await rawGet(`${sim.url}${small}`, key());
    expect(slow.received).toBe(normal.received);
    expect(slow.error).toBeUndefined();
    expect(slow.elapsedMs).toBeGreaterThan((normal.received / 4000) * 1000 - 300);
    expect(normal.elapsedMs).toBeLessThan(slow.elapsedMs / 3);

    sim.admin.addFault({ kind: 'slow', path: '/invoices/*/cfdi', bytesPerSecond: 100, count: 1 });
    const timedOut = fetch(`${sim.url}${small}`, {
      headers: key(),
      signal: AbortSignal.timeout(300),
    }).then((r) => r.arrayBuffer());
    await expect(timedOut).rejects.toThrow(/abort|timeout/i);
  });

  it('scopes rules by path glob and method, and honours probability', async () => {
    sim.admin.setFaults([
      { kind: 'error', status: 503, path: '/invoices/*/cfdi' },
      { kind: 'error', status: 500, path: '/extractions', method: 'POST' },
      { kind: 'error', status: 502, path: '/events', probability: 0 },
    ]);
    expect((await api.get(xmlPath)).status).toBe(503);
    expect((await api.get(`/invoices/${truth.taxpayers[0]?.invoices[0]?.id}`)).status).toBe(200);
    expect((await api.get('/extractions')).status).toBe(200);
    const events = await Promise.all(Array.from({ length: 20 }, () => api.get('/events')));
    expect(events.every((response) => response.status === 200)).toBe(true);
  });

  it('refuses an invalid rule list without changing the current rules', async () => {
    sim.admin.setFaults([{ kind: 'error', status: 503, path: '/entities' }]);
    expect(() =>
      sim.admin.setFaults([{ kind: 'error', status: 503 }, { kind: 'explode' } as never]),
    ).toThrow();
    const overHttp = await fetch(`${sim.url}/_sim/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ kind: 'error', status: 200 }]),
    });
    expect(overHttp.status).toBe(400);
    expect(((await overHttp.json()) as Json).message).toMatch(/status/);
    expect(sim.admin.faults()).toMatchObject([{ kind: 'error', status: 503, path: '/entities' }]);
  });
});
