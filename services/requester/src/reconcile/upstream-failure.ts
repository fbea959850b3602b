import {
  type ExtractionRow,
  getUpstreamAttempts,
  type Queryable,
  requeueExtraction,
  setCompanyCredentialStatus,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import type { RequesterTiming } from '../requester-deps.js';

/** The one SAT.ws error code retrying cannot fix (satws-api.md §5.3): a person must. */
const PERMANENT_CODE = 'invalid_credentials';
const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000;

export interface UpstreamFailure {
  /** SAT.ws's status: `failed`, `stopped` or `cancelled`. */
  status: string;
  /** SAT.ws's `errorCode`, as it sent it (null when it sent none). */
  errorCode: string | null | undefined;
  /** Our error code and message for the extraction. */
  code: string;
  message: string;
  observedAt: Date;
}

/**
 * Exponential from the base, capped, with up to 20% jitter so extractions that failed together
 * (a SAT outage) are not all requested again in the same second.
 */
export function retryDelayMs(timing: RequesterTiming, failedRuns: number): number {
  const delay = Math.min(timing.upstreamRetryBaseMs * 2 ** failedRuns, MAX_RETRY_DELAY_MS);
  return Math.round(delay * (1 + Math.random() * 0.2));
}

/**
 * A SAT.ws run that ended without finishing. A `failed` one with a retryable code goes back to
 * `queued` with a `not_before` (the reconciler requests it when due) until the attempts run out;
 * no code, `stopped`/`cancelled` (someone chose it) and `invalid_credentials` fail it, the last
 * also flagging the company's credential `invalid` so nobody waits on it in vain.
 */
export async function applyUpstreamFailure(
  q: Queryable,
  extractionId: string,
  failure: UpstreamFailure,
  timing: RequesterTiming,
): Promise<ExtractionRow | null> {
  const retryable =
    failure.status === 'failed' && !!failure.errorCode && failure.errorCode !== PERMANENT_CODE;
  let message = failure.message;
  if (retryable) {
    const failedRuns = await getUpstreamAttempts(q, extractionId);
    if (failedRuns + 1 < timing.maxUpstreamAttempts) {
      const notBefore = new Date(Date.now() + retryDelayMs(timing, failedRuns));
      const requeued = await requeueExtraction(q, extractionId, {
        notBefore,
        errorCode: failure.code,
        errorMessage: `${failure.message}; requesting it again after ${notBefore.toISOString()} (run ${failedRuns + 2} of at most ${timing.maxUpstreamAttempts})`,
      });
      if (requeued) return requeued;
    } else {
      message = `${failure.message}; gave up after ${failedRuns + 1} SAT.ws runs`;
    }
  }
  const failed = await transitionExtraction(
    q,
    extractionId,
    ['requested', 'extracting'],
    'failed',
    {
      errorCode: failure.code,
      errorMessage: message,
    },
  );
  if (failed && failure.errorCode === PERMANENT_CODE) {
    await setCompanyCredentialStatus(q, failed.company_id, 'invalid', failure.observedAt);
  }
  return failed;
}
