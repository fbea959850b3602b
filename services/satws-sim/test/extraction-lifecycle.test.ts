import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, collectAll, entityIdOf } from './support/api.js';
import { eventsOf, type Json, startExtraction, waitForStatus } from './support/extractions.js';

const RFC = 'EKU9003173C9';

describe('extraction lifecycle', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let entityId: string;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: { randomSeed: 'lifecycle', taxpayers: [{ rfc: RFC, invoices: 30, cancelledShare: 0 }] },
      timings: {
        extractionPendingMs: 50,
        extractionRunningMs: 1200,
        extractionSteps: 6,
        extractionStoppingMs: 150,
      },
    });
    api = apiClient(sim);
  });
  beforeEach(async () => {
    sim.admin.reset();
    entityId = await entityIdOf(api, RFC);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('goes pending → running → finished, with invoices visible while it runs and counted with their files', async () => {
    const created = await startExtraction(api, entityId);
    expect(created).toMatchObject({
      status: 'pending',
      startedAt: null,
      finishedAt: null,
      createdDataPoints: 0,
    });
    const partial = await waitFor(
      'a partial read while running',
      async () => {
        const extraction = (await api.get<Json>(`/extractions/${created.id}`)).body;
        const page = await api.get<Json>(`/entities/${entityId}/invoices?itemsPerPage=1000`);
        const count = page.body['hydra:totalItems'] as number;
        return extraction.status === 'running' && count > 0 && count < 30 ? count : undefined;
      },
      { intervalMs: 10 },
    );
    expect(partial).toBeGreaterThan(0);
    const finished = await waitForStatus(api, created.id, 'finished');
    expect(finished).toMatchObject({
      createdDataPoints: 90,
      updatedDataPoints: 0,
      errorCode: null,
      rateLimitedAt: null,
    });
    expect(Date.parse(finished.finishedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(finished.startedAt as string),
    );
    const { members } = await collectAll(api, `/entities/${entityId}/invoices?itemsPerPage=7`);
    expect(members).toHaveLength(30);

    const ofExtraction = await eventsOf(api, `resource=/extractions/${created.id}`);
    expect(ofExtraction.map((event) => event.type).reverse()).toEqual([
      'extraction.created',
      'extraction.updated',
      'extraction.updated',
    ]);
    expect(ofExtraction[0]?.data).toHaveProperty('changes');
    expect((ofExtraction[0]?.data as Json | undefined)?.changes).toMatchObject({
      status: { old: 'running', new: 'finished' },
    });
    const sourced = await eventsOf(api, `source=/extractions/${created.id}`);
    expect(sourced.filter((event) => event.type === 'invoice.created')).toHaveLength(30);
    expect(sourced.filter((event) => event.type === 'file.created')).toHaveLength(60);
  });

  it('answers 409 for an equivalent pending or running extraction, and accepts it again once finished', async () => {
    const options = {
      types: ['I', 'E'],
      period: { from: '2025-01-01', to: '2025-06-30T23:59:59Z' },
    };
    const first = await startExtraction(api, entityId, options);
    const reordered = {
      period: { to: '2025-06-30T23:59:59Z', from: '2025-01-01' },
      types: ['I', 'E'],
    };
    const conflict = await api.post('/extractions', {
      entity: `/entities/${entityId}`,
      extractor: 'invoice',
      options: reordered,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ conflictingExtractors: ['invoice'] });
    const different = await api.post('/extractions', {
      entity: `/entities/${entityId}`,
      extractor: 'invoice',
      options: { types: ['P'] },
    });
    expect(different.status).toBe(202);
    await waitForStatus(api, first.id, 'finished');
    expect(
      (
        await api.post('/extractions', {
          entity: `/entities/${entityId}`,
          extractor: 'invoice',
          options,
        })
      ).status,
    ).toBe(202);
  });

  it('re-extracting unchanged data creates nothing; a SAT cancellation becomes one update', async () => {
    const first = await startExtraction(api, entityId);
    await waitForStatus(api, first.id, 'finished');
    const again = await startExtraction(api, entityId, { xml: true });
    const unchanged = await waitForStatus(api, again.id, 'finished');
    expect(unchanged).toMatchObject({ createdDataPoints: 0, updatedDataPoints: 0 });
    expect(
      await eventsOf(api, `source=/extractions/${again.id}&type=invoice.created`),
    ).toHaveLength(0);

    const truth = await sim.admin.truth(RFC, { digests: false });
    const target = truth.taxpayers[0]?.invoices[3];
    sim.admin.cancelInvoice(target?.uuid ?? '');
    const third = await startExtraction(api, entityId, { pdf: true });
    expect(await waitForStatus(api, third.id, 'finished')).toMatchObject({
      createdDataPoints: 0,
      updatedDataPoints: 1,
    });
    const [update] = await eventsOf(api, `source=/extractions/${third.id}&type=invoice.updated`);
    expect((update?.data as Json | undefined)?.changes).toMatchObject({
      status: { old: 'VIGENTE', new: 'CANCELADO' },
    });
    const invoice = await api.get<Json>(`/invoices/${target?.id}`);
    expect(invoice.body).toMatchObject({ status: 'CANCELADO', uuid: target?.uuid });
  });

  it('rejects bad requests with a ConstraintViolation naming each field, and creates nothing', async () => {
    const before = (await api.get<Json>('/extractions')).body['hydra:totalItems'];
    const bad = await api.post<Json>('/extractions', {
      entity: '/entities/nope',
      extractor: 'invoice',
      options: { types: ['X'], period: { from: 'yesterday' }, xml: 'yes' },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.violations as Json[]).map((violation) => violation.propertyPath);
    expect(paths).toEqual(
      expect.arrayContaining(['entity', 'options.types', 'options.period.from', 'options.xml']),
    );
    expect(bad.body['hydra:description']).toContain('options.types');
    const both = await api.post<Json>('/extractions', {
      entity: `/entities/${entityId}`,
      taxpayer: `/taxpayers/${RFC}`,
      extractor: 'invoice',
    });
    expect(both.status).toBe(400);
    const notJson = await fetch(`${sim.url}/extractions`, {
      method: 'POST',
      headers: { 'X-API-Key': sim.apiKey },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain('not valid JSON');
    expect((await api.get<Json>('/extractions')).body['hydra:totalItems']).toBe(before);
  });

  it('accepts the legacy taxpayer IRI and lists extractions with the documented filters', async () => {
    const legacy = await api.post<Json>('/extractions', {
      taxpayer: `/taxpayers/${RFC}`,
      extractor: 'invoice',
      options: { types: ['I'] },
    });
    expect(legacy.status).toBe(202);
    expect(legacy.body.taxpayer).toMatchObject({ '@id': `/taxpayers/${RFC}`, id: RFC });
    const unknown = await api.post<Json>('/extractions', {
      taxpayer: '/taxpayers/XAXX010101000',
      extractor: 'invoice',
    });
    expect(unknown.status).toBe(400);
    await waitForStatus(api, legacy.body.id, 'finished');
    sim.admin.setTimings({ extractionPendingMs: 10_000 });
    const pending = await startExtraction(api, entityId, { types: ['E'] });
    const byStatus = await api.get<Json[]>(`/extractions?taxpayer.id=${RFC}&status=pending`, {
      Accept: 'application/json',
    });
    expect(byStatus.body.map((extraction) => extraction.id)).toEqual([pending.id]);
    const finished = await api.get<Json[]>(
      `/extractions?status=finished&exists[rateLimitedAt]=false`,
      { Accept: 'application/json' },
    );
    expect(finished.body.map((extraction) => extraction.id)).toEqual([legacy.body.id]);
    expect(
      (
        await api.get<Json[]>('/extractions?taxpayer.id=AAA010101AAA', {
          Accept: 'application/json',
        })
      ).body,
    ).toEqual([]);
  });
});
