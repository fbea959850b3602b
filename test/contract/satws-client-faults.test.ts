import {
  type RunningSimulator,
  startSimulator,
  type TruthInvoice,
} from '@invoice-extractor/satws-sim';
import {
  type SatwsExtraction,
  TERMINAL_EXTRACTION_STATUSES,
} from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, statusesOf } from './support/contract-client.js';
import { digestStream } from './support/stream-digest.js';

const RFC = 'EKU9003173C9';
const FRESH = 'AAA010101AAA';

let sim: RunningSimulator;
let invoice: TruthInvoice;
let entityId: string;

beforeAll(async () => {
  sim = await startSimulator({
    seed: {
      randomSeed: 'contract-faults',
      taxpayers: [
        { rfc: RFC, invoices: 3, extracted: true, fileSizes: { xml: 64 * 1024, pdf: 96 * 1024 } },
        { rfc: FRESH, invoices: 4 },
      ],
    },
  });
  const truth = (await sim.admin.truth(RFC)).taxpayers[0];
  if (!truth?.entityId || !truth.invoices[0]?.id) throw new Error('seed missing');
  entityId = truth.entityId;
  invoice = truth.invoices[0];
});

afterEach(() => {
  sim.admin.clearFaults();
});

afterAll(async () => {
  await sim.stop();
});

function invoiceId(): string {
  if (!invoice.id) throw new Error('invoice not extracted');
  return invoice.id;
}

function xmlFileId(): string {
  if (!invoice.xml.fileId) throw new Error('xml file missing');
  return invoice.xml.fileId;
}

describe('5xx', () => {
  it('retries an idempotent GET through transient 503s and succeeds', async () => {
    const { client, calls } = clientFor(sim);
    sim.admin.addFault({
      kind: 'error',
      status: 503,
      path: '/entities/*',
      method: 'GET',
      count: 2,
    });
    expect((await client.getEntity(entityId)).taxpayer.id).toBe(RFC);
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([503, 503, 200]);
  });

  it('gives up after maxAttempts with a retryable AppError carrying the status', async () => {
    const { client, calls } = clientFor(sim);
    sim.admin.addFault({ kind: 'error', status: 500, path: '/entities/*' });
    await expect(client.getEntity(entityId)).rejects.toMatchObject({
      code: 'satws_server_error',
      retryable: true,
      status: 500,
      requestId: expect.any(String),
    });
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([500, 500, 500]);
  });

  it('never resends POST /extractions after a 5xx: the caller decides, and nothing was created', async () => {
    const { client, calls } = clientFor(sim);
    sim.admin.addFault({
      kind: 'error',
      status: 502,
      path: '/extractions',
      method: 'POST',
      count: 1,
    });
    await expect(client.createExtraction({ rfc: FRESH })).rejects.toMatchObject({
      code: 'satws_server_error',
      retryable: true,
      status: 502,
    });
    expect(statusesOf(calls, 'POST /extractions')).toEqual([502]);
    for await (const page of client.listExtractions({ rfc: FRESH })) expect(page).toEqual([]);

    const created = await client.createExtraction({ rfc: FRESH });
    expect(created.status).toBe('pending');
    await waitFor('the extraction to settle', async () =>
      TERMINAL_EXTRACTION_STATUSES.has((await client.getExtraction(created.id)).status),
    );
  });
});

describe('429', () => {
  it('waits for X-RateLimit-Reset when it is near, then succeeds', async () => {
    const { client, calls } = clientFor(sim, { rateLimit: { maxWaitMs: 5_000 } });
    sim.admin.addFault({ kind: 'rate-limit', path: '/entities/*', retryAfterSeconds: 1, count: 1 });
    const started = performance.now();
    await client.getEntity(entityId);
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([429, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('throws retryAfterMs at once when the reset is beyond the bound', async () => {
    const { client, calls } = clientFor(sim, { rateLimit: { maxWaitMs: 1_000 } });
    sim.admin.addFault({ kind: 'rate-limit', path: '/entities/*', retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await client.getEntity(entityId).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'satws_rate_limited', retryable: true, status: 429 });
    const { retryAfterMs } = error as { retryAfterMs: number };
    expect(retryAfterMs).toBeGreaterThan(28_000);
    expect(retryAfterMs).toBeLessThanOrEqual(31_000);
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([429]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('resends a rate-limited POST /extractions: a 429 proves nothing was created', async () => {
    const { client, calls } = clientFor(sim, { rateLimit: { maxWaitMs: 5_000 } });
    sim.admin.addFault({
      kind: 'rate-limit',
      path: '/extractions',
      method: 'POST',
      retryAfterSeconds: 1,
      count: 1,
    });
    const created = await client.createExtraction({ rfc: FRESH }, { types: ['I'] });
    expect(created.status).toBe('pending');
    expect(statusesOf(calls, 'POST /extractions')).toEqual([429, 202]);
  });

  it('rides out the real per-endpoint rate limit', async () => {
    const { client, calls } = clientFor(sim, { rateLimit: { maxWaitMs: 3_000 } });
    sim.admin.setRateLimit({ enabled: true, limit: 2, windowMs: 1_000 });
    try {
      for (let call = 0; call < 5; call += 1) await client.getEntity(entityId);
    } finally {
      sim.admin.setRateLimit({ enabled: false });
    }
    const statuses = statusesOf(calls, 'GET /entities/{id}');
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses).toContain(429);
  });
});

describe('broken bodies never end "cleanly" short', () => {
  it.each([
    ['reset', '/invoices/*/cfdi'],
    ['truncate', '/invoices/*/cfdi'],
  ] as const)('%s mid-body on a CFDI download errors the stream, retryable', async (kind, path) => {
    const { client } = clientFor(sim);
    sim.admin.addFault({ kind, path, afterBytes: 10_000 });
    const download = await client.downloadCfdi(invoiceId(), 'xml');
    expect(download.contentLength).toBe(invoice.xml.size);
    await expect(digestStream(download.stream)).rejects.toMatchObject({
      retryable: true,
      code:
        kind === 'truncate'
          ? 'satws_truncated_body'
          : expect.stringMatching(/^satws_(network|truncated_body)$/),
    });
  });

  it.each(['reset', 'truncate'] as const)(
    '%s on the redirected file download errors the stream',
    async (kind) => {
      const { client } = clientFor(sim);
      sim.admin.addFault({ kind, path: '/blobs/*', afterBytes: 1_000 });
      const download = await client.downloadFile(xmlFileId());
      await expect(digestStream(download.stream)).rejects.toMatchObject({ retryable: true });
    },
  );

  it('retries a JSON read whose body was cut, and succeeds', async () => {
    const { client, calls } = clientFor(sim);
    sim.admin.addFault({ kind: 'truncate', path: '/entities/*', count: 1, afterBytes: 20 });
    expect((await client.getEntity(entityId)).id).toBe(entityId);
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([undefined, 200]);
  });

  it('downloads the whole file once the fault is spent', async () => {
    const { client } = clientFor(sim);
    sim.admin.addFault({ kind: 'reset', path: '/invoices/*/cfdi', count: 1 });
    await expect(
      digestStream((await client.downloadCfdi(invoiceId(), 'xml')).stream),
    ).rejects.toThrow();
    const again = await client.downloadCfdi(invoiceId(), 'xml');
    expect(await digestStream(again.stream)).toEqual({
      sha256: invoice.xml.sha256,
      size: invoice.xml.size,
    });
  });
});

describe('slow upstream', () => {
  it('fails a trickling download below the throughput floor with a retryable timeout', async () => {
    const { client } = clientFor(sim, {
      timeouts: { minBytesPerSecond: 4_000, throughputWindowMs: 300 },
    });
    sim.admin.addFault({ kind: 'slow', path: '/invoices/*/cfdi', bytesPerSecond: 500 });
    const started = performance.now();
    const download = await client.downloadCfdi(invoiceId(), 'xml');
    await expect(digestStream(download.stream)).rejects.toMatchObject({
      code: 'satws_timeout',
      retryable: true,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('times out a response whose headers are late, and retries it', async () => {
    const { client, calls } = clientFor(sim, { timeouts: { responseMs: 300 } });
    sim.admin.addFault({
      kind: 'slow',
      path: '/entities/*',
      firstByteDelayMs: 2_000,
      bytesPerSecond: 1_000_000,
      count: 1,
    });
    expect((await client.getEntity(entityId)).id).toBe(entityId);
    expect(statusesOf(calls, 'GET /entities/{id}')).toEqual([undefined, 200]);
  });

  it('gives up on a download whose headers never come in time', async () => {
    const { client, calls } = clientFor(sim, { timeouts: { responseMs: 200 } });
    sim.admin.addFault({ kind: 'slow', path: '/invoices/*/cfdi', firstByteDelayMs: 1_500 });
    await expect(client.downloadCfdi(invoiceId(), 'pdf')).rejects.toMatchObject({
      code: 'satws_timeout',
      retryable: true,
    });
    expect(statusesOf(calls, 'GET /invoices/{id}/cfdi')).toEqual([undefined, undefined, undefined]);
  });
});

describe('extraction faults', () => {
  async function settle(
    client: ReturnType<typeof clientFor>['client'],
    id: string,
    seen: Set<string>,
  ) {
    return waitFor(
      'the extraction to settle',
      async () => {
        const extraction: SatwsExtraction = await client.getExtraction(id);
        seen.add(extraction.status);
        return TERMINAL_EXTRACTION_STATUSES.has(extraction.status) ? extraction : undefined;
      },
      { intervalMs: 20 },
    );
  }

  it('reports a failed extraction with its error code', async () => {
    const { client } = clientFor(sim);
    sim.admin.addFault({ kind: 'extraction-failure', rfc: FRESH, errorCode: 'login_failed' });
    const created = await client.createExtraction({ rfc: FRESH }, { types: ['E'] });
    const failed = await settle(client, created.id, new Set());
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'login_failed' });
  });

  it('reads the waiting status the spec enum omits', async () => {
    const { client } = clientFor(sim);
    sim.admin.addFault({ kind: 'extraction-waiting', rfc: FRESH, durationMs: 500 });
    const created = await client.createExtraction({ rfc: FRESH }, { types: ['N'] });
    const seen = new Set<string>();
    expect((await settle(client, created.id, seen)).status).toBe('finished');
    expect(seen).toContain('waiting');
  });
});
