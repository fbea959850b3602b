import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failExtraction } from '../../src/db/extraction-transitions.js';
import {
  createOrFindExtraction,
  findInFlightExtraction,
  getExtraction,
  getExtractionByIdempotencyKey,
  insertExtraction,
  listExtractions,
} from '../../src/db/extractions.js';
import {
  createCompany,
  createExtraction,
  newExtraction,
  type OpenDatabase,
  openDatabase,
} from './fixtures.js';

describe('extractions', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  async function countByKey(key: string): Promise<number> {
    const result = await db.pool.query(
      'select count(*)::int as n from extractions where idempotency_key = $1',
      [key],
    );
    return result.rows[0].n;
  }

  it('creates a queued extraction with its RFC, period dates as text and CFDI types', async () => {
    const company = await createCompany(db.pool);

    const { extraction, outcome } = await createOrFindExtraction(
      db.pool,
      newExtraction(company.id, { cfdiTypes: ['I', 'E'], wantPdf: false }),
    );

    expect(outcome).toBe('created');
    expect(extraction).toMatchObject({
      rfc: company.rfc,
      status: 'queued',
      period_from: '2025-01-01',
      period_to: '2025-01-31',
      cfdi_types: ['I', 'E'],
      want_xml: true,
      want_pdf: false,
      request_attempts: 0,
      requested_at: null,
    });
    expect(await getExtraction(db.pool, extraction.id)).toEqual(extraction);
  });

  it('returns the existing extraction for a repeated idempotency key and inserts nothing', async () => {
    const company = await createCompany(db.pool);
    const key = crypto.randomUUID();
    const first = await createOrFindExtraction(
      db.pool,
      newExtraction(company.id, { idempotencyKey: key }),
    );

    const raw = await insertExtraction(db.pool, newExtraction(company.id, { idempotencyKey: key }));
    const repeat = await createOrFindExtraction(
      db.pool,
      newExtraction(company.id, { idempotencyKey: key }),
    );

    expect(raw).toBeNull();
    expect(repeat).toMatchObject({ outcome: 'same-idempotency-key' });
    expect(repeat.extraction.id).toBe(first.extraction.id);
    expect(await countByKey(key)).toBe(1);
    expect((await getExtractionByIdempotencyKey(db.pool, key))?.id).toBe(first.extraction.id);
  });

  it('creates one extraction when ten requests with the same key race', async () => {
    const company = await createCompany(db.pool);
    const key = crypto.randomUUID();
    const input = newExtraction(company.id, { idempotencyKey: key });

    const results = await Promise.all(
      Array.from({ length: 10 }, () => createOrFindExtraction(db.pool, input)),
    );

    expect(new Set(results.map((result) => result.extraction.id)).size).toBe(1);
    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(await countByKey(key)).toBe(1);
  });

  it('returns an identical request still in flight, and creates anew once it has failed', async () => {
    const company = await createCompany(db.pool);
    const fingerprint = 'f'.repeat(64);
    const first = await createExtraction(db.pool, company.id, { requestFingerprint: fingerprint });

    const same = await createOrFindExtraction(
      db.pool,
      newExtraction(company.id, { requestFingerprint: fingerprint, idempotencyKey: 'other-key' }),
    );
    await failExtraction(db.pool, first.id, 'satws_rejected', 'invalid credentials');
    const afterFailure = await createOrFindExtraction(
      db.pool,
      newExtraction(company.id, { requestFingerprint: fingerprint }),
    );

    expect(same).toMatchObject({ outcome: 'same-request-in-flight' });
    expect(same.extraction.id).toBe(first.id);
    expect(afterFailure.outcome).toBe('created');
    expect((await findInFlightExtraction(db.pool, fingerprint))?.id).toBe(
      afterFailure.extraction.id,
    );
  });

  it('rejects bad requests naming the broken rule, and stores nothing', async () => {
    const company = await createCompany(db.pool);
    const key = crypto.randomUUID();

    await expect(
      insertExtraction(
        db.pool,
        newExtraction(company.id, { idempotencyKey: key, cfdiTypes: ['I', 'X' as 'I'] }),
      ),
    ).rejects.toThrow(/extractions_cfdi_types_known/);
    await expect(
      insertExtraction(
        db.pool,
        newExtraction(company.id, {
          idempotencyKey: key,
          periodFrom: '2025-02-01',
          periodTo: '2025-01-01',
        }),
      ),
    ).rejects.toThrow(/extractions_period_order/);
    await expect(
      insertExtraction(
        db.pool,
        newExtraction(company.id, { idempotencyKey: key, issued: false, received: false }),
      ),
    ).rejects.toThrow(/extractions_direction_chosen/);
    expect(await countByKey(key)).toBe(0);
  });

  it('lists newest first by RFC and status, paging with a cursor without gaps or repeats', async () => {
    const company = await createCompany(db.pool);
    const other = await createCompany(db.pool);
    await createExtraction(db.pool, other.id);
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await createExtraction(db.pool, company.id));
    const failed = created[1];
    if (!failed) throw new Error('missing extraction');
    await failExtraction(db.pool, failed.id, 'internal_error', 'boom');

    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listExtractions(db.pool, {
        rfc: company.rfc.toLowerCase(),
        after,
        limit: 2,
      });
      if (page.length === 0) break;
      pages.push(page.map((row) => row.id));
      after = page.at(-1)?.id;
    }
    const queued = await listExtractions(db.pool, {
      rfc: company.rfc,
      status: 'queued',
      limit: 10,
    });

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(created.map((row) => row.id).reverse());
    expect(queued.map((row) => row.id)).toEqual(
      created
        .filter((row) => row.id !== failed.id)
        .map((row) => row.id)
        .reverse(),
    );
  });

  it('refuses an unknown cursor or status and an out-of-range limit with a clear error', async () => {
    await expect(
      listExtractions(db.pool, { after: crypto.randomUUID(), limit: 10 }),
    ).rejects.toThrow(/cursor .* does not name an extraction/);
    await expect(listExtractions(db.pool, { after: 'nope', limit: 10 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      listExtractions(db.pool, { status: 'done' as 'completed', limit: 10 }),
    ).rejects.toThrow(/status must be one of queued, requested/);
    await expect(listExtractions(db.pool, { limit: 0 })).rejects.toThrow(
      /limit must be an integer from 1 to 1000/,
    );
  });

  it('answers null for an id that is not a UUID', async () => {
    expect(await getExtraction(db.pool, 'not-a-uuid')).toBeNull();
  });
});
