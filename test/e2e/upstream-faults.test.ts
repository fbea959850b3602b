import type { FaultRuleInput } from '@invoice-extractor/satws-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFiles, truthFor } from '../support/expected-files.js';
import { watchObjects } from '../support/object-watch.js';
import { readStoredObjects } from '../support/s3-objects.js';
import { startSystem, type TestSystem } from '../support/start-system.js';

const PERIOD = { from: '2025-06-01', to: '2025-07-31' };
const COMPANIES = ['EKU9003173C9', 'MISC491214B86'];
const DOWNLOADS = '/invoices/*/cfdi';

/**
 * What SAT.ws does on a bad day, each rule good for a bounded number of hits so the run ends:
 * 5xx and 429 on downloads, connections cut mid-body, bodies that end early, and a failing
 * extraction request and invoice listing.
 */
const FAULTS: FaultRuleInput[] = [
  { id: 'download-503', kind: 'error', status: 503, path: DOWNLOADS, probability: 0.15, count: 40 },
  {
    id: 'download-429',
    kind: 'rate-limit',
    retryAfterSeconds: 1,
    path: DOWNLOADS,
    probability: 0.05,
    count: 10,
  },
  { id: 'download-reset', kind: 'reset', path: DOWNLOADS, probability: 0.1, count: 25 },
  { id: 'download-truncated', kind: 'truncate', path: DOWNLOADS, probability: 0.1, count: 25 },
  { id: 'request-502', kind: 'error', status: 502, path: '/extractions', method: 'POST', count: 1 },
  { id: 'listing-reset', kind: 'reset', path: '/entities/*/invoices', count: 2 },
];

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'upstream-faults',
    companies: COMPANIES.map((rfc, index) => ({
      rfc,
      personType: rfc.length === 12 ? ('legal' as const) : ('physical' as const),
      invoices: 60 + index * 20,
      ...PERIOD,
    })),
    simulator: { faults: FAULTS },
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('SAT.ws failing in every way it can', () => {
  it('still stores every file intact, and never a truncated one', async () => {
    const everyFile = expectedFiles(await truthFor(system.sim, COMPANIES), true);
    const watch = watchObjects(system.isolation.checker, everyFile);
    const requested = await Promise.all(
      COMPANIES.map((rfc) => system.api.requestExtraction({ rfc, period: PERIOD })),
    );
    const finished = await Promise.all(
      requested.map((extraction) => system.api.waitForTerminal(extraction.id, 150_000)),
    );
    const seenWrong = await watch.stop();
    expect(finished.map((extraction) => [extraction.status, extraction.error])).toEqual([
      ['completed', null],
      ['completed', null],
    ]);
    expect(seenWrong).toEqual([]);
    expect(await readStoredObjects(system.isolation.checker)).toEqual(
      expectedFiles(await truthFor(system.sim, COMPANIES)),
    );
    // The faults did happen: each rule used up at least some of its hits.
    const left = new Map(system.sim.admin.faults().map((rule) => [rule.id, rule.count]));
    for (const rule of FAULTS) {
      expect({ rule: rule.id, fired: (left.get(rule.id ?? '') ?? 0) < (rule.count ?? 0) }).toEqual({
        rule: rule.id,
        fired: true,
      });
    }
  }, 200_000);
});
