import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failExtraction,
  listOverdueExtractions,
  recordSatwsStatus,
  setExtractionDeadline,
  transitionExtraction,
} from '../../src/db/extraction-transitions.js';
import { getExtraction } from '../../src/db/extractions.js';
import { createCompany, createExtraction, type OpenDatabase, openDatabase } from './fixtures.js';

describe('extraction transitions', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  async function queuedExtraction() {
    const company = await createCompany(db.pool);
    return createExtraction(db.pool, company.id);
  }

  it('moves queued to requested with the SAT.ws id, deadline and an attempt counted', async () => {
    const extraction = await queuedExtraction();
    const deadline = new Date(Date.now() + 3_600_000);
    const satwsId = crypto.randomUUID();

    const requested = await transitionExtraction(db.pool, extraction.id, ['queued'], 'requested', {
      satwsExtractionId: satwsId,
      satwsStatus: 'pending',
      deadlineAt: deadline,
      addRequestAttempts: 1,
    });

    expect(requested).toMatchObject({
      status: 'requested',
      satws_extraction_id: satwsId,
      satws_status: 'pending',
      deadline_at: deadline,
      request_attempts: 1,
    });
    expect(requested?.requested_at).toBeInstanceOf(Date);
  });

  it('lets one of two racing workers win; the loser changes nothing', async () => {
    const extraction = await queuedExtraction();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];

    const results = await Promise.all([
      transitionExtraction(db.pool, extraction.id, ['queued'], 'requested', {
        satwsExtractionId: a,
      }),
      transitionExtraction(db.pool, extraction.id, ['queued'], 'requested', {
        satwsExtractionId: b,
      }),
    ]);

    const winners = results.filter((row) => row !== null);
    expect(winners).toHaveLength(1);
    const stored = await getExtraction(db.pool, extraction.id);
    expect(stored?.satws_extraction_id).toBe(winners[0]?.satws_extraction_id);
  });

  it('returns null and changes nothing when the expected state does not hold', async () => {
    const extraction = await queuedExtraction();

    const result = await transitionExtraction(
      db.pool,
      extraction.id,
      ['extracting'],
      'downloading',
      {
        errorMessage: 'should not be written',
      },
    );

    expect(result).toBeNull();
    const stored = await getExtraction(db.pool, extraction.id);
    expect(stored).toEqual(extraction);
  });

  it('refuses a transition the state machine does not allow, before touching the row', async () => {
    const extraction = await queuedExtraction();

    await expect(
      transitionExtraction(db.pool, extraction.id, ['queued'], 'completed'),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(
      transitionExtraction(db.pool, extraction.id, ['completed'], 'queued'),
    ).rejects.toThrow(/cannot move from completed to queued/);
    expect((await getExtraction(db.pool, extraction.id))?.status).toBe('queued');
  });

  it('fails with a code and message, and a retry clears them', async () => {
    const extraction = await queuedExtraction();

    const failed = await failExtraction(
      db.pool,
      extraction.id,
      'login_failed',
      'SAT rejected the CIEC',
    );
    const again = await failExtraction(db.pool, extraction.id, 'other', 'second failure');
    const retried = await transitionExtraction(db.pool, extraction.id, ['failed'], 'requested');

    expect(failed).toMatchObject({
      status: 'failed',
      error_code: 'login_failed',
      error_message: 'SAT rejected the CIEC',
    });
    expect(again).toBeNull();
    expect(retried).toMatchObject({ status: 'requested', error_code: null, error_message: null });
  });

  it('refuses a failure without an error code', async () => {
    const extraction = await queuedExtraction();

    await expect(
      transitionExtraction(db.pool, extraction.id, ['queued'], 'failed'),
    ).rejects.toThrow(/extractions_failed_has_error/);
    expect((await getExtraction(db.pool, extraction.id))?.status).toBe('queued');
  });

  it('keeps the latest SAT.ws status when updates arrive out of order', async () => {
    const extraction = await queuedExtraction();
    const running = new Date('2025-02-01T10:00:00Z');
    const finished = new Date('2025-02-01T10:30:00Z');

    const done = await recordSatwsStatus(db.pool, extraction.id, {
      status: 'finished',
      observedAt: finished,
      createdDataPoints: 30,
    });
    const late = await recordSatwsStatus(db.pool, extraction.id, {
      status: 'running',
      observedAt: running,
    });

    expect(done).toMatchObject({ satws_status: 'finished', satws_created_data_points: 30 });
    expect(late).toBeNull();
    expect((await getExtraction(db.pool, extraction.id))?.satws_status).toBe('finished');
  });

  it('refuses a second extraction with the same SAT.ws id', async () => {
    const first = await queuedExtraction();
    const second = await queuedExtraction();
    const satwsId = crypto.randomUUID();
    await transitionExtraction(db.pool, first.id, ['queued'], 'requested', {
      satwsExtractionId: satwsId,
    });

    await expect(
      transitionExtraction(db.pool, second.id, ['queued'], 'requested', {
        satwsExtractionId: satwsId,
      }),
    ).rejects.toThrow(/extractions_satws_extraction_id_key/);
    expect((await getExtraction(db.pool, second.id))?.status).toBe('queued');
  });

  it('lists unfinished extractions past their deadline for the reconciler', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const overdue = await queuedExtraction();
    const notYet = await queuedExtraction();
    const finished = await queuedExtraction();
    await setExtractionDeadline(db.pool, overdue.id, new Date('2029-12-31T23:00:00Z'), {
      countPoll: true,
    });
    await setExtractionDeadline(db.pool, notYet.id, new Date('2030-01-01T01:00:00Z'));
    await setExtractionDeadline(db.pool, finished.id, new Date('2029-12-31T22:00:00Z'));
    await failExtraction(db.pool, finished.id, 'internal_error', 'gave up');

    const due = await listOverdueExtractions(db.pool, { now, limit: 100 });

    const ids = due.map((row) => row.id);
    expect(ids).toContain(overdue.id);
    expect(ids).not.toContain(notYet.id);
    expect(ids).not.toContain(finished.id);
    expect(due.find((row) => row.id === overdue.id)?.poll_attempts).toBe(1);
    expect(await setExtractionDeadline(db.pool, finished.id, now)).toBeNull();
  });
});
