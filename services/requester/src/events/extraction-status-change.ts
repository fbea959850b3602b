import {
  type ExtractionRow,
  type Queryable,
  setExtractionDeadline,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import type { SatwsExtraction } from '@invoice-extractor/shared/satws';
import { parseSatwsTime } from '@invoice-extractor/shared/satws';
import { applyUpstreamFailure } from '../reconcile/upstream-failure.js';
import type { RequesterTiming } from '../requester-deps.js';

const STOPPED_MESSAGES: Record<string, string> = {
  stopped: 'was stopped at SAT.ws before it finished',
  cancelled: 'was cancelled at SAT.ws before it started',
};

/** Our error for a SAT.ws extraction that ended without finishing: its `errorCode`, named. */
export function upstreamFailure(extraction: SatwsExtraction): { code: string; message: string } {
  if (extraction.status === 'failed') {
    const code = extraction.errorCode ?? 'extraction_failed';
    return {
      code,
      message: `SAT.ws extraction ${extraction.id} failed with error code ${code}; request a new extraction once the cause is fixed`,
    };
  }
  const code = extraction.errorCode ?? `extraction_${extraction.status}`;
  return {
    code,
    message: `SAT.ws extraction ${extraction.id} ${STOPPED_MESSAGES[extraction.status] ?? `ended as ${extraction.status}`}`,
  };
}

/**
 * Applies what SAT.ws says of its extraction to ours. Every change is conditional and only
 * moves forward, so events in any order and any number of times end in the same state: a
 * `running` after `finished` finds the extraction past `requested` and does nothing. Returns
 * the row when its status changed.
 */
export async function applyExtractionStatus(
  q: Queryable,
  extractionId: string,
  extraction: SatwsExtraction,
  { timing, isLatest }: { timing: RequesterTiming; isLatest: boolean },
): Promise<ExtractionRow | null> {
  const inMs = (ms: number) => new Date(Date.now() + ms);
  switch (extraction.status) {
    case 'running':
      return transitionExtraction(q, extractionId, ['requested'], 'extracting', {
        deadlineAt: inMs(timing.requestDeadlineMs),
      });
    case 'finished':
      return transitionExtraction(q, extractionId, ['requested', 'extracting'], 'downloading');
    case 'failed':
    case 'stopped':
    case 'cancelled': {
      const { code, message } = upstreamFailure(extraction);
      const observedAt = parseSatwsTime(extraction.updatedAt) ?? new Date();
      const { status, errorCode } = extraction;
      const failure = { status, errorCode, code, message, observedAt };
      return applyUpstreamFailure(q, extractionId, failure, timing);
    }
    case 'waiting':
      // A prerequisite is missing upstream (credential, authorization) and may take long; a
      // stale `waiting` (SAT.ws has said more since) must not push the deadline out.
      if (isLatest) await setExtractionDeadline(q, extractionId, inMs(timing.waitingDeadlineMs));
      return null;
    default:
      return null;
  }
}
