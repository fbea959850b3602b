import {
  getInvoiceFileDownload,
  type InvoiceFileDownload,
  markInvoiceFileFailed,
  markInvoiceFileMissing,
  markInvoiceFileStored,
} from '@invoice-extractor/shared/db';
import { AppError, isAppError, isRetryable } from '@invoice-extractor/shared/errors';
import { fileDownloadsJob, parseJobPayload } from '@invoice-extractor/shared/queues';
import { attributeCalls } from '@invoice-extractor/shared/satws';
import type { DownloaderDeps } from '../downloader-deps.js';
import { isLastAttempt, type JobLike } from '../jobs/job-like.js';
import {
  type SettledExtraction,
  settleExtractionsOfFile,
} from '../settlement/settle-extraction.js';
import { objectKey } from './object-key.js';
import { streamToS3 } from './stream-to-s3.js';

export type FileDownloadDeps = Pick<DownloaderDeps, 'pool' | 'satws' | 's3'>;

export interface FileDownloadResult {
  fileId: string;
  /** `settled`: the file was already stored or missing; only the completion check ran. */
  outcome: 'stored' | 'missing' | 'settled';
  key?: string;
  bytes?: number;
  sha256?: string;
  settled: SettledExtraction[];
}

export function fileObjectKey(file: InvoiceFileDownload, keyPrefix: string): string {
  return objectKey({
    keyPrefix,
    rfc: file.rfc,
    direction: file.direction,
    issuedAt: file.issued_at,
    cfdiUuid: file.cfdi_uuid,
    kind: file.kind,
  });
}

/** A 429 is the upstream asking us to wait, not a failed attempt: nothing is recorded for it. */
function isRateLimited(error: unknown): boolean {
  return isAppError(error) && error.status === 429;
}

function describe(error: unknown): string {
  return isAppError(error)
    ? `${error.code}: ${error.message}`
    : String((error as Error)?.message ?? error);
}

/**
 * Records a failed attempt; on the last one, or when retrying cannot help, the file is failed
 * for good and the extractions waiting on it are settled (failed, naming it).
 */
async function recordFailure(
  deps: FileDownloadDeps,
  job: JobLike,
  fileId: string,
  error: unknown,
): Promise<void> {
  if (isRateLimited(error)) return;
  const final = !isRetryable(error) || isLastAttempt(job);
  await markInvoiceFileFailed(deps.pool, fileId, describe(error), { final });
  if (final) await settleExtractionsOfFile(deps.pool, fileId);
}

/**
 * `file-downloads`: streams one XML or PDF from SAT.ws into S3 and records its key, sha256 and
 * size, then runs the completion check of every extraction waiting on it. A file SAT.ws does
 * not have (404) is `missing`, not failed. Running it again for a settled file only repeats
 * the completion check, so a duplicate or retried job changes nothing more.
 */
export async function processFileDownload(
  job: JobLike,
  deps: FileDownloadDeps,
): Promise<FileDownloadResult> {
  const { fileId } = parseJobPayload(fileDownloadsJob, job);
  const file = await getInvoiceFileDownload(deps.pool, fileId);
  if (!file) {
    throw new AppError(`Invoice file ${fileId} does not exist`, {
      code: 'file_not_found',
      retryable: false,
    });
  }
  if (file.state === 'stored' || file.state === 'missing') {
    return {
      fileId,
      outcome: 'settled',
      settled: await settleExtractionsOfFile(deps.pool, fileId),
    };
  }
  const key = fileObjectKey(file, deps.s3.keyPrefix);
  try {
    const download = () => streamToS3(deps.satws, deps.s3, file, key);
    const extractionId = file.for_extraction_id;
    // Counted for the extraction that wanted the file (a file no extraction links: for none).
    const stored = await (extractionId ? attributeCalls(extractionId, download) : download());
    await markInvoiceFileStored(deps.pool, fileId, {
      s3Key: key,
      sha256: stored.sha256,
      bytes: stored.bytes,
    });
    const settled = await settleExtractionsOfFile(deps.pool, fileId);
    return { fileId, outcome: 'stored', key, bytes: stored.bytes, sha256: stored.sha256, settled };
  } catch (error) {
    if (isAppError(error) && error.status === 404) {
      await markInvoiceFileMissing(deps.pool, fileId, describe(error));
      return {
        fileId,
        outcome: 'missing',
        settled: await settleExtractionsOfFile(deps.pool, fileId),
      };
    }
    await recordFailure(deps, job, fileId, error);
    throw error;
  }
}

/**
 * For the worker's `failed` event: a job BullMQ gave up on without the processor seeing it
 * (stalled too often, lock lost) leaves its file pending; this fails it and settles. A file the
 * processor already recorded is left alone, so nothing is counted twice.
 */
export async function failAbandonedFile(
  deps: Pick<DownloaderDeps, 'pool'>,
  fileId: string,
  reason: string,
): Promise<boolean> {
  const file = await getInvoiceFileDownload(deps.pool, fileId);
  if (file?.state !== 'pending') return false;
  await markInvoiceFileFailed(deps.pool, fileId, reason, { final: true });
  await settleExtractionsOfFile(deps.pool, fileId);
  return true;
}
