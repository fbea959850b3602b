import {
  appendExtractionEvent,
  type ExtractionRow,
  transitionExtraction,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

/**
 * Fails an extraction whose request could not be made, so the API shows why instead of a
 * `queued` that never moves. Only from `queued`: once SAT.ws accepted it, the request's fate
 * no longer decides the extraction's, and a failed one keeps its first reason.
 */
export async function failRequest(
  pool: Pool,
  extractionId: string,
  code: string,
  message: string,
): Promise<ExtractionRow | null> {
  return withTransaction(pool, async (tx) => {
    const failed = await transitionExtraction(tx, extractionId, ['queued'], 'failed', {
      errorCode: code,
      errorMessage: message,
    });
    if (failed) await appendExtractionEvent(tx, extractionId, 'status.failed', { code, message });
    return failed;
  });
}
