import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import { type Json, startExtraction, waitForStatus } from './support/extractions.js';

describe('admin endpoints under /_sim/', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}/_sim${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as Json & Json[],
    };
  };

  beforeAll(async () => {
    sim = await startSimulator({
      seed: { randomSeed: 'admin', taxpayers: [{ rfc: 'EKU9003173C9', invoices: 5 }] },
    });
    api = apiClient(sim);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('seeds taxpayers and reports the ground truth by RFC, refusing a bad seed without changing anything', async () => {
    const seeded = await admin('POST', '/seed', {
      randomSeed: 7,
      taxpayers: [
        {
          rfc: 'SEE010101AB4',
          invoices: 4,
          from: '2024-01-01',
          to: '2024-03-31',
          fileSizes: { xml: 20_000 },
        },
      ],
    });
    expect(seeded.status).toBe(201);
    expect(seeded.body.taxpayers).toMatchObject([
      { rfc: 'SEE010101AB4', invoices: 4, entityId: expect.any(String) },
    ]);
    const truth = await admin('GET', '/truth?rfc=SEE010101AB4');
    const invoices = (truth.body.taxpayers as Json[])[0]?.invoices as Json[];
    expect(invoices).toHaveLength(4);
    expect(invoices[0]).toMatchObject({
      extracted: false,
      id: null,
      xml: { size: 20_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), available: false },
    });

    const before = (await admin('GET', '/truth?digests=false')).body.taxpayers as Json[];
    for (const bad of [
      { taxpayers: [{ rfc: 'SEE010101AB4' }] },
      { taxpayers: [{ rfc: 'not-an-rfc' }] },
      { taxpayers: [{ invoices: 3, from: '2025-02-01', to: '2025-01-01' }] },
      { taxpayers: [{ invoices: 3, colour: 'red' }] },
    ]) {
      const refused = await admin('POST', '/seed', bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(String(refused.body.message)).not.toBe('');
    }
    expect(((await admin('GET', '/truth?digests=false')).body.taxpayers as Json[]).length).toBe(
      before.length,
    );
  });

  it('counts calls per endpoint template and resets them', async () => {
    await admin('DELETE', '/calls');
    const entityId = await entityIdOf(api, 'EKU9003173C9');
    await api.get(`/entities/${entityId}/invoices`);
    await api.get(`/entities/${entityId}/invoices?itemsPerPage=5`);
    await api.post('/extractions', { entity: `/entities/${entityId}`, extractor: 'nope' });
    const calls = await admin('GET', '/calls');
    expect(calls.body).toEqual({
      'GET /entities': 1,
      'GET /entities/{id}/invoices': 2,
      'POST /extractions': 1,
    });
    expect(sim.admin.calls()).toEqual(calls.body);
  });

  it('changes timings, rate limit and the clock at runtime, validating every field', async () => {
    const updated = await admin('PATCH', '/settings', {
      timings: { extractionRunningMs: 80 },
      rateLimit: { limit: 7 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      timings: { extractionRunningMs: 80 },
      rateLimit: { limit: 7, enabled: false },
    });
    const response = await api.get('/extractions');
    expect(response.headers.get('x-ratelimit-limit')).toBe('7');
    const refused = await admin('PATCH', '/settings', {
      timings: { extractionRunningMs: -1 },
      dailyXmlCap: 'lots',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/timings\.extractionRunningMs[\s\S]*dailyXmlCap/);
    expect((await admin('GET', '/settings')).body).toMatchObject({
      timings: { extractionRunningMs: 80 },
    });

    const clock = await admin('POST', '/clock', { advanceMs: 86_400_000 });
    expect(Date.parse(clock.body.now as string) - Date.now()).toBeGreaterThan(86_000_000);
    expect((await admin('POST', '/clock', { advanceMs: 'tomorrow' })).status).toBe(400);
  });

  it('resets to the start-up state and re-delivers an event on request', async () => {
    const entityId = await entityIdOf(api, 'EKU9003173C9');
    await waitForStatus(api, (await startExtraction(api, entityId)).id, 'finished');
    expect((await api.get<Json>('/extractions')).body['hydra:totalItems']).toBe(1);
    const [event] = (
      await api.get<Json[]>('/events?type=extraction.created', { Accept: 'application/json' })
    ).body;
    expect((await admin('POST', `/events/${event?.id}/deliver`)).body).toEqual({ deliveries: 0 });
    expect(
      (await admin('POST', '/events/01900000-0000-7000-8000-000000000000/deliver')).status,
    ).toBe(400);
    expect((await admin('POST', '/reset')).status).toBe(204);
    expect((await api.get<Json>('/extractions')).body['hydra:totalItems']).toBe(0);
    expect(
      ((await admin('GET', '/truth?digests=false')).body.taxpayers as Json[]).map(
        (taxpayer) => taxpayer.rfc,
      ),
    ).toEqual(['EKU9003173C9']);
    expect((await admin('GET', '/settings')).body).toMatchObject({
      timings: { extractionRunningMs: 500 },
    });
  });

  it('keeps events for 7 simulated days only', async () => {
    const entityId = await entityIdOf(api, 'EKU9003173C9');
    await waitForStatus(
      api,
      (await startExtraction(api, entityId, { types: ['I'] })).id,
      'finished',
    );
    const events = (
      await api.get<Json[]>('/events?itemsPerPage=1000', { Accept: 'application/json' })
    ).body;
    expect(events.length).toBeGreaterThan(2);
    sim.admin.advanceClock(6 * 86_400_000);
    expect((await api.get<Json>('/events')).body['hydra:totalItems']).toBe(events.length);
    sim.admin.advanceClock(2 * 86_400_000);
    expect((await api.get<Json>('/events')).body['hydra:totalItems']).toBe(0);
    expect((await api.get(`/events/${events[0]?.id}`)).status).toBe(404);
    sim.admin.reset();
  });

  it('requires X-Sim-Admin-Key when an admin key is configured, and never the API key', async () => {
    const guarded = await startSimulator({ adminKey: 'let-me-in', seed: { taxpayers: [] } });
    try {
      expect((await fetch(`${guarded.url}/_sim/health`)).status).toBe(401);
      expect(
        (await fetch(`${guarded.url}/_sim/health`, { headers: { 'X-Sim-Admin-Key': 'let-me-in' } }))
          .status,
      ).toBe(200);
    } finally {
      await guarded.stop();
    }
    expect((await fetch(`${sim.url}/_sim/health`)).status).toBe(200);
  });
});
