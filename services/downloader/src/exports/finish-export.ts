import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import {
  appendExtractionEvent,
  type ExtractionExportRow,
  getExtractionExport,
  getExtractionFileCounts,
  handExportBackToFiles,
} from '@invoice-extractor/shared/db';
import type { DownloaderDeps } from '../downloader-deps.js';
import { type SettledExtraction, settleExtraction } from '../settlement/settle-extraction.js';

export type FinishDeps = Pick<DownloaderDeps, 'pool' | 's3' | 'dispatcher'>;

export interface FinishedExport {
  /** Files still pending, handed back to per-file downloads. */
  fallbackFiles: number;
  settled: SettledExtraction | null;
}

/** Deleting a key that is already gone succeeds: a re-run after a crash repeats it harmlessly. */
async function deleteArchive(deps: FinishDeps, key: string): Promise<void> {
  await deps.s3.client.send(new DeleteObjectCommand({ Bucket: deps.s3.bucket, Key: key }));
}

/** Files still pending go back to `files` mode, where the dispatcher feeds them to per-file jobs. */
async function handBack(
  deps: FinishDeps,
  extractionId: string,
  kind: 'export.fallback' | 'export.abandoned',
  reason: string,
): Promise<number> {
  const { pending } = await getExtractionFileCounts(deps.pool, extractionId);
  if (pending === 0 || !(await handExportBackToFiles(deps.pool, extractionId))) return 0;
  await appendExtractionEvent(deps.pool, extractionId, kind, { pendingFiles: pending, reason });
  deps.dispatcher?.wake();
  return pending;
}

/**
 * The export's last step, in an order a crash can interrupt anywhere: delete the archive
 * object (the entries are in their own keys now), hand what the ZIP lacked or had damaged back
 * to per-file downloads, then the completion check. While files remain pending the extraction
 * stays in export mode, so this job (or its re-run) is the one that finishes it.
 */
export async function finishExport(
  deps: FinishDeps,
  row: ExtractionExportRow,
  reason: string,
): Promise<FinishedExport> {
  const extractionId = row.extraction_id;
  if (row.state === 'unpacked' && row.archive_key) await deleteArchive(deps, row.archive_key);
  const fallbackFiles = await handBack(deps, extractionId, 'export.fallback', reason);
  const settled = await settleExtraction(deps.pool, extractionId);
  return { fallbackFiles, settled };
}

/**
 * For a job BullMQ gave up on (retries spent, or stalled too often): the extraction must not
 * wait on it forever, so its pending files go per file, and the archive object, if any, is
 * removed. True when files were handed back.
 */
export async function abandonExport(
  deps: FinishDeps,
  extractionId: string,
  reason: string,
): Promise<boolean> {
  const row = await getExtractionExport(deps.pool, extractionId);
  const handed = await handBack(deps, extractionId, 'export.abandoned', reason);
  if (row?.archive_key) await deleteArchive(deps, row.archive_key);
  if (handed === 0) await settleExtraction(deps.pool, extractionId);
  return handed > 0;
}
