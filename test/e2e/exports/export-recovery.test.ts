import { getExtractionExport } from '@invoice-extractor/shared/db';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFiles, truthFor } from '../../support/expected-files.js';
import { readStoredObjects } from '../../support/s3-objects.js';
import { type ProcessSystem, startProcessSystem } from './process-system.js';

const PERIOD = { from: '2025-05-01', to: '2025-06-30' };
const POLLED = 'EKU9003173C9';
const KILLED = 'MISC491214B86';

let system: ProcessSystem;

beforeAll(async () => {
  system = await startProcessSystem({
    label: 'export-recovery',
    companies: [
      { rfc: POLLED, personType: 'legal', invoices: 12, ...PERIOD },
      // Enough entries, unpacked one at a time, that unpacking takes a while to kill it in.
      { rfc: KILLED, personType: 'physical', invoices: 200, ...PERIOD },
    ],
    // Every `export.updated` webhook is lost: only the export job's own polling sees the ZIP.
    simulator: { faults: [{ kind: 'drop', eventType: 'export.updated' }] },
    downloaderEnv: {
      EXPORT_THRESHOLD_INVOICES: '10',
      EXPORT_POLL_MS: '500',
      EXPORT_ENTRY_CONCURRENCY: '1',
    },
  });
});

afterAll(async () => {
  await system?.stop();
});

async function storedOf(rfc: string) {
  const all = await readStoredObjects(system.isolation.checker);
  return all.filter((object) => object.key.startsWith(`cfdi/${rfc}/`));
}

describe('export downloads, real processes', () => {
  it('finish by polling SAT.ws when the export.updated webhooks never arrive', async () => {
    system.sim.admin.resetCalls();
    const requested = await system.api.requestExtraction({ rfc: POLLED, period: PERIOD });

    const finished = await system.api.waitForTerminal(requested.id, 90_000);

    expect([finished.status, finished.error]).toEqual(['completed', null]);
    expect(await storedOf(POLLED)).toEqual(expectedFiles(await truthFor(system.sim, [POLLED])));
    const calls = system.sim.admin.calls();
    expect(calls['GET /exports/{id}']).toBeGreaterThanOrEqual(1);
    expect(calls['GET /invoices/{id}/cfdi']).toBeUndefined();
  }, 120_000);

  it('a downloader killed between archiving the ZIP and unpacking it resumes without downloading it again', async () => {
    system.sim.admin.resetCalls();
    const requested = await system.api.requestExtraction({ rfc: KILLED, period: PERIOD });
    const pool = system.isolation.pool;
    await waitFor(
      'the ZIP to be archived',
      async () => (await getExtractionExport(pool, requested.id))?.state === 'archived',
      { timeoutMs: 60_000, intervalMs: 10 },
    );

    await system.services.kill('downloader');

    // The kill did land between the two steps: unpacking had not finished.
    expect((await getExtractionExport(pool, requested.id))?.state).toBe('archived');
    system.services.restart('downloader');
    // BullMQ gives the dead worker's job to the new process once its lock expires (~30 s).
    const finished = await system.api.waitForTerminal(requested.id, 150_000);
    expect([finished.status, finished.error]).toEqual(['completed', null]);
    expect(await storedOf(KILLED)).toEqual(expectedFiles(await truthFor(system.sim, [KILLED])));
    const calls = system.sim.admin.calls();
    expect(calls['POST /exports']).toBe(1);
    expect(calls['GET /files/{id}/download']).toBe(1);
    expect(calls['GET /blobs/{id}']).toBe(1);
    expect(calls['GET /invoices/{id}/cfdi']).toBeUndefined();
  }, 240_000);
});
