import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkInvoicesToExtraction,
  listExtractionInvoices,
} from '../../src/db/extraction-invoices.js';
import { ensureInvoiceFiles, getInvoiceFile } from '../../src/db/invoice-files.js';
import { getInvoiceByUuid, upsertInvoices } from '../../src/db/invoices.js';
import {
  createCompany,
  createExtraction,
  invoiceInput,
  type OpenDatabase,
  openDatabase,
} from './fixtures.js';

describe('invoices', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  async function countInvoices(companyId: string): Promise<number> {
    const result = await db.pool.query(
      'select count(*)::int as n from invoices where company_id = $1',
      [companyId],
    );
    return result.rows[0].n;
  }

  it('upserts a page of 1000 invoices in one statement, and refreshes them on the next run', async () => {
    const company = await createCompany(db.pool);
    const page = Array.from({ length: 1000 }, () => invoiceInput());

    const started = performance.now();
    const inserted = await upsertInvoices(db.pool, company.id, page);
    const insertMs = performance.now() - started;
    const cancelled = page.map((invoice) => ({ ...invoice, status: 'CANCELADO' as const }));
    const updated = await upsertInvoices(db.pool, company.id, cancelled);

    expect(inserted).toHaveLength(1000);
    expect(await countInvoices(company.id)).toBe(1000);
    expect(updated.map((row) => row.id).sort()).toEqual(inserted.map((row) => row.id).sort());
    expect(new Set(updated.map((row) => row.status))).toEqual(new Set(['CANCELADO']));
    expect(insertMs).toBeLessThan(10_000);
  });

  it('stores UUIDs and RFCs upper case and totals exactly', async () => {
    const company = await createCompany(db.pool);
    const input = invoiceInput({
      cfdiUuid: crypto.randomUUID().toLowerCase(),
      total: '123456789.123456',
    });

    await upsertInvoices(db.pool, company.id, [input]);

    const stored = await getInvoiceByUuid(db.pool, company.id, input.cfdiUuid);
    expect(stored).toMatchObject({
      cfdi_uuid: input.cfdiUuid.toUpperCase(),
      receiver_rfc: 'XAXX010101000',
      total: '123456789.123456',
      issued_at: new Date('2025-01-15T10:30:00.000Z'),
    });
  });

  it('keeps one row when a page repeats a UUID', async () => {
    const company = await createCompany(db.pool);
    const first = invoiceInput();
    const repeat = {
      ...first,
      cfdiUuid: first.cfdiUuid.toUpperCase(),
      status: 'CANCELADO' as const,
    };

    const rows = await upsertInvoices(db.pool, company.id, [first, repeat]);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('CANCELADO');
  });

  it('refuses more than 1000 invoices, or a bad one, and stores none of the page', async () => {
    const company = await createCompany(db.pool);
    const tooMany = Array.from({ length: 1001 }, () => invoiceInput());
    const withBadType = [invoiceInput(), invoiceInput({ cfdiType: 'Z' as 'I' })];

    await expect(upsertInvoices(db.pool, company.id, tooMany)).rejects.toThrow(
      /at most 1000 invoices, got 1001/,
    );
    await expect(upsertInvoices(db.pool, company.id, withBadType)).rejects.toThrow(
      /invoices_cfdi_type_known/,
    );
    expect(await countInvoices(company.id)).toBe(0);
  });

  it('links invoices to several extractions, each link once', async () => {
    const company = await createCompany(db.pool);
    const january = await createExtraction(db.pool, company.id);
    const quarter = await createExtraction(db.pool, company.id, { periodTo: '2025-03-31' });
    const rows = await upsertInvoices(db.pool, company.id, [invoiceInput(), invoiceInput()]);
    const ids = rows.map((row) => row.id);

    const linked = await linkInvoicesToExtraction(db.pool, january.id, ids);
    const relinked = await linkInvoicesToExtraction(db.pool, january.id, ids);
    const shared = await linkInvoicesToExtraction(db.pool, quarter.id, ids);

    expect(linked.sort()).toEqual([...ids].sort());
    expect(relinked).toEqual([]);
    expect(shared.sort()).toEqual([...ids].sort());
    const page = await listExtractionInvoices(db.pool, january.id, { limit: 1 });
    const next = await listExtractionInvoices(db.pool, january.id, {
      afterInvoiceId: page[0]?.id ?? null,
      limit: 10,
    });
    expect([...page, ...next].map((row) => row.id)).toEqual(
      [...ids].sort((a, b) => Number(a) - Number(b)),
    );
  });

  it('ensures file rows once: pending when available, missing when not', async () => {
    const company = await createCompany(db.pool);
    const [invoice] = await upsertInvoices(db.pool, company.id, [invoiceInput({ hasPdf: false })]);
    if (!invoice) throw new Error('no invoice');
    const files = [
      { invoiceId: invoice.id, kind: 'xml' as const, available: true },
      { invoiceId: invoice.id, kind: 'pdf' as const, available: false },
    ];

    const created = await ensureInvoiceFiles(db.pool, files);
    const again = await ensureInvoiceFiles(db.pool, files);

    expect(created.map((file) => [file.kind, file.state]).sort()).toEqual([
      ['pdf', 'missing'],
      ['xml', 'pending'],
    ]);
    expect(again).toEqual([]);
    const count = await db.pool.query(
      'select count(*)::int as n from invoice_files where invoice_id = $1',
      [invoice.id],
    );
    expect(count.rows[0].n).toBe(2);
  });

  it('makes a missing file pending again once SAT.ws has it, leaving stored files alone', async () => {
    const company = await createCompany(db.pool);
    const [invoice] = await upsertInvoices(db.pool, company.id, [invoiceInput()]);
    if (!invoice) throw new Error('no invoice');
    const [pdf] = await ensureInvoiceFiles(db.pool, [
      { invoiceId: invoice.id, kind: 'pdf', available: false },
    ]);

    const revived = await ensureInvoiceFiles(db.pool, [
      { invoiceId: invoice.id, kind: 'pdf', available: true },
    ]);

    expect(revived).toHaveLength(1);
    expect(revived[0]).toMatchObject({ id: pdf?.id, state: 'pending' });
    expect((await getInvoiceFile(db.pool, pdf?.id ?? '0'))?.state).toBe('pending');
  });
});
