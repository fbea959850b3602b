import type { Logger } from '@invoice-extractor/shared/logger';
import { extractionRequestsJob } from '@invoice-extractor/shared/queues';
import type { Pool } from 'pg';
import { failRequest } from '../requests/fail-request.js';
import type { ProcessorJob } from './processor-job.js';

/**
 * The worker's `failed` listener for extraction requests. The processor already fails the
 * extraction when it sees its last attempt fail; this covers what it cannot see: a job that
 * stalled too often, or a process that died before it could write. An extraction whose
 * request job is gone for good must not stay `queued`.
 */
export async function failExhaustedRequest(
  deps: { pool: Pool; logger: Logger },
  job: ProcessorJob | undefined,
  error: Error,
): Promise<void> {
  if (!job) return;
  const exhausted =
    error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  if (!exhausted) return;
  const payload = extractionRequestsJob.payload.safeParse(job.data);
  if (!payload.success) return;
  const { extractionId } = payload.data;
  try {
    const failed = await failRequest(
      deps.pool,
      extractionId,
      'request_failed',
      `The request to SAT.ws failed for good after ${job.attemptsMade} attempts: ${error.message}`,
    );
    if (failed) deps.logger.warn({ jobId: job.id, extractionId }, 'failed an exhausted request');
  } catch (failError) {
    deps.logger.error(
      { jobId: job.id, extractionId, err: failError },
      'could not fail the extraction of an exhausted request job',
    );
  }
}
