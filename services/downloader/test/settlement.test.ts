import { markExtractionListed, markInvoiceFileStored } from '@invoice-extractor/shared/db';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settleExtraction } from '../src/settlement/settle-extraction.js';
import { eventKinds, reloadExtraction } from './support/extractions.js';
import type { Harness } from './support/harness.js';
import { addInvoiceRow } from './support/invoice-rows.js';
import { extractedScenario } from './support/scenario.js';

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

const STORED = { sha256: 'a'.repeat(64), bytes: 10 };

describe('settleExtraction', () => {
  it('completes an extraction once when many workers check it at the same moment', async () => {
    const { h, extraction } = await extractedScenario(database.url, { invoices: 0 });
    harness = h;
    for (const n of [1, 2, 3]) {
      const files = await addInvoiceRow(h.pool, extraction, {
        satwsInvoiceId: `invoice-${n}`,
        cfdiUuid: `0A1B2C3D-0000-4000-8000-00000000000${n}`,
        kinds: ['xml', 'pdf'],
      });
      for (const id of Object.values(files))
        await markInvoiceFileStored(h.pool, id, { s3Key: `k-${id}`, ...STORED });
    }
    await markExtractionListed(h.pool, extraction.id);

    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => settleExtraction(h.pool, extraction.id)),
    );

    expect(outcomes.filter((outcome) => outcome !== null)).toEqual([
      { id: extraction.id, status: 'completed', total: 6, failed: 0, errorMessage: null },
    ]);
    expect(await eventKinds(h.pool, extraction.id)).toEqual(['status.completed']);
  });

  it('waits while the listing is not done or a file is pending', async () => {
    const { h, extraction } = await extractedScenario(database.url, { invoices: 0 });
    harness = h;
    const files = await addInvoiceRow(h.pool, extraction, {
      satwsInvoiceId: 'invoice-1',
      cfdiUuid: '0A1B2C3D-0000-4000-8000-000000000001',
      kinds: ['xml', 'pdf'],
    });
    await markInvoiceFileStored(h.pool, files.xml, { s3Key: 'k', ...STORED });

    expect(await settleExtraction(h.pool, extraction.id)).toBeNull();
    await markExtractionListed(h.pool, extraction.id);
    expect(await settleExtraction(h.pool, extraction.id)).toBeNull();
    await markInvoiceFileStored(h.pool, files.pdf, { s3Key: 'k2', ...STORED });
    expect(await settleExtraction(h.pool, extraction.id)).toMatchObject({ status: 'completed' });
    expect((await reloadExtraction(h.pool, extraction.id)).completed_at).toBeInstanceOf(Date);
  });
});
