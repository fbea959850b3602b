import type { TruthInvoice } from '@invoice-extractor/satws-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designKey } from '../support/expected-files.js';
import { listObjectKeys } from '../support/s3-objects.js';
import { startSystem, type TestSystem } from '../support/start-system.js';
import { storedVersusExpected } from '../support/system-checks.js';

const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-08-01', to: '2025-08-31' };

let system: TestSystem;
let broken: TruthInvoice;

beforeAll(async () => {
  system = await startSystem({
    label: 'permanent-failure',
    // Already extracted at SAT.ws, so the broken invoice's id is known before we start.
    companies: [{ rfc: RFC, invoices: 20, extracted: true, ...PERIOD }],
    // Two attempts, not the catalog's ten, so "retries spent" comes within the test.
    retries: { fileDownloads: { attempts: 2 } },
  });
  const [taxpayer] = (await system.sim.admin.truth(RFC)).taxpayers;
  const candidate = taxpayer?.invoices.find(
    (invoice) => invoice.xml.available && invoice.pdf.available,
  );
  if (!candidate?.id) throw new Error('the seed has no extracted invoice with both files');
  broken = candidate;
  system.sim.admin.addFault({
    id: 'broken-invoice',
    kind: 'error',
    status: 500,
    path: `/invoices/${broken.id}/cfdi`,
  });
});

afterAll(async () => {
  await system?.stop();
});

/** What an operator's click on "Retry" in Bull Board sends. */
async function retryFromBullBoard(jobId: string): Promise<number> {
  const credentials = Buffer.from(`${system.admin.user}:${system.admin.password}`).toString(
    'base64',
  );
  const response = await fetch(
    `${system.apiUrl}/admin/queues/api/queues/file-downloads/${encodeURIComponent(jobId)}/retry`,
    { method: 'PUT', headers: { authorization: `Basic ${credentials}` } },
  );
  return response.status;
}

describe('a file SAT.ws keeps failing to serve', () => {
  it('fails the extraction, naming the file; every other file is stored', async () => {
    const { id } = await system.api.requestExtraction({ rfc: RFC, period: PERIOD });
    const failed = await system.api.waitForTerminal(id, 90_000);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain(broken.uuid.toUpperCase());
    expect(failed.counts.files.failed).toBe(2);
    const invoices = await system.api.listInvoices(id);
    const shown = invoices.find((invoice) => invoice.uuid === broken.uuid.toUpperCase());
    expect(shown?.files.map((file) => file.state)).toEqual(['failed', 'failed']);
    const keys = (await listObjectKeys(system.isolation.checker)).map((object) => object.key);
    expect(keys).not.toContain(designKey(RFC, broken, 'xml'));
    expect(keys).not.toContain(designKey(RFC, broken, 'pdf'));
    expect(keys).toHaveLength(failed.counts.files.stored);
  });

  it('completes once the fault is gone and the failed jobs are retried from Bull Board', async () => {
    system.sim.admin.removeFault('broken-invoice');
    const failedJobs = await system.queues.fileDownloads.getFailed();
    expect(failedJobs).toHaveLength(2);
    for (const job of failedJobs) expect(await retryFromBullBoard(job.id ?? '')).toBe(204);

    const [listed] = (
      await system.api.send<{ data: { id: string }[] }>('GET', `/v1/extractions?rfc=${RFC}`)
    ).body.data;
    // It is failed until the retried jobs succeed: wait for completed itself, not any end.
    const completed = await system.api.waitForExtraction(
      listed?.id ?? '',
      'completed',
      (extraction) => extraction.status === 'completed',
    );
    expect(completed).toMatchObject({ status: 'completed', error: null });
    expect(completed.counts.files).toMatchObject({ failed: 0, pending: 0 });
    const { stored, expected } = await storedVersusExpected(system, [RFC]);
    expect(stored).toEqual(expected);
  });
});
