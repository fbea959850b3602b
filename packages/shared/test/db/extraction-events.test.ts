import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendExtractionEvent, listExtractionEvents } from '../../src/db/extraction-events.js';
import { createCompany, createExtraction, type OpenDatabase, openDatabase } from './fixtures.js';

describe('extraction_events', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('appends events and lists them in the order written', async () => {
    const company = await createCompany(db.pool);
    const extraction = await createExtraction(db.pool, company.id);

    await appendExtractionEvent(db.pool, extraction.id, 'status.queued');
    await appendExtractionEvent(db.pool, extraction.id, 'status.requested', {
      satwsExtractionId: 'abc',
    });

    const events = await listExtractionEvents(db.pool, extraction.id);
    expect(events.map((event) => [event.kind, event.detail])).toEqual([
      ['status.queued', {}],
      ['status.requested', { satwsExtractionId: 'abc' }],
    ]);
  });

  it('refuses to rewrite history', async () => {
    const company = await createCompany(db.pool);
    const extraction = await createExtraction(db.pool, company.id);
    const event = await appendExtractionEvent(db.pool, extraction.id, 'status.queued');

    await expect(
      db.pool.query(`update extraction_events set kind = 'status.completed' where id = $1`, [
        event.id,
      ]),
    ).rejects.toThrow(/append-only/);
    expect((await listExtractionEvents(db.pool, extraction.id))[0]?.kind).toBe('status.queued');
  });

  it('rejects a kind that is not dotted lower-case words, and an unknown extraction', async () => {
    const company = await createCompany(db.pool);
    const extraction = await createExtraction(db.pool, company.id);

    await expect(appendExtractionEvent(db.pool, extraction.id, 'Status Changed')).rejects.toThrow(
      /extraction_events_kind_format/,
    );
    await expect(
      appendExtractionEvent(db.pool, crypto.randomUUID(), 'status.queued'),
    ).rejects.toThrow(/foreign key/);
    expect(await listExtractionEvents(db.pool, extraction.id)).toEqual([]);
  });
});
