import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getExtractionFileCounts,
  linkInvoicesToExtraction,
} from '../../src/db/extraction-invoices.js';
import type { ExtractionRow } from '../../src/db/extraction-row.js';
import {
  completeExtractionIfSettled,
  markExtractionListed,
  transitionExtraction,
} from '../../src/db/extraction-transitions.js';
import type { NewExtraction } from '../../src/db/extractions.js';
import {
  ensureInvoiceFiles,
  getInvoiceFile,
  getInvoiceFileDownload,
  type InvoiceFileRow,
  markInvoiceFileFailed,
  markInvoiceFileMissing,
  markInvoiceFileStored,
} from '../../src/db/invoice-files.js';
import { upsertInvoices } from '../../src/db/invoices.js';
import {
  createCompany,
  createExtraction,
  invoiceInput,
  type OpenDatabase,
  openDatabase,
} from './fixtures.js';

const SHA = createHash('sha256').update('<cfdi/>').digest('hex');

describe('invoice files and extraction completion', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  /** A downloading extraction with `invoices` invoices, each with a pending XML and PDF. */
  async function downloading(invoices: number, overrides: Partial<NewExtraction> = {}) {
    const company = await createCompany(db.pool);
    const queued = await createExtraction(db.pool, company.id, overrides);
    const extraction = await transitionExtraction(db.pool, queued.id, ['queued'], 'downloading');
    if (!extraction) throw new Error('transition failed');
    const rows = await upsertInvoices(
      db.pool,
      company.id,
      Array.from({ length: invoices }, () => invoiceInput()),
    );
    await linkInvoicesToExtraction(
      db.pool,
      extraction.id,
      rows.map((row) => row.id),
    );
    const files = await ensureInvoiceFiles(
      db.pool,
      rows.flatMap((row) => [
        { invoiceId: row.id, kind: 'xml' as const, available: true },
        { invoiceId: row.id, kind: 'pdf' as const, available: true },
      ]),
    );
    return { company, extraction, files };
  }

  function store(file: InvoiceFileRow): Promise<boolean> {
    return markInvoiceFileStored(db.pool, file.id, {
      s3Key: `cfdi/X/issued/2025/01/${file.id}.${file.kind}`,
      sha256: SHA,
      bytes: 5120,
    });
  }

  it('stores a file once: a second store reports no change and keeps the first record', async () => {
    const { company, files } = await downloading(1);
    const [file] = files;
    if (!file) throw new Error('no file');

    expect(await store(file)).toBe(true);
    const first = await getInvoiceFile(db.pool, file.id);
    expect(
      await markInvoiceFileStored(db.pool, file.id, { s3Key: 'other', sha256: SHA, bytes: 1 }),
    ).toBe(false);

    expect(await getInvoiceFile(db.pool, file.id)).toEqual(first);
    expect(first).toMatchObject({ state: 'stored', sha256: SHA, bytes: '5120', attempts: 1 });
    const download = await getInvoiceFileDownload(db.pool, file.id);
    expect(download).toMatchObject({ rfc: company.rfc, kind: file.kind, state: 'stored' });
  });

  it('counts failed attempts, gives up only when told, and never un-stores a file', async () => {
    const { files } = await downloading(1);
    const [xml, pdf] = files;
    if (!xml || !pdf) throw new Error('no files');

    expect(await markInvoiceFileFailed(db.pool, xml.id, 'socket hang up', { final: false })).toBe(
      true,
    );
    expect(await getInvoiceFile(db.pool, xml.id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'socket hang up',
    });
    expect(await markInvoiceFileFailed(db.pool, xml.id, 'HTTP 500', { final: true })).toBe(true);
    expect(await getInvoiceFile(db.pool, xml.id)).toMatchObject({ state: 'failed', attempts: 2 });
    await store(pdf);
    expect(await markInvoiceFileFailed(db.pool, pdf.id, 'late', { final: true })).toBe(false);
    expect(await markInvoiceFileMissing(db.pool, pdf.id, '404')).toBe(false);
    expect((await getInvoiceFile(db.pool, pdf.id))?.state).toBe('stored');
  });

  it('counts files by state from the files themselves', async () => {
    const { extraction, files } = await downloading(3);
    const [a, b, c] = files;
    if (!a || !b || !c) throw new Error('no files');
    await store(a);
    await markInvoiceFileFailed(db.pool, b.id, 'HTTP 400', { final: true });
    await markInvoiceFileMissing(db.pool, c.id, '404');

    expect(await getExtractionFileCounts(db.pool, extraction.id)).toEqual({
      invoices: 3,
      total: 6,
      pending: 3,
      stored: 1,
      failed: 1,
      missing: 1,
    });
  });

  it('completes only once listing is done and every wanted file is settled', async () => {
    const { extraction, files } = await downloading(2);
    const [last, ...others] = files;
    if (!last) throw new Error('no files');
    for (const file of others) await store(file);

    expect(await completeExtractionIfSettled(db.pool, extraction.id)).toBeNull();
    await markExtractionListed(db.pool, extraction.id);
    expect(await completeExtractionIfSettled(db.pool, extraction.id)).toBeNull();
    await markInvoiceFileMissing(db.pool, last.id, '404');
    const completed = await completeExtractionIfSettled(db.pool, extraction.id);

    expect(completed).toMatchObject({ status: 'completed' });
    expect(completed?.completed_at).toBeInstanceOf(Date);
    expect(await completeExtractionIfSettled(db.pool, extraction.id)).toBeNull();
  });

  it('completes once when the workers storing the last files all try at the same time', async () => {
    const { extraction, files } = await downloading(5);
    await markExtractionListed(db.pool, extraction.id);

    await Promise.all(files.map((file) => store(file)));
    const attempts = await Promise.all(
      files.map(() => completeExtractionIfSettled(db.pool, extraction.id)),
    );

    expect(attempts.filter((row): row is ExtractionRow => row !== null)).toHaveLength(1);
  });

  it('does not wait for files the extraction did not ask for', async () => {
    const { company, files } = await downloading(1);
    const xmlOnly = await createExtraction(db.pool, company.id, { wantPdf: false });
    await transitionExtraction(db.pool, xmlOnly.id, ['queued'], 'downloading');
    const xml = files.find((file) => file.kind === 'xml');
    if (!xml) throw new Error('no xml');
    await linkInvoicesToExtraction(db.pool, xmlOnly.id, [xml.invoice_id]);
    await markExtractionListed(db.pool, xmlOnly.id);
    await store(xml);

    expect(await getExtractionFileCounts(db.pool, xmlOnly.id)).toMatchObject({
      total: 1,
      stored: 1,
      pending: 0,
    });
    expect(await completeExtractionIfSettled(db.pool, xmlOnly.id)).toMatchObject({
      status: 'completed',
    });
  });

  it('completes an extraction that found no invoices once listing is done', async () => {
    const { extraction } = await downloading(0);

    await markExtractionListed(db.pool, extraction.id);

    expect(await completeExtractionIfSettled(db.pool, extraction.id)).toMatchObject({
      status: 'completed',
    });
  });
});
