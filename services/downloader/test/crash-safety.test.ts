import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processFileDownload } from '../src/files/process-file-download.js';
import { eventKinds, filesOf, reloadExtraction } from './support/extractions.js';
import { fileJob } from './support/file-jobs.js';
import type { Harness } from './support/harness.js';
import { listKeys, readObjectDigest } from './support/s3-objects.js';
import { extractedScenario, listExtraction, MIB, RFC } from './support/scenario.js';
import { expectedKey, truthOf } from './support/truth.js';

let database: TestDatabase;
let harness: Harness | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await database.drop();
});

/** One listed invoice (XML + PDF pending) with the simulator's truth for it. */
async function listedInvoice(options: Parameters<typeof extractedScenario>[1]) {
  const scenario = await extractedScenario(database.url, options);
  harness = scenario.h;
  const { h, extraction } = scenario;
  await listExtraction(h, extraction);
  const [invoice] = await truthOf(h.sim, RFC);
  if (!invoice) throw new Error('no seeded invoice');
  const files = await filesOf(h.pool, extraction.id);
  const xml = files.find((file) => file.kind === 'xml');
  const pdf = files.find((file) => file.kind === 'pdf');
  if (!xml || !pdf) throw new Error('the listing did not create both files');
  return { h, extraction, invoice, xml, pdf };
}

async function putObject(h: Harness, key: string, body: Buffer): Promise<void> {
  await h.s3Client.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: body }));
}

/** The XML exactly as SAT.ws serves it, fetched apart from the code under test. */
async function upstreamXml(h: Harness, invoiceId: string): Promise<Buffer> {
  const response = await fetch(`${h.sim.url}/invoices/${invoiceId}/cfdi`, {
    headers: { 'x-api-key': h.sim.apiKey, accept: 'text/xml' },
  });
  if (!response.ok) throw new Error(`the simulator answered ${response.status} for the XML`);
  return Buffer.from(await response.arrayBuffer());
}

describe('a SIGKILL between S3 and PostgreSQL', () => {
  it.each([
    ['wrong bytes (an older or foreign object)', 'wrong'],
    ['the right bytes (the upload had completed)', 'right'],
  ] as const)(
    'with %s at the final key is repaired and never counted twice',
    async (_what, bytes) => {
      const { h, extraction, invoice, xml, pdf } = await listedInvoice({ invoices: 1 });
      const key = expectedKey(h.keyPrefix, RFC, invoice, 'xml');
      // The crash: the object reached its final key but the process died before the row said so.
      const body =
        bytes === 'wrong'
          ? Buffer.from('<cfdi:Comprobante partial="true"/>')
          : await upstreamXml(h, invoice.id ?? '');
      await putObject(h, key, body);
      expect(await filesOf(h.pool, extraction.id)).toContainEqual(
        expect.objectContaining({ id: xml.id, state: 'pending', attempts: 0 }),
      );

      const first = await processFileDownload(fileJob(xml.id), h.deps);
      await processFileDownload(fileJob(pdf.id), h.deps);

      const truth = { sha256: invoice.xml.sha256, bytes: invoice.xml.size };
      expect(first).toMatchObject({ outcome: 'stored', key, ...truth });
      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toEqual(truth);
      const afterFirst = await filesOf(h.pool, extraction.id);
      expect(afterFirst.find((file) => file.id === xml.id)).toMatchObject({
        state: 'stored',
        s3_key: key,
        sha256: invoice.xml.sha256,
        bytes: String(invoice.xml.size),
      });
      expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('completed');
      const eventsAfterFirst = await eventKinds(h.pool, extraction.id);
      expect(eventsAfterFirst.filter((kind) => kind === 'status.completed')).toHaveLength(1);

      // The redelivered job (the one the killed worker held) runs again.
      const again = await processFileDownload(
        fileJob(xml.id, { attemptsMade: 1, attempts: 10 }),
        h.deps,
      );

      expect(again.outcome).toBe('settled');
      expect(await filesOf(h.pool, extraction.id)).toEqual(afterFirst);
      expect(await eventKinds(h.pool, extraction.id)).toEqual(eventsAfterFirst);
      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toEqual(truth);
      expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual(
        [key, expectedKey(h.keyPrefix, RFC, invoice, 'pdf')].sort(),
      );
    },
  );
});

describe('an upload aborted mid-stream', () => {
  it.each([
    ['a small XML', undefined, undefined],
    ['a 9 MiB XML (multipart, one part already uploaded)', 9 * MIB, 8.5 * MIB],
  ] as const)(
    'of %s leaves no object at the final key; the retry stores it',
    async (_what, size, afterBytes) => {
      const { h, extraction, invoice, xml } = await listedInvoice({
        invoices: 1,
        ...(size ? { largeFiles: { count: 1, xml: size } } : {}),
      });
      const key = expectedKey(h.keyPrefix, RFC, invoice, 'xml');
      // The body's connection drops part way, as when SAT.ws or our side dies mid-download.
      h.sim.admin.addFault({
        kind: 'reset',
        path: `/invoices/${invoice.id}/cfdi`,
        count: 1,
        afterBytes,
      });

      await expect(processFileDownload(fileJob(xml.id), h.deps)).rejects.toMatchObject({
        retryable: true,
      });

      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toBeNull();
      expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual([]);
      expect(
        (await filesOf(h.pool, extraction.id)).find((file) => file.id === xml.id),
      ).toMatchObject({
        state: 'pending',
        attempts: 1,
        s3_key: null,
      });

      await processFileDownload(fileJob(xml.id, { attemptsMade: 1, attempts: 10 }), h.deps);

      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toEqual({
        sha256: invoice.xml.sha256,
        bytes: invoice.xml.size,
      });
    },
  );
});
