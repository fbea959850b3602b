import { type RunningSimulator, startSimulator } from '@invoice-extractor/satws-sim';
import {
  isSatwsConflict,
  type SatwsClient,
  type SatwsExtraction,
} from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, entityIdOf, settled } from './support/collections.js';
import { clientFor } from './support/contract-client.js';

const COMPANY = 'EKU9003173C9';
/** Contains COMPANY: the upstream's partial `taxpayer.id` match lists it for COMPANY too. */
const LOOKALIKE = 'XEKU9003173C9';
const TO_EXTRACT = 'AAA010101AAA';
const LEGACY = 'BBB010101BBB';
const UNLINKED = 'CCC010101CCC';

const SEED = {
  randomSeed: 'contract-resources',
  taxpayers: [
    { rfc: COMPANY, invoices: 3 },
    { rfc: LOOKALIKE, personType: 'physical' as const, invoices: 3 },
    { rfc: TO_EXTRACT, invoices: 30 },
    { rfc: LEGACY, invoices: 5 },
    { rfc: UNLINKED, invoices: 5, linked: false, ciecPassword: 'ciec-password-1' },
  ],
};

let sim: RunningSimulator;
let client: SatwsClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: SEED });
  client = clientFor(sim).client;
});

afterAll(async () => {
  await sim.stop();
});

describe('entities and credentials', () => {
  it('finds an entity by its exact RFC although the upstream filter is a partial match', async () => {
    const company = await client.findEntityByRfc(COMPANY);
    const lookalike = await client.findEntityByRfc(LOOKALIKE.toLowerCase());
    expect(company?.taxpayer.id).toBe(COMPANY);
    expect(lookalike?.taxpayer.id).toBe(LOOKALIKE);
    expect(company?.id).not.toBe(lookalike?.id);
    expect(await client.findEntityByRfc('ZZZ991231ZZZ')).toBeUndefined();
  });

  it('reads an entity; a missing one is not_found, not retryable, with the request id', async () => {
    const id = await entityIdOf(client, COMPANY);
    expect((await client.getEntity(id)).taxpayer.id).toBe(COMPANY);
    const missing = client.getEntity('00000000-0000-7000-8000-000000000000');
    await expect(missing).rejects.toMatchObject({
      code: 'satws_not_found',
      retryable: false,
      status: 404,
      requestId: expect.any(String),
    });
  });

  it('creates a CIEC credential that SAT validates and that links an entity', async () => {
    expect(await client.findEntityByRfc(UNLINKED)).toBeUndefined();
    const created = await client.createCiecCredential({
      rfc: UNLINKED,
      password: 'ciec-password-1',
    });
    expect(created.status).toBe('pending');
    const valid = await waitFor('credential validation', async () => {
      const credential = await client.getCredential(created.id);
      return credential.status !== 'pending' && credential.status !== 'waiting' && credential;
    });
    expect(valid.status).toBe('valid');
    const entity = await waitFor('the linked entity', () => client.findEntityByRfc(UNLINKED));
    expect(entity.taxpayer.id).toBe(UNLINKED);
  });
});

describe('extractions', () => {
  it('runs an extraction to finished; an equivalent one gets 409 and the caller attaches to it', async () => {
    const entityId = await entityIdOf(client, TO_EXTRACT);
    const options = {
      period: { from: '2025-01-01T00:00:00.000Z', to: '2025-06-30T23:59:59.000Z' },
    };
    const created = await client.createExtraction({ entityId }, options);
    expect(created.status).toBe('pending');
    expect(created.taxpayer?.id).toBe(TO_EXTRACT);

    const duplicate = await client
      .createExtraction({ entityId }, options)
      .catch((error: unknown) => error);
    expect(isSatwsConflict(duplicate)).toBe(true);
    expect(duplicate).toMatchObject({
      code: 'satws_conflict',
      retryable: false,
      conflictingExtractors: ['invoice'],
    });

    const inFlight: SatwsExtraction[] = [];
    for (const status of ['pending', 'running'] as const) {
      for await (const page of client.listExtractions({ rfc: TO_EXTRACT, status }))
        inFlight.push(...page);
    }
    // It may turn pending → running between the two lists and show up in both.
    expect([...new Set(inFlight.map((extraction) => extraction.id))]).toEqual([created.id]);

    const finished = await settled(client, created.id);
    expect(finished.status).toBe('finished');
    expect(finished.createdDataPoints).toBeGreaterThan(0);
    const { items } = await allPages(
      client.listExtractions({ rfc: TO_EXTRACT, status: 'finished' }),
    );
    expect(items.map((extraction) => extraction.id)).toEqual([created.id]);
  });

  it('accepts the legacy taxpayer form', async () => {
    const created = await client.createExtraction(
      { rfc: LEGACY },
      { types: ['I', 'E'], pdf: false },
    );
    expect(created.taxpayer?.id).toBe(LEGACY);
    expect((await settled(client, created.id)).status).toBe('finished');
  });

  it('stops a running extraction', async () => {
    sim.admin.setTimings({ extractionPendingMs: 0, extractionRunningMs: 60_000 });
    try {
      const created = await client.createExtraction({ rfc: LEGACY }, { types: ['P'] });
      await waitFor(
        'the extraction to run',
        async () => (await client.getExtraction(created.id)).status === 'running',
      );
      await client.stopExtraction(created.id);
      const stopped = await settled(client, created.id);
      expect(stopped.status).toBe('stopped');
    } finally {
      sim.admin.setTimings({ extractionPendingMs: 50, extractionRunningMs: 500 });
    }
  });

  it('fails a bad extraction with the upstream violation, not retryable', async () => {
    const missing = client.createExtraction({ entityId: '00000000-0000-7000-8000-000000000000' });
    await expect(missing).rejects.toMatchObject({
      code: 'satws_bad_request',
      retryable: false,
      status: 400,
      message: expect.stringContaining('entity: Item not found'),
    });
  });
});
