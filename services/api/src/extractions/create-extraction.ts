import {
  type CreateOrFindResult,
  createOrFindExtraction,
  getCompanyByRfc,
  type Queryable,
  upsertCompany,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { Logger } from '@invoice-extractor/shared/logger';
import { enqueue, extractionRequestsJob, type Queues } from '@invoice-extractor/shared/queues';
import type { Job } from 'bullmq';
import type { Pool } from 'pg';
import { ApiError } from '../http/api-error.js';
import { type NormalizedRequest, requestFingerprint } from './extraction-request.js';

/**
 * The job is added before COMMIT so that a row never exists without its job; a worker that
 * took the job at once could look for the row before the COMMIT made it visible, so the job
 * waits this long first. Extractions take minutes to days: a second does not matter.
 */
export const REQUEST_JOB_DELAY_MS = 1_000;

export interface CreateExtractionInput {
  request: NormalizedRequest;
  idempotencyKey: string | undefined;
}

export interface CreateExtractionDeps {
  pool: Pool;
  queues: Queues;
  logger: Logger;
}

async function companyIdFor(q: Queryable, rfc: string): Promise<string> {
  // Looked up first so that repeated requests do not rewrite the company row each time.
  const existing = await getCompanyByRfc(q, rfc);
  return (existing ?? (await upsertCompany(q, { rfc }))).id;
}

function assertSameRequest(found: CreateOrFindResult, fingerprint: string, key: string): void {
  if (found.outcome !== 'same-idempotency-key') return;
  if (found.extraction.request_fingerprint === fingerprint) return;
  throw new ApiError(
    'idempotency_key_reused',
    `Idempotency-Key "${key}" was already used for a different request (extraction ` +
      `${found.extraction.id}); send a new key for a new request`,
  );
}

async function removeQuietly(job: Job, logger: Logger): Promise<void> {
  try {
    await job.remove();
  } catch (error) {
    // The requester treats a job whose extraction does not exist as a no-op.
    logger.warn(
      { jobId: job.id, err: error },
      'could not remove the job of a rolled-back extraction',
    );
  }
}

/**
 * A new queued extraction with its job, or the extraction this request repeats (same
 * idempotency key, or an identical request still in flight). Company, row and job are
 * created together or not at all: a failed enqueue rolls the transaction back (503), and a
 * failed COMMIT removes the job.
 */
export async function createExtraction(
  deps: CreateExtractionDeps,
  input: CreateExtractionInput,
): Promise<CreateOrFindResult> {
  const fingerprint = requestFingerprint(input.request);
  let job: Job | undefined;
  try {
    return await withTransaction(deps.pool, async (client) => {
      const companyId = await companyIdFor(client, input.request.rfc);
      const found = await createOrFindExtraction(client, {
        ...input.request,
        companyId,
        idempotencyKey: input.idempotencyKey ?? null,
        requestFingerprint: fingerprint,
      });
      if (found.outcome !== 'created') {
        assertSameRequest(found, fingerprint, input.idempotencyKey ?? '');
        return found;
      }
      job = await enqueue(
        deps.queues.extractionRequests,
        extractionRequestsJob,
        { extractionId: found.extraction.id },
        { delay: REQUEST_JOB_DELAY_MS },
      );
      return found;
    });
  } catch (error) {
    if (job) await removeQuietly(job, deps.logger);
    throw error;
  }
}
