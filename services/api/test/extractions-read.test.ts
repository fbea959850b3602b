import {
  ensureInvoiceFiles,
  linkInvoicesToExtraction,
  markInvoiceFileFailed,
  markInvoiceFileStored,
  upsertInvoices,
} from '@invoice-extractor/shared/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;
const ids: Record<string, string> = {};

async function create(rfc: string, from: string, to: string, extra: Record<string, unknown> = {}) {
  const response = await h.post('/v1/extractions', { rfc, period: { from, to }, ...extra });
  expect(response.status).toBe(202);
  return (await json(response)).id as string;
}

function uuidFor(n: number): string {
  return `3F2504E0-4F89-41D3-9A0C-${String(n).padStart(12, '0')}`;
}

beforeAll(async () => {
  h = await startHarness();
  ids.a1 = await create('AAA010101AA1', '2025-01-01', '2025-01-31', { pdf: false });
  ids.a2 = await create('AAA010101AA1', '2025-02-01', '2025-02-28');
  ids.b1 = await create('BBB010101BB1', '2025-01-01', '2025-01-31');
  await h.pool.query(
    `update extractions set status = 'failed', error_code = 'invalid_credentials',
       error_message = 'SAT rejected the CIEC' where id = $1`,
    [ids.b1],
  );
  // Three invoices for a1 (XML only asked for), each with both file rows created.
  const company = await h.pool.query<{ id: string }>(
    `select id from companies where rfc = 'AAA010101AA1'`,
  );
  const companyId = company.rows[0]?.id ?? '';
  const invoices = await upsertInvoices(
    h.pool,
    companyId,
    [1, 2, 3].map((n) => ({
      satwsInvoiceId: `inv-${n}`,
      cfdiUuid: uuidFor(n).toLowerCase(),
      direction: 'issued' as const,
      issuerRfc: 'AAA010101AA1',
      receiverRfc: 'XIA190128J61',
      issuedAt: `2025-01-1${n}T10:00:00.000Z`,
      cfdiType: 'I' as const,
      total: '1160.50',
      currency: 'MXN',
      status: 'VIGENTE' as const,
      hasXml: true,
      hasPdf: n !== 3,
    })),
  );
  await linkInvoicesToExtraction(
    h.pool,
    ids.a1,
    invoices.map((invoice) => invoice.id),
  );
  const files = await ensureInvoiceFiles(
    h.pool,
    invoices.flatMap((invoice) => [
      { invoiceId: invoice.id, kind: 'xml' as const, available: true },
      { invoiceId: invoice.id, kind: 'pdf' as const, available: invoice.has_pdf },
    ]),
  );
  const xml = files.filter((file) => file.kind === 'xml');
  await markInvoiceFileStored(h.pool, xml[0]?.id ?? '', {
    s3Key: `cfdi/AAA010101AA1/issued/2025/01/${uuidFor(1)}.xml`,
    sha256: 'a'.repeat(64),
    bytes: 4312,
  });
  await markInvoiceFileFailed(h.pool, xml[1]?.id ?? '', 'stamp UUID does not match', {
    final: true,
  });
});
afterAll(async () => {
  await h.close();
});

describe('GET /v1/extractions/{id}', () => {
  it('answers the extraction with counts of the files it asked for', async () => {
    const response = await h.call(`/v1/extractions/${ids.a1}`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      id: ids.a1,
      rfc: 'AAA010101AA1',
      status: 'queued',
      options: { xml: true, pdf: false },
      counts: { invoices: 3, files: { total: 3, stored: 1, failed: 1, missing: 0, pending: 1 } },
      error: null,
    });
  });

  it('shows the error of a failed extraction', async () => {
    const body = await json(await h.call(`/v1/extractions/${ids.b1}`));
    expect(body.status).toBe('failed');
    expect(body.error).toEqual({ code: 'invalid_credentials', message: 'SAT rejected the CIEC' });
  });

  it('is a 404 for an unknown id and a 400 for something that is not an id', async () => {
    const missing = await h.call('/v1/extractions/0192a1b2-0000-7000-8000-0000000000e1');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.message).toBe(
      'No extraction with id 0192a1b2-0000-7000-8000-0000000000e1',
    );
    const bad = await h.call('/v1/extractions/not-an-id');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toContain('id: must be an extraction id');
  });

  it('requires the API key', async () => {
    const response = await h.call(`/v1/extractions/${ids.a1}`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(response.status).toBe(401);
  });
});

describe('GET /v1/extractions', () => {
  it('lists newest first and filters by RFC (any case) and status', async () => {
    const all = await json(await h.call('/v1/extractions'));
    expect(all.data.map((e: { id: string }) => e.id)).toEqual([ids.b1, ids.a2, ids.a1]);
    expect(all.nextCursor).toBeNull();
    const byRfc = await json(await h.call('/v1/extractions?rfc=aaa010101aa1'));
    expect(byRfc.data.map((e: { id: string }) => e.id)).toEqual([ids.a2, ids.a1]);
    const failed = await json(await h.call('/v1/extractions?status=failed'));
    expect(failed.data.map((e: { id: string }) => e.id)).toEqual([ids.b1]);
  });

  it('pages with an opaque cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await json(await h.call(`/v1/extractions?limit=2${query}`));
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.b1, ids.a2, ids.a1]);
  });

  it.each([
    [
      'status=done',
      'status: must be one of queued, requested, extracting, downloading, completed, failed',
    ],
    ['limit=0', 'limit: must be an integer from 1 to 100'],
    ['limit=abc', 'limit: must be an integer from 1 to 100'],
    ['rfc=123', 'rfc: must be 12 (legal person) or 13'],
    ['cursor=garbage!', 'cursor: is not a cursor from this list'],
    [
      `cursor=${Buffer.from('invoices:1').toString('base64url')}`,
      'cursor: is not a cursor from this list',
    ],
    ['sort=asc', 'unknown field "sort"'],
  ])('refuses ?%s with a message naming it', async (query, message) => {
    const response = await h.call(`/v1/extractions?${query}`);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain(message);
  });
});

describe('GET /v1/extractions/{id}/invoices', () => {
  it('lists each invoice with the files the extraction asked for', async () => {
    const response = await h.call(`/v1/extractions/${ids.a1}/invoices`);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.nextCursor).toBeNull();
    expect(body.data).toHaveLength(3);
    expect(body.data[0]).toMatchObject({
      uuid: uuidFor(1),
      satwsId: 'inv-1',
      direction: 'issued',
      issuedAt: '2025-01-11T10:00:00.000Z',
      type: 'I',
      total: '1160.50',
      status: 'VIGENTE',
      files: [
        {
          kind: 'xml',
          state: 'stored',
          s3Key: `cfdi/AAA010101AA1/issued/2025/01/${uuidFor(1)}.xml`,
          sha256: 'a'.repeat(64),
          bytes: 4312,
          lastError: null,
        },
      ],
    });
    expect(body.data[1].files).toEqual([
      expect.objectContaining({
        kind: 'xml',
        state: 'failed',
        lastError: 'stamp UUID does not match',
        s3Key: null,
      }),
    ]);
  });

  it('pages through invoices', async () => {
    const first = await json(await h.call(`/v1/extractions/${ids.a1}/invoices?limit=2`));
    expect(first.data.map((i: { uuid: string }) => i.uuid)).toEqual([uuidFor(1), uuidFor(2)]);
    const second = await json(
      await h.call(`/v1/extractions/${ids.a1}/invoices?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.data.map((i: { uuid: string }) => i.uuid)).toEqual([uuidFor(3)]);
    expect(second.nextCursor).toBeNull();
  });

  it('is a 404 for an unknown extraction and empty for one with no invoices yet', async () => {
    expect(
      (await h.call('/v1/extractions/0192a1b2-0000-7000-8000-0000000000e1/invoices')).status,
    ).toBe(404);
    expect(await json(await h.call(`/v1/extractions/${ids.a2}/invoices`))).toEqual({
      data: [],
      nextCursor: null,
    });
  });
});
