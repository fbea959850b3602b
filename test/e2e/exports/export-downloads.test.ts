import { listExtractionEvents } from '@invoice-extractor/shared/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFiles, truthFor } from '../../support/expected-files.js';
import { readStoredObjects } from '../../support/s3-objects.js';
import { startSystem, type TestSystem } from '../../support/start-system.js';

const PERIOD = { from: '2025-05-01', to: '2025-06-30' };
const WHOLE = 'EKU9003173C9';
const DAMAGED = 'MISC491214B86';
const INVOICES = 14;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'export-downloads',
    companies: [WHOLE, DAMAGED].map((rfc) => ({
      rfc,
      personType: rfc.length === 12 ? ('legal' as const) : ('physical' as const),
      invoices: INVOICES,
      ...PERIOD,
    })),
    exportThresholdInvoices: 10,
    simulator: {
      faults: [
        // DAMAGED's export lacks two PDFs and carries one with a flipped byte.
        { kind: 'export-entries', rfc: DAMAGED, format: 'pdf', omit: 2, corrupt: 1, count: 1 },
      ],
    },
  });
});

afterAll(async () => {
  await system?.stop();
});

/** What S3 holds under one company's folder. */
async function storedOf(rfc: string) {
  const all = await readStoredObjects(system.isolation.checker);
  return all.filter((object) => object.key.startsWith(`cfdi/${rfc}/`));
}

describe('extractions above the export threshold', () => {
  it('are stored entirely from one export ZIP, with the sha256 SAT.ws serves, woken by its webhook', async () => {
    system.sim.admin.resetCalls();
    const requested = await system.api.requestExtraction({ rfc: WHOLE, period: PERIOD });

    const finished = await system.api.waitForTerminal(requested.id, 90_000);

    expect([finished.status, finished.error]).toEqual(['completed', null]);
    expect(await storedOf(WHOLE)).toEqual(expectedFiles(await truthFor(system.sim, [WHOLE])));
    const calls = system.sim.admin.calls();
    expect(calls['GET /invoices/{id}/cfdi']).toBeUndefined();
    expect(calls['POST /exports']).toBe(1);
    expect(calls['GET /files/{id}/download']).toBe(1);
    // The export job never polled: `export.updated` said the ZIP was ready and woke it.
    expect(calls['GET /exports/{id}']).toBeUndefined();
    // Nothing but the invoices is left: the archive object was deleted.
    const everything = await readStoredObjects(system.isolation.checker);
    expect(everything.filter((object) => !object.key.startsWith('cfdi/'))).toEqual([]);
  }, 120_000);

  it('fetch what the ZIP lacked or had damaged one file at a time, and still store everything', async () => {
    system.sim.admin.resetCalls();
    const requested = await system.api.requestExtraction({ rfc: DAMAGED, period: PERIOD });

    const finished = await system.api.waitForTerminal(requested.id, 90_000);

    expect([finished.status, finished.error]).toEqual(['completed', null]);
    expect(await storedOf(DAMAGED)).toEqual(expectedFiles(await truthFor(system.sim, [DAMAGED])));
    const calls = system.sim.admin.calls();
    expect(calls['POST /exports']).toBe(1);
    // Two PDFs missing from the ZIP and one damaged in it: three per-file downloads.
    expect(calls['GET /invoices/{id}/cfdi']).toBe(3);
    // Why, for whoever reads the extraction's history.
    const events = await listExtractionEvents(system.isolation.pool, requested.id);
    const rejected = events.filter((event) => event.kind === 'export.entry_rejected');
    expect(rejected.map((event) => event.detail.reason)).toEqual([
      expect.stringMatching(/^export_entry_corrupt: .*CRC-32/),
    ]);
    expect(events.find((event) => event.kind === 'export.fallback')?.detail).toMatchObject({
      pendingFiles: 3,
    });
  }, 120_000);
});
