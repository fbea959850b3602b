import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFiles, truthFor } from '../support/expected-files.js';
import { readStoredObjects } from '../support/s3-objects.js';
import { startSystem, type TestSystem } from '../support/start-system.js';

const PERIOD = { from: '2025-01-01', to: '2025-03-31' };
const INVOICES = 200;
// SAT's own test RFCs: two legal persons (12 characters) and a physical person (13).
const COMPANIES = [
  { rfc: 'EKU9003173C9', personType: 'legal' as const },
  { rfc: 'IIA040805DZ4', personType: 'legal' as const },
  { rfc: 'MISC491214B86', personType: 'physical' as const },
];

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'many-companies',
    companies: COMPANIES.map((company) => ({ ...company, invoices: INVOICES, ...PERIOD })),
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('several companies, hundreds of invoices each', () => {
  it('stores every XML and PDF SAT.ws has, byte for byte, and nothing else', async () => {
    const requested = await Promise.all(
      COMPANIES.map(({ rfc }) => system.api.requestExtraction({ rfc, period: PERIOD })),
    );
    const finished = await Promise.all(
      requested.map((extraction) => system.api.waitForTerminal(extraction.id, 150_000)),
    );
    expect(
      finished.map((extraction) => [extraction.rfc, extraction.status, extraction.error]),
    ).toEqual(COMPANIES.map(({ rfc }) => [rfc, 'completed', null]));

    const truth = await truthFor(
      system.sim,
      COMPANIES.map(({ rfc }) => rfc),
    );
    for (const taxpayer of truth.taxpayers) {
      expect(taxpayer.invoices).toHaveLength(INVOICES);
      expect(taxpayer.invoices.every((invoice) => invoice.extracted)).toBe(true);
    }
    const expected = expectedFiles(truth);
    expect(expected.length).toBeGreaterThan(COMPANIES.length * INVOICES);
    const stored = await readStoredObjects(system.isolation.checker);
    expect(stored).toEqual(expected);
  }, 240_000);

  it('reports the same counts in the API as in S3', async () => {
    const truth = await truthFor(
      system.sim,
      COMPANIES.map(({ rfc }) => rfc),
    );
    for (const taxpayer of truth.taxpayers) {
      const [extraction] = (
        await system.api.send<{ data: { id: string }[] }>(
          'GET',
          `/v1/extractions?rfc=${taxpayer.rfc}`,
        )
      ).body.data;
      if (!extraction) throw new Error(`no extraction listed for ${taxpayer.rfc}`);
      const files = taxpayer.invoices.flatMap((invoice) => [invoice.xml, invoice.pdf]);
      const available = files.filter((file) => file.available).length;
      const current = await system.api.getExtraction(extraction.id);
      expect(current.counts).toEqual({
        invoices: INVOICES,
        files: {
          total: files.length,
          stored: available,
          failed: 0,
          missing: files.length - available,
          pending: 0,
        },
      });
      const invoices = await system.api.listInvoices(extraction.id);
      expect(invoices).toHaveLength(INVOICES);
      const byUuid = new Map(
        taxpayer.invoices.map((invoice) => [invoice.uuid.toUpperCase(), invoice]),
      );
      for (const invoice of invoices) {
        const truthInvoice = byUuid.get(invoice.uuid.toUpperCase());
        for (const file of invoice.files.filter((candidate) => candidate.state === 'stored')) {
          const expectedFile = truthInvoice?.[file.kind];
          expect({ sha256: file.sha256, bytes: file.bytes }).toEqual({
            sha256: expectedFile?.sha256,
            bytes: expectedFile?.size,
          });
        }
      }
    }
  });
});
