import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { markExtractionListed } from '@invoice-extractor/shared/db';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processFileDownload } from '../src/files/process-file-download.js';
import { startDocumentProxy } from './support/document-proxy.js';
import { eventKinds, filesOf, reloadExtraction } from './support/extractions.js';
import { fileJob, runQueuedFileJobs } from './support/file-jobs.js';
import type { Harness } from './support/harness.js';
import { addInvoiceRow } from './support/invoice-rows.js';
import { listKeys, readObjectDigest } from './support/s3-objects.js';
import {
  extractedScenario,
  listExtraction,
  MIB,
  RFC,
  type ScenarioOptions,
} from './support/scenario.js';
import { expectedKey, truthOf } from './support/truth.js';

/** `/work/shared` sits beside the repository root. */
const SAMPLES = new URL('../../../../shared/cfdi-samples/', import.meta.url);
const STAMPED: Array<[file: string, uuid: string]> = [
  ['cfdi32-real.xml', '80824F3B-323E-407B-8F8E-40D83FE2E69F'],
  ['cfdi33-real.xml', 'CEE4BE01-ADFA-4DEB-8421-ADD60F0BEDAC'],
  ['cfdi33-valid.xml', '9FB6ED1A-5F37-4FEF-980A-7F8C83B51894'],
  ['cfdi40-real.xml', 'C2832671-DA6D-11EF-A83D-00155D012007'],
  ['cfdi40-valid.xml', '6F35D3B5-3651-5370-BC2C-14CDBE384CD7'],
];
/** Its `CfdiRelacionado` UUID comes before its stamp: taking the first UUID seen would accept it. */
const RELATED_UUID_OF_CFDI33_VALID = 'A39DA66B-52CA-49E3-879B-5C05185B0EF7';
const OTHER_UUID = '11111111-2222-4333-8444-555555555555';

let database: TestDatabase;
let harness: Harness | undefined;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await harness?.close();
  harness = undefined;
  await database.drop();
});

async function setup(options: ScenarioOptions) {
  const scenario = await extractedScenario(database.url, options);
  harness = scenario.h;
  return scenario;
}

function xmlKey(h: Harness, uuid: string): string {
  return `${h.keyPrefix}cfdi/${RFC}/issued/2025/03/${uuid}.xml`;
}

describe('real CFDI documents served by SAT.ws', () => {
  /** Each sample is served as the XML of an invoice whose UUID the test chooses. */
  async function serveSample(file: string, rowUuid: string) {
    const { h, extraction } = await setup({ invoices: 0 });
    const bytes = await readFile(new URL(file, SAMPLES));
    const proxy = await startDocumentProxy(h.sim.url, new Map([['sample-invoice', bytes]]));
    stops.push(proxy.stop);
    const satws = createSatwsClient({ baseUrl: proxy.url, apiKey: h.sim.apiKey });
    const files = await addInvoiceRow(h.pool, extraction, {
      satwsInvoiceId: 'sample-invoice',
      cfdiUuid: rowUuid,
    });
    await markExtractionListed(h.pool, extraction.id);
    const run = () => processFileDownload(fileJob(files.xml), { ...h.deps, satws });
    return { h, extraction, bytes, run };
  }

  it.each(STAMPED)(
    'stores %s, stamped with the invoice UUID, byte for byte',
    async (file, uuid) => {
      const { h, extraction, bytes, run } = await serveSample(file, uuid.toLowerCase());

      const result = await run();

      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(result).toMatchObject({
        outcome: 'stored',
        key: xmlKey(h, uuid),
        sha256,
        bytes: bytes.length,
      });
      expect(await readObjectDigest(h.s3Client, h.bucket, xmlKey(h, uuid))).toEqual({
        sha256,
        bytes: bytes.length,
      });
      expect((await reloadExtraction(h.pool, extraction.id)).status).toBe('completed');
    },
  );

  it.each([
    ['cfdi40-real.xml', OTHER_UUID, 'cfdi_uuid_mismatch'],
    ['cfdi33-valid.xml', RELATED_UUID_OF_CFDI33_VALID, 'cfdi_uuid_mismatch'],
    ['created-cfdi40-pago20-valid.xml', OTHER_UUID, 'cfdi_not_stamped'],
    ['retenciones20.xml', '1474B7D3-61FC-41C4-A8B8-3F22E1161BB4', 'cfdi_not_stamped'],
  ])(
    'refuses %s for invoice %s (%s): the file fails for good and nothing is stored',
    async (file, uuid, code) => {
      const { h, extraction, run } = await serveSample(file, uuid);

      await expect(run()).rejects.toMatchObject({ code, retryable: false });

      expect((await filesOf(h.pool, extraction.id))[0]).toMatchObject({
        state: 'failed',
        attempts: 1,
      });
      expect((await filesOf(h.pool, extraction.id))[0]?.last_error).toContain(code);
      expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual([]);
      const failed = await reloadExtraction(h.pool, extraction.id);
      expect(failed).toMatchObject({ status: 'failed', error_code: 'files_failed' });
      expect(failed.error_message).toContain(
        `1 of 1 files failed for good; first errors: ${uuid}.xml: ${code}`,
      );
    },
  );
});

describe('a document stamped with another UUID', () => {
  it('fails the file, stores nothing under its key and fails the extraction naming it', async () => {
    const { h, extraction } = await setup({ invoices: 1 });
    const [upstream] = await truthOf(h.sim, RFC);
    const files = await addInvoiceRow(h.pool, extraction, {
      satwsInvoiceId: upstream?.id ?? '',
      cfdiUuid: OTHER_UUID,
    });
    await markExtractionListed(h.pool, extraction.id);

    await expect(processFileDownload(fileJob(files.xml), h.deps)).rejects.toMatchObject({
      code: 'cfdi_uuid_mismatch',
      retryable: false,
    });

    expect(await readObjectDigest(h.s3Client, h.bucket, xmlKey(h, OTHER_UUID))).toBeNull();
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'failed',
      error_code: 'files_failed',
      error_message: expect.stringContaining(
        `${OTHER_UUID}.xml: cfdi_uuid_mismatch: CFDI XML is stamped with UUID ${upstream?.uuid.toUpperCase()}`,
      ),
    });
  });
});

describe('a download cut short', () => {
  // 8.5 MiB into a 9 MiB XML: one 8 MiB part is already in S3 when the body breaks.
  it.each([
    ['truncate', 'a small XML', undefined],
    ['reset', 'a small XML', undefined],
    ['truncate', 'a 9 MiB XML (multipart)', 8.5 * MIB],
    ['reset', 'a 9 MiB XML (multipart)', 8.5 * MIB],
  ] as const)(
    '%s of %s is a retryable failure that leaves no object; the next attempt stores it',
    async (kind, _what, afterBytes) => {
      const large = afterBytes !== undefined;
      const { h, extraction } = await setup({
        invoices: 1,
        ...(large ? { largeFiles: { count: 1, xml: 9 * MIB } } : {}),
      });
      await listExtraction(h, extraction);
      const [invoice] = await truthOf(h.sim, RFC);
      if (!invoice) throw new Error('no seeded invoice');
      const xml = (await filesOf(h.pool, extraction.id)).find((file) => file.kind === 'xml');
      h.sim.admin.addFault({ kind, path: `/invoices/${invoice.id}/cfdi`, count: 1, afterBytes });
      const key = expectedKey(h.keyPrefix, RFC, invoice, 'xml');

      const failure = await processFileDownload(fileJob(xml?.id ?? ''), h.deps).catch(
        (error: unknown) => error,
      );

      expect(failure).toMatchObject({
        retryable: true,
        code: expect.stringMatching(/^satws_(truncated_body|network)$/),
      });
      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toBeNull();
      expect(await listKeys(h.s3Client, h.bucket, h.keyPrefix)).toEqual([]);
      expect(
        (await filesOf(h.pool, extraction.id)).find((file) => file.kind === 'xml'),
      ).toMatchObject({
        state: 'pending',
        attempts: 1,
        last_error: expect.stringMatching(/^satws_(truncated_body|network)/),
      });

      await processFileDownload(fileJob(xml?.id ?? '', { attemptsMade: 1, attempts: 10 }), h.deps);

      expect(await readObjectDigest(h.s3Client, h.bucket, key)).toEqual({
        sha256: invoice.xml.sha256,
        bytes: invoice.xml.size,
      });
      if (large) expect(invoice.xml.size).toBe(9 * MIB);
    },
  );
});

describe('files that fail on their last attempt', () => {
  it('fail the extraction; retries of those jobs (as Bull Board does them) that succeed complete it', async () => {
    const { h, extraction } = await setup({ invoices: 3 });
    await listExtraction(h, extraction);
    const [broken] = await truthOf(h.sim, RFC);
    if (!broken) throw new Error('no seeded invoice');
    // Both the XML and the PDF of this invoice: they share the path, told apart by Accept.
    h.sim.admin.addFault({ kind: 'error', status: 503, path: `/invoices/${broken.id}/cfdi` });
    await runQueuedFileJobs(h);
    const brokenFiles = (await filesOf(h.pool, extraction.id)).filter(
      (file) => file.state === 'pending',
    );
    expect(brokenFiles.map((file) => `${file.uuid}.${file.kind}`)).toEqual([
      `${broken.uuid.toUpperCase()}.xml`,
      `${broken.uuid.toUpperCase()}.pdf`,
    ]);

    for (const file of brokenFiles) {
      await expect(
        processFileDownload(fileJob(file.id, { attemptsMade: 9, attempts: 10 }), h.deps),
      ).rejects.toMatchObject({ code: 'satws_server_error', retryable: true });
    }

    const failed = await reloadExtraction(h.pool, extraction.id);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'files_failed' });
    expect(failed.error_message).toMatch(
      /^2 of 6 files failed for good; first errors: [0-9A-F-]{36}\.xml: satws_server_error: .*; [0-9A-F-]{36}\.pdf: satws_server_error/,
    );
    expect(
      await readObjectDigest(h.s3Client, h.bucket, expectedKey(h.keyPrefix, RFC, broken, 'xml')),
    ).toBeNull();

    h.sim.admin.clearFaults();
    const [firstRetry, secondRetry] = brokenFiles;
    await processFileDownload(
      fileJob(firstRetry?.id ?? '', { attemptsMade: 10, attempts: 10 }),
      h.deps,
    );
    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'failed',
      error_code: 'files_failed',
    });
    await processFileDownload(
      fileJob(secondRetry?.id ?? '', { attemptsMade: 10, attempts: 10 }),
      h.deps,
    );

    expect(await reloadExtraction(h.pool, extraction.id)).toMatchObject({
      status: 'completed',
      error_code: null,
      error_message: null,
    });
    expect(
      (await eventKinds(h.pool, extraction.id)).filter((kind) => kind.startsWith('status.')),
    ).toEqual(['status.failed', 'status.completed']);
    for (const kind of ['xml', 'pdf'] as const) {
      expect(
        await readObjectDigest(h.s3Client, h.bucket, expectedKey(h.keyPrefix, RFC, broken, kind)),
      ).toEqual({
        sha256: broken[kind].sha256,
        bytes: broken[kind].size,
      });
    }
  });
});
