import { randomUUID } from 'node:crypto';
import type { ExtractionRecord } from '@invoice-extractor/shared/db';
import { transitionExtraction } from '@invoice-extractor/shared/db';
import type pg from 'pg';
import { at } from './events.js';
import { queuedExtraction, reload } from './fixtures.js';

/** An extraction SAT.ws accepted (`requested`, pending upstream as of `at(0)`). */
export async function requestedExtraction(pool: pg.Pool, rfc: string): Promise<ExtractionRecord> {
  const row = await queuedExtraction(pool, rfc);
  await transitionExtraction(pool, row.id, ['queued'], 'requested', {
    satwsExtractionId: randomUUID(),
    satwsStatus: 'pending',
    satwsStatusAt: new Date(at(0)),
    deadlineAt: new Date(Date.now() + 3_600_000),
  });
  return reload(pool, row.id);
}
