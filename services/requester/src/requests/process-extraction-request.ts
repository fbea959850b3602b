import {
  type ExtractionRecord,
  findInFlightExtraction as findOurInFlight,
  getExtraction,
} from '@invoice-extractor/shared/db';
import { isAppError } from '@invoice-extractor/shared/errors';
import { extractionRequestsJob, parseJobPayload } from '@invoice-extractor/shared/queues';
import { attributeCalls, isSatwsConflict } from '@invoice-extractor/shared/satws';
import type { JobResult } from '../jobs/job-result.js';
import { isFinalAttempt, type ProcessorJob } from '../jobs/processor-job.js';
import { type RequestDeps, timingOf } from '../requester-deps.js';
import { findInFlightExtraction } from './attach-in-flight.js';
import { failRequest } from './fail-request.js';
import { type Acceptance, recordAcceptance } from './record-acceptance.js';
import { resolveEntity } from './resolve-entity.js';
import { satwsOptions } from './satws-options.js';

/**
 * `extraction-requests`: starts the extraction at SAT.ws and records its id, status and a
 * deadline. Idempotent: only a `queued` extraction (or a `failed` one SAT.ws never accepted,
 * when a person retries the job) is requested; anything else is left alone.
 */
export async function processExtractionRequest(
  job: ProcessorJob,
  deps: RequestDeps,
): Promise<JobResult> {
  const { extractionId } = parseJobPayload(extractionRequestsJob, job);
  const row = await getExtraction(deps.pool, extractionId);
  if (!row) {
    deps.logger.warn({ jobId: job.id, extractionId }, 'no such extraction; nothing to request');
    return { outcome: 'missing', extractionId };
  }
  const skip = await reasonToSkip(deps, row);
  if (skip) return { outcome: skip, extractionId, status: row.status };
  try {
    // Entity lookup, the request and any in-flight search are this extraction's calls.
    const acceptance = await attributeCalls(row.id, () => requestAtSatws(deps, row));
    const moved = await recordAcceptance(deps.pool, row, acceptance);
    return {
      outcome: moved ? (acceptance.attached ? 'attached' : 'requested') : 'lost-race',
      extractionId,
      satwsExtractionId: acceptance.extraction.id,
      satwsStatus: acceptance.extraction.status,
    };
  } catch (error) {
    await failIfHopeless(job, deps, row, error);
    throw error;
  }
}

async function reasonToSkip(deps: RequestDeps, row: ExtractionRecord): Promise<string | null> {
  if (row.status === 'queued') return null;
  // A failed extraction that SAT.ws never accepted is what a retry from Bull Board restarts;
  // one SAT.ws accepted failed upstream and needs a new request through the API.
  if (row.status !== 'failed' || row.satws_extraction_id !== null) return 'not-queued';
  const other = await findOurInFlight(deps.pool, row.request_fingerprint);
  return other && other.id !== row.id ? 'superseded' : null;
}

async function requestAtSatws(deps: RequestDeps, row: ExtractionRecord): Promise<Acceptance> {
  const { entityId } = await resolveEntity(deps.pool, deps.satws, {
    id: row.company_id,
    rfc: row.rfc,
  });
  const options = satwsOptions(row);
  const deadline = () => new Date(Date.now() + timingOf(deps).requestDeadlineMs);
  try {
    const extraction = await deps.satws.createExtraction({ entityId }, options);
    return { extraction, attached: false, deadlineAt: deadline() };
  } catch (error) {
    if (!isSatwsConflict(error)) throw error;
    const extraction = await findInFlightExtraction(deps.satws, row.rfc, options);
    return { extraction, attached: true, deadlineAt: deadline() };
  }
}

/**
 * A permanent error, or a transient one on the last attempt, fails the extraction with the
 * reason (the upstream's code and words) before the job fails. A rate limit never does: it
 * does not spend an attempt.
 */
async function failIfHopeless(
  job: ProcessorJob,
  deps: RequestDeps,
  row: ExtractionRecord,
  error: unknown,
): Promise<void> {
  if (isAppError(error) && error.status === 429 && (error.retryAfterMs ?? 0) > 0) return;
  const permanent = isAppError(error) && !error.retryable;
  if (!permanent && !isFinalAttempt(job)) return;
  const code = isAppError(error) ? error.code : 'request_failed';
  const reason = error instanceof Error ? error.message : String(error);
  const message = permanent ? reason : `Gave up after ${job.attemptsMade + 1} attempts: ${reason}`;
  try {
    await failRequest(deps.pool, row.id, code, message);
  } catch (failError) {
    deps.logger.error(
      { jobId: job.id, extractionId: row.id, err: failError },
      'could not record the failed request; the worker will retry it when the job fails',
    );
  }
}
