import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import { eventsOf, type Json, startExtraction, waitForStatus } from './support/extractions.js';

const RFC = 'EKU9003173C9';

describe('extraction outcomes: stop, failure, waiting, XML cap, credentials', () => {
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

  it('stops: running → stopping → stopped, pending → cancelled, and a repeated stop changes nothing', async () => {
    const running = await startExtraction(api, entityId);
    await waitForStatus(api, running.id, 'running');
    const stop = await api.delete(`/extractions/${running.id}/stop`);
    expect(stop.status).toBe(204);
    const stopped = await waitForStatus(api, running.id, 'stopped');
    const transitions = (
      await eventsOf(api, `resource=/extractions/${running.id}&type=extraction.updated`)
    )
      .map((event) => ((event.data as Json).changes as Json).status as Json)
      .reverse();
    expect(transitions).toEqual([
      { old: 'pending', new: 'running' },
      { old: 'running', new: 'stopping' },
      { old: 'stopping', new: 'stopped' },
    ]);
    expect(stopped.finishedAt).not.toBeNull();
    expect(stopped.createdDataPoints as number).toBeLessThan(90);

    sim.admin.setTimings({ extractionPendingMs: 5000 });
    const pending = await startExtraction(api, entityId, { types: ['I'] });
    expect((await api.delete(`/extractions/${pending.id}/stop`)).status).toBe(204);
    const cancelled = (await api.get<Json>(`/extractions/${pending.id}`)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', startedAt: null });
    expect((await api.delete(`/extractions/${pending.id}/stop`)).status).toBe(204);
    expect((await api.get<Json>(`/extractions/${pending.id}`)).body.status).toBe('cancelled');
    expect(
      (await api.delete('/extractions/01900000-0000-7000-8000-000000000000/stop')).status,
    ).toBe(404);
  });

  it('fails with an errorCode when the failure fault fires, keeping the partial data', async () => {
    sim.admin.addFault({
      kind: 'extraction-failure',
      count: 1,
      errorCode: 'sat_unavailable',
      atFraction: 0.5,
    });
    const created = await startExtraction(api, entityId);
    const failed = await waitForStatus(api, created.id, 'failed');
    expect(failed).toMatchObject({ errorCode: 'sat_unavailable', createdDataPoints: 45 });
    expect(failed.finishedAt).not.toBeNull();
    expect((await api.get<Json>(`/entities/${entityId}/invoices`)).body['hydra:totalItems']).toBe(
      15,
    );
  });

  it('waits during an injected incident or while the credential is not valid, then runs', async () => {
    sim.admin.addFault({ kind: 'extraction-waiting', count: 1, durationMs: 300 });
    const incident = await startExtraction(api, entityId, { types: ['I'] });
    await waitForStatus(api, incident.id, 'finished');
    const statuses = (
      await eventsOf(api, `resource=/extractions/${incident.id}&type=extraction.updated`)
    )
      .map((event) => (((event.data as Json).changes as Json).status as Json).new)
      .reverse();
    expect(statuses).toEqual(['waiting', 'running', 'finished']);

    const entity = (await api.get<Json>(`/entities/${entityId}`)).body;
    const credentialId = (entity.credential as Json).id as string;
    sim.admin.setCredentialStatus(credentialId, 'pending');
    const blocked = await startExtraction(api, entityId, { types: ['E'] });
    await waitForStatus(api, blocked.id, 'waiting');
    sim.admin.setCredentialStatus(credentialId, 'valid');
    await waitForStatus(api, blocked.id, 'finished');

    sim.admin.setCredentialStatus(credentialId, 'invalid');
    const refused = await startExtraction(api, entityId, { types: ['P'] });
    expect(await waitForStatus(api, refused.id, 'failed')).toMatchObject({
      errorCode: 'invalid_credentials',
    });
  });

  it('caps XML per RFC per day: rateLimitedAt and xml:false past the cap, filled in on a later day', async () => {
    sim.admin.updateSettings({ dailyXmlCap: 10 });
    const capped = await waitForStatus(api, (await startExtraction(api, entityId)).id, 'finished');
    expect(capped.rateLimitedAt).not.toBeNull();
    expect(capped.createdDataPoints).toBe(30 + 30 + 10);
    const withoutXml = await api.get<Json>(`/entities/${entityId}/invoices?hasXml=false`);
    expect(withoutXml.body['hydra:totalItems']).toBe(20);
    expect(
      (withoutXml.body['hydra:member'] as Json[]).every(
        (invoice) => invoice.xml === false && invoice.pdf === true,
      ),
    ).toBe(true);
    const limited = await api.get<Json[]>('/extractions?exists[rateLimitedAt]=true', {
      Accept: 'application/json',
    });
    expect(limited.body.map((extraction) => extraction.id)).toEqual([capped.id]);

    sim.admin.advanceClock(24 * 3_600_000);
    const nextDay = await waitForStatus(
      api,
      (await startExtraction(api, entityId, { pdf: false })).id,
      'finished',
    );
    expect(nextDay).toMatchObject({ createdDataPoints: 10, updatedDataPoints: 10 });
    expect(nextDay.rateLimitedAt).not.toBeNull();
    expect(
      (await api.get<Json>(`/entities/${entityId}/invoices?hasXml=false`)).body['hydra:totalItems'],
    ).toBe(10);

    sim.admin.advanceClock(24 * 3_600_000);
    const dayThree = await waitForStatus(
      api,
      (await startExtraction(api, entityId, { types: ['I', 'E', 'P', 'N', 'T'] })).id,
      'finished',
    );
    expect(dayThree).toMatchObject({
      createdDataPoints: 10,
      updatedDataPoints: 10,
      rateLimitedAt: null,
    });
    expect(
      (await api.get<Json>(`/entities/${entityId}/invoices?hasXml=false`)).body['hydra:totalItems'],
    ).toBe(0);
  });

  it('validates a CIEC credential after the delay and links the entity (credential.updated, link.created)', async () => {
    sim.admin.seed({
      randomSeed: 'cred',
      taxpayers: [
        { rfc: 'AAA010101AAA', invoices: 3, linked: false, ciecPassword: 'right-password' },
      ],
    });
    expect(
      (await api.get<Json[]>('/entities?taxpayer.id=AAA010101AAA', { Accept: 'application/json' }))
        .body,
    ).toEqual([]);
    const wrong = await api.post<Json>('/credentials', {
      type: 'ciec',
      rfc: 'AAA010101AAA',
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(202);
    expect(wrong.body).toMatchObject({
      '@type': 'Credential',
      status: 'pending',
      rfc: 'AAA010101AAA',
    });
    await waitFor(
      'invalid credential',
      async () => (await api.get<Json>(`/credentials/${wrong.body.id}`)).body.status === 'invalid',
    );

    const right = await api.post<Json>('/credentials', {
      type: 'ciec',
      rfc: 'AAA010101AAA',
      password: 'right-password',
    });
    await waitFor(
      'valid credential',
      async () => (await api.get<Json>(`/credentials/${right.body.id}`)).body.status === 'valid',
    );
    const [updated] = await eventsOf(
      api,
      `type=credential.updated&resource=/credentials/${right.body.id}`,
    );
    expect((updated?.data as Json | undefined)?.changes).toEqual({
      status: { old: 'pending', new: 'valid' },
    });
    const [linked] = await eventsOf(api, 'type=link.created');
    const newEntity = await api.get<Json>(`${String(linked?.resource)}`);
    expect(newEntity.body).toMatchObject({
      '@type': 'Link',
      taxpayer: { id: 'AAA010101AAA' },
      credential: { id: right.body.id },
    });

    const bad = await api.post<Json>('/credentials', {
      type: 'ciec',
      rfc: 'short',
      password: '123',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.violations as Json[]).map((violation) => violation.propertyPath)).toEqual([
      'rfc',
      'password',
    ]);
  });
});
