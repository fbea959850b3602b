import {
  type RunningSimulator,
  startSimulator,
  type TruthInvoice,
} from '@invoice-extractor/satws-sim';
import type { SatwsClient } from '@invoice-extractor/shared/satws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from './support/contract-client.js';
import { type RecordingProxy, startRecordingProxy } from './support/recording-proxy.js';
import { digestStream, readStream } from './support/stream-digest.js';

const RFC = 'EKU9003173C9';
const BIG = 'BIG010101AAA';
const BIG_XML_BYTES = 48 * 1024 * 1024;

let sim: RunningSimulator;
let client: SatwsClient;
let invoices: TruthInvoice[];

beforeAll(async () => {
  sim = await startSimulator({
    seed: {
      randomSeed: 'contract-downloads',
      taxpayers: [
        { rfc: RFC, invoices: 12, extracted: true },
        { rfc: BIG, invoices: 2, extracted: true, largeFiles: { count: 1, xml: BIG_XML_BYTES } },
      ],
    },
  });
  client = clientFor(sim).client;
  invoices = (await sim.admin.truth(RFC)).taxpayers[0]?.invoices ?? [];
});

afterAll(async () => {
  await sim.stop();
});

function extractedId(invoice: TruthInvoice): string {
  if (!invoice.id) throw new Error(`invoice ${invoice.uuid} was not extracted`);
  return invoice.id;
}

describe('downloads stream the exact bytes', () => {
  it('downloads every XML and PDF with the sha256 and size of the ground truth', async () => {
    expect(invoices).toHaveLength(12);
    for (const invoice of invoices) {
      const xml = await client.downloadCfdi(extractedId(invoice), 'xml');
      expect(await digestStream(xml.stream)).toEqual({
        sha256: invoice.xml.sha256,
        size: invoice.xml.size,
      });
      expect(xml.contentLength).toBe(invoice.xml.size);
      expect(xml.contentType).toMatch(/xml/);
      expect(xml.requestId).toEqual(expect.any(String));

      const pdf = await client.downloadCfdi(extractedId(invoice), 'pdf');
      expect(await digestStream(pdf.stream)).toEqual({
        sha256: invoice.pdf.sha256,
        size: invoice.pdf.size,
      });
      expect(pdf.contentType).toBe('application/pdf');
    }
  });

  it('gets the XML that carries the invoice UUID, upper case, in its TimbreFiscalDigital', async () => {
    const invoice = invoices[0] as TruthInvoice;
    const xml = (
      await readStream((await client.downloadCfdi(extractedId(invoice), 'xml')).stream)
    ).toString('utf8');
    expect(xml).toContain(`UUID="${invoice.uuid.toUpperCase()}"`);
  });

  it('streams a 48 MiB file with its ground-truth digest', async () => {
    const big = (await sim.admin.truth(BIG)).taxpayers[0]?.invoices.find(
      (invoice) => invoice.xml.size === BIG_XML_BYTES,
    );
    if (!big) throw new Error('large file not seeded');
    const started = performance.now();
    const download = await client.downloadCfdi(extractedId(big), 'xml');
    expect(download.contentLength).toBe(BIG_XML_BYTES);
    expect(await digestStream(download.stream)).toEqual({
      sha256: big.xml.sha256,
      size: BIG_XML_BYTES,
    });
    const seconds = (performance.now() - started) / 1000;
    console.info(`48 MiB XML through the client: ${(48 / seconds).toFixed(0)} MiB/s`);
  });

  it('names a missing invoice or file as not found, not retryable', async () => {
    const absent = '00000000-0000-7000-8000-000000000000';
    await expect(client.downloadCfdi(absent, 'xml')).rejects.toMatchObject({
      code: 'satws_not_found',
      retryable: false,
      status: 404,
    });
    await expect(client.downloadFile(absent)).rejects.toMatchObject({
      code: 'satws_not_found',
      retryable: false,
      status: 404,
    });
  });
});

describe('file downloads follow the redirect themselves', () => {
  let proxy: RecordingProxy;

  beforeAll(async () => {
    proxy = await startRecordingProxy(sim.url);
  });

  afterAll(async () => {
    await proxy.close();
  });

  it('fetches the Location without the API key and gets the ground-truth bytes', async () => {
    const proxied = clientFor({ url: proxy.url, apiKey: sim.apiKey }).client;
    const invoice = invoices[1] as TruthInvoice;
    if (!invoice.pdf.fileId) throw new Error('pdf file missing');
    const download = await proxied.downloadFile(invoice.pdf.fileId);
    expect(await digestStream(download.stream)).toEqual({
      sha256: invoice.pdf.sha256,
      size: invoice.pdf.size,
    });

    const [redirect, blob] = proxy.requests;
    expect(proxy.requests).toHaveLength(2);
    expect(redirect?.path).toBe(`/files/${invoice.pdf.fileId}/download`);
    expect(redirect?.headers['x-api-key']).toBe(sim.apiKey);
    expect(redirect?.headers['accept-version']).toBe('2020-06-28');
    expect(blob?.path).toMatch(/^\/blobs\//);
    expect(blob?.headers['x-api-key']).toBeUndefined();
    expect(blob?.headers['accept-version']).toBeUndefined();
  });
});
