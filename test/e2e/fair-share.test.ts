import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFiles, truthFor } from '../support/expected-files.js';
import { readStoredObjects } from '../support/s3-objects.js';
import { type ProcessSystem, startProcessSystem } from './fair-share-system.js';

const PERIOD = { from: '2025-01-01', to: '2025-03-31' };
const BIG = { rfc: 'EKU9003173C9', invoices: 250 };
const SMALL = { rfc: 'IIA040805DZ4', invoices: 6 };

let system: ProcessSystem;

beforeAll(async () => {
  system = await startProcessSystem({
    label: 'fair-share',
    companies: [BIG, SMALL].map((company) => ({
      ...company,
      personType: 'legal' as const,
      ...PERIOD,
    })),
    // Each download takes a moment, so the big company's 500 files last long enough to watch.
    faults: [
      { kind: 'slow', path: '/invoices/*/cfdi', firstByteDelayMs: 100, bytesPerSecond: 50_000_000 },
    ],
    downloaders: 2,
    downloaderEnv: {
      DOWNLOAD_CONCURRENCY: '2',
      DISPATCH_BACKLOG: '4',
      DISPATCH_INTERVAL_MS: '200',
    },
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('fair share across companies, through the real processes', () => {
  it("finishes a small company's extraction while a big one started earlier still has most of its files waiting, then the big one", async () => {
    const big = await system.api.requestExtraction({ rfc: BIG.rfc, period: PERIOD });
    // The big company's files are already flowing when the small one arrives.
    await system.api.waitForExtraction(
      big.id,
      'some files stored',
      (extraction) => extraction.counts.files.stored >= 20,
      60_000,
    );
    const small = await system.api.requestExtraction({ rfc: SMALL.rfc, period: PERIOD });

    const smallDone = await system.api.waitForTerminal(small.id, 60_000);

    expect(smallDone).toMatchObject({ status: 'completed', error: null });
    expect(smallDone.counts.files.stored).toBe(2 * SMALL.invoices);
    const bigThen = await system.api.getExtraction(big.id);
    expect(bigThen.status).toBe('downloading');
    expect(bigThen.counts.files.total).toBe(2 * BIG.invoices);
    expect(bigThen.counts.files.pending).toBeGreaterThan(BIG.invoices);

    const bigDone = await system.api.waitForTerminal(big.id, 120_000);
    expect(bigDone).toMatchObject({ status: 'completed', error: null });
    const truth = await truthFor(system.sim, [BIG.rfc, SMALL.rfc]);
    expect(await readStoredObjects(system.isolation.checker)).toEqual(expectedFiles(truth));
    // Two processes' dispatchers shared the work: still exactly one download per file.
    expect(system.sim.admin.calls()['GET /invoices/{id}/cfdi']).toBe(
      2 * (BIG.invoices + SMALL.invoices),
    );
  }, 240_000);
});
