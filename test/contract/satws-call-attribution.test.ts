import { randomUUID } from 'node:crypto';
import {
  type RunningSimulator,
  startSimulator,
  type TruthInvoice,
} from '@invoice-extractor/satws-sim';
import { attributeCalls, type SatwsCall } from '@invoice-extractor/shared/satws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allPages, entityIdOf } from './support/collections.js';
import { clientFor } from './support/contract-client.js';
import { readStream } from './support/stream-digest.js';

const RFC = 'EKU9003173C9';

let sim: RunningSimulator;
let invoices: TruthInvoice[];

beforeAll(async () => {
  sim = await startSimulator({
    seed: {
      randomSeed: 'contract-call-attribution',
      taxpayers: [{ rfc: RFC, invoices: 30, extracted: true }],
    },
  });
  invoices = (await sim.admin.truth(RFC, { digests: false })).taxpayers[0]?.invoices ?? [];
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.admin.clearFaults();
  sim.admin.resetCalls();
});

/** Calls per extraction id ('' for none) and endpoint, as our client reported them. */
function tally(calls: readonly SatwsCall[]): Record<string, Record<string, number>> {
  const byExtraction: Record<string, Record<string, number>> = {};
  for (const call of calls) {
    const key = call.extractionId ?? '';
    const counts = byExtraction[key] ?? {};
    counts[call.endpoint] = (counts[call.endpoint] ?? 0) + 1;
    byExtraction[key] = counts;
  }
  return byExtraction;
}

function invoiceId(index: number): string {
  const id = invoices[index]?.id;
  if (!id) throw new Error(`invoice ${index} was not extracted`);
  return id;
}

describe('attributeCalls', () => {
  it('counts every attempt made inside it for the extraction, retries included, as SAT.ws counted them', async () => {
    const { client, calls } = clientFor(sim);
    const extractionId = randomUUID();
    // Two 503s: the lookup succeeds on its third attempt, and SAT.ws saw all three.
    sim.admin.addFault({ kind: 'error', path: '/entities', method: 'GET', count: 2 });

    await attributeCalls(extractionId, async () => {
      const entityId = await entityIdOf(client, RFC);
      await allPages(client.listEntityInvoices(entityId, { itemsPerPage: 10 }));
      await readStream((await client.downloadCfdi(invoiceId(0), 'xml')).stream);
    });

    const expected = {
      'GET /entities': 3,
      'GET /entities/{id}/invoices': 3,
      'GET /invoices/{id}/cfdi': 1,
    };
    expect(tally(calls)).toEqual({ [extractionId]: expected });
    expect(sim.admin.calls()).toEqual(expected);
  });

  it('keeps concurrent extractions apart and leaves calls outside any attribution unattributed', async () => {
    const { client, calls } = clientFor(sim);
    const first = randomUUID();
    const second = randomUUID();
    const entityId = await entityIdOf(client, RFC);

    // Interleaved on one client: pages and downloads of both are in flight at the same time.
    await Promise.all([
      attributeCalls(first, () =>
        allPages(client.listEntityInvoices(entityId, { itemsPerPage: 5 })),
      ),
      attributeCalls(second, async () => {
        for (const index of [1, 2, 3]) {
          await readStream((await client.downloadCfdi(invoiceId(index), 'pdf')).stream);
        }
      }),
    ]);
    await client.getInvoice(invoiceId(4));

    expect(tally(calls)).toEqual({
      '': { 'GET /entities': 1, 'GET /invoices/{id}': 1 },
      [first]: { 'GET /entities/{id}/invoices': 6 },
      [second]: { 'GET /invoices/{id}/cfdi': 3 },
    });
  });

  it('counts both legs of a file download: the API call and the storage URL it redirects to', async () => {
    const { client, calls } = clientFor(sim);
    const extractionId = randomUUID();
    const fileId = invoices[5]?.xml.fileId;
    if (!fileId) throw new Error('the XML file of invoice 5 is missing');

    await attributeCalls(extractionId, async () => {
      await readStream((await client.downloadFile(fileId)).stream);
    });

    expect(tally(calls)).toEqual({
      [extractionId]: { 'GET /files/{id}/download': 1, 'GET {file download location}': 1 },
    });
  });

  it('refuses something that is not an extraction id, before running anything', async () => {
    let ran = false;
    const run = async () => {
      ran = true;
    };
    await expect(attributeCalls('extraction-1', run)).rejects.toMatchObject({
      code: 'invalid_argument',
      retryable: false,
      message: `attributeCalls: extractionId must be an extraction's UUID, got "extraction-1"`,
    });
    expect(ran).toBe(false);
  });
});
