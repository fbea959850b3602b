import { PassThrough } from 'node:stream';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger/index.js';
import { CallLedger, createCallLedger } from '../../src/satws/index.js';
import {
  createCompany,
  createExtraction,
  type OpenDatabase,
  openDatabase,
} from '../db/fixtures.js';

let db: OpenDatabase;
const silent = createLogger({ level: 'silent' });
/** Long enough that only an explicit flush() or close() writes, in the tests that want that. */
const MANUAL = 3_600_000;

beforeAll(async () => {
  db = await openDatabase();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.pool.query('delete from upstream_calls');
});

async function newExtractionId(): Promise<string> {
  const company = await createCompany(db.pool);
  return (await createExtraction(db.pool, company.id)).id;
}

/** Rows as `extraction|endpoint → calls` ('-' for no extraction). */
async function stored(): Promise<Record<string, number>> {
  const result = await db.pool.query<{
    extraction_id: string | null;
    endpoint: string;
    calls: string;
  }>('select extraction_id, endpoint, calls from upstream_calls');
  return Object.fromEntries(
    result.rows.map((row) => [`${row.extraction_id ?? '-'}|${row.endpoint}`, Number(row.calls)]),
  );
}

function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: () => unknown[] } {
  const destination = new PassThrough();
  const text: string[] = [];
  destination.on('data', (chunk: Buffer) => text.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'info', destination });
  return {
    logger,
    lines: () =>
      text
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('CallLedger', () => {
  it('buffers calls in memory and adds them to the stored counts on each flush', async () => {
    const extractionId = await newExtractionId();
    const ledger = createCallLedger({ pool: db.pool, logger: silent, flushIntervalMs: MANUAL });
    for (let i = 0; i < 3; i++)
      ledger.record({ endpoint: 'GET /invoices/{id}/cfdi', extractionId });
    ledger.record({ endpoint: 'GET /entities/{id}/invoices', extractionId });
    ledger.record({ endpoint: 'GET /events' });

    expect(await stored()).toEqual({});
    expect(ledger.pendingCalls).toBe(5);
    await ledger.flush();
    expect(ledger.pendingCalls).toBe(0);
    expect(await stored()).toEqual({
      [`${extractionId}|GET /invoices/{id}/cfdi`]: 3,
      [`${extractionId}|GET /entities/{id}/invoices`]: 1,
      '-|GET /events': 1,
    });

    ledger.record({ endpoint: 'GET /invoices/{id}/cfdi', extractionId });
    ledger.record({ endpoint: 'GET /events' });
    await ledger.close();
    expect(await stored()).toEqual({
      [`${extractionId}|GET /invoices/{id}/cfdi`]: 4,
      [`${extractionId}|GET /entities/{id}/invoices`]: 1,
      '-|GET /events': 2,
    });
  });

  it('writes on its own about every flush interval, with no caller waiting on it', async () => {
    const extractionId = await newExtractionId();
    const ledger = createCallLedger({ pool: db.pool, logger: silent, flushIntervalMs: 50 });
    try {
      ledger.record({ endpoint: 'POST /extractions', extractionId });
      await waitFor('the timer to write the count', async () => {
        const rows = await stored();
        return rows[`${extractionId}|POST /extractions`] === 1;
      });
      expect(ledger.pendingCalls).toBe(0);
    } finally {
      await ledger.close();
    }
  });

  it('keeps the counts of a failed write for the next one and logs why', async () => {
    const extractionId = await newExtractionId();
    const { logger, lines } = capturedLogger();
    const ledger = createCallLedger({ pool: db.pool, logger, flushIntervalMs: MANUAL });
    ledger.record({ endpoint: 'GET /invoices/{id}/cfdi', extractionId });
    ledger.record({ endpoint: 'GET /invoices/{id}/cfdi', extractionId });

    // A real failure from the real server: the table is briefly not there.
    await db.pool.query('alter table upstream_calls rename to upstream_calls_away');
    try {
      await expect(ledger.flush()).rejects.toThrow(/upstream_calls/);
    } finally {
      await db.pool.query('alter table upstream_calls_away rename to upstream_calls');
    }
    expect(ledger.pendingCalls).toBe(2);
    ledger.record({ endpoint: 'GET /invoices/{id}/cfdi', extractionId });
    await ledger.close();

    expect(await stored()).toEqual({ [`${extractionId}|GET /invoices/{id}/cfdi`]: 3 });
    expect(lines()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'could not write SAT.ws call counts; keeping them for the next flush',
        pendingCalls: 2,
      }),
    );
  });

  it('says at shutdown how many counts it could not write', async () => {
    const ledger = createCallLedger({ pool: db.pool, logger: silent, flushIntervalMs: MANUAL });
    ledger.record({ endpoint: 'GET /events' });
    await db.pool.query('alter table upstream_calls rename to upstream_calls_away');
    try {
      await expect(ledger.close()).rejects.toMatchObject({
        code: 'call_ledger_flush_failed',
        message: 'Could not write 1 SAT.ws call counts at shutdown; they are lost',
      });
    } finally {
      await db.pool.query('alter table upstream_calls_away rename to upstream_calls');
    }
  });

  it('counts the calls of an extraction deleted before the write as calls for none', async () => {
    const kept = await newExtractionId();
    const deleted = await newExtractionId();
    const ledger = createCallLedger({ pool: db.pool, logger: silent, flushIntervalMs: MANUAL });
    ledger.record({ endpoint: 'GET /extractions/{id}', extractionId: kept });
    ledger.record({ endpoint: 'GET /extractions/{id}', extractionId: deleted });
    ledger.record({ endpoint: 'GET /extractions/{id}' });
    await db.pool.query('delete from extractions where id = $1', [deleted]);

    await ledger.close();
    expect(await stored()).toEqual({
      [`${kept}|GET /extractions/{id}`]: 1,
      '-|GET /extractions/{id}': 2,
    });
  });

  it('adds up what several processes write to the same rows at the same time', async () => {
    const [a, b] = [await newExtractionId(), await newExtractionId()];
    const ledgers = Array.from({ length: 4 }, () =>
      createCallLedger({ pool: db.pool, logger: silent, flushIntervalMs: MANUAL }),
    );
    // Each ledger records the same rows in a different order, 10 rounds, flushing each round.
    const endpoints = ['GET /invoices/{id}/cfdi', 'GET /entities/{id}/invoices', 'GET /events'];
    await Promise.all(
      ledgers.map(async (ledger, index) => {
        for (let round = 0; round < 10; round++) {
          const order = index % 2 === 0 ? [a, b] : [b, a];
          for (const extractionId of order) {
            for (const endpoint of endpoints) ledger.record({ endpoint, extractionId });
          }
          ledger.record({ endpoint: 'GET /events' });
          await ledger.flush();
        }
      }),
    );
    await Promise.all(ledgers.map((ledger) => ledger.close()));

    const expected: Record<string, number> = { '-|GET /events': 40 };
    for (const extractionId of [a, b]) {
      for (const endpoint of endpoints) expected[`${extractionId}|${endpoint}`] = 40;
    }
    expect(await stored()).toEqual(expected);
  });

  it('does not count calls made after close, and says so once', async () => {
    const { logger, lines } = capturedLogger();
    const ledger = createCallLedger({ pool: db.pool, logger, flushIntervalMs: MANUAL });
    await ledger.close();
    ledger.record({ endpoint: 'GET /events' });
    ledger.record({ endpoint: 'GET /events' });

    expect(ledger.pendingCalls).toBe(0);
    expect(await stored()).toEqual({});
    const warnings = lines().filter(
      (line) =>
        (line as { msg?: string }).msg ===
        'SAT.ws call made after the call ledger closed; not counted',
    );
    expect(warnings).toHaveLength(1);
  });

  it('refuses a flush interval that is not a positive integer', () => {
    expect(() => new CallLedger({ pool: db.pool, logger: silent, flushIntervalMs: 0 })).toThrow(
      'CallLedger: flushIntervalMs must be a positive integer, got 0',
    );
  });
});
