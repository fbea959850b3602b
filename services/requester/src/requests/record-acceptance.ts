import {
  appendExtractionEvent,
  type ExtractionRow,
  type ExtractionStatus,
  transitionExtraction,
  withTransaction,
} from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import type { SatwsExtraction } from '@invoice-extractor/shared/satws';
import { parseSatwsTime } from '@invoice-extractor/shared/satws';
import type { Pool } from 'pg';

export interface Acceptance {
  extraction: SatwsExtraction;
  /** True when we joined an extraction already in flight (after a 409). */
  attached: boolean;
  deadlineAt: Date;
}

/** Only `running` says SAT.ws is at work; `pending` and `waiting` are still requests. */
function statusFor(extraction: SatwsExtraction): ExtractionStatus {
  return extraction.status === 'running' ? 'extracting' : 'requested';
}

/**
 * Records what SAT.ws accepted and moves the extraction out of `from` (queued, or failed when a
 * person retried the job) in one transaction with its audit entry. Null when the extraction
 * was no longer in `from`: another run got there first.
 */
export async function recordAcceptance(
  pool: Pool,
  row: Pick<ExtractionRow, 'id' | 'status'>,
  acceptance: Acceptance,
): Promise<ExtractionRow | null> {
  const { extraction, attached, deadlineAt } = acceptance;
  const to = statusFor(extraction);
  try {
    return await withTransaction(pool, async (tx) => {
      const moved = await transitionExtraction(tx, row.id, [row.status], to, {
        satwsExtractionId: extraction.id,
        satwsStatus: extraction.status,
        satwsStatusAt: parseSatwsTime(extraction.updatedAt) ?? new Date(),
        deadlineAt,
        addRequestAttempts: 1,
      });
      if (moved) {
        await appendExtractionEvent(tx, row.id, `status.${to}`, {
          from: row.status,
          satwsExtractionId: extraction.id,
          satwsStatus: extraction.status,
          attached,
        });
      }
      return moved;
    });
  } catch (error) {
    throw explainConflict(error, extraction.id);
  }
}

/** Unique violations name a real situation a person can act on; anything else passes through. */
function explainConflict(error: unknown, satwsId: string): unknown {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code !== '23505') return error;
  if (pgError.constraint === 'extractions_satws_extraction_id_key') {
    return new AppError(
      `SAT.ws extraction ${satwsId} is already tracked by another of our extractions; ` +
        'will retry once that one is no longer in flight',
      { code: 'satws_extraction_taken', retryable: true, cause: error },
    );
  }
  if (pgError.constraint === 'extractions_in_flight_fingerprint_key') {
    return new AppError(
      'An identical extraction is already in flight; this one was not restarted',
      { code: 'identical_extraction_in_flight', retryable: false, cause: error },
    );
  }
  return error;
}
