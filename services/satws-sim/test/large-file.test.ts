import { createHash } from 'node:crypto';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator, type TruthInvoice } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import type { Json } from './support/extractions.js';

const MiB = 1024 * 1024;
const SIZE = 300 * 1000 * 1000;

/** Downloads `url` chunk by chunk into a sha256 while sampling this process's RSS. */
async function measuredDownload(url: string, headers: Record<string, string> = {}) {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const response = await fetch(url, { headers });
  const hash = createHash('sha256');
  let bytes = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    hash.update(chunk.value);
    bytes += chunk.value.length;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const seconds = (performance.now() - started) / 1000;
  return { status: response.status, bytes, sha256: hash.digest('hex'), baseline, peak, seconds };
}

function report(label: string, run: Awaited<ReturnType<typeof measuredDownload>>): void {
  const line = `${label}: ${(run.bytes / MiB).toFixed(0)} MiB in ${run.seconds.toFixed(1)} s (${(run.bytes / MiB / run.seconds).toFixed(0)} MiB/s); RSS ${(run.baseline / MiB).toFixed(0)} → peak ${(run.peak / MiB).toFixed(0)} MiB (+${((run.peak - run.baseline) / MiB).toFixed(0)} MiB)`;
  console.log(line);
}

describe('files of hundreds of MB are generated as streams', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let big: TruthInvoice;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: {
        randomSeed: 'large',
        taxpayers: [
          {
            rfc: 'EKU9003173C9',
            invoices: 2,
            extracted: true,
            largeFiles: { count: 1, pdf: SIZE },
          },
        ],
      },
    });
    api = apiClient(sim);
    const truth = await sim.admin.truth('EKU9003173C9');
    const invoice = truth.taxpayers[0]?.invoices[0];
    if (!invoice) throw new Error('no large invoice seeded');
    big = invoice;
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('streams a 300 MB PDF with the ground-truth sha256 while RSS stays flat', async () => {
    expect(big.pdf.size).toBe(SIZE);
    const run = await measuredDownload(`${sim.url}/invoices/${big.id}/cfdi`, {
      'X-API-Key': sim.apiKey,
      Accept: 'application/pdf',
    });
    report('300 MB PDF via /invoices/{id}/cfdi', run);
    expect(run).toMatchObject({ status: 200, bytes: SIZE, sha256: big.pdf.sha256 });
    expect(run.peak - run.baseline).toBeLessThan(96 * MiB);
  }, 120_000);

  it('streams an export ZIP holding it, entry by entry, with RSS flat', async () => {
    const entityId = await entityIdOf(api, 'EKU9003173C9');
    const created = await api.post<Json>('/exports', {
      format: 'csv',
      uri: `/entities/${entityId}/invoices`,
      fileTypes: ['invoice.cfdi.xml', 'invoice.cfdi.pdf'],
    });
    const file = await waitFor(
      'export file',
      async () =>
        ((await api.get<Json>(`/exports/${created.body.id}`)).body.file as Json | null) ??
        undefined,
    );
    expect(file.size as number).toBeGreaterThan(SIZE);
    const location = (await api.get(`/files/${file.id}/download`)).headers.get('location') ?? '';
    const run = await measuredDownload(location);
    report('export ZIP with the 300 MB PDF via a signed blob URL', run);
    expect(run.status).toBe(200);
    expect(run.bytes).toBe(file.size);
    expect(run.peak - run.baseline).toBeLessThan(96 * MiB);
  }, 120_000);
});
